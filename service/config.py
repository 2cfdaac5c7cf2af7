"""Settings from the environment, with embedded defaults so a laptop needs nothing extra.

The one module of service/ that reads the process environment: each entry point (the app factory, a CLI command,
a batch worker, gunicorn's configuration) builds its settings here when it starts, and hands them down; nothing
reads a variable at import time. Every variable is in the README's configuration table."""
from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from service import limits
from service.messages import BilingualError


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


class ConfigError(BilingualError, ValueError):
    """A setting that would make the service misbehave; raised before it starts serving.

    `vi` and `en` carry the message in each language (the converter answers them as its own error)."""


def _number(env: dict[str, str], name: str, default: float, minimum: float) -> float:
    """A positive number from the environment; a typo names its variable at start-up instead of failing later."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or not value >= minimum or value == float("inf"):
        raise ConfigError(f"Biến môi trường {name}={raw!r} phải là số ≥ {minimum:g}",
                          f"environment variable {name}={raw!r} must be a number ≥ {minimum:g}")
    return value


def from_env(env: dict[str, str] | None = None) -> dict:
    """The app configuration; every key can be overridden by create_app(config)."""
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("VANBAN_DATA_DIR") or Path.cwd() / "var").resolve()
    return {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'vanban.db'}",
        "REDIS_URL": env.get("REDIS_URL") or None,
        "MAX_CONTENT_LENGTH": int(env.get("VANBAN_MAX_BODY_BYTES") or 2 * 1024 * 1024),
        "OPEN_DRAFTING": _bool(env.get("VANBAN_OPEN_DRAFTING"), True),
        "SECRET_KEY": env.get("VANBAN_SECRET_KEY") or None,
        "SESSION_COOKIE_SECURE": _bool(env.get("VANBAN_SECURE_COOKIES"), False),
        "STORE_DIR": str(Path(env["VANBAN_STORE_DIR"]).resolve()) if env.get("VANBAN_STORE_DIR")
        else str(data_dir / "store"),
        # the register's file store when set explicitly; else <DATA_DIR>/store of the app's own DATA_DIR
        "REGISTER_STORE_DIR": env.get("VANBAN_STORE_DIR") or None,
        "VERIFY_MAX_BYTES": int(env.get("VANBAN_VERIFY_MAX_BYTES") or DEFAULT_VERIFY_MAX_BYTES),
        "TRUST_DIR": env.get("VANBAN_TRUST_DIR") or None,
        # staff sessions: lifetime, and login attempts allowed per username and per client address
        "SESSION_HOURS": _number(env, "VANBAN_SESSION_HOURS", 10, 0.01),
        "LOGIN_LIMIT": env.get("VANBAN_LOGIN_LIMIT") or "10 per 15 minutes",
        # reverse proxies in front of gunicorn whose X-Forwarded-For/-Proto to trust (0: none, the peer is the client)
        "PROXY_COUNT": int(_number(env, "VANBAN_PROXY_COUNT", 0, 0)),
        # uploads, batch jobs and roll-forward files: kept this many days; anonymous ones share a disk quota
        "RETENTION_DAYS": _number(env, "VANBAN_RETENTION_DAYS", 7, 0),
        "ANON_QUOTA_BYTES": int(_number(env, "VANBAN_ANON_QUOTA_MB", 256, 0) * 1024 * 1024),
        "LIMITS": limits.from_settings(env),  # input budgets (service/limits.py), VANBAN_MAX_* settings
        "BATCH_QUEUE": batch_queue(env),
        "BATCH_MAX_ROWS": int(env.get("VANBAN_BATCH_MAX_ROWS") or 2000),
        "BATCH_MAX_JOBS": int(env.get("VANBAN_BATCH_MAX_JOBS") or 3),
        "BATCH_MAX_THREADS": int(env.get("VANBAN_BATCH_MAX_THREADS") or 4),
        "CALLBACK_ALLOW": tuple((env.get("VANBAN_CALLBACK_ALLOW") or "").replace(",", " ").split()),
        "CALLBACK_ALLOW_PRIVATE": _bool(env.get("VANBAN_CALLBACK_ALLOW_PRIVATE"), False),
        "CALLBACK_ATTEMPTS": int(env.get("VANBAN_CALLBACK_ATTEMPTS") or 5),
        "CALLBACK_BACKOFF_S": float(env.get("VANBAN_CALLBACK_BACKOFF_S") or 2.0),
        "CALLBACK_TIMEOUT_S": float(env.get("VANBAN_CALLBACK_TIMEOUT_S") or 10.0),
    }


DEFAULT_VERIFY_MAX_BYTES = 20 * 1024 * 1024


def child_environment(drop: Collection[str] = (), **extra: str) -> dict[str, str]:
    """The environment a helper process (LibreOffice, Tesseract, gunicorn) inherits: ours less `drop`, plus `extra`."""
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def secret_from_environment(name: str) -> str | None:
    """A secret the administrator keeps in a variable of their choosing (a signing key's password or PIN)."""
    return os.environ.get(name)


def limits_from_env(env: Mapping[str, str] | None = None) -> limits.Limits:
    """The input budgets (VANBAN_MAX_*), for entry points that need no other setting (the CLI)."""
    return limits.from_settings(dict(os.environ if env is None else env))


def batch_queue(env: Mapping[str, str] | None = None) -> str:
    """The RQ queue batch jobs go to and the worker listens on (the Procfile uses the same variable)."""
    env = os.environ if env is None else env
    return env.get("VANBAN_BATCH_QUEUE") or "vanban-batch"


@dataclass(frozen=True)
class PdfSettings:
    workers: int = 1  # VANBAN_PDF_WORKERS: warm LibreOffice processes
    timeout: float = 60.0  # VANBAN_PDF_TIMEOUT: seconds one conversion may take
    start_timeout: float = 60.0  # VANBAN_PDF_START_TIMEOUT: seconds a worker may take to come up
    soffice: str | None = None  # VANBAN_SOFFICE: LibreOffice binary; None = search PATH
    uno_python: str | None = None  # VANBAN_UNO_PYTHON: a python that imports uno and unoserver
    runtime_dir: str | None = None  # VANBAN_PDF_RUNTIME_DIR: profiles and scratch files; None = a temp dir


def _pdf_number(env: Mapping[str, str], name: str, default: float, kind: type, minimum: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        what = "số nguyên" if kind is int else "số"
        raise ConfigError(f"Biến môi trường {name}={raw!r} phải là {what} ≥ {minimum}",
                          f"environment variable {name}={raw!r} must be a {kind.__name__} ≥ {minimum}")
    return value


def pdf_settings(env: Mapping[str, str] | None = None) -> PdfSettings:
    """VANBAN_PDF_* / VANBAN_SOFFICE / VANBAN_UNO_PYTHON; defaults suit one small server."""
    env = os.environ if env is None else env
    return PdfSettings(
        workers=int(_pdf_number(env, "VANBAN_PDF_WORKERS", 1, int, 1)),
        timeout=float(_pdf_number(env, "VANBAN_PDF_TIMEOUT", 60.0, float, 1)),
        start_timeout=float(_pdf_number(env, "VANBAN_PDF_START_TIMEOUT", 60.0, float, 5)),
        soffice=env.get("VANBAN_SOFFICE") or None,
        uno_python=env.get("VANBAN_UNO_PYTHON") or None,
        runtime_dir=env.get("VANBAN_PDF_RUNTIME_DIR") or None,
    )


@dataclass(frozen=True)
class SigningSettings:
    tsa_url: str | None = None  # VANBAN_TSA_URL: RFC 3161 timestamp authority (B-T); None = B-B
    tsa_timeout: float = 10.0  # VANBAN_TSA_TIMEOUT: seconds one timestamp request may take
    trust_dir: str | None = None  # VANBAN_TRUST_DIR: trusted root certificates for verify and B-LT
    long_term: bool = True  # VANBAN_SIGN_LT: try B-LT when a TSA and trust roots are configured


def signing_settings(env: Mapping[str, str] | None = None) -> SigningSettings:
    """VANBAN_TSA_URL, VANBAN_TSA_TIMEOUT, VANBAN_TRUST_DIR, VANBAN_SIGN_LT."""
    env = os.environ if env is None else env
    return SigningSettings(
        tsa_url=env.get("VANBAN_TSA_URL") or None,
        tsa_timeout=float(env.get("VANBAN_TSA_TIMEOUT") or 10),
        trust_dir=env.get("VANBAN_TRUST_DIR") or None,
        long_term=(env.get("VANBAN_SIGN_LT") or "true").lower() not in ("0", "false", "no", "off"),
    )


def server_settings(env: dict[str, str] | None = None) -> dict:
    """gunicorn's settings (service/web/gunicorn_conf.py applies them), checked against the PDF timeouts.

    A PDF request may wait for a worker to start and then for the conversion; if gunicorn's worker timeout were
    shorter, gunicorn would kill the worker first and the documented 504 could never be answered.
    """
    env = dict(os.environ if env is None else env)

    def number(name: str, default: int, minimum: int) -> int:
        raw = (env.get(name) or "").strip()
        try:
            value = int(raw) if raw else default
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise ConfigError(f"Biến môi trường {name}={raw!r} phải là số nguyên ≥ {minimum}",
                              f"environment variable {name}={raw!r} must be an integer ≥ {minimum}")
        return value

    settings = {
        "bind": env.get("VANBAN_BIND") or f"0.0.0.0:{number('PORT', 8000, 1)}",
        "workers": number("WEB_CONCURRENCY", 2, 1),
        "timeout": number("VANBAN_WORKER_TIMEOUT", 150, 10),
        "graceful_timeout": number("VANBAN_GRACEFUL_TIMEOUT", 30, 1),
        "keepalive": 5,
        "max_requests": number("VANBAN_MAX_REQUESTS", 1000, 0),
        "max_requests_jitter": number("VANBAN_MAX_REQUESTS_JITTER", 100, 0),
    }
    pdf = pdf_settings(env)
    longest = pdf.start_timeout + pdf.timeout
    if longest >= settings["timeout"]:
        raise ConfigError(
            f"VANBAN_PDF_START_TIMEOUT + VANBAN_PDF_TIMEOUT ({longest:g} s) phải nhỏ hơn VANBAN_WORKER_TIMEOUT "
            f"({settings['timeout']} s), nếu không tiến trình sẽ bị dừng trước khi trả lỗi 504",
            f"VANBAN_PDF_START_TIMEOUT + VANBAN_PDF_TIMEOUT ({longest:g} s) must be below VANBAN_WORKER_TIMEOUT "
            f"({settings['timeout']} s), else gunicorn kills the worker before the 504 is answered")
    return settings
