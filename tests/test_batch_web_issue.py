"""Issuing a batch from the web page: only a logged-in clerk sees and may use "Ban hành (cấp số) từng văn bản";
the job records who asked and numbers every row through the real register (SQLite file database), whether a
thread of the web process or an RQ worker on the real Redis at 127.0.0.1:6379 runs it."""
from __future__ import annotations

import io
import json
import uuid

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from batch_support import wait_done
from csrf_client import CsrfClient
from test_batch_helpers import BASE_PATH, csv_bytes, grown_rows, report_rows, zip_members
from service.batch import jobs
from service.register import auth
from service.register.entries import search
from service.web.register_state import state
from service.web.app import create_app

REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORDS = {"van.thu": "mat-khau-van-thu", "soan.thao": "mat-khau-soan-thao"}
ROLES = {"van.thu": "clerk", "soan.thao": "drafter"}
CHOICE = "Ban hành (cấp số) từng văn bản"
NUMBERED = ["01/KH-LĐTBXH", "02/KH-LĐTBXH", "03/KH-LĐTBXH"]


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}"})
    app.test_client_class = CsrfClient  # posts carry the session's CSRF token, as the pages' forms do
    for name, password in PASSWORDS.items():
        auth.create_user(state(app).engine, name, password, ROLES[name])
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def three_rows() -> bytes:
    """Three of the Sở's own units: one issuer, so one register and one run of numbers."""
    rows = [r for r in grown_rows(24) if not r["issuer.name"]][:3]
    for i, r in enumerate(rows, 1):
        r["stt"] = str(i)
    return csv_bytes(rows)


def login(client, username: str) -> None:
    r = client.post("/login", data={"username": username, "password": PASSWORDS[username]})
    assert r.status_code == 303, r.data


def upload(client) -> str:
    data = {"base": (io.BytesIO(BASE_PATH.read_bytes()), "ke-hoach-2025.json"),
            "table": (io.BytesIO(three_rows()), "units.csv")}
    resp = client.post("/batch/", data=data, content_type="multipart/form-data")
    assert resp.status_code == 303
    return resp.headers["Location"]


def register_numbers(app) -> list[tuple[int, str]]:
    return [(e.number, e.issued_by) for e in search(state(app).engine).entries]


def test_clerk_issues_a_batch_and_the_page_shows_the_numbers(app, client, tmp_path):
    login(client, "van.thu")
    job_url = upload(client)
    check = client.get(job_url)
    assert CHOICE in check.text and 'name="issue"' in check.text

    assert client.post(f"{job_url}/start", data={"issue": "1"}).status_code == 303
    status = wait_done(client, job_url)
    assert (status["state"], status["ok"], status["failed"]) == ("done", 3, 0)
    assert not any(key in json.dumps(status) for key in ("sqlite", "database_url", "issue"))

    assert register_numbers(app) == [(1, "user:van.thu"), (2, "user:van.thu"), (3, "user:van.thu")]
    info = jobs.job_info(jobs.job_dir(tmp_path, job_url.rsplit("/", 1)[1]))
    assert info["issue"] == {"actor": "user:van.thu", "register": jobs.REGISTER_REF,  # no database URL on disk
                             "agencies": None}  # the clerk's agencies: an account with none spans every agency
    assert "sqlite" not in (jobs.job_dir(tmp_path, job_url.rsplit("/", 1)[1]) / "job.json").read_text()

    done = client.get(job_url)
    assert done.status_code == 200 and "Số, ký hiệu đã cấp" in done.text
    assert all(n in done.text for n in NUMBERED) and "sqlite" not in done.text
    path = tmp_path / "dl.zip"
    path.write_bytes(client.get(status["download"]).data)
    report = report_rows(zip_members(path))
    assert [r["number_symbol"] for r in report] == NUMBERED


def test_a_drafter_cannot_issue_and_nothing_is_numbered(app, client):
    login(client, "soan.thao")
    job_url = upload(client)
    check = client.get(job_url)
    assert check.status_code == 200 and CHOICE not in check.text and 'name="issue"' not in check.text

    refused = client.post(f"{job_url}/start", data={"issue": "1"})
    assert refused.status_code == 403 and "Chỉ văn thư đã đăng nhập mới được ban hành" in refused.text
    assert client.get(f"{job_url}/status").get_json()["state"] == "preview"  # not started either
    assert register_numbers(app) == []

    anonymous = app.test_client()  # not the job's owner: it does not even exist for them
    assert anonymous.post(f"{job_url}/start", data={"issue": "1"}).status_code == 404
    assert register_numbers(app) == []

    # Without the wish to issue, the drafter's batch runs as before: documents, no numbers.
    assert client.post(f"{job_url}/start").status_code == 303
    status = wait_done(client, job_url)
    assert (status["state"], status["ok"]) == ("done", 3)
    assert register_numbers(app) == []


@pytest.mark.redis
def test_an_rq_worker_without_the_app_issues_from_the_job_options(app, tmp_path, monkeypatch):
    """The worker process has no Flask app: it finds the register from its own settings (the same environment
    as the web app's), job.json only says which register and who asks."""
    register = state(app)
    monkeypatch.setenv("DATABASE_URL", register.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VANBAN_STORE_DIR", str(register.store_root))
    job_id = jobs.create_job(tmp_path, table=three_rows(), table_name="units.csv", base=BASE_PATH.read_bytes(),
                             base_name="ke-hoach-2025.json", owner={"principal": "user:van.thu", "agency": None})
    path = jobs.job_dir(tmp_path, job_id)
    jobs.request_issue(path, actor="user:van.thu")
    queue_name = f"vanban-batch-test-{uuid.uuid4().hex[:8]}"
    redis = Redis.from_url(REDIS_URL)
    try:
        assert jobs.start(path, redis_url=REDIS_URL, queue=queue_name) == "rq"
        queue = Queue(queue_name, connection=redis)
        SimpleWorker([queue], connection=redis).work(burst=True)  # what `rq worker --burst` runs
        final = jobs.status(path)
        assert (final["state"], final["backend"], final["ok"]) == ("done", "rq", 3)
    finally:
        Queue(queue_name, connection=redis).delete(delete_jobs=True)
    assert register_numbers(app) == [(1, "user:van.thu"), (2, "user:van.thu"), (3, "user:van.thu")]
    assert [r["number_symbol"] for r in jobs.report(path)] == NUMBERED
    with pytest.raises(ValueError):  # once started, the choice is fixed
        jobs.request_issue(path, actor="user:x")
