"""Which agencies' registers a caller may touch, and what happens when it reaches for another's: the request is
refused as if the entry did not exist (404) — or, for issuing in another agency's name, 403 — and the attempt is
written to the audit trail (action `cross_agency`) in its own transaction, so it stays even though the request
fails.

`agencies` is the caller's scope: a collection of agency ids, or None for every agency (auth.Principal.agencies)."""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from service.register import audit
from service.register.errors import Forbidden, NotFound
from service.register.vntime import as_utc, utc_now

Scope = Collection[int] | None


def allows(agencies: Scope, agency_id: int) -> bool:
    return agencies is None or agency_id in agencies


def record_denial(engine: Engine, *, actor: str, what: str, agency_id: int | None,
                  entry_id: int | None = None, detail: dict[str, Any] | None = None) -> None:
    """The audit row of a refused cross-agency access (committed on its own)."""
    with Session(engine) as session, session.begin():
        audit.record(session, actor=actor, action="cross_agency", at=as_utc(utc_now()), entry_id=entry_id,
                     detail={"what": what, "agency_id": agency_id, **(detail or {})})


def deny_entry(engine: Engine, *, actor: str, what: str, entry_id: int, agency_id: int) -> NotFound:
    """Audit, then the same 404 an unknown entry gets (another agency's register is not even confirmed to exist)."""
    record_denial(engine, actor=actor, what=what, agency_id=agency_id, entry_id=entry_id)
    return NotFound(f"Không có văn bản số {entry_id} trong sổ.", f"No register entry {entry_id}.", field="id")


def deny_agency(engine: Engine, *, actor: str, what: str, agency_id: int | None, code: str | None = None,
                field: str = "agency") -> Forbidden:
    """Audit, then 403: the caller works for other agencies."""
    record_denial(engine, actor=actor, what=what, agency_id=agency_id, detail={"agency": code})
    shown = f" {code}" if code else ""
    return Forbidden(f"Tài khoản này không làm việc cho cơ quan{shown}.",
                     f"This account does not work for agency{shown}.", field=field)
