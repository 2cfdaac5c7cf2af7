"""Signing keys configured per signer and per agency (table `signing_keys`), and which keys sign a document.

Owners are ("signer", signer id) or ("agency", agency code) — the ids of the agency profiles. Secrets are never
stored: only the path of a secret file or the NAME of an environment variable."""
from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from service.register import audit
from service.register.db import write_session
from service.register.models import SigningKey
from service.register.vntime import Clock, as_utc, utc_now
from service.sign.errors import KeyNotConfigured, SignError
from service.sign.keys import OWNER_KINDS, KeySpec

SPEC_FIELDS = tuple(f.name for f in dataclasses.fields(KeySpec))
MAX_ID = 200


def _check_owner(owner_kind: str, owner_id: str) -> None:
    if owner_kind not in OWNER_KINDS:
        raise SignError("Chủ khóa phải là signer hoặc agency.", "The owner must be signer or agency.",
                        field="owner_kind")
    if not isinstance(owner_id, str) or not owner_id.strip() or len(owner_id) > MAX_ID:
        raise SignError(f"Mã chủ khóa phải có từ 1 đến {MAX_ID} ký tự.",
                        f"The owner id must be 1 to {MAX_ID} characters.", field="owner_id")


def spec_of(row: SigningKey) -> KeySpec:
    return KeySpec(kind=row.key_kind, p12_path=row.p12_path, secret_file=row.secret_file,
                   secret_env=row.secret_env, pkcs11_module=row.pkcs11_module, token_label=row.token_label,
                   key_label=row.key_label, cert_label=row.cert_label, image_path=row.image_path,
                   image_width_mm=row.image_width_mm, display_name=row.display_name)


def row_dict(row: SigningKey) -> dict[str, Any]:
    """The configuration as the CLI and the API show it (no secret: there is none to show)."""
    out: dict[str, Any] = {"owner_kind": row.owner_kind, "owner_id": row.owner_id}
    out.update(dataclasses.asdict(spec_of(row)))
    out["updated_at"] = as_utc(row.updated_at).isoformat()
    out["updated_by"] = row.updated_by
    return out


def set_key(engine: Engine, owner_kind: str, owner_id: str, spec: KeySpec, *, actor: str,
            clock: Clock = utc_now) -> SigningKey:
    """Create or replace the key of one owner (audited)."""
    _check_owner(owner_kind, owner_id)
    spec.check()
    now = as_utc(clock())
    with write_session(engine) as session:
        row = session.scalars(select(SigningKey).where(SigningKey.owner_kind == owner_kind,
                                                       SigningKey.owner_id == owner_id)).one_or_none()
        if row is None:
            row = SigningKey(owner_kind=owner_kind, owner_id=owner_id)
            session.add(row)
        row.key_kind = spec.kind
        for name in SPEC_FIELDS:
            if name != "kind":
                setattr(row, name, getattr(spec, name))
        row.updated_at, row.updated_by = now, actor
        session.flush()
        audit.record(session, actor=actor, action="signing-key-set", at=now,
                     detail={"owner_kind": owner_kind, "owner_id": owner_id, "key_kind": spec.kind})
    return row


def delete_key(engine: Engine, owner_kind: str, owner_id: str, *, actor: str, clock: Clock = utc_now) -> bool:
    now = as_utc(clock())
    with write_session(engine) as session:
        row = session.scalars(select(SigningKey).where(SigningKey.owner_kind == owner_kind,
                                                       SigningKey.owner_id == owner_id)).one_or_none()
        if row is None:
            return False
        session.delete(row)
        audit.record(session, actor=actor, action="signing-key-delete", at=now,
                     detail={"owner_kind": owner_kind, "owner_id": owner_id})
    return True


def list_keys(engine: Engine) -> list[SigningKey]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(SigningKey).order_by(SigningKey.owner_kind, SigningKey.owner_id)))


def get_key(engine: Engine, owner_kind: str, owner_id: str) -> KeySpec:
    """The configured key of one owner; KeyNotConfigured (naming the field to set) when there is none."""
    with Session(engine) as session:
        row = session.scalars(select(SigningKey).where(SigningKey.owner_kind == owner_kind,
                                                       SigningKey.owner_id == owner_id)).one_or_none()
        if row is None:
            field = "signer_key" if owner_kind == "signer" else "agency_key"
            who = "người ký" if owner_kind == "signer" else "cơ quan"
            raise KeyNotConfigured(f"Chưa cấu hình khóa ký số cho {who} '{owner_id}' (vanban sign key set).",
                                   f"No signing key is configured for {owner_kind} '{owner_id}' "
                                   "(vanban sign key set).", field=field)
        return spec_of(row)


def _first(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def owners_for_document(doc: dict[str, Any], *, signer_key: str | None = None,
                        agency_key: str | None = None) -> tuple[str | None, str]:
    """(signer id, agency code) whose keys sign this document — the one place that decides it.

    An explicit choice wins; otherwise the document's own ids: the agency profile's code (`agency`, or
    `issuer.code`) and the signer's id (`signer` given by id, or `signer.id`), then the issuer's abbreviation.
    A copy is signed by the copying agency alone (signer None)."""
    if doc.get("copy"):
        issuer = doc["copy"].get("issuer") or {}
        agency = _first(agency_key, issuer.get("code"), issuer.get("abbr"))
        signer = None
    else:
        issuer = doc.get("issuer") or {}
        code = doc.get("agency") if isinstance(doc.get("agency"), str) else None
        agency = _first(agency_key, code, issuer.get("code"), issuer.get("abbr"))
        ref = doc.get("signer")
        signer = _first(signer_key, ref if isinstance(ref, str) else (ref or {}).get("id"))
        if signer is None:
            raise KeyNotConfigured("Chưa chọn khóa ký số của người ký (signer_key).",
                                   "No signer key chosen (signer_key).", field="signer_key")
    if agency is None:
        raise KeyNotConfigured("Chưa chọn khóa ký số của cơ quan (agency_key).",
                               "No agency key chosen (agency_key).", field="agency_key")
    return signer, agency
