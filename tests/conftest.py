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
