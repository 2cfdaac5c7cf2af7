"""The 10 columns of the outgoing-document register (sổ đăng ký văn bản đi), ND30 App. IV,
computed from the document as issued (number and date stamped)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from service.document import Document
from service.rules import nd30

HEADINGS_VI = nd30.OUTGOING_REGISTER_HEADINGS
TITLE_VI = nd30.OUTGOING_REGISTER_TITLE


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


def columns_for(document: Document) -> RegisterColumns:
    """Register columns of a document as issued (number and date stamped: Document.stamped)."""
    assert document.number is not None and document.number_symbol is not None and document.issue_date is not None
    recipients = [r.strip() for r in document.kinh_gui + document.noi_nhan if r.strip()]
    marks = [m.strip() for m in (document.urgency, document.secrecy) if m]
    return RegisterColumns(
        number_symbol=document.number_symbol,
        issue_date=document.issue_date,
        type_summary=f"{document.type.name} {document.summary}".strip(),
        signer=(document.signer.name if document.signer else "").strip(),
        recipients="; ".join(dict.fromkeys(recipients)),
        archive_unit=", ".join(u.strip() for u in document.luu),
        copies=document.drafter.copies if document.drafter and isinstance(document.drafter.copies, int) else None,
        notes=", ".join(marks) or None,
        symbol=document.symbol,
        summary=document.summary,
    )


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search ("Đức" and "duc" match)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).casefold().strip()


def search_text(cols: RegisterColumns) -> str:
    return fold(" | ".join((cols.number_symbol, cols.type_summary, cols.signer, cols.recipients)))
