"""File names inside the batch zip, from a pattern such as `{stt:02}-{symbol}-{unit}`.

Placeholders: stt (the row's ordinal, a number: `{stt:02}` → 07), row (the spreadsheet row), symbol (KH-LĐTBXH),
unit (the `don_vi` column, else the unit or issuer name), type (ke_hoach). Text is made ASCII-safe with
service.compose.filenames.ascii_slug, so names survive every mail client and Windows zip tool; two rows that
would get the same name get `-2`, `-3` … in table order (the same on every run, so a resumed run agrees).
"""
from __future__ import annotations

from string import Formatter

from service.batch.errors import input_error
from service.batch.rows import RowDoc
from service.compose.filenames import ascii_slug
from service.compose.symbols import symbol_for

DEFAULT_PATTERN = "{stt:02}-{symbol}-{unit}"
FIELDS = ("stt", "row", "symbol", "unit", "type")
KNOWN_EXTENSIONS = (".docx", ".pdf")
REPORT_NAME = "bao-cao.csv"


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
        names = [f for _, f, _, _ in Formatter().parse(stem) if f is not None]
    except ValueError as exc:
        raise input_error("pattern", f"Mẫu tên tệp sai cú pháp: {exc}", f"malformed file-name pattern: {exc}") from None
    unknown = sorted({n for n in names if n not in FIELDS})
    if unknown:
        raise input_error("pattern", f"Mẫu tên tệp có trường lạ {', '.join(unknown)}; dùng được: {', '.join(FIELDS)}",
                          f"unknown placeholder(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    try:
        stem.format(**_sample())
    except (ValueError, IndexError, KeyError) as exc:
        raise input_error("pattern", f"Mẫu tên tệp sai định dạng: {exc}", f"bad format in the pattern: {exc}") from None
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
        base = stem_pattern.format(**_values(row)).strip(" .") or "van-ban"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        names[row.index] = name
    return names
