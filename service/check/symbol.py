"""The number and symbol line (Art.15; App.I §2 ô 3): `Số: 05/KH-LĐTBXH`, draft `Số:      /KH-LĐTBXH`."""
from __future__ import annotations

import re

from service.check.report import ERROR, WARNING, Report
from service.compose.symbols import symbol_problem, symbol_warnings
from service.reading.reader import Line
from service.reading.text import printed, strip_diacritics
from service.rules import nd30
from service.rules.symbols import PARTY_LINE_RE

NUMBER_RULE = "ND30-I.2.number"
SYMBOL_RULE = "ND30-I.2.symbol"
LINE_RE = re.compile(r"^(?P<word>s[ốo])\s*(?P<colon>[:：.]?)(?P<rest>.*)$", re.IGNORECASE)
SPLIT_RE = re.compile(r"^(?P<num>[^/]*?)(?P<sp1>\s*)/(?P<sp2>\s*)(?P<sym>.*)$")
YEAR_RE = re.compile(r"^(\d{4})/")


def check_number_line(line: Line | None, type_id: str | None, issuer_names: list[str], report: Report) -> None:
    if line is None:
        report.add(NUMBER_RULE, "number", "không có / missing", f"{nd30.NUMBER_PREFIX} 15/KH-…",
                   "Không tìm thấy dòng số, ký hiệu “Số: …/…” (App.I §2 ô 3)",
                   "no number and symbol line “Số: …/…” found (App.I §2 ô 3)")
        return
    text = printed(line)
    m = LINE_RE.match(text)
    if not m:
        return
    if m.group("word") != "Số" or m.group("colon") != ":":
        found = f"{m.group('word')}{m.group('colon')}"
        report.add(NUMBER_RULE, "number", found, nd30.NUMBER_PREFIX,
                   f"Phải viết “{nd30.NUMBER_PREFIX}” (chữ “Số” viết thường trừ chữ S, có dấu hai chấm), "
                   f"đang “{found}” (App.I §2 ô 3)",
                   f"write “{nd30.NUMBER_PREFIX}” (lower case except S, then a colon), found “{found}” "
                   "(App.I §2 ô 3)")
    rest = m.group("rest").strip()
    party = PARTY_LINE_RE.match(rest)
    if party and not YEAR_RE.match(party.group("num") + "/"):  # `225-KH/TWĐTN`: number, hyphen, type/agency
        _check_symbol(party.group("sym"), type_id, issuer_names, report)
        return
    parts = SPLIT_RE.match(rest)
    if not parts:
        report.add(SYMBOL_RULE, "number", rest, "<số>/<ký hiệu>",
                   "Giữa số và ký hiệu phải có dấu “/” (App.I §2 ô 3)",
                   "a “/” must separate the number and the symbol (App.I §2 ô 3)")
        return
    number, symbol = parts.group("num").strip(), parts.group("sym")
    if number and not re.fullmatch(r"[.…_\s]*", number):
        if not (number.isascii() and number.isdigit()):
            report.add(NUMBER_RULE, "number", number, "Arabic digits",
                       f"Số văn bản “{number}” phải là chữ số Ả Rập", f"the number “{number}” must be Arabic digits")
        else:
            want = f"{int(number):0{nd30.NUMBER_MIN_DIGITS}d}"
            if number != want:
                report.add(NUMBER_RULE, "number", number, want,
                           f"Số văn bản viết “{want}”, không viết “{number}”: số dưới 10 có số 0 phía trước "
                           "(Điều 15, App.I §2 ô 3)",
                           f"write the number as “{want}”, not “{number}”: numbers below 10 take a leading zero "
                           "(Art.15, App.I §2 ô 3)")
            if parts.group("sp1") or parts.group("sp2"):
                report.add(SYMBOL_RULE, "number", rest, f"{number}/{symbol.strip()}",
                           "Không có dấu cách quanh dấu “/” giữa số và ký hiệu (App.I §2 ô 3)",
                           "no spaces around the “/” between number and symbol (App.I §2 ô 3)")
    elif parts.group("sp2"):
        report.add(SYMBOL_RULE, "number", rest, f"/{symbol.strip()}",
                   "Không có dấu cách giữa dấu “/” và ký hiệu (App.I §2 ô 3)",
                   "no space between the “/” and the symbol (App.I §2 ô 3)")
    year = YEAR_RE.match(symbol)
    if year:
        symbol = symbol[year.end():]
    _check_symbol(symbol, type_id, issuer_names, report)


def _check_symbol(symbol: str, type_id: str | None, issuer_names: list[str], report: Report) -> None:
    problem = symbol_problem(symbol)
    if problem:
        report.add(SYMBOL_RULE, "number", symbol, "<loại>-<cơ quan>, ví dụ KH-UBND",
                   f"Ký hiệu “{symbol}” sai dạng: {problem.vi} (App.I §2 ô 3)",
                   f"malformed symbol “{symbol}”: {problem.en} (App.I §2 ô 3)")
        return
    irregular = symbol_warnings(symbol)
    for vi, en in irregular:  # forms agencies issue that the decree's samples do not show
        report.warn(SYMBOL_RULE, "number", symbol, "<loại>-<cơ quan>, ví dụ KH-UBND",
                    f"Ký hiệu “{symbol}”: {vi} (App.I §2 ô 3)", f"symbol “{symbol}”: {en} (App.I §2 ô 3)")
    symbol = re.sub(r"\s*-\s*", "-", symbol.strip())
    if "/" in symbol:  # party/youth form TYPE/AGENCY
        head, _, symbol = symbol.partition("/")
        symbol = f"{head}-{symbol}"
    groups = symbol.split("-")
    if type_id is not None:
        name, abbr = nd30.TYPE_ABBREVIATIONS[type_id]
        if groups[0] != abbr:
            report.add(SYMBOL_RULE, "number", symbol, f"{abbr}-…",
                       f"Ký hiệu của {name.lower()} phải bắt đầu bằng “{abbr}”, đang “{groups[0]}” (App.III)",
                       f"the symbol of a {name} must start with the type abbreviation “{abbr}”, found “{groups[0]}” "
                       "(App.III)")
        issuer_abbr = "-".join(groups[1:])
    else:
        issuer_abbr = groups[0]
    if issuer_abbr and issuer_names and not _abbreviates(issuer_abbr, issuer_names):
        # An irregular abbreviation ('&', spaces) is accepted only when it still reads as the issuer's name.
        severity = ERROR if irregular else WARNING
        report.add(SYMBOL_RULE, "number", issuer_abbr, " ".join(issuer_names),
                   f"Chữ viết tắt “{issuer_abbr}” không khớp tên cơ quan ban hành “{' '.join(issuer_names)}”",
                   f"the abbreviation “{issuer_abbr}” does not match the issuer “{' '.join(issuer_names)}”",
                   severity)


def _abbreviates(abbr: str, names: list[str]) -> bool:
    """True when the abbreviation's letters are initials of the issuer (or parent) name, in order."""
    letters = [ch for ch in strip_diacritics(abbr).upper() if ch.isalnum()]
    for name in (" ".join(names), *names):
        words = [wd for wd in re.split(r"[\s\-–—,&]+", strip_diacritics(name).upper()) if wd]
        if "".join(letters) in words:
            return True
        it = iter("".join(wd[0] for wd in words))
        if all(ch in it for ch in letters):
            return True
    return False
