"""The reading layer both the checker and the importer stand on: a .docx (or any source turned into the same
paragraphs) read with styles, lists and tables resolved; text normalised for matching; body lines classified by
their numbering; the decree's elements located by content.

Modules: package (the .docx as an OPC package, with its size budgets), formatting (Word's style hierarchy),
listlabels (the labels Word prints for list numbering), reader (paragraphs, lines and runs in reading order), text
(normal forms for matching), sequences (what a body line's label is), dateline (the place–date line), locate (the
decree's elements found by content). Nothing here imports the checker or the importer.
"""
from __future__ import annotations

from service.reading.dateline import BLANK_RE, DATE_RE
from service.reading.formatting import ParaFormat, RunFormat
from service.reading.locate import (ARCHIVE_WORD, AUTHORITY_LETTERS, BASIS_WORDS, DASH_LINE_RE, DRAFTER_RE,
                                    HEADER_SCAN, KINH_GUI_RE, KINH_GUI_WORDS, MOTTO_OPENING, MOTTO_TYPED,
                                    NATIONAL_NAME_GARBLED, NATIONAL_NAME_TYPED, NOI_NHAN_WORDS, NUMBER_RE,
                                    PLACE_DATE_RE, SIGNED_MARK_RE, TYPE_NAMES, Elements, header_flow,
                                    is_national_name, locate)
from service.reading.package import NotADocx
from service.reading.reader import Document, Line, Para, Run, read_docx
from service.reading.sequences import Label, classify, is_title_line
from service.reading.text import has_letters, is_upper, key, loose_words, norm

__all__ = [
    "BLANK_RE", "DATE_RE", "ParaFormat", "RunFormat", "ARCHIVE_WORD", "AUTHORITY_LETTERS", "BASIS_WORDS",
    "DASH_LINE_RE", "DRAFTER_RE", "HEADER_SCAN", "KINH_GUI_RE", "KINH_GUI_WORDS", "MOTTO_OPENING", "MOTTO_TYPED",
    "NATIONAL_NAME_TYPED", "NOI_NHAN_WORDS", "NUMBER_RE", "PLACE_DATE_RE", "SIGNED_MARK_RE", "TYPE_NAMES",
    "NATIONAL_NAME_GARBLED", "Elements", "header_flow", "is_national_name", "locate", "NotADocx", "Document",
    "Line", "Para", "Run", "read_docx", "Label", "classify", "is_title_line", "has_letters", "is_upper", "key", "loose_words", "norm",
]  # fmt: skip
