"""Allocate the next number of a register for a year (ND30 Art. 15 §1: from 01 on 1 January, unique
within the year). The counter row for (register, year) is locked for the rest of the caller's
transaction — SELECT … FOR UPDATE on PostgreSQL; on SQLite the whole database is already write-locked
by BEGIN IMMEDIATE (see db.write_session) — so two clerks can never read the same last number,
and a rolled-back transaction gives its number back."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.register.models import Counter


def _insert_counter_if_missing(session: Session, register_id: int, year: int) -> None:
    dialect = session.get_bind().dialect.name
    values = {"register_id": register_id, "year": year, "last_number": 0}
    if dialect == "postgresql":
        stmt = postgresql.insert(Counter).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(Counter).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two supported backends
        raise RuntimeError(f"unsupported database {dialect}")
    session.execute(stmt)


def next_number(session: Session, register_id: int, year: int) -> int:
    """Reserve and return the next number; must run inside a write_session transaction."""
    _insert_counter_if_missing(session, register_id, year)
    last = session.execute(
        select(Counter.last_number)
        .where(Counter.register_id == register_id, Counter.year == year)
        .with_for_update()
    ).scalar_one()
    number = last + 1
    session.execute(
        update(Counter)
        .where(Counter.register_id == register_id, Counter.year == year)
        .values(last_number=number)
    )
    return number
