"""The number line and symbol (số, ký hiệu) as agencies really print them, against the decree's form.

Decree 30/2020/NĐ-CP Art.15 and App.I §2 ô 3: `Số: 15/KH-UBND` — number, slash, type abbreviation and issuer
abbreviation joined by hyphens (`UBND-VX` for a công văn, which has no type). Legal normative documents insert the
year (`30/2011/NQ-HĐND`). The Communist Party and the youth union number `225-KH/TWĐTN` (Hướng dẫn 36-HD/VPTW:
number, hyphen, type, slash, agency). Agencies also print forms the samples do not show; those are accepted with a
warning: an ampersand inside an abbreviation (`SGDĐT-TC&CB`, as in "Sở GD&ĐT"), a công văn symbol without a drafting
unit (`15/UBND`), a dot inside an abbreviation (`TT.HĐND`), stray spaces or en dashes. Only a symbol whose parts cannot be read, or whose type abbreviation
names another type, is an error, and the message says which part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.rules import nd30

_DASHES = re.compile(r"\s*[-–—‐‑]\s*")
_SLASH = re.compile(r"\s*/\s*")
GROUP_RE = re.compile(r"^[0-9A-ZĐÀ-Ỹa-zđà-ỹ]+(?:[&.][0-9A-ZĐÀ-Ỹa-zđà-ỹ]+)*$")
YEAR_RE = re.compile(r"^(19|20)\d\d$")
PARTY_LINE_RE = re.compile(r"^(?P<num>\d+)\s*[-–—]\s*(?P<sym>[^/\s][^/]*/.+)$")
STATE_LINE_RE = re.compile(r"^(?P<num>\d*)\s*/\s*(?P<sym>.+)$")
TYPE_ABBRS = {abbr: type_id for type_id, (_name, abbr) in nd30.TYPE_ABBREVIATIONS.items()}


@dataclass
class NumberLine:
    """What a `Số: …` line says: number (None in a draft), symbol as normalised, form, notes on what was changed."""

    number: int | None
    symbol: str
    form: str  # "state", "legal" (with year), "party"
    year: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (vi, en)


def _normalise(symbol: str, notes: list[tuple[str, str]]) -> str:
    out = _SLASH.sub("/", _DASHES.sub("-", symbol.strip()))
    if out != symbol.strip():
        notes.append(("ký hiệu có dấu cách hoặc gạch ngang dài, đã chuẩn hóa thành “%s”" % out,
                      "the symbol had spaces or long dashes; normalised to “%s”" % out))
    return out


def parse_number_line(rest: str) -> NumberLine | None:
    """The part after `Số:`; None when it holds no symbol at all."""
    rest = rest.strip().rstrip(".")
    notes: list[tuple[str, str]] = []
    m = PARTY_LINE_RE.match(rest)
    if m and not YEAR_RE.match(m.group("num")):
        sym = _normalise(m.group("sym"), notes)
        if re.search(r"\s[-–—]\s|\s[-–—]|[-–—]\s", rest[: m.start("sym")]):
            notes.append((f"số viết “{rest[: m.start('sym')].strip()}”, đọc là {int(m.group('num'))}",
                          f"number written “{rest[: m.start('sym')].strip()}”, read as {int(m.group('num'))}"))
        return NumberLine(int(m.group("num")), sym, "party", notes=notes)
    m = STATE_LINE_RE.match(rest)
    if not m:
        return None
    digits = m.group("num")
    sym = _normalise(m.group("sym"), notes)
    year = None
    head, _, tail = sym.partition("/")
    if tail and YEAR_RE.match(head):
        year = head
    return NumberLine(int(digits) if digits else None, sym, "legal" if year else "state", year, notes)


@dataclass(frozen=True)
class SymbolFinding:
    severity: str  # "error" | "warning"
    part: str  # which part of the symbol
    vi: str
    en: str


def symbol_findings(symbol: str, type_id: str | None = None, issuer_abbr: str | None = None) -> list[SymbolFinding]:
    """Problems of a symbol: errors when a part cannot be read, names another type or is not the issuer's own
    abbreviation; warnings where the form departs from the decree's samples but agencies issue it."""
    out: list[SymbolFinding] = []
    if not symbol or not symbol.strip():
        return [SymbolFinding("error", "symbol", "ký hiệu trống", "the symbol is empty")]
    if symbol != symbol.strip() or re.search(r"\s", symbol):
        out.append(SymbolFinding("warning", "symbol", "ký hiệu có dấu cách; mẫu của Nghị định 30 viết liền",
                                 "the symbol has spaces; the decree's samples write it without"))
    sym = _SLASH.sub("/", _DASHES.sub("-", symbol.strip()))
    if "/" in sym:
        head, _, tail = sym.partition("/")
        if YEAR_RE.match(head):  # legal normative form 30/2011/NQ-HĐND
            sym = tail
            if "/" in sym:  # `117/2002/QĐ/HĐQT-NHNo`: a slash between the type and the issuing body
                out.append(SymbolFinding("warning", "symbol", "ký hiệu có dấu '/' giữa loại văn bản và cơ quan ban "
                                         "hành (mẫu cũ); mẫu của Nghị định 30 nối bằng dấu '-'", "a slash between the "
                                         "type and the issuing body (an old form); the decree's samples join them "
                                         "with a hyphen"))
                sym = sym.replace("/", "-", 1)
        else:  # party/youth form 12-QĐ/TU-VP: TYPE/AGENCY[-UNIT]
            out.append(SymbolFinding("warning", "symbol", "ký hiệu theo mẫu của Đảng, Đoàn (số-loại/cơ quan), khác mẫu "
                                     "của Nghị định 30", "party/youth-union form (number-type/agency), not the "
                                     "decree's sample"))
            if head not in TYPE_ABBRS and not GROUP_RE.match(head):
                out.append(SymbolFinding("error", "type", f"phần loại văn bản “{head}” không đọc được",
                                         f"the type part “{head}” cannot be read"))
            sym = tail
            out += _group_findings(sym.split("-"), offset="agency")
            return out + _agency_findings(sym, issuer_abbr)
    groups = sym.split("-")
    out.extend(_group_findings(groups))
    if any(f.severity == "error" for f in out):
        return out
    if type_id is not None and type_id in nd30.TYPE_ABBREVIATIONS:
        expected = nd30.TYPE_ABBREVIATIONS[type_id][1]
        first = groups[0]
        if len(groups) > 1 and first in TYPE_ABBRS and first != expected:
            out.append(SymbolFinding("error", "type", f"phần loại “{first}” của ký hiệu là của "
                                     f"{nd30.TYPE_ABBREVIATIONS[TYPE_ABBRS[first]][0].lower()}, không phải "
                                     f"{nd30.TYPE_ABBREVIATIONS[type_id][0].lower()} ({expected})",
                                     f"the symbol's type part “{first}” is another type's; expected {expected}"))
        if len(groups) > 1 and first == expected:
            out += _agency_findings("-".join(groups[1:]), issuer_abbr)
    elif type_id == "cong_van":
        if len(groups) == 1:
            out.append(SymbolFinding("warning", "unit", "ký hiệu công văn không có đơn vị soạn thảo (mẫu 1.5: UBND-VX)",
                                     "a letter's symbol without a drafting unit (sample 1.5: UBND-VX)"))
        out += _agency_findings(sym, issuer_abbr)
    return out


