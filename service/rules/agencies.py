"""Agency names in the header (App.I §2 ô 2; Art.8 khoản 1 Nghị định 30/2020/NĐ-CP): what starts a name, what only
continues one, and the headings party and youth organisations print in place of the national name.

The decree prints the parent agency (cơ quan chủ quản) on the first line and the issuing agency on the next, but a
long name is also wrapped over several lines: `BỘ TÀI NGUYÊN VÀ` / `MÔI TRƯỜNG`, `ỦY BAN NHÂN DÂN` / `HUYỆN LỤC NAM`.
A line starts a new agency only when it begins with an agency word of this table and the name above it is
complete; anything else continues the name above.
"""
from __future__ import annotations

import re
import unicodedata

# Words that open an agency name (state bodies, public units, enterprises, party and youth committees), longest
# first so "TỔNG CÔNG TY" wins over "CÔNG TY". Upper-case, NFC, new-style tone marks.
AGENCY_HEADS: tuple[str, ...] = tuple(sorted((
    "BỘ", "ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND", "SỞ", "PHÒNG", "BAN", "CỤC", "TỔNG CỤC", "VỤ",
    "CHI CỤC", "VĂN PHÒNG", "THANH TRA", "TRƯỜNG", "TRUNG TÂM", "VIỆN", "HỌC VIỆN", "ĐẠI HỌC", "BỆNH VIỆN",
    "CÔNG TY", "TỔNG CÔNG TY", "TẬP ĐOÀN", "NGÂN HÀNG", "KHO BẠC", "BẢO HIỂM XÃ HỘI", "CÔNG AN", "BỘ CHỈ HUY",
    "ỦY BAN", "HỘI", "LIÊN ĐOÀN", "CHÍNH PHỦ", "THỦ TƯỚNG", "QUỐC HỘI", "TÒA ÁN", "VIỆN KIỂM SÁT", "KIỂM TOÁN",
    "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "ĐẢNG ỦY", "ĐẢNG BỘ", "CHI BỘ", "BAN CHẤP HÀNH",
    "TỈNH ĐOÀN", "THÀNH ĐOÀN", "HUYỆN ĐOÀN", "QUẬN ĐOÀN", "ĐOÀN", "HỘI LIÊN HIỆP", "MẶT TRẬN", "ỦY BAN MẶT TRẬN",
    "BCH", "BCĐ", "UBMTTQ", "SỞ GD&ĐT", "PHÒNG GD&ĐT",
), key=len, reverse=True))

# A name that is only one of these words is not complete: the next line finishes it ("ỦY BAN NHÂN DÂN" / "TỈNH …",
# "THỦ TƯỚNG" / "CHÍNH PHỦ"); an enterprise's board is the board of the enterprise named under it
# ("HỘI ĐỒNG QUẢN TRỊ" / "NGÂN HÀNG NÔNG …"), not a parent agency.
BARE_HEADS = frozenset({"BỘ", "ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND", "SỞ", "PHÒNG", "BAN",
                        "THỦ TƯỚNG", "TRƯỜNG", "CÔNG TY", "TỔNG CÔNG TY", "ỦY BAN", "BAN CHẤP HÀNH",
                        "HỘI ĐỒNG QUẢN TRỊ", "HỘI ĐỒNG THÀNH VIÊN"})

# Headings printed on the right in place of the national name by the Communist Party (Hướng dẫn 36-HD/VPTW) and
# the Hồ Chí Minh Communist Youth Union; they are not an agency line.
ORGANISATION_HEADINGS: tuple[str, ...] = ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐOÀN TNCS HỒ CHÍ MINH",
                                          "ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH")

_OPEN_END = re.compile(r"(\bVÀ|[-–,&])$")


# Old-style tone placement (`UỶ BAN`, `HOÀ`) still typed by many offices, mapped to the new style the tables use.
OLD_TONES = {"UỲ": "ÙY", "UÝ": "ÚY", "UỶ": "ỦY", "UỸ": "ŨY", "UỴ": "ỤY", "OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA",
             "OÃ": "ÕA", "OẠ": "ỌA", "OÈ": "ÒE", "OÉ": "ÓE", "OẺ": "ỎE", "OẼ": "ÕE", "OẸ": "ỌE"}
_OLD_TONE_RE = re.compile("(" + "|".join(OLD_TONES) + r")(?=\W|$)")


def _key(text: str) -> str:
    k = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).strip().upper())
    return _OLD_TONE_RE.sub(lambda m: OLD_TONES[m.group(1)], k)


