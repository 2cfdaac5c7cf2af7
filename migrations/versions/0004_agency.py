"""agency profiles: registers, staff accounts and API tokens belong to an agency by id

Until now a register was keyed by the issuer's name as typed, so "SỞ LAO ĐỘNG – THƯƠNG BINH" (en dash) and
"SỞ LAO ĐỘNG - THƯƠNG BINH" (hyphen) were two registers. This revision creates one agency row per issuing agency
in use — names compared by service.rules.agency_names (dashes, spaces, case) — takes parent, name, abbreviation
and place from the agency's latest issued document, points every register at its agency and drops the name
columns. Numbers, counters and entries are untouched. Where two spellings had each started a register with the
same code, the later register keeps its numbers under a new code (VBDI2). The mapping is written to the audit
trail (action "agency_migrate"), shown by `vanban db upgrade` and `vanban agency migrate-report`.

Revision ID: 0004_agency
Revises: 0003_session_epoch
Create Date: 2026-12-01
"""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from alembic import op

from service.agency.codes import suggest_code
from service.rules.agency_names import agency_name_key

revision = "0004_agency"
down_revision = "0003_session_epoch"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ACTOR = "migration:0004_agency"

_registers = sa.table("registers", sa.column("id", sa.Integer), sa.column("agency_key", sa.String),
                      sa.column("agency_name", sa.String), sa.column("code", sa.String),
                      sa.column("kind", sa.String), sa.column("agency_id", sa.Integer))
_entries = sa.table("register_entries", sa.column("id", sa.Integer), sa.column("register_id", sa.Integer),
                    sa.column("document", sa.JSON))
_agencies = sa.table("agencies", sa.column("id", sa.Integer), sa.column("code", sa.String),
                     sa.column("name_key", sa.String), sa.column("parent", sa.String), sa.column("name", sa.String),
                     sa.column("abbr", sa.String), sa.column("place", sa.String), sa.column("name_text", sa.String),
                     sa.column("footer", sa.JSON), sa.column("units", sa.JSON),
                     sa.column("recipient_groups", sa.JSON), sa.column("signers", sa.JSON),
                     sa.column("created_at", TZ), sa.column("updated_at", TZ))
_audit = sa.table("audit_events", sa.column("at", TZ), sa.column("actor", sa.String), sa.column("action", sa.String),
                  sa.column("entry_id", sa.Integer), sa.column("detail", sa.JSON))


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(60), nullable=False, unique=True),
        sa.Column("name_key", sa.String(700), nullable=False, unique=True),
        sa.Column("parent", sa.String(300), nullable=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("abbr", sa.String(40), nullable=False),
        sa.Column("place", sa.String(120), nullable=True),
        sa.Column("name_text", sa.String(300), nullable=True),
        sa.Column("footer", sa.JSON, nullable=False),
        sa.Column("units", sa.JSON, nullable=False),
        sa.Column("recipient_groups", sa.JSON, nullable=False),
        sa.Column("signers", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("agencies", sa.JSON, nullable=True))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("agencies", sa.JSON, nullable=True))
    with op.batch_alter_table("registers") as batch:
        batch.add_column(sa.Column("agency_id", sa.Integer, nullable=True))
    _map_registers(op.get_bind())
    with op.batch_alter_table("registers") as batch:
        batch.drop_constraint("uq_registers_agency_code", type_="unique")
        batch.drop_index("ix_registers_agency_key")
        batch.drop_column("agency_key")
        batch.drop_column("agency_name")
        batch.alter_column("agency_id", existing_type=sa.Integer, nullable=False)
        batch.create_foreign_key("fk_registers_agency_id", "agencies", ["agency_id"], ["id"])
        batch.create_unique_constraint("uq_registers_agency_id_code", ["agency_id", "code"])
        batch.create_index("ix_registers_agency_id", ["agency_id"])


def _issuer_of(conn: sa.Connection, register_ids: list[int]) -> tuple[dict, str | None]:
    """The issuer and place of the latest document issued in these registers (copies: the copying agency)."""
    rows = conn.execute(sa.select(_entries.c.document).where(_entries.c.register_id.in_(register_ids))
                        .order_by(_entries.c.id.desc()).limit(20)).all()
    for (doc,) in rows:
        if not isinstance(doc, dict):
            continue
        copy = doc.get("copy") if isinstance(doc.get("copy"), dict) else None
        issuer, place = (copy.get("issuer"), copy.get("place")) if copy else (doc.get("issuer"), doc.get("place"))
        if isinstance(issuer, dict) and isinstance(issuer.get("name"), str):
            return issuer, place if isinstance(place, str) else None
    return {}, None


