"""Header fields for the importer beyond what the checker's locator finds: the issuer column joined or split by
the agency-name rules, the number line in the forms agencies print, the type from the symbol when no type name is
printed (công văn), a `V/v …` summary typed as text lines, and a summary wrapped over plain-text lines."""
from __future__ import annotations

import re

from service.reading import (
    BASIS_WORDS, DASH_LINE_RE, KINH_GUI_RE, KINH_GUI_WORDS, NUMBER_RE, PLACE_DATE_RE, Elements, Line, classify,
    has_letters, is_upper, loose_words, norm)
from service.importer.preamble import BASIS_RE, PROPOSAL_RE
from service.rules import nd30
from service.rules.agencies import is_organisation_heading, split_issuer, starts_authority
from service.rules.symbols import TYPE_ABBRS, NumberLine, parse_number_line

# `V/v`, `Về việc` (nd30.CV_SUMMARY_PREFIXES), and a bare `Về:` as some agencies type it.
CV_SUMMARY_RE = re.compile("^(" + "|".join(loose_words(p) for p in nd30.CV_SUMMARY_PREFIXES)
                           + "|" + re.escape(nd30.CV_SUMMARY_PREFIXES[-1].split()[0]) + r"(?=\s*:))\s*[:.]?\s*",
                           re.IGNORECASE)
# A separator typed onto the end of a header line by a web page (`ỦY BAN NHÂN DÂN TỈNH AN GIANG******`).
GLUED_SEPARATOR_RE = re.compile(r"\s*[*=_~–-]{3,}$")
OPENING_RE = re.compile(rf"^({BASIS_WORDS}|thực\s+hiện|theo|xét|trên\s+cơ\s+sở|{KINH_GUI_WORDS}|nhằm|để)\b",
                        re.IGNORECASE)


def issuer(el: Elements) -> tuple[str | None, str | None, list[Line]]:
    """(parent, issuer name, organisation heading lines that are not agency lines)."""
    lines = [ln for ln in (*el.parent, *el.issuer)]
    headings = [ln for ln in lines if is_organisation_heading(norm(ln.text))]
    texts = [GLUED_SEPARATOR_RE.sub("", norm(ln.text)) for ln in lines if ln not in headings]
    parent, name = split_issuer(texts)
    return parent, name, headings


def number(el: Elements, lines: list[Line] | None = None) -> NumberLine | None:
    """The number line; a symbol cut after a hyphen in a narrow column (`Số: 255 / BC-BCĐPCGD-` … `XMC`) takes
    its rest from the next bare upper-case token line of the header (see symbol_rest)."""
    if el.number is None:
        return None
    text = re.sub(r"^[.:：\s]+", "", NUMBER_RE.sub("", norm(el.number.text), count=1))  # `Số:. 4315/…`
    rest = symbol_rest(el, lines or [])
    return parse_number_line(text + norm(rest.text) if rest is not None else text)


SYMBOL_REST_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9&]{0,11}$|^[A-ZĐ]{2}[A-ZĐa-zđ0-9&]{0,10}$")  # `NHNo`, `TTr` too


def symbol_rest(el: Elements, lines: list[Line]) -> Line | None:
    """The line holding the rest of a symbol that ends with a hyphen: a bare upper-case token among the header
    lines after the number (the date line of the other column may come between)."""
    if el.number is None or not norm(el.number.text).endswith("-") or el.number not in lines:
        return None
    start = lines.index(el.number) + 1
    for line in lines[start:start + 4]:
        if line is el.type_name:
            break
        if SYMBOL_REST_RE.match(norm(line.text)):
            return line
    return None


def type_from_symbol(line: NumberLine | None) -> str | None:
    """A document without a type-name line: a named type when its symbol starts with that type's abbreviation
    (KH-UBND, or KH/TWĐTN in the party form), else a công văn (UBND-VX)."""
    if line is None:
        return None
    sym = line.symbol.split("/", 1)[1] if line.form == "legal" else line.symbol
    first = re.split(r"[-/]", sym, maxsplit=1)[0]
    return TYPE_ABBRS.get(first, "cong_van")


