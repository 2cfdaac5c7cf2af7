"""Alembic environment for the register schema (service.register.models)."""
from __future__ import annotations

from alembic import context

from service.register.db import default_url, make_engine
from service.register.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or default_url()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=_url().startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def _foreign_keys(connection, on: bool) -> None:  # type: ignore[no-untyped-def]
    """SQLite rebuilds a table to alter it (copy, drop, rename: Alembic batch mode); with foreign keys enforced the
    DROP of a table that entries point at fails, so they are off while migrating (SQLite's documented procedure,
    https://www.sqlite.org/lang_altertable.html) — set on the raw connection, outside any transaction, where the
    pragma takes effect — and every reference is checked before the commit (_check_foreign_keys)."""
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_foreign_keys(connection) -> None:  # type: ignore[no-untyped-def]
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")


def run_migrations_online() -> None:
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                _foreign_keys(connection, False)
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    _check_foreign_keys(connection)
            if sqlite:
                _foreign_keys(connection, True)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
