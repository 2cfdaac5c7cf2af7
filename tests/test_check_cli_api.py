"""`vanban check` (real process, exit codes) and `POST /api/v1/check` (multipart and raw body, problems)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_check_handmade import BROKEN, handmade_plan

ROOT = Path(__file__).resolve().parent.parent


def vanban(*args):
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True, cwd=ROOT)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("check") / "tot.docx"
    path.write_bytes(handmade_plan())
    return path


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("check") / "sai.docx"
    path.write_bytes(handmade_plan(**BROKEN["duplicate 3."][0]))
    return path


def test_cli_conforming_exits_0(good):
    r = vanban("check", str(good))
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()
    assert "Đúng thể thức / conforms" in r.stdout.decode()


def test_cli_errors_exit_1_and_are_listed(bad):
    r = vanban("check", str(bad))
    out = r.stdout.decode()
    assert r.returncode == 1
    assert "ND30-I.3.numbering" in out and "Trùng số mục" in out and "duplicate item" in out


def test_cli_json(bad):
    r = vanban("check", "--json", str(bad))
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert report["ok"] is False and report["errors"] == 1
    [finding] = report["findings"]
    assert set(finding) == {"rule", "severity", "element", "found", "required", "message_vi", "message_en"}
    assert finding["rule"] == "ND30-I.3.numbering" and finding["severity"] == "error"


def test_cli_unreadable_files_exit_2(tmp_path):
    missing = vanban("check", str(tmp_path / "khong-co.docx"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr.decode()
    text = tmp_path / "a.docx"
    text.write_text("không phải docx")
    r = vanban("check", str(text))
    assert r.returncode == 2 and "not a .docx" in r.stderr.decode() and "Traceback" not in r.stderr.decode()


def test_api_multipart_upload(client, good, bad):
    r = client.post("/api/v1/check", data={"file": (io.BytesIO(good.read_bytes()), "tot.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["ok"] is True and r.json["errors"] == 0
    r = client.post("/api/v1/check", data={"file": (io.BytesIO(bad.read_bytes()), "sai.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["ok"] is False
    assert r.json["findings"][0]["rule"] == "ND30-I.3.numbering"


def test_api_raw_body(client, plan_docx):
    r = client.post("/api/v1/check", data=plan_docx,
                    content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert r.status_code == 200 and r.json["ok"] is True
    assert r.json["elements"]["type_name"] == "KẾ HOẠCH"


@pytest.mark.parametrize("body, status", [(b"", 400), (b"%PDF-1.7 not a docx", 422), (b"PK\x03\x04broken", 422)])
def test_api_bad_uploads_are_problems(client, body, status):
    r = client.post("/api/v1/check", data=body, content_type="application/octet-stream")
    assert r.status_code == status
    assert r.mimetype == "application/problem+json"
    assert r.json["title_vi"] and r.json["title"]


def test_api_zip_without_document(client):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    r = client.post("/api/v1/check", data=buf.getvalue(), content_type="application/octet-stream")
    assert r.status_code == 422 and "Word" in r.json["title_vi"]
