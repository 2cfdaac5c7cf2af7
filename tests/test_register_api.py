"""The register's JSON API through the real app factory: roles (401/403), issue with Idempotency-Key,
metadata, exact file bytes with sha256 ETag, void, search, export, problem+json errors."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from service.register import auth
from service.web.register_state import state
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2024, 2, 5, 2, 0, tzinfo=dt.timezone.utc)  # 09:00 in Vietnam


@pytest.fixture
def plan() -> dict:
    return json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
                      "REGISTER_CLOCK": lambda: NOW, "OPEN_DRAFTING": True})
    yield app
    state(app).engine.dispose()


@pytest.fixture
def tokens(app) -> dict[str, str]:
    engine = state(app).engine
    return {role: auth.create_token(engine, role, f"test-{role}") for role in auth.ROLES}


def bearer(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def test_issue_requires_a_clerk_token(app, tokens, plan):
    client = app.test_client()
    anon = client.post("/api/v1/documents/issue", json=plan)  # OPEN_DRAFTING never opens issuing
    assert anon.status_code == 401
    assert anon.mimetype == "application/problem+json"
    assert anon.headers["WWW-Authenticate"].startswith("Bearer")
    assert anon.json["title_vi"] and anon.json["title"]
    bad = client.post("/api/v1/documents/issue", json=plan, headers=bearer("vb_not-a-token"))
    assert bad.status_code == 401
    drafter = client.post("/api/v1/documents/issue", json=plan, headers=bearer(tokens["drafter"]))
    assert drafter.status_code == 403 and drafter.mimetype == "application/problem+json"
    assert "clerk" in drafter.json["title"]
    ok = client.post("/api/v1/documents/issue", json=plan, headers=bearer(tokens["clerk"]))
    assert ok.status_code == 201, ok.json
    assert ok.json["columns"]["number_symbol"] == "01/KH-LĐTBXH"
    assert ok.json["issued_by"].startswith("token:") and ok.json["issued_by"].endswith("test-clerk")
    assert client.post("/api/v1/documents/issue", json=plan, headers=bearer(tokens["admin"])).status_code == 201
    for path in ("/api/v1/register", "/api/v1/register/1", "/api/v1/register/1/file"):
        assert client.get(path).status_code == 401, path
    assert client.get("/api/v1/register/export?year=2024", headers=bearer(tokens["drafter"])).status_code == 403
    assert client.post("/api/v1/register/1/void", json={"reason": "x"},
                       headers=bearer(tokens["drafter"])).status_code == 403


def test_revoked_token_is_refused(app, plan):
    engine = state(app).engine
    token = auth.create_token(engine, "clerk", "short-lived")
    token_id = int(auth.principal_for_token(engine, token).name.split(":")[1])
    auth.revoke_token(engine, token_id)
    assert app.test_client().post("/api/v1/documents/issue", json=plan,
                                  headers=bearer(token)).status_code == 401


def test_idempotent_issue_and_exact_file(app, tokens, plan):
    client = app.test_client()
    headers = bearer(tokens["clerk"], **{"Idempotency-Key": "8f1c-retry"})
    first = client.post("/api/v1/documents/issue", json=plan, headers=headers)
    retry = client.post("/api/v1/documents/issue", json=plan, headers=headers)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json["id"] == first.json["id"] and retry.json["number"] == 1
    assert retry.json["file"]["sha256"] == first.json["file"]["sha256"]
    other = client.post("/api/v1/documents/issue", json=plan, headers=bearer(tokens["clerk"], **{"Idempotency-Key": "k2"}))
    assert other.json["number"] == 2
    clash = client.post("/api/v1/documents/issue", json=dict(plan, summary="Khác"), headers=headers)
    assert clash.status_code == 409 and clash.mimetype == "application/problem+json"
    assert clash.json["errors"][0]["path"] == "Idempotency-Key"

    entry_id = first.json["id"]
    meta = client.get(f"/api/v1/register/{entry_id}", headers=bearer(tokens["drafter"]))
    assert meta.status_code == 200 and meta.json["columns"]["date"] == "2024-02-05"
    resp = client.get(first.json["links"]["file"], headers=bearer(tokens["drafter"]))
    assert resp.status_code == 200
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    digest = hashlib.sha256(resp.data).hexdigest()
    assert digest == first.json["file"]["sha256"] and resp.headers["ETag"] == f'"{digest}"'
    assert "filename*=UTF-8''2024-01-KH-L%C4%90TBXH.docx" in resp.headers["Content-Disposition"]
    cached = client.get(first.json["links"]["file"], headers=bearer(tokens["drafter"], **{"If-None-Match": f'"{digest}"'}))
    assert cached.status_code == 304
    assert client.get("/api/v1/register/999", headers=bearer(tokens["drafter"])).status_code == 404


def test_bad_input_gets_problem_json_not_500(app, tokens, plan):
    client = app.test_client()
    clerk = bearer(tokens["clerk"])
    invalid = client.post("/api/v1/documents/issue", json=dict(plan, signer={"name": "X"}), headers=clerk)
    assert invalid.status_code == 422 and invalid.mimetype == "application/problem+json"
    assert any(e["path"].startswith("signer") for e in invalid.json["errors"])
    assert all(e["message_vi"] and e["message_en"] for e in invalid.json["errors"])
    not_json = client.post("/api/v1/documents/issue", data="{nope", headers=dict(clerk, **{"Content-Type": "application/json"}))
    assert not_json.status_code == 422 and not_json.json["errors"][0]["path"] == "body"
    numbered = client.post("/api/v1/documents/issue", json=dict(plan, number=3), headers=clerk)
    assert numbered.status_code == 422 and numbered.json["errors"][0]["path"] == "number"
    not_object = client.post("/api/v1/documents/issue", json=[1, 2], headers=clerk)
    assert not_object.status_code == 422
    bad_year = client.get("/api/v1/register?year=abc", headers=clerk)
    assert bad_year.status_code == 422 and bad_year.json["errors"][0]["path"] == "year"
    bad_date = client.post("/api/v1/documents/issue", json={"document": plan, "issue_date": "05/02/2024"}, headers=clerk)
    assert bad_date.status_code == 422 and bad_date.json["errors"][0]["path"] == "issue_date"
    # nothing above spent a number
    assert client.post("/api/v1/documents/issue", json=plan, headers=clerk).json["number"] == 1


def test_envelope_with_issue_date_void_search_and_export(app, tokens, plan):
    client = app.test_client()
    clerk = bearer(tokens["clerk"])
    backdated = client.post("/api/v1/documents/issue", json={"document": plan, "issue_date": "2024-02-01"},
                            headers=clerk)
    assert backdated.status_code == 201 and backdated.json["columns"]["date"] == "2024-02-01"
    second = client.post("/api/v1/documents/issue", json=dict(plan, summary="Tháng hành động vì trẻ em"),
                         headers=clerk).json
    no_reason = client.post(f"/api/v1/register/{second['id']}/void", json={}, headers=clerk)
    assert no_reason.status_code == 422 and no_reason.json["errors"][0]["path"] == "reason"
    voided = client.post(f"/api/v1/register/{second['id']}/void", json={"reason": "Sai nơi nhận"}, headers=clerk)
    assert voided.status_code == 200 and voided.json["void"]["reason"] == "Sai nơi nhận"
    again = client.post(f"/api/v1/register/{second['id']}/void", json={"reason": "x"}, headers=clerk)
    assert again.status_code == 409

    found = client.get("/api/v1/register?year=2024&q=tre em", headers=bearer(tokens["drafter"])).json
    assert found["total"] == 1 and found["items"][0]["id"] == second["id"]
    assert client.get("/api/v1/register?year=2024&type=ke_hoach", headers=clerk).json["total"] == 2
    assert client.get("/api/v1/register?year=2025", headers=clerk).json["total"] == 0

    export = client.get("/api/v1/register/export?year=2024&format=xlsx", headers=clerk)
    assert export.status_code == 200
    ws = load_workbook(io.BytesIO(export.data)).active
    assert ws.max_column == 10
    numbers = [row[0] for row in ws.iter_rows(min_row=6, values_only=True)]
    assert numbers == ["01/KH-LĐTBXH", "02/KH-LĐTBXH"]
    bad_format = client.get("/api/v1/register/export?year=2024&format=pdf", headers=clerk)
    assert bad_format.status_code == 422 and bad_format.json["errors"][0]["path"] == "format"


def test_delivery_fills_columns_8_and_9_and_is_audited(app, tokens, plan):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from service.register.models import AuditEvent

    client = app.test_client()
    clerk = bearer(tokens["clerk"])
    entry = client.post("/api/v1/documents/issue", json=plan, headers=clerk).json
    url = f"/api/v1/register/{entry['id']}/delivery"
    assert client.post(url, json={"date_sent": "2024-02-06", "received_by": "Nguyễn Thị Lan"},
                       headers=bearer(tokens["drafter"])).status_code == 403
    early = client.post(url, json={"date_sent": "2024-01-01", "received_by": "Lan"}, headers=clerk)
    assert early.status_code == 422 and early.json["errors"][0]["path"] == "date_sent"
    missing = client.post(url, json={"date_sent": "2024-02-06"}, headers=clerk)
    assert missing.status_code == 422 and missing.json["errors"][0]["path"] == "received_by"
    ok = client.post(url, json={"date_sent": "2024-02-06", "received_by": "Nguyễn Thị Lan"}, headers=clerk)
    assert ok.status_code == 200
    assert ok.json["columns"]["date_sent"] == "2024-02-06" and ok.json["columns"]["received_by"] == "Nguyễn Thị Lan"
    ws = load_workbook(io.BytesIO(client.get("/api/v1/register/export?year=2024&format=xlsx",
                                              headers=clerk).data)).active
    row = next(r for r in ws.iter_rows(min_row=6, values_only=True) if r[0] == "01/KH-LĐTBXH")
    assert "06/02/2024" in str(row[7]) or str(row[7]).startswith("2024-02-06")
    assert row[8] == "Nguyễn Thị Lan"
    with Session(state(app).engine) as db:
        actions = [a.action for a in db.scalars(select(AuditEvent))]
    assert "deliver" in actions
