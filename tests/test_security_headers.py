"""Security headers on every response — pages, /api/docs, JSON, problem+json, files, 404 and 405 pages, static
files: none can be framed (X-Frame-Options DENY, frame-ancestors 'none'), sniffed or leak its address."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
PLAN = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))


@pytest.fixture
def client(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}"})
    return app.test_client()


REQUESTS = [
    ("GET", "/api/docs", None, 200, "text/html"),
    ("GET", "/", None, 200, "text/html"),
    ("GET", "/login", None, 200, "text/html"),
    ("GET", "/batch/", None, 200, "text/html"),
    ("GET", "/khong-co-trang-nay", None, 404, "text/html"),
    ("GET", "/batch/0123456789abcdef0123456789abcdef", None, 404, "text/html"),
    ("GET", "/api/v1/khong-co", None, 404, "application/problem+json"),
    ("GET", "/api/v1/types", None, 200, "application/json"),
    ("GET", "/api/v1/openapi.json", None, 200, "application/json"),
    ("GET", "/healthz", None, 200, "application/json"),
    ("POST", "/api/v1/validate", PLAN, 200, "application/json"),
    ("POST", "/api/v1/documents", PLAN,
     200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("POST", "/api/v1/documents", {"type": "ke_hoach"}, 422, "application/problem+json"),
    ("DELETE", "/api/v1/types", None, 405, "application/problem+json"),
    ("GET", "/api/v1/register", None, 401, "application/problem+json"),
]


@pytest.mark.parametrize("method, path, body, status, mimetype", REQUESTS)
def test_every_response_carries_the_security_headers(client, method, path, body, status, mimetype):
    resp = client.open(path, method=method, json=body)
    assert (resp.status_code, resp.mimetype) == (status, mimetype)
    h = resp.headers
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "same-origin"
    csp = h["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    if mimetype == "text/html":
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
    else:  # nothing of a JSON or a file may load anything, should a browser ever render it
        assert "default-src 'none'" in csp


def test_the_preview_keeps_its_own_strict_policy_and_cannot_be_framed(client):
    resp = client.post("/api/v1/preview", json=PLAN)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    csp = resp.headers["Content-Security-Policy"]
    assert csp.startswith("default-src 'none'") and "frame-ancestors 'none'" in csp
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_static_files_and_the_favicon_too(client):
    for path in ("/static/app.js", "/batch/static/batch.js"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["X-Content-Type-Options"] == "nosniff" and resp.headers["X-Frame-Options"] == "DENY"
