"""Input budgets: how much of a file, a package or a document any reader accepts before it stops.

Every reader (the .docx package and reader, spreadsheets, CSV, JSON Lines, text files, JSON bodies, the
validator's document cost) asks `current()` for its budget and raises `LimitExceeded` past it, before the work
or the memory grows with the input. The values come from `VANBAN_*` settings (service/config.py); the defaults
are generous for real documents (a 300-page plan, a 2,000-row statistics table, a 5,000-row batch).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from service.messages import BilingualError


@dataclass(frozen=True)
class Limits:
    package_bytes: int = 64 * 1024 * 1024  # uncompressed bytes read from one .docx/.xlsx, counted across parts
    package_parts: int = 1000  # members of one .docx/.xlsx
    xml_elements: int = 400_000  # elements parsed from one package, all parts together
    xml_depth: int = 128  # nesting of XML elements (Word writes about 20)
    paragraphs: int = 30_000  # paragraphs read from one .docx
    table_cells: int = 100_000  # table cells read from one .docx
    sheet_rows: int = 20_000  # rows of a spreadsheet or CSV (header included)
    sheet_columns: int = 200  # columns of a spreadsheet or CSV row
    text_lines: int = 20_000  # lines of a text (.txt) import (a 60-page document has about 3,000)
    batch_rows: int = 5_000  # documents in one batch
    json_depth: int = 64  # nesting of a JSON value (our deepest document is about 15)
    int_digits: int = 40  # digits of one JSON integer
    doc_paragraphs: int = 10_000  # paragraphs and bullets of one document (validation)
    doc_cells: int = 50_000  # table cells of one document (validation)
    doc_chars: int = 1_000_000  # characters in all strings of one document (validation)
    pdf_cells: int = 10_000  # table cells of a document made into PDF (LibreOffice lays out ~1 ms a cell)
    form_cells: int = 5_000  # table cells of a document opened in the web form (one input each)


# Setting name → Limits field, for service/config.py and the README table.
ENV = {
    "VANBAN_MAX_PACKAGE_BYTES": "package_bytes",
    "VANBAN_MAX_PACKAGE_PARTS": "package_parts",
    "VANBAN_MAX_XML_ELEMENTS": "xml_elements",
    "VANBAN_MAX_XML_DEPTH": "xml_depth",
    "VANBAN_MAX_DOCX_PARAGRAPHS": "paragraphs",
    "VANBAN_MAX_DOCX_CELLS": "table_cells",
    "VANBAN_MAX_SHEET_ROWS": "sheet_rows",
    "VANBAN_MAX_SHEET_COLUMNS": "sheet_columns",
    "VANBAN_MAX_TEXT_LINES": "text_lines",
    "VANBAN_MAX_BATCH_ROWS": "batch_rows",
    "VANBAN_MAX_JSON_DEPTH": "json_depth",
    "VANBAN_MAX_INT_DIGITS": "int_digits",
    "VANBAN_MAX_DOC_PARAGRAPHS": "doc_paragraphs",
    "VANBAN_MAX_DOC_CELLS": "doc_cells",
    "VANBAN_MAX_DOC_CHARS": "doc_chars",
    "VANBAN_MAX_PDF_CELLS": "pdf_cells",
    "VANBAN_MAX_FORM_CELLS": "form_cells",
}

# Vietnamese / English names of each budget, for the messages.
_NAMES = {
    "package_bytes": ("dung lượng giải nén của tệp", "uncompressed size of the package"),
    "package_parts": ("số thành phần trong tệp", "number of parts in the package"),
    "xml_elements": ("số phần tử XML", "number of XML elements"),
    "xml_depth": ("độ lồng nhau của XML", "XML nesting depth"),
    "paragraphs": ("số đoạn văn", "number of paragraphs"),
    "table_cells": ("số ô bảng", "number of table cells"),
    "sheet_rows": ("số dòng của bảng tính", "number of spreadsheet rows"),
    "sheet_columns": ("số cột của bảng tính", "number of spreadsheet columns"),
    "text_lines": ("số dòng của tệp văn bản", "number of lines of the text file"),
    "batch_rows": ("số văn bản trong một lô", "number of documents in a batch"),
    "json_depth": ("độ lồng nhau của JSON", "JSON nesting depth"),
    "int_digits": ("số chữ số của một số nguyên", "digits of one integer"),
    "doc_paragraphs": ("số đoạn văn và gạch đầu dòng của văn bản", "paragraphs and bullets of the document"),
    "doc_cells": ("số ô bảng của văn bản", "table cells of the document"),
    "doc_chars": ("tổng số ký tự của văn bản", "total characters of the document"),
    "pdf_cells": ("số ô bảng của văn bản khi xuất PDF (bản .docx vẫn tải được)",
                  "table cells of a document made into PDF (the .docx still works)"),
    "form_cells": ("số ô bảng của văn bản mở trong biểu mẫu (tệp JSON, API và .docx vẫn dùng được)",
                   "table cells of a document opened in the web form (JSON, the API and the .docx still work)"),
}

_current = Limits()


class LimitExceeded(BilingualError, ValueError):
    """An input is past one of the budgets; `status` is 413 for sizes of a file, 422 for the content's shape."""

    def __init__(self, name: str, limit: int, where: str = "", status: int = 422):
        self.name, self.limit, self.where, self.status = name, limit, where, status
        vi, en = _NAMES[name]
        at = f" ({where})" if where else ""
        super().__init__(f"Vượt giới hạn {vi}: tối đa {limit:,}".replace(",", ".") + at,
                         f"Limit exceeded: {en} is at most {limit:,}" + at)

    @property
    def setting(self) -> str:
        """The VANBAN_* setting that raises this budget."""
        return next(k for k, v in ENV.items() if v == self.name)


def current() -> Limits:
    return _current


def configure(limits: Limits) -> None:
    """Set the process-wide budgets (create_app and the CLI do it from the configuration)."""
    global _current
    _current = limits


def from_settings(env: dict[str, str]) -> Limits:
    """Budgets from VANBAN_* settings; unset or empty keeps the default, a non-positive or non-number is an error."""
    values = {}
    for key, name in ENV.items():
        raw = (env.get(key) or "").strip()
        if raw:
            try:
                value = int(raw)
            except ValueError:
                raise ValueError(f"{key} must be a whole number, not {raw!r}") from None
            if value <= 0:
                raise ValueError(f"{key} must be positive, not {value}")
            values[name] = value
    return dataclasses.replace(Limits(), **values)


class Counter:
    """A running count against one budget (elements, rows, cells …): `add()` raises when it goes past."""

    __slots__ = ("name", "limit", "count", "status")

    def __init__(self, name: str, limit: int | None = None, status: int = 422):
        self.name = name
        self.limit = getattr(_current, name) if limit is None else limit
        self.count = 0
        self.status = status

    def add(self, n: int = 1, where: str = "") -> None:
        self.count += n
        if self.count > self.limit:
            raise LimitExceeded(self.name, self.limit, where, self.status)
