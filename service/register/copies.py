"""Issuing a copy (bản sao: SAO Y, SAO LỤC, TRÍCH SAO; App. III samples 3.1, 3.2).

A document that carries a `copy` block is an already-issued original (its own number stays as it is)
copied by an agency; issuing it numbers the copy block from the copying agency's "Sổ bản sao"
(registers.resolve_copy_register): one sequence for every kind of copy, from 01 each year
(ND30 App. I, thể thức bản sao; nd30-layout.md §6). The register row describes the copy: its number
and symbol (15/SY-UBND), date, signer, recipients and archive, and which original it copies."""
from __future__ import annotations

import datetime as dt
from typing import Any

from service.compose.dates import short_date
from service.document import Document
from service.register.columns import RegisterColumns
from service.register.errors import BadInput
from service.rules import nd30


def carries_copy(doc: Any) -> bool:
    """True when the document has a copy block: issuing it numbers the copy, not the original."""
    return isinstance(doc, dict) and isinstance(doc.get("copy"), dict) and bool(doc["copy"])


def check_request(doc: dict[str, Any]) -> None:
    """A copy is made of an issued original (it has its number) and gets its own number at issue."""
    block = doc["copy"]
    if block.get("number") is not None:
        raise BadInput("Bản sao đã có số; để trống số bản sao (copy.number) để văn thư cấp số từ sổ bản sao.",
                       "The copy already has a number; leave copy.number empty so the copies register "
                       "numbers it.", field="copy.number")
    if doc.get("number") is None:
        raise BadInput("Chỉ sao văn bản đã ban hành: văn bản được sao phải có số (number).",
                       "Only an issued document can be copied: the original needs its number.", field="number")


def _original_date(document: Document) -> str:
    """` ngày 05/02/2024` (or ` tháng 02/2024`, ` năm 2024`) of the original, for the notes column."""
    parsed = document.date
    if parsed is None:
        return ""
    if parsed.day and parsed.month:
        return " ngày " + short_date(dt.date(parsed.year, parsed.month, parsed.day))
    return f" tháng {parsed.month:02d}/{parsed.year}" if parsed.month else f" năm {parsed.year}"


def columns_for(document: Document) -> RegisterColumns:
    """App. IV columns for the copy: the copy's own number, date, signer, recipients and archive; the
    original (number, date, agency) in the type-and-summary and notes columns."""
    block = document.copy
    assert block is not None and block.number is not None and block.date is not None
    kind_name = nd30.COPY_ABBREVIATIONS[block.kind][0]
    original = document.number_symbol
    recipients = [r.strip() for r in block.noi_nhan if r.strip()]
    return RegisterColumns(
        number_symbol=block.number_symbol,
        issue_date=block.date.as_date(),
        type_summary=f"{kind_name} {document.type.name.lower()} số {original}: {document.summary}".strip(),
        signer=block.signer.name.strip(),
        recipients="; ".join(dict.fromkeys(recipients)),
        archive_unit=", ".join(u.strip() for u in block.luu),
        copies=None,
        notes=f"Sao từ văn bản số {original}{_original_date(document)} của {document.issuer.name}".strip(),
        symbol=block.symbol,
        summary=document.summary,
    )
