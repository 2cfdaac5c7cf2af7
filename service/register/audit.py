"""The audit trail: every issue, void, export and credential change, with who and when."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from service.register.models import AuditEvent


def record(session: Session, *, actor: str, action: str, at: dt.datetime, entry_id: int | None = None,
           detail: dict[str, Any] | None = None) -> AuditEvent:
    """Add an audit row to the caller's transaction (it commits or rolls back with the change it describes)."""
    event = AuditEvent(at=at, actor=actor, action=action, entry_id=entry_id, detail=detail or {})
    session.add(event)
    return event


def events(engine: Engine, *, entry_id: int | None = None, action: str | None = None,
           limit: int = 200) -> list[AuditEvent]:
    """Latest audit events first, optionally for one register entry or one action."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if entry_id is not None:
        stmt = stmt.where(AuditEvent.entry_id == entry_id)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    with Session(engine) as session:
        return list(session.scalars(stmt))
