"""The 10 columns of the outgoing-document register (sổ đăng ký văn bản đi), ND30 App. IV,
computed from the document as issued (number and date stamped)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from service.compose.numbers import format_number
from service.compose.symbols import symbol_for
from service.rules.types import get_type

# ND30 App. IV "Mẫu sổ đăng ký văn bản đi": headings of the 10 columns, in order.
HEADINGS_VI: tuple[str, ...] = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
TITLE_VI = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"


@dataclass(frozen=True)
class RegisterColumns:
    """Values for App. IV columns 1–7 and 10 at issue time (8 and 9 are filled when the copy leaves)."""

    number_symbol: str
    issue_date: dt.date
    type_summary: str
    signer: str
    recipients: str
    archive_unit: str
    copies: int | None
    notes: str | None
    symbol: str
    summary: str


def type_name(doc_type: str) -> str:
    """The type's printed name ("Kế hoạch"), from the type table (App. III)."""
    try:
        return get_type(doc_type).name
    except KeyError:
        return doc_type


def columns_for(doc: dict[str, Any], number: int, issue_date: dt.date) -> RegisterColumns:
    """Register columns for a document issued with this number on this date."""
    symbol = symbol_for(doc)
    summary = str(doc.get("summary") or "").strip()
    recipients = [str(r).strip() for r in (doc.get("kinh_gui") or []) + (doc.get("noi_nhan") or []) if str(r).strip()]
    signer = doc.get("signer") or {}
    drafter = doc.get("drafter") or {}
    marks = [str(doc[k]).strip() for k in ("urgency", "secrecy") if doc.get(k)]
    return RegisterColumns(
        number_symbol=f"{format_number(number)}/{symbol}",
        issue_date=issue_date,
        type_summary=f"{type_name(str(doc.get('type')))} {summary}".strip(),
        signer=str(signer.get("name") or "").strip(),
        recipients="; ".join(dict.fromkeys(recipients)),
        archive_unit=", ".join(str(u).strip() for u in doc.get("luu") or []),
        copies=drafter.get("copies") if isinstance(drafter.get("copies"), int) else None,
        notes=", ".join(marks) or None,
        symbol=symbol,
        summary=summary,
    )


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search ("Đức" and "duc" match)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).casefold().strip()


def search_text(cols: RegisterColumns) -> str:
    return fold(" | ".join((cols.number_symbol, cols.type_summary, cols.signer, cols.recipients)))
