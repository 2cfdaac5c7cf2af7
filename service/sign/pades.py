"""One PAdES signature added to a PDF as an incremental update (earlier signatures stay valid).

Level: B-B by default; B-T when a timestamp authority is configured; B-LT when the validation data (chain and
revocation information) can be gathered and embedded. Each step falls back to the one below when it cannot be
done, and the level reached is returned."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.stamp.base import BaseStampStyle

from service.sign.errors import SignError
from service.sign.locate import Box

log = logging.getLogger(__name__)
LEVELS = ("B-B", "B-T", "B-LT")
RESERVED_BYTES = 8192             # CMS with a short certificate chain (larger: signed again with the estimate)
RESERVED_WITH_TIMESTAMP = 16384  # … plus a timestamp token and the TSA's chain


@dataclass(frozen=True)
class CertInfo:
    """What the audit and the verification report say about a certificate."""

    subject: str
    issuer: str
    serial: str
    sha256: str

    @classmethod
    def of(cls, cert: x509.Certificate) -> "CertInfo":
        return cls(subject=cert.subject.human_friendly, issuer=cert.issuer.human_friendly,
                   serial=format(cert.serial_number, "X"), sha256=hashlib.sha256(cert.dump()).hexdigest())


@dataclass(frozen=True)
class Options:
    """Where the timestamps and validation data come from (see service.sign.settings)."""

    tsa_url: str | None = None
    tsa_timeout: float = 10.0
    trust_roots: tuple[x509.Certificate, ...] = ()
    long_term: bool = True


@dataclass(frozen=True)
class Appearance:
    """A visible signature: page (0-based), box, stamp style and the values its text template uses."""

    page: int
    box: Box
    style: BaseStampStyle
    text: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PageText:
    """Text written into the page itself in the signed revision (attachments, copies): it then belongs to the
    text layer, and the signature covers it."""

    page: int
    box: Box
    style: BaseStampStyle
    text: dict[str, str]


@dataclass(frozen=True)
class Signed:
    data: bytes
    level: str
    field_name: str
    signing_time: dt.datetime
    certificate: CertInfo
    notes: tuple[str, ...] = ()


class _TimedSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is the one shown in the appearance (to the second)."""

    def __init__(self, *args: Any, signing_time: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signing_time
        return session


def open_reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # the PDF parser has many failure types
        raise SignError("Tệp không phải PDF hợp lệ.", "The file is not a valid PDF.", field="file") from exc


def field_name(pdf: bytes, base: str) -> str:
    """`base`, or `base-2`, `base-3` … when the document already has a field of that name."""
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(open_reader(pdf))}
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def _attempt(pdf: bytes, signer: signers.Signer, name: str, appearance: Appearance | None,
             page_text: PageText | None, signing_time: dt.datetime, timestamper: Any, validation: Any,
             meta: dict[str, str | None], reserved: int | None) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if page_text is not None:
        from pyhanko.pdf_utils.layout import BoxConstraints

        x0, y0, x1, y1 = page_text.box
        stamp = page_text.style.create_stamp(writer, BoxConstraints(width=x1 - x0, height=y1 - y0), page_text.text)
        stamp.apply(page_text.page, page_text.box[0], page_text.box[1])
    if appearance is not None:
        spec = fields.SigFieldSpec(name, on_page=appearance.page,
                                   box=tuple(round(v, 2) for v in appearance.box))  # type: ignore[arg-type]
    elif page_text is not None:
        spec = fields.SigFieldSpec(name, on_page=page_text.page,
                                   box=tuple(round(v, 2) for v in page_text.box))  # type: ignore[arg-type]
    else:
        spec = fields.SigFieldSpec(name)
    signature_meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=validation is not None, validation_context=validation,
        name=meta.get("name"), reason=meta.get("reason"), location=meta.get("location"))
    from pyhanko.stamp.noop import NoOpStampStyle

    style = appearance.style if appearance is not None else NoOpStampStyle()
    pdf_signer = _TimedSigner(signature_meta, signer=signer, timestamper=timestamper, stamp_style=style,
                              new_field_spec=spec, signing_time=signing_time)
    out = pdf_signer.sign_pdf(writer, appearance_text_params=appearance.text if appearance else None,
                              bytes_reserved=reserved)
    return out.getvalue()


def _attempt_sized(pdf: bytes, signer: signers.Signer, name: str, appearance: Appearance | None,
                   page_text: PageText | None, signing_time: dt.datetime, timestamper: Any, validation: Any,
                   meta: dict[str, str | None]) -> bytes:
    """Sign with a fixed room for the signature container (pyHanko's own estimate signs a dummy first, which
    doubles the cost); when a long certificate chain does not fit, sign again with the estimate."""
    reserved = RESERVED_WITH_TIMESTAMP if timestamper is not None else RESERVED_BYTES
    try:
        return _attempt(pdf, signer, name, appearance, page_text, signing_time, timestamper, validation, meta,
                        reserved)
    except SigningError as exc:
        if "larger than expected" not in str(exc):
            raise
    return _attempt(pdf, signer, name, appearance, page_text, signing_time, timestamper, validation, meta, None)


def _validation_context(options: Options) -> Any:
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=list(options.trust_roots), allow_fetching=True,
                             revocation_mode="require")  # B-LT only with revocation data for every certificate


def sign(pdf: bytes, signer: signers.Signer, *, field_base: str, signing_time: dt.datetime,
         options: Options, appearance: Appearance | None = None, page_text: PageText | None = None,
         name: str | None = None, reason: str | None = None, location: str | None = None) -> Signed:
    """Add one signature; return the new bytes and the level reached (with why a higher one was not)."""
    open_reader(pdf)  # a clear error before any work
    fname = field_name(pdf, field_base)
    signing_time = signing_time.replace(microsecond=0)
    meta = {"name": name, "reason": reason, "location": location}
    notes: list[str] = []
    timestamper = None
    if options.tsa_url:
        from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

        timestamper = RequestsHTTPTimeStamper(options.tsa_url, timeout=options.tsa_timeout)
    attempts: list[tuple[str, Any, Any]] = []
    if timestamper is not None and options.long_term:
        if options.trust_roots:
            attempts.append(("B-LT", timestamper, "validation"))
        else:
            notes.append("B-LT: no trust roots configured (VANBAN_TRUST_DIR)")
    if timestamper is not None:
        attempts.append(("B-T", timestamper, None))
    attempts.append(("B-B", None, None))
    cert = signer.signing_cert
    if cert is None:
        raise SignError("Khóa ký không có chứng thư số.", "The signing key has no certificate.", field="key")
    for level, ts, validation in attempts:
        context = _validation_context(options) if validation else None
        try:
            data = _attempt_sized(pdf, signer, fname, appearance, page_text, signing_time, ts, context, meta)
        except Exception as exc:  # TSA down, revocation data unreachable, …: fall back one level
            if level == "B-B":
                if isinstance(exc, SignError):
                    raise
                raise SignError(f"Không ký được tệp PDF: {exc}", f"Signing the PDF failed: {exc}",
                                field="key") from exc
            log.warning("signature level %s not reached: %s", level, exc)
            notes.append(f"{level}: {exc}")
            continue
        return Signed(data=data, level=level, field_name=fname, signing_time=signing_time,
                      certificate=CertInfo.of(cert), notes=tuple(notes))
    raise AssertionError("unreachable: B-B either returns or raises")
