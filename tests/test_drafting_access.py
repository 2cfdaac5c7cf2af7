"""Drafting (render, validate, preview, check) is open by default and closable by configuration (issue [register]):
closed, the API wants a drafter token or a logged-in staff session from the pages with its CSRF header."""
import json
from pathlib import Path

import pytest

from service.register import auth
from service.web.register_state import state
from service.web import csrf
from service.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
DRAFTING = [("/api/v1/documents", "json"), ("/api/v1/validate", "json"), ("/api/v1/preview", "json")]


@pytest.fixture
def plan_json():
    return json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))


def make(tmp_path, open_drafting):
    app = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}",
                      "TESTING": True, "OPEN_DRAFTING": open_drafting})
    return app


@pytest.mark.parametrize("path, _", DRAFTING)
def test_open_by_default(tmp_path, plan_json, path, _):
    r = make(tmp_path, True).test_client().post(path, json=plan_json)
    assert r.status_code == 200


@pytest.mark.parametrize("path, _", DRAFTING)
def test_closed_drafting_needs_a_token(tmp_path, plan_json, path, _):
    app = make(tmp_path, False)
    client = app.test_client()
    anon = client.post(path, json=plan_json)
    assert anon.status_code == 401 and anon.mimetype == "application/problem+json"
    token = auth.create_token(state(app).engine, "drafter", "he-thong-mot-cua")
    ok = client.post(path, json=plan_json, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200


def test_closed_drafting_accepts_the_pages_session_only_with_csrf(tmp_path, plan_json):
    app = make(tmp_path, False)
    auth.create_user(state(app).engine, "soan.thao", "mat-khau-soan-thao", "drafter")
    client = app.test_client()
    with client.session_transaction() as s:
        s[csrf.SESSION_KEY] = token = csrf.new_token()
    r = client.post("/login", data={"username": "soan.thao", "password": "mat-khau-soan-thao", "_csrf": token})
    assert r.status_code == 303
    client.get("/")  # a page of the form: it gives the session its CSRF token, as the browser would load it
    with client.session_transaction() as s:
        token = s[csrf.SESSION_KEY]
    forged = client.post("/api/v1/preview", json=plan_json)  # the cookie alone, as a cross-site form would send
    assert forged.status_code == 401
    ok = client.post("/api/v1/preview", json=plan_json, headers={csrf.HEADER: token})
    assert ok.status_code == 200 and "KẾ HOẠCH" in ok.get_data(as_text=True)
