"""Write a .docx package copying unchanged members' compressed bytes as they are.

zipfile can only write a member by compressing it again; a .docx render changes one to four parts and leaves
the other dozen (styles, theme, fonts, settings) untouched, so we keep their deflated bytes from the template
and write the local headers and central directory ourselves. Plain ZIP (no ZIP64): packages are far below 4 GiB.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass

# A fixed timestamp (1980-01-01 00:00) makes equal inputs give equal bytes (reproducible, content-addressable).
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class Member:
    name: str
    method: int  # zipfile.ZIP_DEFLATED or ZIP_STORED
    crc: int
    size: int
    data: bytes  # already compressed with `method`


def raw_members(zf: zipfile.ZipFile, raw: bytes) -> dict[str, Member]:
    """Every member of a package, with its compressed bytes sliced out of the archive."""
    out = {}
    for info in zf.infolist():
        off = info.header_offset
        sig, = struct.unpack_from("<I", raw, off)
        if sig != 0x04034B50:
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        name_len, extra_len = struct.unpack_from("<HH", raw, off + 26)
        start = off + 30 + name_len + extra_len
        out[info.filename] = Member(info.filename, info.compress_type, info.CRC, info.file_size,
                                    raw[start:start + info.compress_size])
    return out


def deflate(name: str, data: bytes, level: int = 6) -> Member:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    packed = c.compress(data) + c.flush()
    return Member(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), packed)


def write_zip(members: list[Member]) -> bytes:
    """The archive bytes: local headers + data, then the central directory."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_FLAG
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, m.method, _DOS_TIME, _DOS_DATE,
                            m.crc, len(m.data), m.size, len(name), 0) + name
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, m.method, _DOS_TIME,
                                   _DOS_DATE, m.crc, len(m.data), m.size, len(name), 0, 0, 0, 0, 0, offset)
                       + name)
        chunks.append(local)
        chunks.append(m.data)
        offset += len(local) + len(m.data)
    cd = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), offset, 0)
    return b"".join(chunks) + cd + end
