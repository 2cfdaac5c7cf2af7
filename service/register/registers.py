"""Which register numbers a document: registers belong to an agency (by id; service.agency), each with the
document types it numbers (ND30 Art. 15 §1: an agency may keep separate registers, e.g. decisions
on their own and everything else together). A register with no type list takes every type not
claimed by another register of the agency. When nothing takes a document's type (e.g. a new agency's
first issue), a catch-all register ("Sổ văn bản đi", code VBDI) is created for the agency.

Copies (SAO Y, SAO LỤC, TRÍCH SAO; App. III samples 3.1, 3.2) are numbered apart: one "Sổ bản sao"
register (kind "copies", code BS) per copying agency, shared by every kind of copy, from 01 each year
(ND30 App. I, thể thức bản sao; nd30-layout.md §6)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.register.db import write_session
from service.register.errors import BadInput, Conflict
from service.register.models import Agency, Register
from service.rules import nd30

DEFAULT_CODE = "VBDI"
DEFAULT_NAME = "Sổ văn bản đi"
OUTGOING = "outgoing"
COPIES = "copies"
COPIES_CODE = "BS"
COPIES_NAME = "Sổ bản sao"
COPIES_TITLE_VI = nd30.COPIES_REGISTER_TITLE


def agency_for_document(engine: Engine, doc: Mapping[str, Any], *, now: dt.datetime, create: bool) -> Agency | None:
    """The agency that numbers a document: the one its `agency` code names, else the one whose name matches its
    issuer (dashes, spaces and case do not count: service.rules.agency_names); with `create`, an agency is made
    for an issuer never seen before (None without). A copy is numbered by the copying agency (`copy.issuer`)."""
    from service.register.agencies import agency_for_issuer

    copy_block = doc.get("copy") if isinstance(doc.get("copy"), Mapping) else None
    code = doc.get("agency")
    with Session(engine, expire_on_commit=False) as session:
        if isinstance(code, str) and not copy_block:
            row = session.scalars(select(Agency).where(Agency.code == code)).first()
            if row is None:
                raise BadInput(f"Không có cơ quan mã “{code}”", f"unknown agency {code!r}", field="agency")
            return row
        issuer = (copy_block.get("issuer") if copy_block else doc.get("issuer")) or {}
        place = (copy_block.get("place") if copy_block else doc.get("place"))
        row = agency_for_issuer(session, issuer, place if isinstance(place, str) else None, now=now, create=False)
    if row is not None or not create:
        return row
    try:
        with write_session(engine) as session:
            row = agency_for_issuer(session, issuer, place if isinstance(place, str) else None, now=now, create=True)
    except IntegrityError:  # another session created it first
        pass
    with Session(engine, expire_on_commit=False) as session:
        row = agency_for_issuer(session, issuer, None, now=now, create=False)
    if row is None:  # pragma: no cover - created just above
        raise RuntimeError(f"no agency for {issuer!r}")
    return row


def add_register(session: Session, agency_id: int, code: str, name: str,
                 types: Sequence[str] | None, *, now: dt.datetime) -> Register:
    """Configure a register for an agency; a type may belong to only one register of the agency."""
    if not code.strip():
        raise BadInput("Mã sổ không được để trống.", "The register code must not be empty.", field="code")
    wanted = sorted(set(types)) if types else None
    existing = session.scalars(select(Register).where(Register.agency_id == agency_id)).all()
    for reg in existing:
        if reg.code == code:
            raise Conflict(f"Sổ mã {code} đã có.", f"Register {code} already exists.", field="code")
        if reg.kind != OUTGOING:
            continue
        if wanted is None and reg.types is None:
            raise Conflict(f"Cơ quan đã có sổ chung {reg.code}.",
                           f"The agency already has a catch-all register ({reg.code}).", field="types")
        overlap = sorted(set(wanted or []) & set(reg.types or []))
        if overlap:
            raise Conflict(f"Loại {', '.join(overlap)} đã thuộc sổ {reg.code}.",
                           f"Type(s) {', '.join(overlap)} already belong to register {reg.code}.", field="types")
    reg = Register(agency_id=agency_id, code=code.strip(), name=name.strip() or code, types=wanted, created_at=now)
    session.add(reg)
    session.flush()
    return reg


def _pick(registers: Sequence[Register], doc_type: str) -> Register | None:
    for reg in registers:
        if reg.types and doc_type in reg.types:
            return reg
    for reg in registers:
        if reg.types is None:
            return reg
    return None


def _agency_registers(session: Session, agency_id: int, kind: str | None = OUTGOING) -> list[Register]:
    """The agency's registers of one kind (all kinds with kind=None), oldest first."""
    stmt = select(Register).where(Register.agency_id == agency_id).order_by(Register.id)
    if kind is not None:
        stmt = stmt.where(Register.kind == kind)
    return list(session.scalars(stmt))


def resolve_register(engine: Engine, key: int, doc: Mapping[str, Any], *, now: dt.datetime) -> Register:
    """The register of agency `key` (its id) that numbers this document; when none takes its type, the
    agency's catch-all register ("Sổ văn bản đi") is created first."""
    doc_type = str(doc.get("type") or "")
    with Session(engine, expire_on_commit=False) as session:
        found = _pick(_agency_registers(session, key), doc_type)
    if found is not None:
        return found
    try:
        with write_session(engine) as session:
            regs = _agency_registers(session, key)
            if _pick(regs, doc_type) is None:
                code = _free_code(_agency_registers(session, key, None), DEFAULT_CODE)
                session.add(Register(agency_id=key, code=code, name=DEFAULT_NAME, types=None, created_at=now,
                                     kind=OUTGOING))
    except IntegrityError:  # another PostgreSQL session created it first
        pass
    with Session(engine, expire_on_commit=False) as session:
        found = _pick(_agency_registers(session, key), doc_type)
    if found is None:  # pragma: no cover - the catch-all exists by now
        raise RuntimeError(f"no register for {key} / {doc_type}")
    return found


def _free_code(regs: Sequence[Register], base: str) -> str:
    taken = {r.code for r in regs}
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}{n}"
    return code


def resolve_copy_register(engine: Engine, key: int, *, now: dt.datetime) -> Register:
    """The copying agency's (id `key`) copies register ("Sổ bản sao"), created on its first copy."""

    def find() -> Register | None:
        with Session(engine, expire_on_commit=False) as session:
            regs = _agency_registers(session, key, COPIES)
        return regs[0] if regs else None

    found = find()
    if found is not None:
        return found
    try:
        with write_session(engine) as session:
            if not _agency_registers(session, key, COPIES):
                code = _free_code(_agency_registers(session, key, None), COPIES_CODE)
                session.add(Register(agency_id=key, code=code,
                                     name=COPIES_NAME, types=None, created_at=now, kind=COPIES))
    except IntegrityError:  # another PostgreSQL session created it first
        pass
    found = find()
    if found is None:  # pragma: no cover - created just above
        raise RuntimeError(f"no copies register for {key}")
    return found
