"""Read the batch's table: XLSX or CSV (one row per document, columns = field paths), a JSON array of row objects
(the same columns as keys, JSON values), or JSON Lines (one complete document per line). Rows are numbered as
their author sees them: the spreadsheet row, the index in the JSON array (from 0), or the line of the file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from service import limits
from service.batch.errors import input_error
from service.input.load import NotJson, loads
from service.input.packages import BadPackage, vet_package
from service.validate import FieldError

log = logging.getLogger(__name__)

TABLE_EXTENSIONS = (".xlsx", ".xlsm", ".csv", ".jsonl", ".ndjson", ".json")
ROWS_NAME = "rows.json"  # the file name a JSON array of rows is stored and read under


@dataclass(frozen=True)
class Row:
    number: int  # spreadsheet row (header = row 1) or JSON Lines line number
    cells: dict[str, Any] = field(default_factory=dict)  # column header → cell text (tables) or JSON value
    doc: Any = None  # the complete document (JSON Lines)
    error: FieldError | None = None  # the line could not be read (JSON Lines)


@dataclass(frozen=True)
class Table:
    kind: str  # "table" | "jsonl"
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def nfc(text: str) -> str:
    """Excel on macOS and some CSV exports write decomposed Vietnamese (NFD); the documents use NFC."""
    return unicodedata.normalize("NFC", text)


def read_table(data: bytes, filename: str) -> Table:
    """The rows of an uploaded or given table, by its file extension; BatchInputError when unreadable or past a
    budget of service/limits.py (rows, columns, the package's size)."""
    name = filename.lower()
    try:
        if name.endswith((".xlsx", ".xlsm")):
            return _table(filename, _xlsx_records(data, filename))
        if name.endswith(".csv"):
            return _table(filename, _csv_records(data, filename))
        if name.endswith((".jsonl", ".ndjson")):
            return _jsonl(data, filename)
        if name.endswith(".json"):
            return rows_table(_json_array(data, filename))
    except limits.LimitExceeded as exc:
        raise input_error("table", f"Bảng {filename}: {exc.vi}", f"table {filename}: {exc.en}") from None
    raise input_error("table", f"Bảng dữ liệu {filename} phải là .xlsx, .csv hoặc .jsonl",
                      f"the table {filename} must be .xlsx, .csv or .jsonl")


def _bounded(records, filename: str) -> list[tuple[int, list[str]]]:
    """The records within the row and column budgets; trailing empty cells do not count as columns."""
    lim = limits.current()
    out = []
    for number, cells in records:
        if number > lim.sheet_rows:
            raise limits.LimitExceeded("sheet_rows", lim.sheet_rows, status=413)
        cells = list(cells)
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > lim.sheet_columns:
            raise limits.LimitExceeded("sheet_columns", lim.sheet_columns, f"row {number}", status=413)
        out.append((number, cells))
    return out


def cell_text(value: Any) -> str:
    """A spreadsheet value as the text a clerk typed: 15 not 15.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return nfc(str(value))


def _xlsx_records(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        vet_package(data, filename)
    except BadPackage as exc:
        raise input_error("table", f"Không đọc được tệp Excel {filename}: {exc.vi}",
                          f"cannot read the Excel file {filename}: {exc.en}") from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # the declared <dimension> would pad every row to its width
            return _bounded(((i, [cell_text(v) for v in values])
                             for i, values in enumerate(ws.iter_rows(values_only=True), 1)), filename)
        finally:
            wb.close()
    except limits.LimitExceeded:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file; the text is for the log
        log.warning("unreadable workbook %s", filename, exc_info=True)
        raise input_error("table", f"Không đọc được tệp Excel {filename} (tệp hỏng hoặc không phải .xlsx)",
                          f"cannot read the Excel file {filename} (damaged, or not an .xlsx)") from None


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # Excel on Vietnamese Windows saves "CSV" in Windows-1258
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise input_error("table", f"Tệp {filename} không phải UTF-8; hãy lưu lại dạng “CSV UTF-8”",
                          f"{filename} is not UTF-8; save it again as “CSV UTF-8”") from None


def _csv_records(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    text = _decode(data, filename)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded(((i, [nfc(c) for c in rec]) for i, rec in enumerate(reader, 1)), filename)
    except csv.Error as exc:
        raise input_error("table", f"Tệp CSV {filename} lỗi ở dòng {reader.line_num}: {exc}",
                          f"CSV {filename} broken at line {reader.line_num}: {exc}") from None


def _table(filename: str, records: list[tuple[int, list[str]]]) -> Table:
    records = [(i, cells) for i, cells in records if any(c.strip() for c in cells)]
    if not records:
        raise input_error("table", f"Bảng {filename} không có dữ liệu", f"the table {filename} is empty")
    batch_rows = limits.current().batch_rows
    if len(records) - 1 > batch_rows:
        raise limits.LimitExceeded("batch_rows", batch_rows, status=413)
    header_row, header = records[0]
    columns = [h.strip() for h in header]
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            raise input_error(f"table[{header_row}]", f"Cột “{name}” bị trùng trong dòng tiêu đề",
                              f"column {name!r} appears twice in the header row")
        seen.add(name)
    rows = []
    for number, cells in records[1:]:
        values: dict[str, str] = {}
        for pos, text in enumerate(cells):
            name = columns[pos] if pos < len(columns) else ""
            if not name:
                if text.strip():
                    raise input_error(f"table[{number}]", f"Dòng {number}, cột thứ {pos + 1} có dữ liệu nhưng "
                                      "cột không có tiêu đề", f"row {number}, column {pos + 1} has data but no "
                                      "header")
                continue
            values[name] = text
        rows.append(Row(number=number, cells=values))
    return Table(kind="table", columns=tuple(c for c in columns if c), rows=tuple(rows))


def _jsonl(data: bytes, filename: str) -> Table:
    text = _decode(data, filename)
    batch_rows = limits.current().batch_rows
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if len(rows) >= batch_rows:
            raise limits.LimitExceeded("batch_rows", batch_rows, status=413)
        try:
            doc = loads(nfc(line))
        except json.JSONDecodeError as exc:
            rows.append(Row(number=number, error=FieldError("", f"dòng {number} sai cú pháp JSON ở cột "
                                                            f"{exc.colno}: {exc.msg}", f"line {number}: "
                                                            f"invalid JSON at column {exc.colno}: {exc.msg}")))
            continue
        except limits.LimitExceeded as exc:  # one line past a budget fails that line, not the batch
            rows.append(Row(number=number, error=FieldError("", f"dòng {number}: {exc.vi}",
                                                            f"line {number}: {exc.en}")))
            continue
        except NotJson as exc:
            rows.append(Row(number=number, error=FieldError("", f"dòng {number}: {exc.vi}",
                                                            f"line {number}: {exc.en}")))
            continue
        rows.append(Row(number=number, doc=doc))
    if not rows:
        raise input_error("table", f"Tệp {filename} không có văn bản nào", f"{filename} holds no document")
    return Table(kind="jsonl", columns=(), rows=tuple(rows))


def _json_array(data: bytes, filename: str) -> Any:
    from service.input.load import parse_json
    from service.validate import InvalidDocument

    try:
        return parse_json(data, filename)
    except InvalidDocument as exc:
        raise input_error("rows", exc.errors[0].vi, exc.errors[0].en) from None


def rows_table(rows: Any) -> Table:
    """A JSON array of row objects as a table: keys are the columns (field paths, `stt`, `don_vi`); a string value
    reads like a cell, any other JSON value is the field's value as is, null clears the field."""
    if not isinstance(rows, list) or not rows:
        raise input_error("rows", "rows phải là một danh sách JSON […] có ít nhất một dòng {…}",
                          "rows must be a non-empty JSON list […] of row objects {…}")
    columns: dict[str, None] = {}
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise input_error(f"rows[{i}]", f"Dòng rows[{i}] phải là một đối tượng JSON {{…}}",
                              f"rows[{i}] must be a JSON object {{…}}")
        cells = {}
        for key, value in row.items():
            name = nfc(key.strip())
            if not name:
                raise input_error(f"rows[{i}]", f"Dòng rows[{i}] có một cột không tên",
                                  f"rows[{i}] has a column without a name")
            columns.setdefault(name, None)
            cells[name] = nfc(value) if isinstance(value, str) else value
        out.append(Row(number=i, cells=cells))
    return Table(kind="table", columns=tuple(columns), rows=tuple(out))
