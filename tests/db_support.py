"""A fresh database for a test: an SQLite file, or a private schema on the shared PostgreSQL, migrated to a given
revision (the newest by default; an older one to test a migration on data of the previous release)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def private_database(kind: str, folder: Path, revision: str = "head") -> Iterator[str]:
    """Yields the database URL; a PostgreSQL schema is dropped afterwards."""
    from sqlalchemy import text

    from service.register.db import make_engine, upgrade

    if kind == "sqlite":
        url = f"sqlite:///{folder / 'register.db'}"
        upgrade(url, revision)
        yield url
        return
    schema = f"vb_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    try:
        upgrade(url, revision)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
