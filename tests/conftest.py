import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "ke-hoach-2024-seed.txt"  # copy of shared/seeds/000_e0f40db3eb298ee1.txt


@pytest.fixture(scope="session")
def plan_doc() -> dict:
    return json.loads((FIXTURES / "ke-hoach-2024.json").read_text(encoding="utf-8"))


@pytest.fixture
def plan(plan_doc) -> dict:
    """A fresh copy of the seed plan that a test may change."""
    return copy.deepcopy(plan_doc)


@pytest.fixture(scope="session")
def plan_docx(plan_doc) -> bytes:
    from service.render import render_docx

    return render_docx(plan_doc)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def app(tmp_path):
    """The web app on a fresh data folder and SQLite database, in testing mode."""
    from service.web.app import create_app

    return create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}", "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, migrated database: an SQLite file, or a private schema on the shared PostgreSQL."""
    from db_support import private_database

    with private_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url):
    """An engine on the fresh database of `database_url`, disposed before the database is dropped."""
    from service.register.db import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()


def pytest_collection_modifyitems(items):
    """Tests on the PostgreSQL side of `database_url` carry the `postgres` lane marker like the hand-marked ones."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgresql":
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def no_converter(monkeypatch):
    """Point the PDF converter at a LibreOffice that does not exist (what a machine without it answers)."""
    from service import convert

    monkeypatch.setenv("VANBAN_SOFFICE", "/nonexistent/soffice")
    convert.shutdown()
    yield
    convert.shutdown()
