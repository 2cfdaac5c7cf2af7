"""The document's fields from the located elements: issuer, number and symbol, place and date, type, summary,
addressees, recipients and archive line, signer, marks."""
from __future__ import annotations

import re

from service.check.dateline import BLANK_RE, DATE_RE
from service.check.locate import DRAFTER_RE, Elements
from service.check.reader import Line
from service.check.symbol import LINE_RE, SPLIT_RE, YEAR_RE
from service.check.text import is_upper, key, norm
from service.compose.symbols import compose_symbol
from service.rules import nd30

ARCHIVE_RE = re.compile(r"^-?\s*Lưu\s*:\s*(?P<units>.*?)\.?$", re.IGNORECASE)
KINH_GUI_PREFIX_RE = re.compile(r"^kính\s*gửi\s*:?\s*", re.IGNORECASE)


def text_of(line: Line) -> str:
    return norm(line.text)


def issuer(el: Elements) -> dict:
    out = {}
    if el.parent:
        out["parent"] = " ".join(text_of(ln) for ln in el.parent)
    if el.issuer:
        out["name"] = " ".join(text_of(ln) for ln in el.issuer)
    return out


def number_and_symbol(el: Elements) -> tuple[int | None, str | None, str | None]:
    """(number or None for a draft, symbol as printed, issuer abbreviation taken from the symbol)."""
    if el.number is None:
        return None, None, None
    m = LINE_RE.match(text_of(el.number))
    parts = SPLIT_RE.match(m.group("rest").strip()) if m else None
    if not parts:
        return None, None, None
    number_text = parts.group("num").strip()
    number = int(number_text) if number_text.isascii() and number_text.isdigit() else None
    symbol = parts.group("sym").strip()
    year = YEAR_RE.match(symbol)
    bare = symbol[year.end():] if year else symbol
    groups = bare.split("-")
    if el.type_id is not None:
        abbr_type = nd30.TYPE_ABBREVIATIONS[el.type_id][1]
        abbr = "-".join(groups[1:]) if groups[0] == abbr_type and len(groups) > 1 else None
    else:
        abbr = groups[0] or None
    return number, symbol or None, abbr


def derived_symbol(type_id: str | None, abbr: str | None) -> str | None:
    if type_id is None or abbr is None:
        return None
    return compose_symbol(nd30.TYPE_ABBREVIATIONS[type_id][1], abbr)


def place_and_date(el: Elements) -> tuple[str | None, str | None, bool]:
    """(place, ISO date — partial for drafts, whether the line was understood)."""
    if el.place_date is None:
        return None, None, False
    m = DATE_RE.match(text_of(el.place_date))
    if not m:
        return None, None, False
    place = m.group("place").strip()
    d, mo, y = m.group("d"), m.group("m"), m.group("y")
    if not re.fullmatch(r"\d{4}", y):
        return place, None, True
    if BLANK_RE.match(mo) or not (mo.isascii() and mo.isdigit()):
        return place, y, True
    if BLANK_RE.match(d) or not (d.isascii() and d.isdigit()):
        return place, f"{y}-{int(mo):02d}", True
    return place, f"{y}-{int(mo):02d}-{int(d):02d}", True


def summary(el: Elements) -> str | None:
    if el.summary:
        return " ".join(text_of(ln) for ln in el.summary)
    if el.cv_summary:
        return " ".join(text_of(ln) for ln in el.cv_summary)
    return None


def _clean(text: str) -> str:
    text = text.strip()
    if text[:1] in "-+–":
        text = text[1:].strip()
    return text.rstrip(";.").strip()


def kinh_gui(el: Elements) -> list[str]:
    out = []
    for i, line in enumerate(el.kinh_gui):
        text = text_of(line)
        if i == 0:
            text = KINH_GUI_PREFIX_RE.sub("", text)
        if text:
            out.append(_clean(text))
    return [t for t in out if t]


def recipients(el: Elements) -> tuple[list[str], list[str], dict | None, list[Line]]:
    """(recipients, archive units, drafter, lines not understood)."""
    names, units, drafter, unplaced = [], [], None, []
    for line in el.recipients:
        text = text_of(line)
        archive = ARCHIVE_RE.match(text)
        if archive:
            units = [u.strip() for u in archive.group("units").split(",") if u.strip()]
        elif units and DRAFTER_RE.match(text):
            m = re.match(r"^(?P<sym>.*?)\s*\((?P<copies>\d+)\)\.?$", text)
            drafter = {"symbol": m.group("sym"), "copies": int(m.group("copies"))} if m else {"symbol": text}
        elif text.startswith(("-", "+", "–")):
            names.append(_clean(text))
        else:
            unplaced.append(line)
    return [n for n in names if n], units, drafter, unplaced


def signer(el: Elements) -> tuple[dict, list[Line]]:
    """Authority and head title (`KT. GIÁM ĐỐC`), own position (`PHÓ GIÁM ĐỐC`), name; extra lines unplaced."""
    lines = [ln for ln in el.signer if text_of(ln)]
    if not lines:
        return {}, []
    titles = [ln for ln in lines if is_upper(text_of(ln))]
    names = [ln for ln in lines if not is_upper(text_of(ln))]
    name = names[-1] if names else None
    out: dict = {"authority": None}
    rest_titles = list(titles)
    if rest_titles:
        first = text_of(rest_titles.pop(0))
        token, _, remainder = first.partition(" ")
        if token in nd30.AUTHORITIES and remainder:
            out["authority"] = token
            if rest_titles:
                out["head_title"] = remainder.strip()
                out["position"] = text_of(rest_titles.pop(0))
            else:
                out["position"] = remainder.strip()
        else:
            out["position"] = first
    if name is not None:
        out["name"] = text_of(name)
    used = {id(ln) for ln in titles[: len(titles) - len(rest_titles)]} | ({id(name)} if name is not None else set())
    return out, [ln for ln in lines if id(ln) not in used]


def marks(el: Elements) -> dict:
    out = {}
    for line in el.marks:
        k = key(text_of(line))
        for field, values in (("urgency", nd30.URGENCY), ("secrecy", nd30.SECRECY),
                              ("circulation", nd30.CIRCULATION)):
            match = next((v for v in values if key(v) == k), None)
            if match and field not in out:
                out[field] = match
    return out