def _initials_abbr(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"\w+", name)).upper()[:40] or "CQ"


def _map_registers(conn: sa.Connection) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    regs = conn.execute(sa.select(_registers.c.id, _registers.c.agency_key, _registers.c.code, _registers.c.kind)
                        .order_by(_registers.c.id)).all()
    by_old_key: dict[str, list] = {}
    for reg in regs:
        by_old_key.setdefault(reg.agency_key, []).append(reg)
    groups: dict[str, dict] = {}  # new name key → agency data, old keys, registers
    for old_key, members in by_old_key.items():
        issuer, place = _issuer_of(conn, [r.id for r in members])
        if issuer:
            parent, name = issuer.get("parent") or None, issuer["name"]
        else:  # a register configured by hand, nothing issued yet: the key is "PARENT / NAME" or "NAME"
            parent, _, name = old_key.rpartition(" / ")
            parent = parent or None
        key = agency_name_key(parent, name)
        group = groups.setdefault(key, {"parent": parent, "name": name, "abbr": issuer.get("abbr"),
                                        "name_text": issuer.get("name_text"), "place": place,
                                        "old_keys": [], "registers": []})
        group["abbr"] = group["abbr"] or issuer.get("abbr")
        group["place"] = group["place"] or place
        group["old_keys"].append(old_key)
        group["registers"].extend(members)
    taken: set[str] = set()
    for key, group in groups.items():
        abbr = group["abbr"] or _initials_abbr(group["name"])
        code = suggest_code(abbr, group["name"], group["place"], taken)
        taken.add(code)
        agency_id = conn.execute(_agencies.insert().values(
            code=code, name_key=key, parent=group["parent"], name=group["name"].strip(), abbr=abbr,
            place=group["place"], name_text=group["name_text"], footer={}, units=[], recipient_groups=[],
            signers=[], created_at=now, updated_at=now).returning(_agencies.c.id)).scalar_one()
        codes: set[str] = set()
        mapped = []
        for reg in sorted(group["registers"], key=lambda r: r.id):
            new_code, n = reg.code, 1
            while new_code in codes:
                n += 1
                new_code = f"{reg.code}{n}"
            codes.add(new_code)
            values = {"agency_id": agency_id}
            if new_code != reg.code:
                values["code"] = new_code
            conn.execute(_registers.update().where(_registers.c.id == reg.id).values(**values))
            mapped.append({"register_id": reg.id, "code": new_code, "old_code": reg.code, "kind": reg.kind,
                           "old_agency_key": reg.agency_key})
        conn.execute(_audit.insert().values(at=now, actor=ACTOR, action="agency_migrate", entry_id=None, detail={
            "agency_id": agency_id, "code": code, "name_key": key, "old_keys": group["old_keys"],
            "registers": mapped}))


def downgrade() -> None:
    with op.batch_alter_table("registers") as batch:
        batch.add_column(sa.Column("agency_key", sa.String(400), nullable=True))
        batch.add_column(sa.Column("agency_name", sa.String(400), nullable=True))
    conn = op.get_bind()
    for agency in conn.execute(sa.select(_agencies)).all():
        display = f"{agency.parent} - {agency.name}" if agency.parent else agency.name
        conn.execute(_registers.update().where(_registers.c.agency_id == agency.id)
                     .values(agency_key=agency.name_key, agency_name=display))
    with op.batch_alter_table("registers") as batch:
        batch.drop_constraint("uq_registers_agency_id_code", type_="unique")
        batch.drop_constraint("fk_registers_agency_id", type_="foreignkey")
        batch.drop_index("ix_registers_agency_id")
        batch.drop_column("agency_id")
        batch.alter_column("agency_key", existing_type=sa.String(400), nullable=False)
        batch.alter_column("agency_name", existing_type=sa.String(400), nullable=False)
        batch.create_unique_constraint("uq_registers_agency_code", ["agency_key", "code"])
        batch.create_index("ix_registers_agency_key", ["agency_key"])
    for table in ("api_tokens", "users"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("agencies")
    op.drop_table("agencies")
