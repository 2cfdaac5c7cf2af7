"""Next year's draft from this year's document ("Tạo bản năm sau"): no number, no day, the date moved to the new
year, and the document's OWN year replaced in its summary and body text — never inside what belongs to other
documents or fixed dates:

- citations of other documents, to the end of their clause: "Kế hoạch số 30/KH-BCĐ ngày 05/02/2024 của … năm 2024";
- laws named with their year: "Luật Thi đua, khen thưởng năm 2022";
- dates: "ngày 05/02/2024", "ngày 05 tháng 02 năm 2024", "tháng 12/2024"; periods: "giai đoạn 2021 - 2025";
- symbols: "Nghị định số 86/2023/NĐ-CP".

Only the phrase "năm <own year>" is replaced. Every replacement is listed (path, before, after) for the clerk to
review, and so is every occurrence of the own year left alone, with the reason — the clerk decides those.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from service.document import Document, parse_issue_date
from service.messages import InvalidValue
from service.rules import nd30
from service.validate import json_path, json_strings

TEXT_FIELDS = ("summary", "opening", "body", "closing")  # where the document speaks about its own year
CONTEXT = 40  # characters of context either side in the review list

# Document kinds a citation can start with: the decree's named types plus the legal-document kinds around them.
_CITED_KINDS = sorted({name for name, _ in nd30.TYPE_ABBREVIATIONS.values()} | {
    "Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Thông tư liên tịch", "Thông tư", "Công văn", "Văn bản",
    "Kết luận", "Điều lệ", "Lệnh", "Sắc lệnh", "Chỉ thị", "Nghị quyết liên tịch"}, key=len, reverse=True)
_KIND = "|".join(re.escape(k) for k in _CITED_KINDS)
_CITATION_START = re.compile(rf"(?:{_KIND})\s+(?:số\s+[^\s,;]+|\d[^\s,;]*/[^\s,;]+)", re.IGNORECASE)
_NAMED_LAW = re.compile(r"(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh)\b[^;:.()]*?\bnăm\s+\d{4}")
_DATES = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b"  # 05/02/2024, 5-2-2024
                    r"|\btháng\s+\d{1,2}\s+năm\s+\d{4}\b"  # (ngày 05) tháng 02 năm 2024
                    r"|(?<![/\d])\d{1,2}/\d{4}\b(?!/)", re.IGNORECASE)  # tháng 12/2024, not 12/2024/NĐ-CP
_RANGE = re.compile(r"\b\d{4}\s*[-–—]\s*\d{4}\b|\b\d{4}\s+(?:đến|tới)\s+(?:năm\s+)?\d{4}\b", re.IGNORECASE)
_SYMBOL = re.compile(r"[^\s,;()]*/\d{4}/[^\s,;()]*|\b\d+/\d{4}/")


@dataclass(frozen=True)
class Change:
    path: str
    before: str
    after: str

    def as_dict(self) -> dict:
        return {"path": self.path, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Kept:
    """An occurrence of the own year deliberately left as it is."""

    path: str
    text: str
    reason_vi: str
    reason_en: str

    def as_dict(self) -> dict:
        return {"path": self.path, "text": self.text, "reason_vi": self.reason_vi, "reason_en": self.reason_en}


@dataclass
class RolledForward:
    doc: dict
    from_year: int
    year: int
    changes: list[Change] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"document": self.doc, "from_year": self.from_year, "year": self.year,
                "changes": [c.as_dict() for c in self.changes], "kept": [k.as_dict() for k in self.kept]}


REASONS = {
    "citation": ("trong trích dẫn văn bản khác", "inside a citation of another document"),
    "law": ("tên luật kèm năm", "the name of a law with its year"),
    "date": ("một ngày, tháng cụ thể", "a specific date"),
    "range": ("một giai đoạn nhiều năm", "a period of several years"),
    "symbol": ("trong số, ký hiệu văn bản", "inside a document number and symbol"),
    "bare": ("số năm không đi sau chữ “năm”; kiểm tra lại", "a year not preceded by “năm”; please check"),
}


def own_year(doc: dict, from_year: int | None = None) -> int:
    """The document's year: from its date, else `from_year`; ValueError (vi / en) when neither is known."""
    if from_year is not None:
        return from_year
    try:
        parsed = parse_issue_date(doc.get("date"))
    except InvalidValue as exc:
        raise InvalidValue(exc.message.wrap("date: {}", "date: {}")) from None
    if parsed is None:
        raise InvalidValue("Văn bản chưa có ngày ban hành nên không biết năm của nó; hãy cho biết năm (--from-year)",
                           "the document has no date, so its year is unknown; give it (--from-year)")
    return parsed.year


