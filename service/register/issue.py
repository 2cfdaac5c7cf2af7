"""Issue a document: give it the next number of its register, stamp number and date, render it, store
the exact bytes and write the register row — all under one lock, in one transaction.

Write order (why a crash at any point is safe):
  1. BEGIN (write lock: BEGIN IMMEDIATE on SQLite, the counter row FOR UPDATE on PostgreSQL);
  2. counter + 1 → number n (not yet visible to anyone);
  3. stamp n and the issue date into the document (Document.stamped: no validation) and render it;
  4. write the file to the content-addressed store (temp file, fsync, atomic rename, fsync dir);
  5. insert the register row (digest of the file) and the audit row;
  6. COMMIT — the number, the row and the audit row become visible together.
A crash before 6 rolls everything back: n is handed out again by the next issue, and at most an
orphan file (no row points to it) stays behind, which is harmless and removed by `gc.sweep_orphans`.
A crash after 6 leaves a complete row whose file was already durable in step 4. So a register row
never exists without its file, and no number is ever burned or duplicated.

A document carrying a `copy` block is a copy of an issued original: the same steps number the copy
block from the copying agency's copies register instead (service.register.copies).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import store
from service.agency.expand import ProfileLookup
from service.document import Document
from service.document.numbers import format_number
from service.parse import parse
from service.produce import DOCX_MEDIA_TYPE, produce
from service.register import audit, copies
from service.register.agencies import db_lookup
from service.register.allocate import next_number
from service.register.columns import columns_for, search_text
from service.register.db import write_session
from service.register.errors import BadInput, Conflict
from service.register.models import Entry
from service.register.registers import agency_for_document, resolve_copy_register, resolve_register
from service.register.scope import Scope, allows, deny_agency
from service.register.vntime import Clock, as_utc, utc_now, vietnam_date

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Rendered:
    """What a renderer produced for the issued document: the file to store, its type, and for an electronic
    issue (signed PDF) the PAdES level and one audit detail per signature applied."""

    data: bytes
    media_type: str = DOCX_MEDIA_TYPE
    extension: str = "docx"
    electronic: bool = False
    signature_level: str | None = None
    signatures: tuple[dict[str, Any], ...] = ()


Renderer = Callable[[Document], "bytes | Rendered"]


@dataclass(frozen=True)
class Issued:
    """The register row of an issued document; `replayed` is True when an Idempotency-Key retry
    returned an earlier issue instead of allocating a new number."""

    entry: Entry
    replayed: bool


def default_renderer(document: Document) -> Rendered:
    """The product's .docx (service.produce)."""
    produced = produce(document, "docx")
    return Rendered(produced.data, produced.media_type, "docx")


