"""Database engines for the register: SQLite (embedded default) or PostgreSQL via DATABASE_URL.

SQLite is set up for many writers across processes: WAL journal, a long busy_timeout, full
fsync on commit (a committed number must survive power loss), and transactions that can ask for
`BEGIN IMMEDIATE` so that the write lock is taken before the counter is read.
PostgreSQL uses psycopg 3 (`postgresql+psycopg://…`); row locks come from SELECT … FOR UPDATE.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = REPO_ROOT / "migrations"
BEGIN_OPTION = "vanban_begin"
BUSY_TIMEOUT_MS = 120_000


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` / `postgres://` URLs and route them to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def private_sqlite_file(url: str) -> None:
    """Create a SQLite database file 0600 before SQLite does (it would use the umask: 0644), and take group/other
    bits off an existing one and its -wal/-shm: the file holds password hashes and token digests."""
    if not url.startswith("sqlite"):
        return
    path = url.split("///", 1)[1] if "///" in url else ""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    from service.store.private import FILE_MODE, private_dir, tighten

    private_dir(Path(path).parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        for suffix in ("", "-wal", "-shm", "-journal"):
            tighten(path + suffix, FILE_MODE)


def make_engine(url: str) -> Engine:
    """An engine configured for safe concurrent numbering on either backend."""
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    private_sqlite_file(url)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, pool_size=10, max_overflow=20)

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
        mode = conn.get_execution_options().get(BEGIN_OPTION, "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction holds the database write lock from its first statement
    (BEGIN IMMEDIATE on SQLite; on PostgreSQL locks are taken per row with FOR UPDATE).
    Commits on success, rolls back on any exception."""
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        with Session(bind=conn, expire_on_commit=False) as session:
            with session.begin():
                yield session


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    """Alembic config pointing at the repository's migrations/ for the given database."""
    from alembic.config import Config

    cfg = Config(str(REPO_ROOT / "alembic.ini")) if (REPO_ROOT / "alembic.ini").exists() else Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database schema to `revision` (Alembic)."""
    from alembic import command

    private_sqlite_file(normalise_url(url))
    command.upgrade(alembic_config(url), revision)


def default_url() -> str:
    """DATABASE_URL from the environment, else the SQLite file in the data folder (service.config)."""
    from service.config import from_env

    return normalise_url(from_env()["DATABASE_URL"])
