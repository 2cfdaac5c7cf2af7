"""File names that survive every mail client and file system, yet still say what the document is."""
from __future__ import annotations

import re
import unicodedata

from service.compose.symbols import symbol_for


def ascii_slug(text: str, max_len: int = 80) -> str:
    """`Kế hoạch` → `ke-hoach`; đ/Đ have no decomposition and are mapped by hand."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text[:max_len].strip("-") or "van-ban"


def document_filename(doc: dict, ext: str) -> str:
    """`ke-hoach_15-KH-LDTBXH_2024-02-05.docx` (type, number-symbol, date); drafts say `du-thao`."""
    number = doc.get("number")
    symbol = symbol_for(doc)
    numbered = f"{number:02d}-{symbol}" if number else f"du-thao-{symbol}"
    date = doc.get("date") or "khong-ngay"
    return f"{ascii_slug(doc['type'].replace('_', '-'))}_{ascii_slug(numbered)}_{ascii_slug(date)}.{ext}"
