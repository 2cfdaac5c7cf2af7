"""One document per table row: the base document with the row's cells written over it, then validated.

Two columns are not fields but describe the row: `stt` (its ordinal in the file names; default: its position)
and `don_vi` (the unit's name for the file names; default: the document's `unit`, else its issuer's name).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from service.batch.cells import CLEAR_MARKS, DELETE, SKIP, cell_value
from service.batch.errors import BatchInputError, input_error
from service.batch.paths import Path, parse_path, schema_at, set_path
from service.batch.table import Table
from service.messages import InvalidValue
from service.model.schema import all_type_ids, schema_for
from service.validate import FieldError, validate

STT_COLUMN = "stt"
UNIT_COLUMN = "don_vi"
META_COLUMNS = (STT_COLUMN, UNIT_COLUMN)


@dataclass
class RowDoc:
    index: int  # position among the table's rows, from 0
    row: int  # the row as the clerk sees it (spreadsheet row / JSON Lines line)
    stt: int
    unit: str
    doc: dict | None
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.doc is not None and not self.errors


@dataclass(frozen=True)
class Column:
    header: str
    path: Path
    schema: dict


def base_type(base: Any) -> str:
    """The base document's type, or BatchInputError: every row inherits it, so nothing can be built without it."""
    if not isinstance(base, dict):
        raise input_error("base", "Văn bản gốc phải là một đối tượng JSON {…}", "the base document must be a "
                          "JSON object {…}")
    type_id = base.get("type")
    if type_id not in all_type_ids():
        raise input_error("base.type", f"Văn bản gốc có loại {type_id!r} không được hỗ trợ (xem `vanban types`)",
                          f"the base document's type {type_id!r} is not supported (see `vanban types`)")
    return type_id


def plan_columns(base: dict, table: Table) -> list[Column]:
    """Each field column with its path and schema; BatchInputError naming every unknown or malformed header."""
    schema = schema_for(base_type(base))
    columns, errors = [], []
    for header in table.columns:
        if header in META_COLUMNS:
            continue
        try:
            path = parse_path(header)
            columns.append(Column(header, path, schema_at(schema, path)))
        except InvalidValue as exc:
            errors.append(FieldError(f"column {header}", f"Cột “{header}”: {exc.vi}", f"column {header!r}: {exc.en}"))
    if errors:
        raise BatchInputError(errors)
    return columns


def expand(base: dict | None, table: Table, *, check: bool = True) -> list[RowDoc]:
    """Every row's document and its problems (cell errors, then — with `check` — the validator's), in table order.

    The run passes check=False: rendering validates each document anyway, and validating twice would double
    the cost of a 1,000-row batch."""
    if table.kind == "jsonl":
        return [_jsonl_row(i, r, check) for i, r in enumerate(table.rows)]
    if base is None:
        raise input_error("base", "Cần văn bản gốc (JSON) đi kèm bảng dữ liệu", "a base document (JSON) is "
                          "required with a table")
    columns = plan_columns(base, table)
    schema = schema_for(base["type"])
    return [_table_row(i, r, base, columns, schema, check) for i, r in enumerate(table.rows)]


def _text(cells: dict[str, Any], column: str) -> str:
    value = cells.get(column)
    return "" if value is None else str(value).strip()


def _stt(cells: dict[str, Any], index: int) -> tuple[int, FieldError | None]:
    text = _text(cells, STT_COLUMN)
    if not text:
        return index + 1, None
    try:
        return int(float(text)), None
    except ValueError:
        return index + 1, FieldError(STT_COLUMN, f"cột stt phải là số, không phải {text!r}",
                                     f"column stt must be a number, not {text!r}")


def _unit(cells: dict[str, Any], doc: Any) -> str:
    if _text(cells, UNIT_COLUMN):
        return _text(cells, UNIT_COLUMN)
    if isinstance(doc, dict):
        if isinstance(doc.get("unit"), str) and doc["unit"]:
            return doc["unit"]
        issuer = doc.get("issuer")
        if isinstance(issuer, dict) and isinstance(issuer.get("name"), str):
            return issuer["name"]
    return ""


def _table_row(index: int, row, base: dict, columns: list[Column], schema: dict, check: bool) -> RowDoc:
    doc = copy.deepcopy(base)
    errors: list[FieldError] = []
    stt, stt_error = _stt(row.cells, index)
    if stt_error:
        errors.append(stt_error)
    for col in columns:
        value = _value(row.cells.get(col.header, ""), col)
        if value is SKIP:
            continue
        if isinstance(value, FieldError):
            errors.append(value)
            continue
        problem = set_path(doc, col.path, None if value is DELETE else value, schema, delete=value is DELETE)
        if problem:
            errors.append(problem)
    if check and not errors:
        errors = validate(doc)
    return RowDoc(index=index, row=row.number, stt=stt, unit=_unit(row.cells, doc), doc=doc, errors=errors)


def _value(cell: Any, col: Column) -> Any:
    """A cell's text read by the field's schema; a JSON value (rows given as JSON) as is, null clearing."""
    if isinstance(cell, str):
        return cell_value(cell, col.schema, col.header)
    if cell is None:
        return cell_value(CLEAR_MARKS[0], col.schema, col.header)
    return cell


def _jsonl_row(index: int, row, check: bool) -> RowDoc:
    if row.error is not None:
        return RowDoc(index=index, row=row.number, stt=index + 1, unit="", doc=None, errors=[row.error])
    errors = (validate(row.doc) if check else []) if isinstance(row.doc, dict) else [
        FieldError("", "mỗi dòng phải là một văn bản JSON {…}", "each line must be a JSON document {…}")]
    doc = row.doc if isinstance(row.doc, dict) else None
    return RowDoc(index=index, row=row.number, stt=index + 1, unit=_unit({}, doc), doc=doc, errors=errors)
