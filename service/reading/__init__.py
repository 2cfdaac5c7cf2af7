"""The reading layer both the checker and the importer stand on: a .docx (or any source turned into the same
paragraphs) read with styles, lists and tables resolved; text normalised for matching; body lines classified by
their numbering; the decree's elements located by content.

The implementation lives in service/check/ (reader, package, formatting, text, sequences, dateline, locate) while
the .docx reader's size budgets are being added there; other packages import the layer from here only, so the
modules can move under this package without touching their users.
"""
from __future__ import annotations

from service.check.dateline import BLANK_RE, DATE_RE
from service.check.formatting import ParaFormat, RunFormat
from service.check.locate import (DASH_LINE_RE, DRAFTER_RE, HEADER_SCAN, KINH_GUI_RE, NUMBER_RE, PLACE_DATE_RE,
                                  SIGNED_MARK_RE, Elements, locate)
from service.check.package import NotADocx
from service.check.reader import Document, Line, Para, Run, read_docx
from service.check.sequences import Label, classify, is_title_line
from service.check.text import has_letters, is_upper, key, norm

__all__ = [
    "BLANK_RE", "DATE_RE", "ParaFormat", "RunFormat", "DASH_LINE_RE", "DRAFTER_RE", "HEADER_SCAN", "KINH_GUI_RE",
    "NUMBER_RE", "PLACE_DATE_RE", "SIGNED_MARK_RE", "Elements", "locate", "NotADocx", "Document", "Line", "Para",
    "Run", "read_docx", "Label", "classify", "is_title_line", "has_letters", "is_upper", "key", "norm",
]  # fmt: skip
