"""Issuing a copy (bản sao: SAO Y, SAO LỤC, TRÍCH SAO; App. III samples 3.1, 3.2).

A document that carries a `copy` block is an already-issued original (its own number stays as it is)
copied by an agency; issuing it numbers the copy block from the copying agency's "Sổ bản sao"
(registers.resolve_copy_register): one sequence for every kind of copy, from 01 each year
(ND30 App. I, thể thức bản sao; nd30-layout.md §6). The register row describes the copy: its number
and symbol (15/SY-UBND), date, signer, recipients and archive, and which original it copies."""
from __future__ import annotations

import copy as _copy
import datetime as dt
from typing import Any

from service.compose.dates import parse_issue_date, short_date
from service.compose.numbers import format_number
from service.compose.symbols import compose_symbol, symbol_for
from service.register.columns import RegisterColumns, type_name
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


def stamp(doc: dict[str, Any], number: int, issue_date: dt.date) -> dict[str, Any]:
    """The document as copied: the copies register's number and the copy date written into the copy block."""
    out = _copy.deepcopy(doc)
    out["copy"]["number"] = number
    out["copy"]["date"] = issue_date.isoformat()
    return out


def copy_symbol(block: dict[str, Any]) -> str:
    """`SY-UBND`: the copy kind's abbreviation (nd30.COPY_ABBREVIATIONS) and the copying agency's."""
    if block.get("symbol"):
        return str(block["symbol"])
    return compose_symbol(nd30.COPY_ABBREVIATIONS[block["kind"]][1], block["issuer"]["abbr"])


def _original_date(value: Any) -> str:
    try:
        parsed = parse_issue_date(value)
    except (TypeError, ValueError):
        return ""
    if parsed is None:
        return ""
    if parsed.day and parsed.month:
        return " ngày " + short_date(dt.date(parsed.year, parsed.month, parsed.day))
    return f" tháng {parsed.month:02d}/{parsed.year}" if parsed.month else f" năm {parsed.year}"


def columns_for(doc: dict[str, Any], number: int, issue_date: dt.date) -> RegisterColumns:
    """App. IV columns for the copy: the copy's own number, date, signer, recipients and archive; the
    original (number, date, agency) in the type-and-summary and notes columns."""
    block = doc["copy"]
    symbol = copy_symbol(block)
    kind_name = nd30.COPY_ABBREVIATIONS[block["kind"]][0]
    original = f"{format_number(doc['number'])}/{symbol_for(doc)}"
    summary = str(doc.get("summary") or "").strip()
    doc_name = type_name(str(doc.get("type"))).lower()
    recipients = [str(r).strip() for r in block.get("noi_nhan") or [] if str(r).strip()]
    issuer = doc.get("issuer") or {}
    return RegisterColumns(
        number_symbol=f"{format_number(number)}/{symbol}",
        issue_date=issue_date,
        type_summary=f"{kind_name} {doc_name} số {original}: {summary}".strip(),
        signer=str((block.get("signer") or {}).get("name") or "").strip(),
        recipients="; ".join(dict.fromkeys(recipients)),
        archive_unit=", ".join(str(u).strip() for u in block.get("luu") or []),
        copies=None,
        notes=f"Sao từ văn bản số {original}{_original_date(doc.get('date'))} của {issuer.get('name', '')}".strip(),
        symbol=symbol,
        summary=summary,
    )
