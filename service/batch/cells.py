"""Turn one spreadsheet cell into the value of the field its column names, by that field's schema.

- an empty cell keeps the base document's value (a table only lists what differs per row);
- `(trống)` clears the field (null, an empty list, or no field at all);
- list fields take one item per line, or items separated by ";" — except lists of paragraphs, whose text may
  itself contain ";", which take one paragraph per line only;
- whole lists or objects (e.g. a column `body.sections[2].items`) take JSON;
- whole numbers (`number`, `drafter.copies`) take digits.
"""
from __future__ import annotations

import json
import re
from typing import Any

from service.input.load import NotJson, loads
from service.limits import LimitExceeded
from service.model.schema import LINE
from service.validate import FieldError

CLEAR_MARKS = ("(trống)", "(trong)", "(empty)")

SKIP = object()  # the cell is empty: keep the base value
DELETE = object()  # remove the field


def _kinds(schema: dict) -> list:
    kinds = schema.get("type")
    if kinds is None and "enum" in schema:
        return ["null"] if None in schema["enum"] else []
    return kinds if isinstance(kinds, list) else [kinds]


def cell_value(text: str, schema: dict, path: str) -> Any:
    """The field value for a cell, SKIP, DELETE, or a FieldError naming the column."""
    text = text.strip()
    if not text:
        return SKIP
    kinds = _kinds(schema)
    if text.lower() in CLEAR_MARKS:
        if "null" in kinds:
            return None
        return [] if "array" in kinds else DELETE
    if "array" in kinds:
        return _list_value(text, schema, path)
    if "object" in kinds:
        return _json_value(text, dict, path, "một đối tượng JSON {…}", "a JSON object {…}")
    if "integer" in kinds:
        m = re.fullmatch(r"(\d+)(?:[.,]0+)?", text)
        if not m:
            return FieldError(path, f"phải là số nguyên, không phải {text!r}", f"must be a whole number, not {text!r}")
        return int(m.group(1))
    return text


def _list_value(text: str, schema: dict, path: str) -> Any:
    items = schema.get("items", {})
    if text.startswith("["):
        return _json_value(text, list, path, "một danh sách JSON […]", "a JSON list […]")
    if _kinds(items) and "object" in _kinds(items):
        return FieldError(path, "ô này phải chứa danh sách JSON […] vì mỗi phần tử là một đối tượng",
                          "this cell must hold a JSON list […]: its elements are objects")
    long_text = items.get("maxLength", 0) > LINE  # paragraphs and bullets may contain ";"
    parts = text.splitlines() if long_text else re.split(r"[;\n]", text)
    return [p.strip() for p in parts if p.strip()]


def _json_value(text: str, kind: type, path: str, what_vi: str, what_en: str) -> Any:
    try:
        value = loads(text)
    except json.JSONDecodeError as exc:
        return FieldError(path, f"JSON sai cú pháp ở cột {exc.colno}: {exc.msg}",
                          f"invalid JSON at column {exc.colno}: {exc.msg}")
    except LimitExceeded as exc:
        return FieldError(path, exc.vi, exc.en)
    except NotJson as exc:
        return FieldError.of(path, exc.message)
    if not isinstance(value, kind):
        return FieldError(path, f"phải là {what_vi}", f"must be {what_en}")
    return value
