"""Ký số và ban hành through the API: keys configured by an admin (PUT /api/v1/signing-keys), issue with
?sign=true stores the signed PDF (sha256 in the register, electronic, level), the stored bytes verify, every
signature is audited, and a retry with the same Idempotency-Key returns the same signed bytes."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from sign_support import pki  # noqa: F401  (fixture)
from service.register import audit, auth
from service.web.register_state import state
from service.web.app import create_app


@pytest.fixture
def app(tmp_path, pki):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
                      "REGISTER_CLOCK": lambda: dt.datetime.now(dt.timezone.utc), "TRUST_DIR": str(pki.trust_dir)})
    yield app
    state(app).engine.dispose()


@pytest.fixture
def tokens(app):
    engine = state(app).engine
    return {role: auth.create_token(engine, role, f"t-{role}") for role in auth.ROLES}


def h(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def configure_keys(client, tokens, pki) -> None:
    signer = {"key_kind": "pkcs12", "p12_path": str(pki.signer_p12), "secret_file": str(pki.password_file),
              "image_path": str(pki.signature_png)}
    agency = {"key_kind": "pkcs12", "p12_path": str(pki.agency_p12), "secret_env": "VB_TEST_AGENCY_PW",
              "image_path": str(pki.seal_png), "display_name": "Sở Lao động - Thương binh và Xã hội"}
    assert client.put("/api/v1/signing-keys/signer/truong-duc-huan", json=signer,
                      headers=h(tokens["clerk"])).status_code == 403
    assert client.put("/api/v1/signing-keys/signer/truong-duc-huan", json=signer).status_code == 401
    r = client.put("/api/v1/signing-keys/signer/truong-duc-huan", json=signer, headers=h(tokens["admin"]))
    assert r.status_code == 200 and r.json["secret_file"] == str(pki.password_file)
    r = client.put("/api/v1/signing-keys/agency/LĐTBXH", json=agency, headers=h(tokens["admin"]))
    assert r.status_code == 200


def test_signing_keys_api_refuses_bad_input_and_never_stores_a_password(app, tokens, pki):
    client = app.test_client()
    bad = client.put("/api/v1/signing-keys/signer/x", json={"key_kind": "pkcs12", "password": "123"},
                     headers=h(tokens["admin"]))
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert bad.json["errors"][0]["path"] == "password" and bad.json["title_vi"]
    missing = client.put("/api/v1/signing-keys/signer/x", json={"key_kind": "pkcs12"}, headers=h(tokens["admin"]))
    assert missing.status_code == 422 and missing.json["errors"][0]["path"] == "p12_path"
    owner = client.put("/api/v1/signing-keys/boss/x", json={"key_kind": "pkcs12", "p12_path": "/k.p12"},
                       headers=h(tokens["admin"]))
    assert owner.status_code == 422 and owner.json["errors"][0]["path"] == "owner_kind"
    configure_keys(client, tokens, pki)
    listed = client.get("/api/v1/signing-keys", headers=h(tokens["admin"])).json["items"]
    assert [(k["owner_kind"], k["owner_id"]) for k in listed] == [("agency", "LĐTBXH"), ("signer", "truong-duc-huan")]
    assert all("password" not in k for k in listed)
    assert client.get("/api/v1/signing-keys", headers=h(tokens["clerk"])).status_code == 403
    events = audit.events(state(app).engine, action="signing-key-set")
    assert len(events) == 2 and all(e.actor.endswith(":t-admin") for e in events)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_issue_sign_true_stores_signed_pdf_and_retry_returns_same_bytes(app, tokens, pki, plan, monkeypatch):
    monkeypatch.setenv("VB_TEST_AGENCY_PW", "test-password")
    monkeypatch.delenv("VANBAN_TSA_URL", raising=False)
    client = app.test_client()
    configure_keys(client, tokens, pki)
    body = {"document": plan, "signer_key": "truong-duc-huan"}
    headers = h(tokens["clerk"], **{"Idempotency-Key": "ky-so-1"})
    first = client.post("/api/v1/documents/issue?sign=true", json=body, headers=headers)
    assert first.status_code == 201, first.json
    assert first.json["electronic"] is True and first.json["signature_level"] == "B-B"
    assert first.json["file"]["media_type"] == "application/pdf"
    assert first.json["file"]["filename"].endswith(".pdf")
    stored = client.get(first.json["links"]["file"], headers=h(tokens["drafter"]))
    assert stored.status_code == 200 and stored.data.startswith(b"%PDF-")
    assert hashlib.sha256(stored.data).hexdigest() == first.json["file"]["sha256"]

    report = client.post("/api/v1/verify", data=stored.data, content_type="application/pdf").json
    assert report["ok"] is True and len(report["signatures"]) == 2
    assert [s["field"] for s in report["signatures"]] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    multipart = client.post("/api/v1/verify", data={"file": (__import__("io").BytesIO(stored.data), "x.pdf")},
                            content_type="multipart/form-data")
    assert multipart.json["ok"] is True

    from service.sign.locate import read_lines
    text = " ".join(ln.text for ln in read_lines(stored.data)[0]).replace("\xa0", " ")
    assert f"Số: {first.json['columns']['number_symbol']}" in text  # the number is printed in the signed PDF

    retry = client.post("/api/v1/documents/issue?sign=true", json=body, headers=headers)
    assert retry.status_code == 200 and retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json["id"] == first.json["id"]
    again = client.get(retry.json["links"]["file"], headers=h(tokens["drafter"]))
    assert again.data == stored.data

    plain = client.post("/api/v1/documents/issue", json=body, headers=headers)  # same key, not signed: conflict
    assert plain.status_code == 409
    # the key removed since: a retry is still answered from the register, with the same bytes
    assert client.delete("/api/v1/signing-keys/signer/truong-duc-huan", headers=h(tokens["admin"])).status_code == 204
    late = client.post("/api/v1/documents/issue?sign=true", json=body, headers=headers)
    assert late.status_code == 200 and late.json["file"]["sha256"] == first.json["file"]["sha256"]

    signs = audit.events(state(app).engine, action="sign", entry_id=first.json["id"])
    assert sorted(e.detail["role"] for e in signs) == ["agency", "signer"]
    for e in signs:
        cert = e.detail["certificate"]
        assert cert["serial"] and len(cert["sha256"]) == 64 and cert["subject"]
        assert len(e.detail["document_sha256"]) == 64 and e.detail["issued_sha256"] == first.json["file"]["sha256"]
        assert e.actor.endswith(":t-clerk")
    agency_event = [e for e in signs if e.detail["role"] == "agency"][0]
    assert agency_event.detail["document_sha256"] == first.json["file"]["sha256"]


def test_issue_sign_without_a_configured_key_spends_no_number(app, tokens, plan):
    client = app.test_client()
    r = client.post("/api/v1/documents/issue?sign=true", json={"document": plan, "signer_key": "nobody"},
                    headers=h(tokens["clerk"]))
    assert r.status_code == 409 and r.mimetype == "application/problem+json"
    assert r.json["errors"][0]["path"] == "signer_key"
    ok = client.post("/api/v1/documents/issue", json=plan, headers=h(tokens["clerk"]))
    assert ok.json["number"] == 1


def test_verify_budget_and_bad_input(app, monkeypatch):
    client = app.test_client()
    app.config["VERIFY_MAX_BYTES"] = 1000
    big = client.post("/api/v1/verify", data=b"%PDF-" + b"0" * 2000, content_type="application/pdf")
    assert big.status_code == 413 and "1000" in big.json["title"]
    app.config["VERIFY_MAX_BYTES"] = None
    junk = client.post("/api/v1/verify", data=b"hello", content_type="application/pdf")
    assert junk.status_code == 422 and junk.json["errors"][0]["path"] == "file"
    wrong = client.post("/api/v1/verify", json={"a": 1})
    assert wrong.status_code == 415
    unsigned = client.post("/api/v1/verify", data=b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    assert unsigned.status_code == 200 and unsigned.json["ok"] is False


@pytest.mark.libreoffice
@pytest.mark.slow
def test_electronic_copy_is_signed_by_the_copying_agency_at_the_top_right(app, tokens, pki):
    import json
    from pathlib import Path

    from service.sign.locate import read_lines

    doc = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "thong-bao-sao-y.json").read_text("utf-8"))
    doc["copy"]["number"] = None
    doc["copy"]["issuer"]["name_text"] = "Ủy ban nhân dân huyện Lục Nam"
    client = app.test_client()
    r = client.put("/api/v1/signing-keys/agency/UBND", headers=h(tokens["admin"]),
                   json={"key_kind": "pkcs12", "p12_path": str(pki.agency_p12), "secret_file": str(pki.password_file)})
    assert r.status_code == 200
    issued = client.post("/api/v1/documents/issue?sign=true", json=doc, headers=h(tokens["clerk"]))
    assert issued.status_code == 201, issued.json
    assert issued.json["columns"]["number_symbol"] == "01/SY-UBND" and issued.json["electronic"] is True
    data = client.get(issued.json["links"]["file"], headers=h(tokens["drafter"])).data
    report = client.post("/api/v1/verify", data=data, content_type="application/pdf").json
    assert report["ok"] is True and [s["field"] for s in report["signatures"]] == ["ChuKyCoQuanDinhKem"]
    lines, sizes = read_lines(data)
    width, height = sizes[0]
    top = [ln for ln in lines if ln.page == 0 and ln.text == "Ủy ban nhân dân huyện Lục Nam"]
    assert top and top[0].box[2] > width * 0.7 and top[0].box[1] > height - 20 * 72 / 25.4
    assert any(ln.page == 0 and ln.text == report["signatures"][0]["signing_time"] for ln in lines)
