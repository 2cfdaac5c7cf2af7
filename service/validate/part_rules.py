"""Rules of the per-type parts that a JSON Schema cannot express; each problem names its field (vi / en).

Yields (path parts, Vietnamese, English); service.validate turns them into FieldErrors.
"""
from __future__ import annotations

from typing import Any, Iterator

from service.rules.types import TYPES, has_part, uses_issuer_text

Problem = tuple[list, str, str]


def _tables(value: Any, path: list) -> Iterator[tuple[list, dict]]:
    """Every table of the document with its path (tables sit under a "tables" key at any depth)."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "tables" and isinstance(child, list):
                for i, table in enumerate(child):
                    if isinstance(table, dict):
                        yield path + [key, i], table
            else:
                yield from _tables(child, path + [key])
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _tables(child, path + [i])


def table_problems(doc: dict) -> Iterator[Problem]:
    for path, table in _tables(doc, []):
        columns = table.get("columns")
        if not isinstance(columns, list) or not columns:
            continue
        n = len(columns)
        rows = table.get("rows")
        for r, row in enumerate(rows if isinstance(rows, list) else []):  # a non-list is the schema's to report
            if isinstance(row, list) and len(row) > n:
                yield (path + ["rows", r], f"Hàng có {len(row)} ô nhưng bảng chỉ có {n} cột",
                       f"the row has {len(row)} cells but the table has {n} columns")
        widths = table.get("widths")
        if isinstance(widths, list) and widths and len(widths) != n:
            yield (path + ["widths"], f"Có {len(widths)} độ rộng cho {n} cột", f"{len(widths)} widths for {n} columns")


def _chapters_and_articles(body: Any, path: list) -> Iterator[Problem]:
    if isinstance(body, dict) and body.get("chapters") and body.get("articles"):
        yield (path + ["articles"], "Văn bản đã chia chương thì mọi điều phải nằm trong chương",
               "once the body has chapters, every article belongs to a chapter")


def issuer_text_problems(doc: dict) -> Iterator[Problem]:
    """Lines that name the issuer in a sentence need its name as written in running text."""
    doc_type = TYPES[doc["type"]]
    issuer = doc.get("issuer") if isinstance(doc.get("issuer"), dict) else {}
    if issuer.get("name_text"):
        return
    authority = doc.get("authority") if isinstance(doc.get("authority"), dict) else {}
    if uses_issuer_text(doc_type):
        yield (["issuer", "name_text"], f"Cần “Tên cơ quan viết trong câu” cho câu “… trân trọng …” của "
               f"{doc_type.name.lower()}", f"issuer.name_text is needed for the {doc_type.name} wording")
    elif (doc.get("appendices") or doc.get("attached")) and not authority.get("text"):
        yield (["issuer", "name_text"], "Cần “Tên cơ quan viết trong câu” (hoặc “Thẩm quyền viết trong câu”) cho "
               "dòng “(Kèm theo … của …)”", "issuer.name_text (or authority.text) is needed for the "
               "“(Kèm theo … của …)” line")


def part_problems(doc: dict) -> Iterator[Problem]:
    """Problems of a document whose type is known (the schema has already run)."""
    yield from table_problems(doc)
    yield from _chapters_and_articles(doc.get("body"), ["body"])
    attached = doc.get("attached")
    if isinstance(attached, dict) and has_part(TYPES[doc["type"]], "attached"):
        yield from _chapters_and_articles(attached.get("body"), ["attached", "body"])
    yield from issuer_text_problems(doc)