# `UBNDXÃ ĐỨC BÌNH`: a copy that drops the space between an abbreviated head and the unit it governs.
_GLUED_HEAD = re.compile(r"^(UBND|HĐND)(XÃ|PHƯỜNG|THỊ|HUYỆN|QUẬN|TỈNH|THÀNH)\b")


def starts_agency(text: str) -> bool:
    """Whether the line opens an agency name (a word of AGENCY_HEADS followed by a space or nothing)."""
    k = _key(text)
    return any(k == head or k.startswith(head + " ") for head in AGENCY_HEADS) or bool(_GLUED_HEAD.match(k))


def is_organisation_heading(text: str) -> bool:
    return _key(text) in ORGANISATION_HEADINGS


def _complete(name: str) -> bool:
    """A name is complete when it opens with an agency word, is more than that word, and is not cut after
    "VÀ", a hyphen or a comma (a fragment such as "ỦY" is not a name yet)."""
    k = _key(name)
    return starts_agency(k) and k not in BARE_HEADS and not _OPEN_END.search(k)


def group_agency_lines(lines: list[str]) -> list[str]:
    """Join wrapped lines into agency names: a line opens a new name only if it starts with an agency word and
    the name above is complete. Returns the names top to bottom (parent first)."""
    names: list[str] = []
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if names and (not starts_agency(line) or not _complete(names[-1])):
            names[-1] = f"{names[-1]} {line}"
        else:
            names.append(line)
    return names


def split_issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(parent, issuer) from the issuer column's lines: the last name is the issuer, the ones above its parent."""
    names = group_agency_lines(lines)
    if not names:
        return None, None
    if len(names) == 1:
        return None, names[0]
    return " ".join(names[:-1]), names[-1]


# Titles that open an issuing-authority line under a decision's summary (samples 1.1–1.3: "CHỦ TỊCH ỦY BAN NHÂN
# DÂN TỈNH …", "BỘ TRƯỞNG BỘ …", "GIÁM ĐỐC SỞ …"), besides the agency names above.
POSITION_HEADS: tuple[str, ...] = ("CHỦ TỊCH", "BỘ TRƯỞNG", "THỦ TƯỚNG", "GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "HIỆU TRƯỞNG",
                                   "CỤC TRƯỞNG", "VỤ TRƯỞNG", "CHÁNH", "TRƯỞNG", "TỔNG CỤC TRƯỞNG", "VIỆN TRƯỞNG",
                                   "BÍ THƯ", "THƯỜNG TRỰC", "BAN THƯỜNG VỤ")


# The title form before the 2004 rules (Thông tư liên tịch 55/2005 dropped it): the type name followed by the
# issuer it belongs to, `QUYẾT ĐỊNH CỦA HỘI ĐỒNG QUẢN TRỊ` / `NGÂN HÀNG NÔNG NGHIỆP …`; the decree prints the type
# alone, the issuer being named in the header already.
TITLE_OF_ISSUER_RE = re.compile(r"^(?P<type>\S.*?)\s+CỦA\s+(?P<of>\S.*)$")


def split_title_of_issuer(text: str) -> tuple[str, str] | None:
    """(type name, issuer named after it) of an upper-case title line in the old `X CỦA Y` form, else None."""
    m = TITLE_OF_ISSUER_RE.match(text.strip())
    if m is None or text != text.upper():
        return None
    return m["type"], m["of"]


def starts_authority(text: str) -> bool:
    """Whether an upper-case line names an issuing authority (a position or an agency)."""
    k = _key(text)
    return starts_agency(k) or any(k == p or k.startswith(p + " ") for p in POSITION_HEADS)


# Positions a signer holds (App.I §4 ô 7b), longest first, so a title line printed on one line
# ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH") can be split into the collective's name and the position.
SIGNER_POSITIONS: tuple[str, ...] = tuple(sorted((
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "BỘ TRƯỞNG",
    "THỨ TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "BÍ THƯ", "PHÓ BÍ THƯ", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG",
    "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "THỦ TRƯỞNG", "TRƯỞNG KHOA",
), key=len, reverse=True))


def split_position(text: str) -> tuple[str, str] | None:
    """(collective or head's title, own position) when one line holds both, else None."""
    k = _key(text)
    for position in SIGNER_POSITIONS:
        if k.endswith(" " + position) and len(k) > len(position) + 1:
            return text[: len(text) - len(position)].strip(), text[len(text) - len(position):].strip()
    return None
