"""The mapping migration 0004_agency made from issuer names to agencies (audit rows `agency_migrate`), as lines
for `vanban db upgrade` and `vanban agency migrate-report`."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from service.register.models import AuditEvent

ACTION = "agency_migrate"


def _rows(engine: Engine) -> list[AuditEvent]:
    if not inspect(engine).has_table("audit_events"):
        return []
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == ACTION).order_by(AuditEvent.id)))


def migration_report_ids(engine: Engine) -> set[int]:
    """Ids of the mapping rows already there (so `db upgrade` prints only what it just did)."""
    return {row.id for row in _rows(engine)}


def migration_report(engine: Engine, exclude: set[int] = frozenset()) -> Iterator[str]:
    """One line per agency created from names, then one per register it took over (old code → new code)."""
    for row in _rows(engine):
        if row.id in exclude:
            continue
        d = row.detail
        names = " | ".join(d.get("old_keys") or [])
        yield f"agency {d.get('code')} (id {d.get('agency_id')}) ← {names}"
        for reg in d.get("registers") or []:
            renamed = f" (was {reg['old_code']})" if reg.get("old_code") != reg.get("code") else ""
            yield f"  register {reg.get('register_id')} [{reg.get('code')}]{renamed} {reg.get('kind')}"
