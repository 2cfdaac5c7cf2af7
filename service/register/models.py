"""Typed ORM tables of the register (SQLAlchemy 2). The schema itself is created by Alembic (migrations/)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Float,
    false,
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Agency(Base):
    """An agency profile: the letterhead, place, footer, units, recipient groups and signers an office would
    otherwise type into every document (service.agency). Registers, staff accounts and API tokens belong to one.
    `name_key` is the normalised parent/name (service.rules.agency_names): two spellings of one name are one
    agency. The list fields hold the profile's JSON form as validated by service.agency.profile."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name_key: Mapped[str] = mapped_column(String(700), unique=True)
    parent: Mapped[str | None] = mapped_column(String(300), nullable=True)
    name: Mapped[str] = mapped_column(String(300))
    abbr: Mapped[str] = mapped_column(String(40))
    place: Mapped[str | None] = mapped_column(String(120), nullable=True)
    name_text: Mapped[str | None] = mapped_column(String(300), nullable=True)
    footer: Mapped[dict[str, Any]] = mapped_column(JSON)
    units: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    recipient_groups: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    signers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Register(Base):
    """One numbering sequence of an agency (ND30 Art. 15: one register per issuer, or separate ones,
    e.g. decisions on their own). `types` lists the document types it numbers; NULL = every type
    not claimed by another register of the same agency. `kind` is "outgoing" (sổ văn bản đi) or
    "copies" (sổ bản sao: the agency's copies SY/SL/TrS share their own yearly numbering)."""

    __tablename__ = "registers"
    __table_args__ = (UniqueConstraint("agency_id", "code", name="uq_registers_agency_id_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    types: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(20), default="outgoing", server_default="outgoing")

    agency: Mapped[Agency] = relationship(lazy="joined")

    @property
    def agency_name(self) -> str:
        """The agency as the register's heading prints it: parent - name."""
        a = self.agency
        return f"{a.parent} - {a.name}" if a.parent else a.name


class Counter(Base):
    """Last number handed out for (register, year); the row that is locked during allocation."""

    __tablename__ = "register_counters"

    register_id: Mapped[int] = mapped_column(ForeignKey("registers.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Entry(Base):
    """One issued document = one row of the outgoing register (ND30 App. IV, 10 columns)
    plus the stored file's digest and the data it was rendered from."""

    __tablename__ = "register_entries"
    __table_args__ = (
        UniqueConstraint("register_id", "year", "number", name="uq_entries_register_year_number"),
        UniqueConstraint("idempotency_key", name="uq_entries_idempotency_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register_id: Mapped[int] = mapped_column(ForeignKey("registers.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(60), index=True)
    # App. IV columns 1–10
    number_symbol: Mapped[str] = mapped_column(String(120))          # 1 Số, ký hiệu
    issue_date: Mapped[dt.date] = mapped_column(Date)                # 2 Ngày tháng
    type_summary: Mapped[str] = mapped_column(Text)                  # 3 Tên loại và trích yếu
    signer: Mapped[str] = mapped_column(String(200))                 # 4 Người ký
    recipients: Mapped[str] = mapped_column(Text)                    # 5 Nơi nhận
    archive_unit: Mapped[str] = mapped_column(String(200))           # 6 Đơn vị, người nhận bản lưu
    copies: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 7 Số lượng bản
    date_sent: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # 8 Ngày chuyển
    received_by: Mapped[str | None] = mapped_column(String(200), nullable=True)  # 9 Ký nhận
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)   # 10 Ghi chú
    # search helpers
    symbol: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)  # folded symbol/summary/signer/recipients
    # the stored file
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    # provenance
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    issued_by: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    voided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # electronic issue (Ký số và ban hành): the stored file is the signed PDF; the PAdES level reached
    electronic: Mapped[bool] = mapped_column(default=False, server_default=false())
    signature_level: Mapped[str | None] = mapped_column(String(20), nullable=True)

    register: Mapped[Register] = relationship()


class AuditEvent(Base):
    """Who did what, when (issue, void, export, token/user creation)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("register_entries.id"), nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class SigningKey(Base):
    """Where the key of a signer or an agency lives (a PKCS#12 file or a PKCS#11 token) and its image.

    The password or PIN is never stored: only where to read it (`secret_file` or `secret_env`)."""

    __tablename__ = "signing_keys"
    __table_args__ = (UniqueConstraint("owner_kind", "owner_id", name="uq_signing_keys_owner"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(20))       # signer | agency
    owner_id: Mapped[str] = mapped_column(String(200))        # signer id | agency code
    display_name: Mapped[str | None] = mapped_column(String(400), nullable=True)
    key_kind: Mapped[str] = mapped_column(String(20))         # pkcs12 | pkcs11
    p12_path: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    secret_file: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    secret_env: Mapped[str | None] = mapped_column(String(200), nullable=True)
    pkcs11_module: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    token_label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    key_label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    cert_label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    image_path: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    image_width_mm: Mapped[float | None] = mapped_column(Float, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))


class User(Base):
    """A staff account for the web UI; password hashed with argon2id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    # ids of the agencies the account works for: exactly one for drafters and clerks, one or more for admins;
    # NULL = every agency (accounts of a single-office instance, and admins of the whole instance)
    agencies: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # raised by logout: a session remembers the epoch it started in and is void once it differs
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ApiToken(Base):
    """A bearer token for the JSON API; only the sha256 of the token is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200))
    agencies: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)  # as User.agencies
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
