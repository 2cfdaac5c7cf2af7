"""Reading the register: one entry, search by year / type / free text, voiding a number, recording delivery."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from service import store
from service.register import audit
from service.register.columns import fold
from service.register.db import write_session
from service.register.errors import BadInput, Conflict, NotFound
from service.register.models import Entry, Register
from service.register.scope import Scope, allows, deny_entry
from service.register.vntime import Clock, as_utc, utc_now

MAX_PAGE = 500


def _agency_of(session: Session, entry: Entry) -> int:
    return session.scalar(select(Register.agency_id).where(Register.id == entry.register_id))


def _checked(engine: Engine, session: Session, entry: Entry | None, entry_id: int, agencies: Scope, actor: str,
             what: str) -> Entry:
    """The entry when it exists and belongs to one of the caller's agencies; else NotFound (audited when it is
    another agency's)."""
    if entry is None:
        raise NotFound(f"Không có văn bản số {entry_id} trong sổ.", f"No register entry {entry_id}.", field="id")
    if agencies is not None:
        agency_id = _agency_of(session, entry)
        if not allows(agencies, agency_id):
            raise deny_entry(engine, actor=actor, what=what, entry_id=entry_id, agency_id=agency_id)
    return entry


def get_entry(engine: Engine, entry_id: int, *, agencies: Scope = None, actor: str = "", what: str = "read") -> Entry:
    """One register row by id (NotFound if absent or, for a caller scoped to `agencies`, another agency's)."""
    with Session(engine, expire_on_commit=False) as session:
        return _checked(engine, session, session.get(Entry, entry_id), entry_id, agencies, actor, what)


def read_file(engine: Engine, store_root: str | Path, entry_id: int, *, agencies: Scope = None,
              actor: str = "") -> tuple[Entry, bytes]:
    """The entry and the exact bytes issued (checked against the stored digest)."""
    entry = get_entry(engine, entry_id, agencies=agencies, actor=actor)
    data = store.read(store_root, entry.sha256)
    if store.digest_of(data) != entry.sha256:
        raise RuntimeError(f"stored file for entry {entry_id} does not match its sha256")
    return entry, data


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    total: int


def search(engine: Engine, *, year: int | None = None, doc_type: str | None = None, q: str | None = None,
           register_code: str | None = None, limit: int = 100, offset: int = 0, agencies: Scope = None) -> Page:
    """Entries in register order (year, register, number), filtered; `q` matches number & symbol,
    type & summary, signer and recipients, ignoring case and Vietnamese accents. A caller scoped to `agencies`
    sees only their registers."""
    if not 0 < limit <= MAX_PAGE:
        raise BadInput(f"limit phải từ 1 đến {MAX_PAGE}.", f"limit must be 1 to {MAX_PAGE}.", field="limit")
    if offset < 0:
        raise BadInput("offset không được âm.", "offset must not be negative.", field="offset")
    conds = []
    if agencies is not None:
        conds.append(Entry.register_id.in_(select(Register.id).where(Register.agency_id.in_(list(agencies)))))
    if year is not None:
        conds.append(Entry.year == year)
    if doc_type:
        conds.append(Entry.doc_type == doc_type)
    if register_code:
        conds.append(Entry.register_id.in_(select(Register.id).where(Register.code == register_code)))
    if q and q.strip():
        for word in fold(q).split(" "):
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append(Entry.search_text.like(f"%{escaped}%", escape="\\"))
    with Session(engine, expire_on_commit=False) as session:
        total = session.scalar(select(func.count()).select_from(Entry).where(*conds)) or 0
        rows = session.scalars(
            select(Entry).where(*conds)
            .order_by(Entry.year, Entry.register_id, Entry.number).limit(limit).offset(offset)
        ).all()
        return Page(entries=list(rows), total=total)


