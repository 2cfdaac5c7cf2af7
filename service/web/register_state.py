"""The register's per-app state in Flask: one engine per app, the file store folder and the clock.

Config keys: DATABASE_URL (set by service.config: sqlite:///<DATA_DIR>/vanban.db by default),
REGISTER_STORE_DIR (VANBAN_STORE_DIR through service.config; default <DATA_DIR>/store),
REGISTER_AUTO_MIGRATE (default: on for SQLite, off otherwise — run `vanban db upgrade` for PostgreSQL),
REGISTER_CLOCK (a callable returning an aware datetime, for tests), OPEN_DRAFTING (drafter-level endpoints without
a token; issuing, voiding and exporting never)."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import Engine

from service.register.db import make_engine, normalise_url, upgrade
from service.register.vntime import Clock, utc_now

_KEY = "vanban.register"
_lock = threading.Lock()


@dataclass
class RegisterState:
    engine: Engine
    store_root: Path


def _data_dir(app: Flask) -> Path:
    return Path(app.config.get("DATA_DIR") or app.instance_path)


def _build(app: Flask) -> RegisterState:
    url = normalise_url(app.config.get("DATABASE_URL") or f"sqlite:///{_data_dir(app) / 'vanban.db'}")
    auto = app.config.get("REGISTER_AUTO_MIGRATE")
    if auto is None:
        auto = url.startswith("sqlite")
    if auto:
        upgrade(url)
    store_root = Path(app.config.get("REGISTER_STORE_DIR") or _data_dir(app) / "store")
    return RegisterState(engine=make_engine(url), store_root=store_root)


def state(app: Flask | None = None) -> RegisterState:
    """The app's register state, created (and the schema migrated, if configured) on first use."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(_KEY)
    if found is None:
        with _lock:
            found = app.extensions.get(_KEY)
            if found is None:
                found = _build(app)
                app.extensions[_KEY] = found
    return found


def clock(app: Flask | None = None) -> Clock:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return app.config.get("REGISTER_CLOCK") or utc_now
