"""Vet a ZIP package (an .xlsx) before a library that trusts it opens it: part count, inflated size, no DTD.

openpyxl believes the sizes and the `<dimension>` a file declares and lets the XML parser read a DTD; here every
member is inflated once in chunks, counting the real bytes against the package budget and looking for a
document type declaration (entity bombs need one; Excel never writes one), so the library only ever sees a
package that is within the budgets of service/limits.py.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from service import limits
from service.messages import BilingualError

_CHUNK = 64 * 1024
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


class BadPackage(BilingualError, ValueError):
    """Not a readable ZIP package, or one that declares a DTD (bilingual message)."""


def vet_package(data: bytes, label: str) -> None:
    """Raise BadPackage or LimitExceeded (413) unless `data` is a ZIP within the budgets and free of DTDs."""
    lim = limits.current()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise BadPackage(f"{label} không phải tệp ZIP hợp lệ", f"{label} is not a valid ZIP package") from None
    if len(infos) > lim.package_parts:
        raise limits.LimitExceeded("package_parts", lim.package_parts, label, status=413)
    inflated = limits.Counter("package_bytes", status=413)
    with zf:
        for info in infos:
            xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
            tail = b""
            try:
                with zf.open(info) as stream:
                    while chunk := stream.read(_CHUNK):
                        inflated.add(len(chunk), info.filename)
                        if xml:
                            window = tail + chunk
                            if any(marker in window for marker in _DTD_MARKERS):
                                raise BadPackage(f"Phần {info.filename} của {label} có khai báo DTD (không được phép)",
                                                 f"part {info.filename} of {label} declares a DTD (refused)")
                            tail = chunk[-16:]
            except (BadPackage, limits.LimitExceeded):
                raise
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError,
                    zlib.error):
                raise BadPackage(f"Không giải nén được phần {info.filename} của {label}",
                                 f"cannot inflate part {info.filename} of {label}") from None
