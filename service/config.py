"""Settings from the environment, with embedded defaults so a laptop needs nothing extra."""
from __future__ import annotations

import os
from pathlib import Path


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


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
    }
