"""Signing configuration (read by service.config.signing_settings): timestamp authority, trust roots, long-term
validation."""
from __future__ import annotations

from pathlib import Path

from asn1crypto import pem, x509

from service.config import SigningSettings, signing_settings
from service.sign.errors import SignError
from service.sign.pades import Options

MAX_TRUST_FILES = 500
MAX_CERT_BYTES = 1_000_000


def load_trust_roots(directory: str | Path | None) -> tuple[x509.Certificate, ...]:
    """Every certificate (PEM or DER; .pem .crt .cer .der) in the trust directory."""
    if not directory:
        return ()
    folder = Path(directory)
    if not folder.is_dir():
        raise SignError(f"Thư mục chứng thư gốc {folder} không tồn tại.",
                        f"The trust directory {folder} does not exist.", field="trust")
    roots: list[x509.Certificate] = []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer", ".der"))
    for path in files[:MAX_TRUST_FILES]:
        data = path.read_bytes()[:MAX_CERT_BYTES]
        try:
            if pem.detect(data):
                roots.extend(x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True))
            else:
                roots.append(x509.Certificate.load(data))
        except ValueError as exc:
            raise SignError(f"Tệp {path.name} trong thư mục chứng thư gốc không đọc được.",
                            f"The file {path.name} in the trust directory cannot be read.", field="trust") from exc
    return tuple(roots)


def trust_dir() -> str | None:
    return signing_settings().trust_dir


def options_from_env(settings: SigningSettings | None = None) -> Options:
    """VANBAN_TSA_URL (B-T), VANBAN_TSA_TIMEOUT, VANBAN_TRUST_DIR, VANBAN_SIGN_LT (B-LT when possible)."""
    settings = settings or signing_settings()
    return Options(tsa_url=settings.tsa_url, tsa_timeout=settings.tsa_timeout,
                   trust_roots=load_trust_roots(settings.trust_dir), long_term=settings.long_term)