def roll_forward(doc: Document | dict, year: int | None = None, *, from_year: int | None = None) -> RolledForward:
    """Next year's draft of `doc` (default: the year after its own), with every change and every kept mention.

    A Document gives its own year from its parsed date; JSON that is not parsed (an upload of last year's file,
    which may predate today's rules) is read as it is — the draft is JSON either way, to complete in the form."""
    if isinstance(doc, Document):
        if from_year is None and doc.date is not None:
            from_year = doc.date.year
        doc = doc.as_json()
    if not isinstance(doc, dict):
        raise InvalidValue("Văn bản phải là một đối tượng JSON", "the document must be a JSON object")
    old = own_year(doc, from_year)
    new = old + 1 if year is None else year
    if not 1900 <= new <= 2999 or new == old:
        raise InvalidValue(f"Năm mới {new} không hợp lệ (phải khác {old})",
                           f"new year {new} is invalid (must differ from {old})")
    out = copy.deepcopy(doc)
    result = RolledForward(doc=out, from_year=old, year=new)
    if out.get("number") is not None:
        result.changes.append(Change("number", str(out["number"]), ""))
        out["number"] = None
    _move_date(out, old, new, result)
    for key in TEXT_FIELDS:
        if key in out:
            for path, text in list(json_strings(out[key], [key])):
                _put(out, path, _replace_in(text, json_path(path), old, new, result))
    return result


def _move_date(doc: dict, old: int, new: int, result: RolledForward) -> None:
    """Keep the month (a yearly plan is usually issued in the same month), drop the day, set the new year."""
    before = doc.get("date")
    parsed = parse_issue_date(before) if before else None
    after = f"{new:04d}-{parsed.month:02d}" if parsed and parsed.month else f"{new:04d}"
    if before != after:
        doc["date"] = after
        result.changes.append(Change("date", before or "", after))


def _put(doc: dict, path: list, value: str) -> None:
    """Set the string at `path` (parts as json_strings gives them) inside the draft's own copy."""
    *parents, last = path
    for part in parents:
        doc = doc[part]
    doc[last] = value


def citation_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each citation of another document, from its kind ("Quyết định số …") to the end of its clause."""
    for m in _CITATION_START.finditer(text):
        yield m.start(), _clause_end(text, m.end())


def _clause_end(text: str, pos: int) -> int:
    """The end of a citation's clause: `;`, `:`, a line break, a sentence-ending `.`, or a `)` closing outside."""
    depth = 0
    i = pos
    while i < len(text):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
        elif c in ";:\n":
            return i
        elif c == "." and (i + 1 == len(text) or text[i + 1].isspace()):
            return i
        i += 1
    return i


def _protected(text: str) -> list[tuple[int, int, str]]:
    spans = [(s, e, "citation") for s, e in citation_spans(text)]
    for kind, pattern in (("law", _NAMED_LAW), ("date", _DATES), ("range", _RANGE), ("symbol", _SYMBOL)):
        spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    return spans


def _reason(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """Why an occurrence at [start, end) must stay; the narrowest protecting span explains it best."""
    covering = [(e - s, kind) for s, e, kind in spans if s <= start and end <= e]
    return min(covering)[1] if covering else None


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _replace_in(text: str, path: str, old: int, new: int, result: RolledForward) -> str:
    year = str(old)
    if year not in text:
        return text
    spans = _protected(text)
    pieces, last = [], 0
    for m in re.finditer(rf"(?<!\d){year}(?!\d)", text):
        start, end = m.span()
        preceded = re.search(r"\bnăm\s+$", text[max(0, start - 12):start], re.IGNORECASE)
        reason = _reason(spans, start, end) or (None if preceded else "bare")
        if reason:
            vi, en = REASONS[reason]
            result.kept.append(Kept(path, _snippet(text, start, end), vi, en))
            continue
        pieces.append(text[last:start] + str(new))
        last = end
        result.changes.append(Change(path, _snippet(text, start, end),
                                     _snippet(text[:start] + str(new) + text[end:], start, start + len(str(new)))))
    return "".join(pieces) + text[last:] if pieces else text
