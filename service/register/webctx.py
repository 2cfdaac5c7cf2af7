"""The register's per-app state in Flask: one engine per app, the file store folder and the clock.

Config keys: DATABASE_URL (default sqlite:///<instance>/vanban.db), REGISTER_STORE_DIR
(default <instance>/store), REGISTER_AUTO_MIGRATE (default: on for SQLite, off otherwise — run
`vanban db upgrade` for PostgreSQL), REGISTER_CLOCK (a callable returning an aware datetime, tests),
DRAFTING_OPEN (let drafter-level endpoints run without a token; issuing/voiding/exporting never)."""
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


def _build(app: Flask) -> RegisterState:
    url = normalise_url(app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'vanban.db'}")
    auto = app.config.get("REGISTER_AUTO_MIGRATE")
    if auto is None:
        auto = url.startswith("sqlite")
    if auto:
        upgrade(url)
    store_root = Path(app.config.get("REGISTER_STORE_DIR") or Path(app.instance_path) / "store")
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
