"""Bounded batch work: unfinished jobs per owner on the pages (as on the API), and jobs one process runs at once."""
from __future__ import annotations

import io
import threading

import pytest

from csrf_client import CsrfClient
from test_batch_helpers import BASE_PATH, base_doc, csv_bytes, grown_rows
from service.batch import jobs
from service.register import auth
from service.web.register_state import state
from service.web.app import create_app


def make_app(tmp_path, **config):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}", **config})
    app.test_client_class = CsrfClient
    return app


def upload(client):
    data = {"base": (io.BytesIO(BASE_PATH.read_bytes()), "ke-hoach-2025.json"),
            "table": (io.BytesIO(csv_bytes(grown_rows(2, {}))), "units.csv")}
    return client.post("/batch/", data=data, content_type="multipart/form-data")


@pytest.fixture
def held_jobs(monkeypatch):
    """Jobs on this process's threads wait until released, so the test controls how many run at once."""
    release = threading.Event()
    real = jobs.run_job

    def held(path, register=None):
        release.wait(60)
        return real(path, register)

    monkeypatch.setattr(jobs, "run_job", held)
    yield release
    release.set()


def test_an_owner_of_the_pages_gets_at_most_the_configured_unfinished_jobs(tmp_path):
    app = make_app(tmp_path, BATCH_MAX_JOBS=2)
    mine, someone_else = app.test_client(), app.test_client()
    assert [upload(mine).status_code for _ in range(2)] == [303, 303]
    third = upload(mine)
    assert third.status_code == 429
    assert "2 lô chưa xong" in third.text
    assert upload(someone_else).status_code == 303  # the budget is per owner (here another anonymous browser)
    assert mine.get("/healthz").status_code == 200


def test_one_process_runs_at_most_the_configured_jobs_and_refuses_more_with_429(tmp_path, held_jobs):
    app = make_app(tmp_path, BATCH_MAX_THREADS=1)
    first, second = app.test_client(), app.test_client()
    job_one, job_two = upload(first).headers["Location"], upload(second).headers["Location"]
    assert first.post(f"{job_one}/start").status_code == 303
    refused = second.post(f"{job_two}/start")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "chưa bắt đầu" in refused.text
    assert second.get(f"{job_two}/status").get_json()["state"] == "preview"  # nothing started, nothing lost

    held_jobs.set()
    for _ in range(600):
        if first.get(f"{job_one}/status").get_json()["state"] == "done":
            break
        threading.Event().wait(0.05)
    assert first.get(f"{job_one}/status").get_json()["state"] == "done"
    assert second.post(f"{job_two}/start").status_code == 303  # the place is free again


def test_the_api_answers_429_when_the_process_is_full(tmp_path, held_jobs):
    app = make_app(tmp_path, BATCH_MAX_THREADS=1)
    token = auth.create_token(state(app).engine, "drafter", "hr")
    client = app.test_client()
    body = {"base": base_doc(), "rows": [{"stt": 1}], "format": "docx"}
    assert client.post("/api/v1/batches", json=body, headers={"Authorization": f"Bearer {token}"}).status_code == 202
    refused = client.post("/api/v1/batches", json=body, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert refused.json["limit"] == 1 and "VANBAN_BATCH_MAX_THREADS" in refused.json["title"]
