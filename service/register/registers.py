"""Which register numbers a document: registers are configured per agency (issuer), each with the
document types it numbers (ND30 Art. 15 §1: an agency may keep separate registers, e.g. decisions
on their own and everything else together). A register with no type list takes every type not
claimed by another register of the agency. When nothing takes a document's type (e.g. a new agency's
first issue), a catch-all register ("Sổ văn bản đi", code VBDI) is created for the agency.

Copies (SAO Y, SAO LỤC, TRÍCH SAO; App. III samples 3.1, 3.2) are numbered apart: one "Sổ bản sao"
register (kind "copies", code BS) per copying agency, shared by every kind of copy, from 01 each year
(ND30 App. I, thể thức bản sao; nd30-layout.md §6)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.register.db import write_session
from service.register.errors import BadInput, Conflict
from service.register.models import Register

DEFAULT_CODE = "VBDI"
DEFAULT_NAME = "Sổ văn bản đi"
OUTGOING = "outgoing"
COPIES = "copies"
COPIES_CODE = "BS"
COPIES_NAME = "Sổ bản sao"
COPIES_TITLE_VI = "SỔ ĐĂNG KÝ BẢN SAO VĂN BẢN"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().upper()


def agency_key(issuer: dict[str, Any]) -> str:
    """Stable identity of an issuing agency: its parent and its name, normalised."""
    name = issuer.get("name") if isinstance(issuer, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise BadInput("Thiếu tên cơ quan ban hành (issuer.name).",
                       "The issuing agency's name (issuer.name) is required.", field="issuer.name")
    parent = issuer.get("parent") or ""
    return f"{_norm(parent)} / {_norm(name)}" if parent else _norm(name)


def agency_display(issuer: dict[str, Any]) -> str:
    name = _norm(issuer["name"])
    return f"{_norm(issuer['parent'])} - {name}" if issuer.get("parent") else name


def add_register(session: Session, issuer: dict[str, Any], code: str, name: str,
                 types: Sequence[str] | None, *, now: dt.datetime) -> Register:
    """Configure a register for an agency; a type may belong to only one register of the agency."""
    key = agency_key(issuer)
    if not code.strip():
        raise BadInput("Mã sổ không được để trống.", "The register code must not be empty.", field="code")
    wanted = sorted(set(types)) if types else None
    existing = session.scalars(select(Register).where(Register.agency_key == key)).all()
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
    reg = Register(agency_key=key, agency_name=agency_display(issuer), code=code.strip(), name=name.strip() or code,
                   types=wanted, created_at=now)
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


def _agency_registers(session: Session, key: str, kind: str | None = OUTGOING) -> list[Register]:
    """The agency's registers of one kind (all kinds with kind=None), oldest first."""
    stmt = select(Register).where(Register.agency_key == key).order_by(Register.id)
    if kind is not None:
        stmt = stmt.where(Register.kind == kind)
    return list(session.scalars(stmt))


def resolve_register(engine: Engine, doc: dict[str, Any], *, now: dt.datetime) -> Register:
    """The register that numbers this document; when no register of the agency takes its type, the
    agency's catch-all register ("Sổ văn bản đi") is created first."""
    key = agency_key(doc.get("issuer") or {})
    doc_type = str(doc.get("type") or "")
    with Session(engine, expire_on_commit=False) as session:
        found = _pick(_agency_registers(session, key), doc_type)
    if found is not None:
        return found
    try:
        with write_session(engine) as session:
            regs = _agency_registers(session, key)
            if _pick(regs, doc_type) is None:
                session.add(Register(agency_key=key, agency_name=agency_display(doc["issuer"]),
                                     code=_free_code(_agency_registers(session, key, None), DEFAULT_CODE),
                                     name=DEFAULT_NAME, types=None, created_at=now, kind=OUTGOING))
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


def resolve_copy_register(engine: Engine, copier: dict[str, Any], *, now: dt.datetime) -> Register:
    """The copying agency's copies register ("Sổ bản sao"), created on its first copy."""
    key = agency_key(copier or {})

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
                session.add(Register(agency_key=key, agency_name=agency_display(copier),
                                     code=_free_code(_agency_registers(session, key, None), COPIES_CODE),
                                     name=COPIES_NAME, types=None, created_at=now, kind=COPIES))
    except IntegrityError:  # another PostgreSQL session created it first
        pass
    found = find()
    if found is None:  # pragma: no cover - created just above
        raise RuntimeError(f"no copies register for {key}")
    return found
