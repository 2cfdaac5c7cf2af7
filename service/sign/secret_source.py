"""Passwords and PINs come from a secret file or an environment variable, never from the database."""
from __future__ import annotations

from pathlib import Path

from service.config import secret_from_environment
from service.sign.errors import KeyUnavailable

MAX_SECRET_BYTES = 4096


def read_secret(secret_file: str | None, secret_env: str | None) -> bytes | None:
    """The secret named by a file path or an environment variable NAME (file wins); None when neither is set.

    A trailing newline in the file is dropped (editors add one)."""
    if secret_file:
        path = Path(secret_file)
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_SECRET_BYTES + 1)
        except OSError as exc:
            raise KeyUnavailable(f"Không đọc được tệp mật khẩu {secret_file}: {exc.strerror}.",
                                 f"Cannot read the secret file {secret_file}: {exc.strerror}.",
                                 field="secret_file") from exc
        if len(data) > MAX_SECRET_BYTES:
            raise KeyUnavailable("Tệp mật khẩu quá lớn.", "The secret file is too large.", field="secret_file")
        return data.rstrip(b"\r\n")
    if secret_env:
        value = secret_from_environment(secret_env)
        if value is None:
            raise KeyUnavailable(f"Biến môi trường {secret_env} (mật khẩu khóa ký) chưa được đặt.",
                                 f"The environment variable {secret_env} (signing key password) is not set.",
                                 field="secret_env")
        return value.encode("utf-8")
    return None
