"""File names that survive every mail client and file system, yet still say what the document is."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from service.document.numbers import format_number
from service.document.symbols import symbol_for

DRAFT_WORD = "du-thao"  # a draft's file name says so where the number would be
NO_DATE_WORD = "khong-ngay"


def ascii_slug(text: str, max_len: int = 80) -> str:
    """`Kế hoạch` → `ke-hoach`; đ/Đ have no decomposition and are mapped by hand."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text[:max_len].strip("-") or "van-ban"


def file_stem(type_id: str, number: int | None, symbol: str, date_text: str | None) -> str:
    """`ke-hoach_15-KH-LDTBXH_2024-02-05` (type, number-symbol, date); drafts say `du-thao`. The number is padded
    as it prints (format_number)."""
    numbered = f"{format_number(number)}-{symbol}" if number else f"{DRAFT_WORD}-{symbol}"
    return f"{ascii_slug(type_id.replace('_', '-'))}_{ascii_slug(numbered)}_{ascii_slug(date_text or NO_DATE_WORD)}"


def document_filename(doc: Mapping[str, Any], ext: str) -> str:
    """The file name of a JSON document that is not parsed (the form's .json download of a draft); a parsed
    Document has its own (`Document.file_name`)."""
    return f"{file_stem(doc['type'], doc.get('number'), symbol_for(doc), doc.get('date'))}.{ext}"
