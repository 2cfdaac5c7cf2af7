"""File names inside the batch zip, from a pattern such as `{stt:02}-{symbol}-{unit}`.

Placeholders: stt (the row's ordinal, a number: `{stt:02}` → 07), row (the spreadsheet row), symbol (KH-LĐTBXH),
unit (the `don_vi` column, else the unit or issuer name), type (ke_hoach). Text is made ASCII-safe with
service.document.naming.ascii_slug, so names survive every mail client and Windows zip tool; two rows that
would get the same name get `-2`, `-3` … in table order (the same on every run, so a resumed run agrees).
"""
from __future__ import annotations

import re
from string import Formatter

from service.batch.errors import input_error
from service.batch.rows import RowDoc
from service.document.naming import ascii_slug
from service.document.symbols import symbol_for
from service.messages import Message

DEFAULT_PATTERN = "{stt:02}-{symbol}-{unit}"
FIELDS = ("stt", "row", "symbol", "unit", "type")
KNOWN_EXTENSIONS = (".docx", ".pdf")
REPORT_NAME = "bao-cao.csv"


MAX_NAME = 160  # characters of a file stem: far below the 255 bytes file systems and zip tools accept
# A format spec as str.format reads it, with width and precision of at most 3 digits (`{stt:x>20000000}` would
# ask for a 20-million-character name).
_SPEC = re.compile(r"^(?:.?[<>=^])?[+\- ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d*))?[bcdeEfFgGnosxX%]?$",
                   re.DOTALL)


def _spec_problem(field: str, spec: str) -> Message | None:
    m = _SPEC.match(spec)
    if m is None or "{" in spec or "}" in spec:
        return Message(f"định dạng “{spec}” của {{{field}}} không hợp lệ",
                       f"the format “{spec}” of {{{field}}} is not valid")
    if len(m.group("width")) > 3 or len(m.group("precision") or "") > 3:
        return Message(f"độ rộng và độ chính xác trong {{{field}:{spec}}} tối đa 3 chữ số",
                       f"width and precision in {{{field}:{spec}}} have at most 3 digits")
    return None


def _sample() -> dict:
    return {"stt": 1, "row": 2, "symbol": "KH-LDTBXH", "unit": "phong", "type": "ke-hoach"}


def check_pattern(pattern: str) -> str:
    """The pattern without a trailing .docx/.pdf; BatchInputError naming the problem otherwise."""
    stem = pattern.strip()
    for ext in KNOWN_EXTENSIONS:
        if stem.lower().endswith(ext):
            stem = stem[: -len(ext)]
    if not stem or any(c in stem for c in "/\\\0"):
        raise input_error("pattern", "Mẫu tên tệp không được trống và không chứa / hoặc \\",
                          "the file-name pattern must not be empty nor contain / or \\")
    try:
        parsed = [(f, spec or "") for _, f, spec, _ in Formatter().parse(stem) if f is not None]
    except ValueError as exc:
        raise input_error("pattern", f"Mẫu tên tệp sai cú pháp: {exc}", f"malformed file-name pattern: {exc}") from None
    names = [f for f, _ in parsed]
    unknown = sorted({n for n in names if n not in FIELDS})
    if unknown:
        raise input_error("pattern", f"Mẫu tên tệp có trường lạ {', '.join(unknown)}; dùng được: {', '.join(FIELDS)}",
                          f"unknown placeholder(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    for name, spec in parsed:
        problem = _spec_problem(name, spec)
        if problem:
            raise input_error("pattern", f"Mẫu tên tệp: {problem.vi}", f"file-name pattern: {problem.en}")
    try:
        sample = stem.format(**_sample())
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise input_error("pattern", f"Mẫu tên tệp sai định dạng: {exc}", f"bad format in the pattern: {exc}") from None
    if len(sample) > MAX_NAME:
        raise input_error("pattern", f"Mẫu tên tệp cho tên dài {len(sample)} ký tự; tối đa {MAX_NAME}",
                          f"the file-name pattern gives names of {len(sample)} characters; at most {MAX_NAME}")
    return stem


def _values(row: RowDoc) -> dict:
    doc = row.doc or {}
    try:
        symbol = symbol_for(doc)
    except (KeyError, TypeError):
        symbol = "van-ban"
    return {"stt": row.stt, "row": row.row, "symbol": ascii_slug(symbol, 40), "unit": ascii_slug(row.unit, 60),
            "type": ascii_slug(str(doc.get("type", "van-ban")).replace("_", "-"), 40)}


def assign_names(rows: list[RowDoc], pattern: str) -> dict[int, str]:
    """Row index → file stem (no extension) for every row that has a document, unique within the batch.

    Invalid rows get a name too, so the names do not depend on whether the rows were validated yet: the check
    page and the run agree on every file name."""
    stem_pattern = check_pattern(pattern)
    taken: set[str] = {REPORT_NAME.rsplit(".", 1)[0].lower()}
    names: dict[int, str] = {}
    for row in rows:
        if row.doc is None:
            continue
        base = stem_pattern.format(**_values(row))[:MAX_NAME].strip(" .") or "van-ban"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        names[row.index] = name
    return names
