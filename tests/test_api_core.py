"""The first JSON endpoint: JSON in, .docx out; every bad input a problem+json, never a 500."""
import json

from docx_helpers import texts
from service.web.app import create_app


def test_post_document_returns_the_docx(client, plan_doc):
    r = client.post("/api/v1/documents", json=plan_doc)
    assert r.status_code == 200
    assert r.mimetype.endswith("wordprocessingml.document")
    cd = r.headers["Content-Disposition"]
    assert 'filename="ke-hoach_du-thao-KH-LDTBXH_2024-02.docx"' in cd and "filename*=UTF-8''" in cd
    assert "KẾ HOẠCH" in texts(r.data)
    assert r.headers["X-Request-Id"]


def test_invalid_document_lists_all_errors(client, plan):
    plan["date"] = "2024-02-31"
    del plan["signer"]
    r = client.post("/api/v1/documents", json=plan)
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    body = r.get_json()
    assert {e["path"] for e in body["errors"]} == {"date", "signer"}
    assert all(e["message_vi"] and e["message_en"] for e in body["errors"])


def test_wrong_content_type_is_415(client, plan_doc):
    r = client.post("/api/v1/documents", data=json.dumps(plan_doc), content_type="text/plain")
    assert r.status_code == 415 and r.get_json()["title_vi"]


def test_broken_json_is_422(client):
    r = client.post("/api/v1/documents", data='{"type": ', content_type="application/json")
    assert r.status_code == 422 and "line 1" in r.get_json()["errors"][0]["message_en"]


def test_body_over_the_limit_is_413(tmp_path, plan):
    app = create_app({"DATA_DIR": str(tmp_path), "MAX_CONTENT_LENGTH": 10_000})
    plan["opening"] = ["x" * 20_000]
    r = app.test_client().post("/api/v1/documents", json=plan)
    assert r.status_code == 413 and r.mimetype == "application/problem+json"


def test_unknown_route_is_a_problem_404(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.get_json()["status"] == 404


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json()["status"] == "ok"


def test_validate_endpoint(client, plan_doc):
    assert client.post("/api/v1/validate", json=plan_doc).get_json() == {"valid": True, "errors": []}