def _agency_findings(agency_part: str, issuer_abbr: str | None) -> list[SymbolFinding]:
    """The agency part of the symbol starts with the issuer's own abbreviation (a unit may follow: UBND-VX)."""
    abbr = (issuer_abbr or "").strip()
    if not abbr or agency_part == abbr or agency_part.startswith(abbr + "-"):
        return []
    return [SymbolFinding("error", "agency", f"phần cơ quan “{agency_part}” của ký hiệu không phải chữ viết tắt của cơ "
                          f"quan ban hành “{abbr}”", f"the agency part “{agency_part}” is not the issuer's "
                          f"abbreviation “{abbr}”")]


def _group_findings(groups: list[str], offset: str = "group") -> list[SymbolFinding]:
    out: list[SymbolFinding] = []
    for i, group in enumerate(groups):
        part = f"{offset} {i + 1}"
        if not group:
            out.append(SymbolFinding("error", part, f"nhóm thứ {i + 1} của ký hiệu trống (hai dấu '-' liền nhau hoặc "
                                     "'-' ở đầu, cuối)", f"group {i + 1} of the symbol is empty"))
        elif not GROUP_RE.match(group):
            out.append(SymbolFinding("error", part, f"nhóm “{group}” của ký hiệu có ký tự không hợp lệ (chỉ chữ, số, "
                                     "'&')", f"group “{group}” has characters a symbol cannot hold"))
        elif "&" in group or "." in group:
            out.append(SymbolFinding("warning", part, f"nhóm “{group}” có dấu '&' hoặc '.' (như “Sở GD&ĐT”, "
                                     "“TT.HĐND”); mẫu của Nghị định 30 chỉ dùng chữ và số",
                                     f"group “{group}” holds '&' or '.'; the decree's samples use letters and "
                                     "digits only"))
    return out


def party_form(symbol: str) -> bool:
    """`KH/TWĐTN-CTTN`: type, slash, agency — printed `225-KH/TWĐTN-CTTN`."""
    head, sep, _ = symbol.partition("/")
    return bool(sep) and not YEAR_RE.match(head)
