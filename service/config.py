"""Settings from the environment, with embedded defaults so a laptop needs nothing extra."""
from __future__ import annotations

import os
from pathlib import Path

from service import limits


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


class ConfigError(ValueError):
    """A setting that would make the service misbehave; raised before it starts serving."""


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
        raise ConfigError(f"Biến môi trường {name}={raw!r} phải là số ≥ {minimum:g} / "
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
        # staff sessions: lifetime, and login attempts allowed per username and per client address
        "SESSION_HOURS": _number(env, "VANBAN_SESSION_HOURS", 10, 0.01),
        "LOGIN_LIMIT": env.get("VANBAN_LOGIN_LIMIT") or "10 per 15 minutes",
        # reverse proxies in front of gunicorn whose X-Forwarded-For/-Proto to trust (0: none, the peer is the client)
        "PROXY_COUNT": int(_number(env, "VANBAN_PROXY_COUNT", 0, 0)),
        # uploads, batch jobs and roll-forward files: kept this many days; anonymous ones share a disk quota
        "RETENTION_DAYS": _number(env, "VANBAN_RETENTION_DAYS", 7, 0),
        "ANON_QUOTA_BYTES": int(_number(env, "VANBAN_ANON_QUOTA_MB", 256, 0) * 1024 * 1024),
        "LIMITS": limits.from_settings(env),  # input budgets (service/limits.py), VANBAN_MAX_* settings
        "BATCH_QUEUE": env.get("VANBAN_BATCH_QUEUE") or "vanban-batch",
        "BATCH_MAX_ROWS": int(env.get("VANBAN_BATCH_MAX_ROWS") or 2000),
        "BATCH_MAX_JOBS": int(env.get("VANBAN_BATCH_MAX_JOBS") or 3),
        "BATCH_MAX_THREADS": int(env.get("VANBAN_BATCH_MAX_THREADS") or 4),
        "CALLBACK_ALLOW": tuple((env.get("VANBAN_CALLBACK_ALLOW") or "").replace(",", " ").split()),
        "CALLBACK_ALLOW_PRIVATE": _bool(env.get("VANBAN_CALLBACK_ALLOW_PRIVATE"), False),
        "CALLBACK_ATTEMPTS": int(env.get("VANBAN_CALLBACK_ATTEMPTS") or 5),
        "CALLBACK_BACKOFF_S": float(env.get("VANBAN_CALLBACK_BACKOFF_S") or 2.0),
        "CALLBACK_TIMEOUT_S": float(env.get("VANBAN_CALLBACK_TIMEOUT_S") or 10.0),
    }


def server_settings(env: dict[str, str] | None = None) -> dict:
    """gunicorn's settings (service/web/gunicorn_conf.py applies them), checked against the PDF timeouts.

    A PDF request may wait for a worker to start and then for the conversion; if gunicorn's worker timeout were
    shorter, gunicorn would kill the worker first and the documented 504 could never be answered.
    """
    from service.convert.settings import load_settings

    env = dict(os.environ if env is None else env)

    def number(name: str, default: int, minimum: int) -> int:
        raw = (env.get(name) or "").strip()
        try:
            value = int(raw) if raw else default
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise ConfigError(f"Biến môi trường {name}={raw!r} phải là số nguyên ≥ {minimum} / "
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
    pdf = load_settings(env)
    longest = pdf.start_timeout + pdf.timeout
    if longest >= settings["timeout"]:
        raise ConfigError(
            f"VANBAN_PDF_START_TIMEOUT + VANBAN_PDF_TIMEOUT ({longest:g} s) phải nhỏ hơn VANBAN_WORKER_TIMEOUT "
            f"({settings['timeout']} s), nếu không tiến trình sẽ bị dừng trước khi trả lỗi 504 / "
            f"VANBAN_PDF_START_TIMEOUT + VANBAN_PDF_TIMEOUT ({longest:g} s) must be below VANBAN_WORKER_TIMEOUT "
            f"({settings['timeout']} s), else gunicorn kills the worker before the 504 is answered")
    return settings
