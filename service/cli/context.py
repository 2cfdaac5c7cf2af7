"""What every CLI command that touches the register needs: its database (SQLite migrated on open), the file store,
and who is acting. One module, so the register, sign, agency and batch commands share it without importing one
another."""
from __future__ import annotations

import getpass
from pathlib import Path

from sqlalchemy import Engine

from service.register.db import default_url, make_engine, upgrade


def store_root() -> Path:
    """The file store of issued documents (VANBAN_STORE_DIR, see service.config)."""
    from service.config import from_env

    return Path(from_env()["STORE_DIR"])


def cli_actor() -> str:
    """Who the audit log names for a command run from a shell."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no passwd entry (containers)
        return "cli"


def open_register(url: str | None) -> Engine:
    """The register's engine for --database-url (default: DATABASE_URL, else the data dir); SQLite is migrated."""
    url = url or default_url()
    if url.startswith("sqlite"):
        upgrade(url)
    return make_engine(url)