def request_digest(doc: Any, issue_date: dt.date | None, variant: dict[str, Any] | None = None) -> str:
    """Fingerprint of an issue request, to tell a true retry from a different request under the same key
    (`variant`: how it is issued, e.g. signed with which keys; absent for a plain issue)."""
    request_obj: dict[str, Any] = {"doc": doc, "date": issue_date.isoformat() if issue_date else None}
    if variant:
        request_obj["variant"] = variant
    canonical = json.dumps(request_obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # surrogatepass: a lone surrogate must reach the validator (a 422 naming the field), not fail here
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _check_request(doc: Any, idempotency_key: str | None) -> None:
    if not isinstance(doc, dict):
        raise BadInput("Dữ liệu văn bản phải là một đối tượng JSON.", "The document must be a JSON object.",
                       field="document")
    if copies.carries_copy(doc):
        copies.check_request(doc)
    elif doc.get("number") is not None:
        raise BadInput("Văn bản đã có số; chỉ cấp số cho dự thảo (number phải để trống).",
                       "The document already has a number; only a draft (number null) can be issued.",
                       field="number")
    if idempotency_key is not None and not (0 < len(idempotency_key) <= MAX_KEY_LENGTH):
        raise BadInput(f"Idempotency-Key phải có từ 1 đến {MAX_KEY_LENGTH} ký tự.",
                       f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.", field="Idempotency-Key")


def _replay(session: Session, key: str, digest: str) -> Issued | None:
    found = session.scalars(select(Entry).where(Entry.idempotency_key == key)).one_or_none()
    if found is None:
        return None
    if found.request_sha256 != digest:
        raise Conflict("Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.",
                       "This Idempotency-Key was already used for a different request; use a new key.",
                       field="Idempotency-Key", extra={"entry_id": found.id})
    return Issued(entry=found, replayed=True)


class _Replay(Exception):
    """Internal: abandon the transaction and answer with an earlier issue."""

    def __init__(self, issued: Issued) -> None:
        super().__init__("replay")
        self.issued = issued


def _filename(year: int, number: int, symbol: str, extension: str = "docx") -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in symbol)
    return f"{year}-{format_number(number)}-{safe}.{extension}"


def issue(engine: Engine, store_root: str | Path, doc: dict[str, Any], *, actor: str,
          idempotency_key: str | None = None, issue_date: dt.date | None = None,
          clock: Clock = utc_now, render: Renderer = default_renderer,
          variant: dict[str, Any] | None = None, agencies: Scope = None,
          lookup: ProfileLookup | None = None) -> Issued:
    """Number, stamp, render, store and register one document (see the module doc for the write order).

    `agencies` is the caller's scope (ids; None = every agency, and an issuer never seen before gets an agency
    of its own): a document of another agency is refused with 403 and an audit row. A document naming its
    agency, signer or recipient groups by id is expanded first (service.agency.expand) from `lookup`, by default
    the profiles in this database; the Idempotency-Key fingerprint is taken from the request as sent.

    `issue_date` defaults to today in Vietnam (from `clock`); the number comes from the register of
    that date's year. The document is parsed once (service.parse: expanded and validated) before any lock is
    taken, so a number is never spent on a bad one. Raises InvalidDocument (service.validate) or RegisterError
    subclasses."""
    _check_request(doc, idempotency_key)
    digest = request_digest(doc, issue_date, variant)
    document = parse(doc, lookup=lookup or db_lookup(engine))
    if idempotency_key is not None:
        with Session(engine, expire_on_commit=False) as session:
            earlier = _replay(session, idempotency_key, digest)
            if earlier is not None:
                return earlier
    now = as_utc(clock())  # stored as UTC: SQLite keeps no offset
    today = vietnam_date(now)
    date = issue_date or today
    if date > today:
        raise BadInput(f"Ngày ban hành {date.isoformat()} ở tương lai (hôm nay {today.isoformat()}).",
                       f"Issue date {date.isoformat()} is in the future (today is {today.isoformat()}).",
                       field="date")
    is_copy = document.copy is not None
    agency = agency_for_document(engine, document.data, now=now, create=agencies is None)
    if agency is None or not allows(agencies, agency.id):
        raise deny_agency(engine, actor=actor, what="issue", agency_id=agency.id if agency else None,
                          code=agency.code if agency else None, field="copy.issuer" if is_copy else "issuer")
    register = (resolve_copy_register(engine, agency.id, now=now) if is_copy
                else resolve_register(engine, agency.id, document.data, now=now))
    try:
        with write_session(engine) as session:
            number = next_number(session, register.id, date.year)
            if idempotency_key is not None:  # a concurrent retry may have committed while we waited
                earlier = _replay(session, idempotency_key, digest)
                if earlier is not None:
                    raise _Replay(earlier)  # leaves the block by rollback: the number goes back
            issued = document.stamped(number, date)
            out = render(issued)
            out = out if isinstance(out, Rendered) else Rendered(out)
            data = out.data
            sha = store.put(store_root, data)  # durable before the row can commit
            cols = (copies.columns_for if is_copy else columns_for)(issued)
            entry = Entry(
                register_id=register.id, year=date.year, number=number, doc_type=issued.type_id,
                number_symbol=cols.number_symbol, issue_date=date, type_summary=cols.type_summary,
                signer=cols.signer, recipients=cols.recipients, archive_unit=cols.archive_unit,
                copies=cols.copies, notes=cols.notes, symbol=cols.symbol, summary=cols.summary,
                search_text=search_text(cols), sha256=sha, size=len(data), media_type=out.media_type,
                filename=_filename(date.year, number, cols.symbol, out.extension), document=issued.as_json(),
                electronic=out.electronic, signature_level=out.signature_level,
                idempotency_key=idempotency_key, request_sha256=digest, issued_by=actor, issued_at=now,
            )
            session.add(entry)
            session.flush()
            audit.record(session, actor=actor, action="issue", at=now, entry_id=entry.id,
                         detail={"register": register.code, "year": date.year, "number": number,
                                 "number_symbol": cols.number_symbol, "sha256": sha,
                                 "idempotency_key": idempotency_key})
            for signature in out.signatures:  # who signed, with which certificate, over which bytes
                audit.record(session, actor=actor, action="sign", at=now, entry_id=entry.id,
                             detail={**signature, "issued_sha256": sha})
        return Issued(entry=entry, replayed=False)
    except _Replay as replay:
        return replay.issued
    except IntegrityError:
        # Only the Idempotency-Key can collide here (numbers are allocated under the lock):
        # another request with the same key committed first.
        if idempotency_key is None:
            raise
        with Session(engine, expire_on_commit=False) as session:
            earlier = _replay(session, idempotency_key, digest)
        if earlier is None:
            raise
        return earlier
