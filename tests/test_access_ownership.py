"""Every batch job (its upload, state, report and zip) and every roll-forward file belongs to whoever made it: a
staff account, an API token, or an anonymous browser's capability (a secret in its signed session). An issuing
batch — issued numbers and the zip of issued documents — is the clerks'. Everyone else gets 404, as for a job that
does not exist. Each role drives the real app through Flask's test client (real SQLite register, real thread
worker)."""
from __future__ import annotations

import io
import json
import time

import pytest

from csrf_client import CsrfClient
from test_batch_helpers import BASE_PATH, csv_bytes, grown_rows
from service.batch import jobs
from service.batch.ownership import anonymous_principal, can_read, can_read_job, owner_record
from service.register import auth
from service.register.auth import Principal
from service.web.register_state import state
from service.web.app import create_app

SEED = BASE_PATH.parent.parent / "ke-hoach-2024.json"
ACCOUNTS = {"soan.thao": "drafter", "van.thu": "clerk", "van.thu.hai": "clerk", "quan.tri": "admin"}
PASSWORD = "mat-khau-dung-10"


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}"})
    app.test_client_class = CsrfClient
    for name, role in ACCOUNTS.items():
        auth.create_user(state(app).engine, name, PASSWORD, role)
    return app


def logged_in(app, username: str):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 303
    return client


def upload(client, rows: int = 3) -> str:
    table = [r for r in grown_rows(24) if not r["issuer.name"]][:rows]
    for i, r in enumerate(table, 1):
        r["stt"] = str(i)
    resp = client.post("/batch/", data={"base": (io.BytesIO(BASE_PATH.read_bytes()), "ke-hoach-2025.json"),
                                        "table": (io.BytesIO(csv_bytes(table)), "units.csv")},
                       content_type="multipart/form-data")
    assert resp.status_code == 303, resp.text
    return resp.headers["Location"]


