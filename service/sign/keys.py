"""A signing key as configured (PKCS#12 file or PKCS#11 token) and how to open it as a pyHanko signer."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyhanko.sign import signers

from service.sign.errors import KeyUnavailable, SignError
from service.sign.secret_source import read_secret

KEY_KINDS = ("pkcs12", "pkcs11")
OWNER_KINDS = ("signer", "agency")


@dataclass(frozen=True)
class KeySpec:
    """Where one key lives. `secret_file`/`secret_env` give the PKCS#12 password or the token PIN.

    `display_name` is printed in the appearance (the agency's name beside its seal); `image_path` is the
    signer's blue signature or the agency's red seal (PNG, transparent); `image_width_mm` the seal's real
    width when the PNG carries no resolution."""

    kind: str
    p12_path: str | None = None
    secret_file: str | None = None
    secret_env: str | None = None
    pkcs11_module: str | None = None
    token_label: str | None = None
    key_label: str | None = None
    cert_label: str | None = None
    image_path: str | None = None
    image_width_mm: float | None = None
    display_name: str | None = None

    def check(self) -> None:
        """Refuse an incomplete configuration, naming the missing field."""
        if self.kind not in KEY_KINDS:
            raise SignError(f"Loại khóa phải là một trong {', '.join(KEY_KINDS)}.",
                            f"Key kind must be one of {', '.join(KEY_KINDS)}.", field="key_kind")
        if self.kind == "pkcs12" and not self.p12_path:
            raise SignError("Khóa PKCS#12 cần đường dẫn tệp .p12.", "A PKCS#12 key needs the .p12 path.",
                            field="p12_path")
        if self.kind == "pkcs11":
            for name in ("pkcs11_module", "token_label", "key_label"):
                if not getattr(self, name):
                    raise SignError(f"Khóa PKCS#11 cần trường {name}.", f"A PKCS#11 key needs {name}.",
                                    field=name)
        if self.secret_file and self.secret_env:
            raise SignError("Chỉ chọn một nguồn mật khẩu: tệp hoặc biến môi trường.",
                            "Give one password source: a secret file or an environment variable.",
                            field="secret_env")
        if self.image_width_mm is not None and not 5 <= self.image_width_mm <= 80:
            raise SignError("Chiều rộng ảnh phải từ 5 đến 80 mm.", "The image width must be 5 to 80 mm.",
                            field="image_width_mm")


class _LoadedKeySigner(signers.SimpleSigner):
    """A SimpleSigner that keeps the parsed private key: pyHanko's own parses (and validates) the key again on
    every signature, about 100 ms for RSA-2048, twice per signature."""

    def __init__(self, pyca_key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pyca_key = pyca_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
        from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
        from pyhanko.sign.general import get_pyca_cryptography_hash

        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        key = self._pyca_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)  # PSS, EdDSA …: pyHanko's own path


_P12_CACHE: OrderedDict[tuple[str, int, int, str], signers.Signer] = OrderedDict()
_P12_CACHE_SIZE = 16
_p12_lock = threading.Lock()


def _load_p12(data: bytes, password: bytes | None) -> signers.Signer:
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, password)
    except (ValueError, TypeError) as exc:
        raise KeyUnavailable("Không mở được tệp khóa PKCS#12 (sai mật khẩu hoặc tệp hỏng).",
                             "Cannot open the PKCS#12 key (wrong password or damaged file).",
                             field="p12_path") from exc
    if key is None or cert is None:
        raise KeyUnavailable("Tệp PKCS#12 không chứa khóa riêng và chứng thư số.",
                             "The PKCS#12 file holds no private key and certificate.", field="p12_path")
    store = SimpleCertificateStore()
    store.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in others])
    return _LoadedKeySigner(key, signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
                            signing_key=translate_pyca_cryptography_key_to_asn1(key), cert_registry=store)


def _open_pkcs12(spec: KeySpec) -> signers.Signer:
    """The key of a .p12 file, decrypted once per process while the file (and its password) stay the same."""
    path = Path(spec.p12_path or "")
    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError as exc:
        raise KeyUnavailable(f"Không đọc được tệp khóa {path}: {exc.strerror}.",
                             f"Cannot read the key file {path}: {exc.strerror}.", field="p12_path") from exc
    password = read_secret(spec.secret_file, spec.secret_env)
    token = hashlib.sha256(data + b"\0" + (password or b"")).hexdigest()
    cache_key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, token)
    with _p12_lock:
        found = _P12_CACHE.get(cache_key)
        if found is not None:
            _P12_CACHE.move_to_end(cache_key)
            return found
    signer = _load_p12(data, password)
    with _p12_lock:
        _P12_CACHE[cache_key] = signer
        while len(_P12_CACHE) > _P12_CACHE_SIZE:
            _P12_CACHE.popitem(last=False)
    return signer


@contextmanager
def _open_pkcs11(spec: KeySpec) -> Iterator[signers.Signer]:
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    pin = read_secret(spec.secret_file, spec.secret_env)
    try:
        session = pkcs11.open_pkcs11_session(spec.pkcs11_module or "",
                                             token_criteria=TokenCriteria(label=spec.token_label),
                                             user_pin=pin.decode("utf-8") if pin is not None else None)
    except Exception as exc:  # python-pkcs11 raises many unrelated types (module missing, PIN, no token)
        raise KeyUnavailable(f"Không mở được token PKCS#11 '{spec.token_label}': {exc}.",
                             f"Cannot open the PKCS#11 token '{spec.token_label}': {exc}.",
                             field="token_label") from exc
    try:
        yield pkcs11.PKCS11Signer(session, key_label=spec.key_label, cert_label=spec.cert_label or spec.key_label)
    finally:
        session.close()


@contextmanager
def open_signer(spec: KeySpec) -> Iterator[signers.Signer]:
    """The key as a pyHanko signer, open for the duration of the block (a token session is closed after)."""
    spec.check()
    if spec.kind == "pkcs12":
        yield _open_pkcs12(spec)
        return
    with _open_pkcs11(spec) as signer:
        yield signer
