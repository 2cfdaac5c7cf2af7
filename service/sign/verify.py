"""Verify every signature of a PDF: signer, chain to the trust roots, signing time, integrity, and whether the
document changed after signing — in Vietnamese and English."""
from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from typing import Any

from asn1crypto import x509

from service.sign.appearance import iso_vietnam
from service.sign.pades import CertInfo

COVERAGE = {"ENTIRE_FILE": "entire_file", "ENTIRE_REVISION": "entire_revision",
            "CONTIGUOUS_BLOCK_FROM_START": "partial", "UNCLEAR": "unclear"}
MODIFICATION = {"NONE": "none", "LTA_UPDATES": "validation_data", "FORM_FILLING": "signatures_and_forms",
                "ANNOTATIONS": "annotations", "OTHER": "other"}


@dataclass
class SignatureReport:
    field: str
    signer: str
    certificate: dict[str, str]
    chain: list[str]
    signing_time: str | None
    timestamp: str | None
    intact: bool
    valid: bool
    trusted: bool
    coverage: str
    modification: str
    ok: bool
    messages_vi: list[str] = field(default_factory=list)
    messages_en: list[str] = field(default_factory=list)


@dataclass
class Report:
    ok: bool
    signatures: list[SignatureReport]
    messages_vi: list[str] = field(default_factory=list)
    messages_en: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _say(rep: SignatureReport, vi: str, en: str) -> None:
    rep.messages_vi.append(vi)
    rep.messages_en.append(en)


def _check_one(embedded: Any, roots: tuple[x509.Certificate, ...]) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail")
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    cert = status.signing_cert
    chain = [c.subject.human_friendly for c in status.validation_path] if status.validation_path else []
    coverage = COVERAGE.get(status.coverage.name, "unclear") if status.coverage else "unclear"
    level = status.modification_level
    modification = MODIFICATION.get(level.name, "other") if level is not None else "unknown"
    ts = status.timestamp_validity
    signed_at = status.signer_reported_dt
    rep = SignatureReport(
        field=embedded.field_name, signer=cert.subject.human_friendly, certificate=asdict(CertInfo.of(cert)),
        chain=chain, signing_time=iso_vietnam(signed_at) if signed_at else None,
        timestamp=iso_vietnam(ts.timestamp) if ts is not None else None,
        intact=status.intact, valid=status.valid, trusted=status.trusted, coverage=coverage,
        modification=modification, ok=False)
    if not status.intact:
        _say(rep, "Nội dung đã bị thay đổi sau khi ký: chữ ký không còn khớp với tài liệu.",
             "The content changed after signing: the signature no longer matches the document.")
    elif not status.valid:
        _say(rep, "Chữ ký số không hợp lệ (sai khóa hoặc dữ liệu ký hỏng).",
             "The digital signature is not valid (wrong key or damaged signature data).")
    if status.intact and status.valid and not status.trusted:
        _say(rep, "Chứng thư số của người ký không dẫn tới một chứng thư gốc tin cậy đã cấu hình.",
             "The signer's certificate does not chain to a configured trust root.")
    if ts is not None and not (ts.intact and ts.valid):
        _say(rep, "Dấu thời gian không hợp lệ.", "The timestamp is not valid.")
    changed = modification not in ("none", "validation_data", "signatures_and_forms")
    if coverage not in ("entire_file", "entire_revision") or changed:
        _say(rep, "Tài liệu đã bị sửa đổi sau khi ký (ngoài việc thêm chữ ký hoặc dữ liệu kiểm tra).",
             "The document was modified after signing (beyond adding signatures or validation data).")
    elif coverage == "entire_revision" and status.intact:
        _say(rep, "Sau chữ ký này chỉ có thêm chữ ký hoặc dữ liệu kiểm tra.",
             "Only signatures or validation data were added after this signature.")
    rep.ok = bool(status.bottom_line and status.intact and status.valid and status.trusted and not changed
                  and coverage in ("entire_file", "entire_revision"))
    if rep.ok:
        _say(rep, "Chữ ký hợp lệ, toàn vẹn và tin cậy.", "The signature is valid, intact and trusted.")
    return rep


def verify(pdf: bytes, trust_roots: tuple[x509.Certificate, ...] = ()) -> Report:
    """A report on every signature; `ok` only when there is at least one and each is intact and trusted."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # damaged file: the parser's own error types vary
        return Report(False, [], [f"Không đọc được tệp PDF: {exc}"], [f"Cannot read the PDF: {exc}"])
    if not embedded:
        return Report(False, [], ["Tệp PDF không có chữ ký số."], ["The PDF carries no digital signature."])
    reports = []
    for sig in embedded:
        try:
            reports.append(_check_one(sig, trust_roots))
        except Exception as exc:  # a signature the validator cannot even parse is a broken one
            rep = SignatureReport(field=sig.field_name or "", signer="", certificate={}, chain=[],
                                  signing_time=None, timestamp=None, intact=False, valid=False, trusted=False,
                                  coverage="unclear", modification="unknown", ok=False)
            _say(rep, f"Không kiểm tra được chữ ký: {exc}", f"The signature cannot be checked: {exc}")
            reports.append(rep)
    ok = all(r.ok for r in reports)
    vi = [f"{len(reports)} chữ ký; " + ("tất cả hợp lệ." if ok else "có chữ ký không hợp lệ.")]
    en = [f"{len(reports)} signature(s); " + ("all valid." if ok else "some are not valid.")]
    return Report(ok, reports, vi, en)