def run_to_end(client, job_url: str, **form) -> None:
    assert client.post(f"{job_url}/start", data=form).status_code == 303
    deadline = time.monotonic() + 120  # only so a broken worker cannot hang the suite
    while client.get(f"{job_url}/status").get_json()["state"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert client.get(f"{job_url}/status").get_json()["state"] == "done"


def reads(client, job_url: str) -> list[int]:
    """Status codes of the job's page, its JSON status and its zip."""
    return [client.get(u).status_code for u in (job_url, f"{job_url}/status", f"{job_url}/download")]


@pytest.fixture
def roles(app):
    anonymous_owner = app.test_client()
    other_anonymous = app.test_client()
    upload(other_anonymous)  # it has a capability of its own, just not this one
    return {"owner": anonymous_owner, "other anonymous": other_anonymous, "no capability": app.test_client(),
            "drafter": logged_in(app, "soan.thao"), "clerk": logged_in(app, "van.thu"),
            "other clerk": logged_in(app, "van.thu.hai"), "admin": logged_in(app, "quan.tri")}


def test_a_clerks_issuing_batch_is_readable_by_clerks_only(app, roles):
    clerk = roles["clerk"]
    job_url = upload(clerk)
    run_to_end(clerk, job_url, issue="1")
    zipped = clerk.get(f"{job_url}/download")
    assert zipped.status_code == 200 and zipped.mimetype == "application/zip"
    assert "01/KH-LĐTBXH" in clerk.get(job_url).text

    expected = {"owner": 404, "other anonymous": 404, "no capability": 404, "drafter": 404,
                "other clerk": 200, "admin": 200}
    for role, code in expected.items():
        assert reads(roles[role], job_url) == [code] * 3, role
    denied = roles["drafter"].get(f"{job_url}/download")
    assert b"PK" not in denied.data[:2] and "01/KH" not in denied.text  # nothing of it, not even its existence
    unknown = roles["drafter"].get("/batch/0123456789abcdef0123456789abcdef")
    assert denied.status_code == unknown.status_code == 404


def test_an_anonymous_batch_is_its_browsers_only(roles):
    owner = roles["owner"]
    job_url = upload(owner)
    run_to_end(owner, job_url)
    assert reads(owner, job_url) == [200, 200, 200]
    for role in ("other anonymous", "no capability", "drafter", "clerk", "admin"):
        assert reads(roles[role], job_url) == [404, 404, 404], role
        assert roles[role].post(f"{job_url}/start").status_code == 404, role


def test_a_drafters_batch_is_theirs_and_survives_nothing_but_their_login(app, roles):
    drafter = roles["drafter"]
    job_url = upload(drafter)
    assert reads(drafter, job_url)[:2] == [200, 200]
    for role in ("owner", "no capability", "clerk", "admin"):
        assert reads(roles[role], job_url)[:2] == [404, 404], role
    again = logged_in(app, "soan.thao")  # the same account from another browser
    assert again.get(job_url).status_code == 200
    assert again.post(f"{job_url}/start", data={"issue": "1"}).status_code == 403  # owner, but not a clerk


def test_a_roll_forward_file_is_its_makers_only(roles):
    owner = roles["owner"]
    page = owner.post("/batch/roll-forward", data={"document": (io.BytesIO(SEED.read_bytes()), "kh-2024.json"),
                                                   "year": "2025"}, content_type="multipart/form-data")
    assert page.status_code == 200
    url = next(h.split('"')[0] for h in page.text.split('href="')[1:] if "/batch/roll-forward/" in h.split('"')[0])
    mine = owner.get(url)
    assert mine.status_code == 200 and json.loads(mine.data)["summary"].endswith("năm 2025")
    for role in ("other anonymous", "no capability", "drafter", "clerk", "admin"):
        assert roles[role].get(url).status_code == 404, role


def test_api_tokens_own_by_their_id_and_clerk_tokens_read_issuing_jobs():
    """The rule the JSON API of batches uses: a token owns by `token:<id>` (its label is not part of it)."""
    mine = Principal(name="token:7:he-thong-mot-cua", role="drafter")
    owner = owner_record(mine)
    assert owner == {"principal": "token:7", "agency": None}
    assert can_read(owner, Principal(name="token:7:he-thong-mot-cua", role="drafter"))
    assert not can_read(owner, Principal(name="token:8:khac", role="admin"))
    assert not can_read(owner, Principal(name="token:77:x", role="drafter"))
    assert not can_read(owner, anonymous_principal("a" * 43)) and not can_read(owner, None)
    issuing = {"owner": owner_record(Principal("user:van.thu", "clerk")), "issue": {"actor": "user:van.thu"}}
    assert can_read_job(issuing, Principal(name="token:9:van-thu", role="clerk"))
    assert not can_read_job(issuing, mine)
    assert not can_read_job({"issue": None}, mine)  # a job without a recorded owner is nobody's
    assert anonymous_principal("s" * 43) == anonymous_principal("s" * 43) != anonymous_principal("t" * 43)


def test_the_shared_anonymous_api_caller_owns_nothing_and_reads_nothing():
    """Under open drafting every token-less API call is the same "anonymous": it must get a capability first."""
    shared = Principal(name="anonymous", role="")
    with pytest.raises(ValueError):
        owner_record(shared)
    assert not can_read({"principal": "anonymous", "agency": None}, shared)
    assert not can_read(owner_record(anonymous_principal("c" * 43)), shared)


def test_the_job_file_records_the_owner_and_no_capability(app, tmp_path, roles):
    job_url = upload(roles["owner"])
    info = jobs.job_info(jobs.job_dir(tmp_path, job_url.rsplit("/", 1)[1]))
    with roles["owner"].session_transaction() as s:
        capability = s["anon_cap"]
    assert info["owner"] == {"principal": anonymous_principal(capability).name, "agency": None}
    assert capability not in (jobs.job_dir(tmp_path, job_url.rsplit("/", 1)[1]) / "job.json").read_text()