def abbr_and_unit(line: NumberLine, type_id: str | None) -> tuple[str | None, str | None]:
    """The issuer's abbreviation and (công văn) the drafting unit, read from the symbol."""
    sym = line.symbol.split("/", 1)[1] if line.form == "legal" else line.symbol
    if line.form == "legal":
        sym = sym.replace("/", "-", 1)  # `117/2002/QĐ/HĐQT-NHNo`: the type and the issuing body apart by a slash
    if line.form == "party":
        _type, _, agency = sym.partition("/")
        return agency.split("-")[0] or None, None
    groups = sym.split("-")
    if type_id == "cong_van":
        return groups[0] or None, "-".join(groups[1:]) or None
    if type_id and groups[0] == nd30.TYPE_ABBREVIATIONS.get(type_id, ("", ""))[1]:
        return "-".join(groups[1:]) or None, None
    return None, None


def cv_summary(el: Elements, lines: list[Line]) -> list[Line]:
    """A công văn's summary: the locator's cell lines, else a `V/v …` text line in the header (with the lines it
    wraps onto, up to Kính gửi or the body)."""
    if el.cv_summary:
        return el.cv_summary
    start = lines.index(el.number) + 1 if el.number in lines else 0
    for i in range(start, min(len(lines), start + 8)):
        text = norm(lines[i].text)
        if KINH_GUI_RE.match(text):
            return []
        if CV_SUMMARY_RE.match(text):
            out = [lines[i]]
            if not strip_cv_prefix(text) and i + 1 < len(lines):  # `V/v` alone, the text on the next line
                out.append(lines[i + 1])                          # (`: Thực hiện quy định về hóa đơn.`)
                i += 1
            for nxt in lines[i + 1:i + 4]:
                t = norm(nxt.text)
                if KINH_GUI_RE.match(t) or DASH_LINE_RE.match(t) or classify(t).level != "text" or nxt is el.place_date \
                        or PLACE_DATE_RE.match(t) \
                        or OPENING_RE.match(t) or len(t) > 120 or t.endswith((".", ";", ":")) \
                        or is_upper(t) or nxt.para.cell is not None and nxt.para.cell != lines[i].para.cell:
                    break
                out.append(nxt)
            return out
    return []


def strip_cv_prefix(text: str) -> str:
    """The template prints "V/v" itself, so a summary keeps neither "V/v" nor "Về việc"."""
    return CV_SUMMARY_RE.sub("", text).strip()


def summary_continuation(summary: list[Line], body: list[Line], authority_next: bool) -> list[Line]:
    """Body lines that still belong to a summary wrapped over plain-text lines (no alignment to tell): they end
    without punctuation, are not numbered, do not open the body, and are not the authority line of a decision."""
    if not summary:
        return []
    upper = is_upper(norm(summary[0].text))
    out: list[Line] = []
    for line in body[:8]:
        text = norm(line.text)
        if line.para.fmt.align is not None or not has_letters(text) or DASH_LINE_RE.match(text):
            break
        so_far = " ".join(norm(ln.text) for ln in (*summary, *out))
        if so_far.count("(") > so_far.count(")") and classify(text).level == "text" and len(text) <= 300:
            out.append(line)  # `(ban hành Điều lệ … Nông nghiệp` / `và Phát triển nông thôn Việt Nam).`
            continue
        cut = text.startswith(("-", "–")) and not norm((out or summary)[-1].text).endswith((".", ";", ":", ","))
        if (classify(text).level != "text" and not cut) or OPENING_RE.match(text) or BASIS_RE.match(text) \
                or PROPOSAL_RE.match(text) or text.endswith((".", ";", ":", ",")) or len(text) > 300:
            break
        if is_upper(text) != upper or (authority_next and is_upper(text) and starts_authority(text)):
            break
        out.append(line)
    # The last line of a decision's header block is its authority: never take it all.
    return out
