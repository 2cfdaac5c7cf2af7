"""A signing key as configured (PKCS#12 file or PKCS#11 token) and how to open it as a pyHanko signer."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyhanko.sign import signers

from service.sign.errors import KeyUnavailable, SignError
from service.sign.secrets import read_secret

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


def _open_pkcs12(spec: KeySpec) -> signers.Signer:
    path = Path(spec.p12_path or "")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyUnavailable(f"Không đọc được tệp khóa {path}: {exc.strerror}.",
                             f"Cannot read the key file {path}: {exc.strerror}.", field="p12_path") from exc
    password = read_secret(spec.secret_file, spec.secret_env)
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=None, passphrase=password)
    except (ValueError, TypeError) as exc:
        raise KeyUnavailable("Không mở được tệp khóa PKCS#12 (sai mật khẩu hoặc tệp hỏng).",
                             "Cannot open the PKCS#12 key (wrong password or damaged file).",
                             field="p12_path") from exc
    if signer is None:
        raise KeyUnavailable("Không mở được tệp khóa PKCS#12 (sai mật khẩu hoặc tệp hỏng).",
                             "Cannot open the PKCS#12 key (wrong password or damaged file).", field="p12_path")
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