def void(engine: Engine, entry_id: int, *, reason: str, actor: str, clock: Clock = utc_now,
         agencies: Scope = None) -> Entry:
    """Mark a number void with a reason; the row, file and number stay (a number is never reused)."""
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("Phải ghi lý do hủy số.", "A reason for voiding is required.", field="reason")
    if agencies is not None:  # checked (and a denial audited) before the write lock is taken
        get_entry(engine, entry_id, agencies=agencies, actor=actor, what="void")
    now = as_utc(clock())  # stored as UTC: SQLite keeps no offset
    with write_session(engine) as session:
        entry = _checked(engine, session, session.get(Entry, entry_id, with_for_update=True), entry_id, None,
                         actor, "")
        if entry.voided_at is not None:
            raise Conflict(f"Số {entry.number_symbol} đã bị hủy trước đó.",
                           f"{entry.number_symbol} is already void.", field="id")
        entry.voided_at = now
        entry.voided_by = actor
        entry.void_reason = reason
        audit.record(session, actor=actor, action="void", at=now, entry_id=entry.id,
                     detail={"number_symbol": entry.number_symbol, "reason": reason})
    return entry


def record_delivery(engine: Engine, entry_id: int, *, date_sent: dt.date, received_by: str, actor: str,
                    clock: Clock = utc_now, agencies: Scope = None) -> Entry:
    """Columns 8–9 of App. IV: the day the document left and who signed for it; audited, may be corrected."""
    received_by = (received_by or "").strip()
    if not received_by:
        raise BadInput("Phải ghi người ký nhận.", "Who received the document is required.", field="received_by")
    if len(received_by) > 200:
        raise BadInput("Người ký nhận dài quá 200 ký tự.", "received_by is longer than 200 characters.",
                       field="received_by")
    if agencies is not None:  # checked (and a denial audited) before the write lock is taken
        get_entry(engine, entry_id, agencies=agencies, actor=actor, what="deliver")
    now = as_utc(clock())
    with write_session(engine) as session:
        entry = _checked(engine, session, session.get(Entry, entry_id, with_for_update=True), entry_id, None,
                         actor, "")
        if date_sent < entry.issue_date:
            raise BadInput(f"Ngày chuyển không được trước ngày ban hành ({entry.issue_date:%d/%m/%Y}).",
                           f"date_sent cannot be before the issue date ({entry.issue_date.isoformat()}).",
                           field="date_sent")
        before = {"date_sent": entry.date_sent.isoformat() if entry.date_sent else None,
                  "received_by": entry.received_by}
        entry.date_sent = date_sent
        entry.received_by = received_by
        audit.record(session, actor=actor, action="deliver", at=now, entry_id=entry.id,
                     detail={"number_symbol": entry.number_symbol, "before": before,
                             "date_sent": date_sent.isoformat(), "received_by": received_by})
    return entry


def entry_notes(entry: Entry) -> str:
    """Column 10 (Ghi chú): the marks noted at issue plus the void, if any."""
    parts = [entry.notes] if entry.notes else []
    if entry.voided_at is not None:
        parts.append(f"Đã hủy: {entry.void_reason}")
    return "; ".join(parts)


def entry_dict(entry: Entry) -> dict[str, Any]:
    """JSON form of a register row: the 10 App. IV columns plus identity and file metadata."""

    def day(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    def moment(t: dt.datetime | None) -> str | None:
        return as_utc(t).isoformat() if t else None

    return {
        "id": entry.id,
        "year": entry.year,
        "number": entry.number,
        "type": entry.doc_type,
        "symbol": entry.symbol,
        "columns": {
            "number_symbol": entry.number_symbol,
            "date": day(entry.issue_date),
            "type_summary": entry.type_summary,
            "signer": entry.signer,
            "recipients": entry.recipients,
            "archive_unit": entry.archive_unit,
            "copies": entry.copies,
            "date_sent": day(entry.date_sent),
            "received_by": entry.received_by,
            "notes": entry_notes(entry) or None,
        },
        "file": {"sha256": entry.sha256, "size": entry.size, "media_type": entry.media_type,
                 "filename": entry.filename},
        "electronic": bool(entry.electronic),
        "signature_level": entry.signature_level,
        "issued_by": entry.issued_by,
        "issued_at": moment(entry.issued_at),
        "void": None if entry.voided_at is None else {
            "at": moment(entry.voided_at), "by": entry.voided_by, "reason": entry.void_reason},
    }
