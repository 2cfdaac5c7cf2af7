"""Ký số và ban hành: the issued document rendered to PDF and signed as the decree prescribes, ready to be stored
as the issued file by the register (service.register.issue).

A document: the competent person's signature in the signature block, then the agency's seal over it (two
incremental updates, ND30 Art. 5). An electronic copy (a document carrying a `copy` block): the copying agency's
signature at the top right of the first page, text only (ND30 App. I Part II)."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine

from service.document import Document, Issuer
from service.produce import PDF_MEDIA_TYPE, produce
from service.register.issue import Rendered
from service.register.vntime import Clock, utc_now
from service.sign import keystore
from service.sign.keys import KeySpec, open_signer
from service.sign.locate import expected_lines
from service.sign.pades import LEVELS, Options, Signed
from service.sign.roles import Where, sign_agency, sign_signer, sign_text

PdfRenderer = Callable[[Document], bytes]


@dataclass(frozen=True)
class Keys:
    """The keys that sign one document: the signer's (None for a copy) and the agency's."""

    signer_id: str | None
    signer: KeySpec | None
    agency_code: str
    agency: KeySpec


def keys_for(engine: Engine, doc: dict[str, Any], *, signer_key: str | None = None,
             agency_key: str | None = None) -> Keys:
    """Look the keys up (before any number is spent: a missing key is refused up front)."""
    signer_id, agency_code = keystore.owners_for_document(doc, signer_key=signer_key, agency_key=agency_key)
    signer = keystore.get_key(engine, "signer", signer_id) if signer_id else None
    agency = keystore.get_key(engine, "agency", agency_code)
    for spec in (signer, agency):
        if spec is not None:
            spec.check()
    return Keys(signer_id, signer, agency_code, agency)


def _already_issued(engine: Engine, idempotency_key: str | None) -> bool:
    """A retry of an issue that went through: it is answered from the register, whatever the keys are now."""
    if not idempotency_key:
        return False
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from service.register.models import Entry

    with Session(engine) as session:
        return session.scalar(select(Entry.id).where(Entry.idempotency_key == idempotency_key)) is not None


def default_pdf(document: Document) -> bytes:
    """The document as PDF through the warm LibreOffice pool (service.produce)."""
    return produce(document, "pdf").data


def signature_detail(role: str, owner: str, signed: Signed) -> dict[str, Any]:
    """What the audit keeps of one signature: who (role, key owner), when, which certificate, over which bytes."""
    return {"role": role, "owner": owner, "field": signed.field_name, "level": signed.level,
            "signing_time": signed.signing_time.isoformat(), "certificate": asdict(signed.certificate),
            "document_sha256": hashlib.sha256(signed.data).hexdigest(), "notes": list(signed.notes)}


def _agency_name(issuer: Issuer) -> str:
    return (issuer.name_text or issuer.name or "").strip()


def sign_document(pdf: bytes, document: Document, keys: Keys, *, options: Options,
                  when: dt.datetime) -> tuple[bytes, str, list[dict[str, Any]]]:
    """(signed bytes, level reached — the lowest of the signatures, audit details) for an issued document."""
    if document.copy is not None:
        with open_signer(keys.agency) as agency:
            signed = sign_text(pdf, agency, first_line=_agency_name(document.copy.issuer) or keys.agency_code,
                               signing_time=when, options=options)
        return signed.data, signed.level, [signature_detail("agency", keys.agency_code, signed)]
    assert keys.signer is not None and keys.signer_id is not None
    position, name = expected_lines(document)
    where = Where(position, name)
    with open_signer(keys.signer) as signer:
        first = sign_signer(pdf, signer, keys.signer, where, signing_time=when, options=options, signer_name=name)
    with open_signer(keys.agency) as agency:
        second = sign_agency(first.data, agency, keys.agency, where, signing_time=when, options=options,
                             agency_name=_agency_name(document.issuer))
    level = min(first.level, second.level, key=LEVELS.index)
    return second.data, level, [signature_detail("signer", keys.signer_id, first),
                                signature_detail("agency", keys.agency_code, second)]


def signed_renderer(keys: Keys, *, options: Options, clock: Clock = utc_now,
                    pdf: PdfRenderer = default_pdf) -> Callable[[Document], Rendered]:
    """A renderer for service.register.issue: the numbered document as a signed PDF."""

    def render(document: Document) -> Rendered:
        data, level, audits = sign_document(pdf(document), document, keys, options=options, when=clock())
        return Rendered(data=data, media_type=PDF_MEDIA_TYPE, extension="pdf", electronic=True,
                        signature_level=level, signatures=tuple(audits))

    return render


def record_signature(engine: Engine, *, actor: str, detail: dict[str, Any], clock: Clock = utc_now) -> None:
    """Audit a signature made outside an issue (`vanban sign`): its own transaction, no register entry."""
    from service.register import audit
    from service.register.db import write_session
    from service.register.vntime import as_utc

    with write_session(engine) as session:
        audit.record(session, actor=actor, action="sign", at=as_utc(clock()), detail=detail)


def variant(signer_id: str | None, agency_code: str) -> dict[str, Any]:
    """What makes a signed issue a different request from a plain one (for the Idempotency-Key check)."""
    return {"sign": True, "signer": signer_id, "agency": agency_code}


def _replay_only(document: Document) -> Rendered:
    raise RuntimeError("an Idempotency-Key replay never renders")


def issue_signed(engine: Engine, store_root: Any, doc: Any, *, actor: str, idempotency_key: str | None = None,
                 issue_date: dt.date | None = None, clock: Clock = utc_now, signer_key: str | None = None,
                 agency_key: str | None = None, options: Options | None = None,
                 pdf: PdfRenderer = default_pdf, agencies: Any = None, lookup: Any = None) -> Any:
    """Ký số và ban hành: number, render to PDF, sign (signer, then agency), store the signed bytes, register
    (electronic, with the level reached) and audit every signature — one transaction, as service.register.issue.
    A retry with the same Idempotency-Key returns the same entry, hence the same signed bytes. `agencies` is
    the caller's scope and `lookup` its agency profiles (service.register.issue)."""
    from service.register.issue import issue
    from service.sign.settings import options_from_env

    if not isinstance(doc, dict):
        return issue(engine, store_root, doc, actor=actor, idempotency_key=idempotency_key,
                     agencies=agencies, lookup=lookup)  # its own 4xx
    signer_id, agency_code = keystore.owners_for_document(doc, signer_key=signer_key, agency_key=agency_key)
    if _already_issued(engine, idempotency_key):
        render: Callable[[Document], Rendered] = _replay_only
    else:
        keys = keys_for(engine, doc, signer_key=signer_key, agency_key=agency_key)
        render = signed_renderer(keys, options=options or options_from_env(), clock=clock, pdf=pdf)
    return issue(engine, store_root, doc, actor=actor, idempotency_key=idempotency_key, issue_date=issue_date,
                 clock=clock, render=render, variant=variant(signer_id, agency_code), agencies=agencies,
                 lookup=lookup)
