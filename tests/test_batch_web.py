"""The batch and roll-forward pages through Flask's test client: upload, per-row check, start, progress, download."""
from __future__ import annotations

import io
import json
import time

import pytest

from csrf_client import CsrfClient
from test_batch_helpers import BASE_PATH, csv_bytes, grown_rows, zip_members
from service.web.app import create_app

SEED = BASE_PATH.parent.parent / "ke-hoach-2024.json"


@pytest.fixture
def client(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}"})
    app.test_client_class = CsrfClient  # posts carry the session's CSRF token, as the pages' forms do
    return app.test_client()


def upload(client, table: bytes, name: str = "units.csv", **form):
    data = {"base": (io.BytesIO(BASE_PATH.read_bytes()), "ke-hoach-2025.json"),
            "table": (io.BytesIO(table), name), **form}
    return client.post("/batch/", data=data, content_type="multipart/form-data")


def test_upload_check_start_progress_download(client, tmp_path):
    page = client.get("/batch/")
    assert page.status_code == 200 and "Tạo văn bản hàng loạt" in page.text and "Tạo bản năm sau" in page.text

    resp = upload(client, csv_bytes(grown_rows(8, {5: {"signer.name": "(trống)"}})))
    assert resp.status_code == 303
    job_url = resp.headers["Location"]
    check = client.get(job_url)
    assert check.status_code == 200
    assert "8 dòng" in check.text and "7 dòng hợp lệ" in check.text and "1 dòng lỗi" in check.text
    assert "signer.name" in check.text and "Bắt đầu tạo 7 văn bản" in check.text
    assert check.text.index("signer.name") < check.text.index("01-KH-LDTBXH-Van-phong-So")  # problems first

    started = client.post(f"{job_url}/start")
    assert started.status_code == 303
    deadline = time.monotonic() + 120
    while True:
        status = client.get(f"{job_url}/status").get_json()
        if status["state"] not in ("queued", "running") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert status["state"] == "done" and (status["ok"], status["failed"]) == (7, 1)
    assert "redis_url" not in status and status["download"].endswith("/download")

    done = client.get(job_url)
    assert "Đã xong: 7 văn bản" in done.text and "Tải về ke-hoach-2025.zip" in done.text
    download = client.get(status["download"])
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "ke-hoach-2025.zip" in download.headers["Content-Disposition"]
    path = tmp_path / "dl.zip"
    path.write_bytes(download.data)
    assert len([n for n in zip_members(path) if n.endswith(".docx")]) == 7


def test_bad_uploads_are_explained_on_the_page(client):
    resp = upload(client, csv_bytes(grown_rows(2)).replace(b"issuer.name", b"issuer.ten", 1))
    assert resp.status_code == 422 and "issuer.ten" in resp.text and "Chưa thực hiện được" in resp.text
    resp = client.post("/batch/", data={}, content_type="multipart/form-data")
    assert resp.status_code == 422 and "Hãy chọn tệp bảng dữ liệu" in resp.text
    resp = upload(client, b"\x00garbage", name="units.xlsx")
    assert resp.status_code == 422 and "Excel" in resp.text
    assert client.get("/batch/0123456789abcdef0123456789abcdef").status_code == 404
    assert client.get("/batch/../../etc/passwd").status_code == 404


def test_download_is_refused_before_the_job_is_done(client):
    job_url = upload(client, csv_bytes(grown_rows(2))).headers["Location"]
    assert client.get(f"{job_url}/download").status_code == 404


def test_roll_forward_page_lists_changes_and_offers_the_new_json(client):
    resp = client.post("/batch/roll-forward", data={"document": (io.BytesIO(SEED.read_bytes()), "ke-hoach-2024.json"),
                                                    "year": "2025"}, content_type="multipart/form-data")
    assert resp.status_code == 200
    assert "Bản năm 2025 từ văn bản năm 2024" in resp.text and "Đã thay 3 chỗ" in resp.text
    assert "trong trích dẫn văn bản khác" in resp.text
    link = resp.text.split('href="')[1:]
    url = next(h.split('"')[0] for h in link if "ke-hoach-2025.json" in h.split('"')[0])
    doc = json.loads(client.get(url).data)
    assert doc["summary"].endswith("năm 2025") and doc["number"] is None


def test_roll_forward_api(client):
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    resp = client.post("/api/v1/roll-forward", json={"document": seed, "year": 2025})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["document"]["summary"].endswith("năm 2025") and body["from_year"] == 2024
    assert {"path": "summary"}.items() <= body["changes"][1].items()
    assert all(k["path"] == "opening[0]" for k in body["kept"])
    bad = client.post("/api/v1/roll-forward", json={"document": seed, "year": "2025"})
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert bad.get_json()["errors"][0]["path"] == "year"
    same = client.post("/api/v1/roll-forward", json={"document": seed, "year": 2024})
    assert same.status_code == 422 and "2024" in same.get_json()["title_vi"]
