"""The batch API (`/api/v1/batches`) as another system uses it: bearer tokens, JSON or multipart batches, per-row
results, the zip with its report, cancelling, budgets, ownership — on the in-process runner and on RQ workers over
the real Redis."""
from __future__ import annotations

import io
import threading
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from test_batch_helpers import base_doc, csv_bytes, grown_rows, report_rows, xlsx_bytes
from service.batch import run as batch_run
from service.register import auth
from service.web.register_state import state
from service.web.app import create_app

REDIS_URL = "redis://127.0.0.1:6379/0"
# Three bad rows of fifty, each naming the field that is wrong: a number that is not one, a required field
# cleared, an impossible date.
BAD = {4: {"number": "x"}, 17: {"place": "(trống)"}, 38: {"date": "2025-02-30"}}
BAD_PATHS = {5: "number", 18: "place", 39: "date"}  # spreadsheet rows (header = row 1)
FINAL = ("done", "failed", "cancelled")


def make_app(tmp_path, **config):
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}", **config})


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def tokens(app) -> dict[str, str]:
    engine = state(app).engine
    return {name: auth.create_token(engine, role, name) for name, role in
            (("drafter", "drafter"), ("clerk", "clerk"), ("other", "clerk"))}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def json_rows(n: int = 50) -> list[dict]:
    rows = grown_rows(n, BAD)
    rows[1]["noi_nhan"] = ["Như trên", "Lãnh đạo Sở"]  # a JSON value goes in as it is
    return rows


def wait_final(client, url: str, token: str, deadline_s: float = 120) -> dict:
    """Poll as a client would (a deadline only so a broken worker cannot hang the suite)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        body = client.get(url, headers=bearer(token)).json
        if body["state"] in FINAL:
            return body
        time.sleep(0.05)
    raise AssertionError(f"batch still {body['state']}")


def zip_of(client, body: dict, token: str) -> dict[str, bytes]:
    resp = client.get(body["links"]["download"], headers=bearer(token))
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def assert_47_of_50(body: dict, members: dict[str, bytes], row_of) -> None:
    assert body["state"] == "done"
    assert body["counts"] == {"total": 50, "done": 50, "ok": 47, "failed": 3, "cancelled": 0}
    assert body["progress"] == 1
    bad = [r for r in body["rows"] if r["status"] == "error"]
    assert {r["row"]: [e["path"] for e in r["errors"]] for r in bad} == \
        {row_of(i): [path] for i, path in zip(sorted(BAD), ("number", "place", "date"))}
    assert all(e["message_vi"] and e["message_en"] for r in bad for e in r["errors"])
    ok = [r for r in body["rows"] if r["status"] == "ok"]
    assert len(ok) == 47 and all(len(r["files"]) == 1 and r["files"][0].endswith(".docx") for r in ok)
    docs = sorted(n for n in members if n.endswith(".docx"))
    assert docs == sorted(r["files"][0] for r in ok)
    for name in docs[:3]:  # real documents: a .docx package with the Sở's text in it
        with zipfile.ZipFile(io.BytesIO(members[name])) as docx:
            assert "LAO ĐỘNG" in docx.read("word/document.xml").decode("utf-8")
    report = report_rows(members)
    assert len(report) == 50
    failed = {int(r["row"]): r for r in report if r["status"] == "error"}
    assert sorted(failed) == [row_of(i) for i in sorted(BAD)]
    for i, path in zip(sorted(BAD), ("number", "place", "date")):
        assert failed[row_of(i)]["errors_en"].startswith(f"{path}:")


def test_json_batch_of_50_with_3_bad_rows(app, tokens, client):
    resp = client.post("/api/v1/batches", json={"base": base_doc(), "rows": json_rows(), "format": "docx",
                                                "name_pattern": "{stt:02}-{unit}"}, headers=bearer(tokens["drafter"]))
    assert resp.status_code == 202, resp.json
    assert resp.json["state"] == "queued" and resp.headers["Location"] == resp.json["links"]["self"]
    assert resp.json["links"]["self"].endswith(f"/api/v1/batches/{resp.json['id']}")
    body = wait_final(client, resp.headers["Location"], tokens["drafter"])
    assert_47_of_50(body, zip_of(client, body, tokens["drafter"]), row_of=lambda i: i)  # JSON rows: their index
    assert body["rows"][0]["files"] == ["01-Van-phong-So.docx"]
    listed = client.get("/api/v1/batches", headers=bearer(tokens["drafter"])).json["batches"]
    assert [b["id"] for b in listed] == [body["id"]] and listed[0]["state"] == "done"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_multipart_batch_of_50_with_3_bad_rows(app, tokens, client, kind):
    import json

    table = (csv_bytes if kind == "csv" else xlsx_bytes)(grown_rows(50, BAD))
    resp = client.post("/api/v1/batches", headers=bearer(tokens["drafter"]), content_type="multipart/form-data",
                       data={"base": (io.BytesIO(json.dumps(base_doc()).encode()), "base.json"),
                             "table": (io.BytesIO(table), f"units.{kind}"), "format": "docx"})
    assert resp.status_code == 202, resp.json
    body = wait_final(client, resp.headers["Location"], tokens["drafter"])
    assert_47_of_50(body, zip_of(client, body, tokens["drafter"]), row_of=lambda i: i + 2)  # header = row 1


def test_cancel_mid_way_keeps_what_is_done(app, tokens, client, monkeypatch):
    reached, go = threading.Event(), threading.Event()
    rendered = []
    real_render = batch_run._render

    def render(doc):  # the 10th document waits until the test has asked to cancel
        rendered.append(1)
        if len(rendered) == 10:
            reached.set()
            assert go.wait(60)
        return real_render(doc)

    monkeypatch.setattr(batch_run, "_render", render)
    rows = grown_rows(50)
    resp = client.post("/api/v1/batches", json={"base": base_doc(), "rows": rows}, headers=bearer(tokens["clerk"]))
    assert resp.status_code == 202
    assert reached.wait(60)
    url = resp.headers["Location"]
    cancelling = client.delete(url, headers=bearer(tokens["clerk"]))
    assert cancelling.status_code == 202 and cancelling.json["state"] == "running"
    go.set()
    body = wait_final(client, url, tokens["clerk"])
    assert body["state"] == "cancelled"
    assert body["counts"] == {"total": 50, "done": 10, "ok": 10, "failed": 0, "cancelled": 40}
    assert [r["status"] for r in body["rows"]] == ["ok"] * 10 + ["cancelled"] * 40
    members = zip_of(client, body, tokens["clerk"])
    assert len([n for n in members if n.endswith(".docx")]) == 10
    assert [r["status"] for r in report_rows(members)] == ["ok"] * 10 + ["cancelled"] * 40
    assert len(rendered) == 10  # no row was started after the cancel
    assert client.delete(url, headers=bearer(tokens["clerk"])).status_code == 202  # cancelling again: no change


def test_a_finished_job_cannot_be_cancelled(app, tokens, client):
    resp = client.post("/api/v1/batches", json={"base": base_doc(), "rows": grown_rows(2)},
                       headers=bearer(tokens["drafter"]))
    body = wait_final(client, resp.headers["Location"], tokens["drafter"])
    refused = client.delete(body["links"]["self"], headers=bearer(tokens["drafter"]))
    assert refused.status_code == 409 and refused.mimetype == "application/problem+json"


def test_tokens_roles_and_ownership(app, tokens, client):
    batch = {"base": base_doc(), "rows": grown_rows(3)}
    assert client.post("/api/v1/batches", json=batch).status_code == 401
    assert client.post("/api/v1/batches", json=batch, headers=bearer("vb_nope")).status_code == 401
    drafter_issue = client.post("/api/v1/batches", json={**batch, "issue": True}, headers=bearer(tokens["drafter"]))
    assert drafter_issue.status_code == 403 and drafter_issue.json["title_vi"]
    assert not list((Path(app.config["DATA_DIR"]) / "batches").glob("*/job.json"))  # refused before anything

    mine = client.post("/api/v1/batches", json=batch, headers=bearer(tokens["clerk"]))
    url = mine.headers["Location"]
    wait_final(client, url, tokens["clerk"])
    for other in (tokens["other"], tokens["drafter"]):  # another principal, whatever its role
        assert client.get(url, headers=bearer(other)).status_code == 404
        assert client.get(url + "/download", headers=bearer(other)).status_code == 404
        assert client.delete(url, headers=bearer(other)).status_code == 404
        assert client.get("/api/v1/batches", headers=bearer(other)).json == {"batches": []}
    assert client.get("/api/v1/batches/" + "0" * 32, headers=bearer(tokens["clerk"])).status_code == 404
    assert client.get(url, headers=bearer(tokens["clerk"])).status_code == 200


def test_issuing_batch_numbers_each_row(app, tokens, client):
    rows = [r for r in grown_rows(24) if not r["issuer.name"]][:3]  # the Sở's own units: one register
    resp = client.post("/api/v1/batches", json={"base": base_doc(), "rows": rows, "issue": True},
                       headers=bearer(tokens["clerk"]))
    assert resp.status_code == 202, resp.json
    body = wait_final(client, resp.headers["Location"], tokens["clerk"])
    assert body["issue"] is True and [r["number_symbol"] for r in body["rows"]] == \
        ["01/KH-LĐTBXH", "02/KH-LĐTBXH", "03/KH-LĐTBXH"]
    # issued numbers and documents are the clerks' (service.batch.ownership): a drafter is told nothing exists
    for url in (resp.headers["Location"], body["links"]["download"]):
        assert client.get(url, headers=bearer(tokens["drafter"])).status_code == 404
    assert client.get(body["links"]["download"], headers=bearer(tokens["clerk"])).status_code == 200


@pytest.mark.redis
def test_budgets_answer_problems_naming_the_limit(tmp_path):
    queue = f"vanban-batch-test-{uuid.uuid4().hex[:8]}"
    app = make_app(tmp_path, BATCH_MAX_ROWS=10, BATCH_MAX_JOBS=1, REDIS_URL=REDIS_URL, BATCH_QUEUE=queue)
    client = app.test_client()
    token = auth.create_token(state(app).engine, "drafter", "budget")
    try:
        big = client.post("/api/v1/batches", json={"base": base_doc(), "rows": grown_rows(11)}, headers=bearer(token))
        assert big.status_code == 413 and big.json["limit"] == 10 and big.json["errors"][0]["path"] == "rows"
        assert "10" in big.json["title"] and "10" in big.json["title_vi"]
        first = client.post("/api/v1/batches", json={"base": base_doc(), "rows": grown_rows(2)}, headers=bearer(token))
        assert first.status_code == 202  # queued on RQ, no worker yet: it stays unfinished
        second = client.post("/api/v1/batches", json={"base": base_doc(), "rows": grown_rows(2)},
                             headers=bearer(token))
        assert second.status_code == 429 and second.json["limit"] == 1 and second.headers["Retry-After"]
        assert "VANBAN_BATCH_MAX_JOBS" in second.json["title"]
        cancelled = client.delete(first.headers["Location"], headers=bearer(token))
        assert cancelled.status_code == 202 and cancelled.json["state"] == "cancelled"  # it will never start
        assert client.post("/api/v1/batches", json={"base": base_doc(), "rows": grown_rows(2)},
                           headers=bearer(token)).status_code == 202  # a cancelled job frees its place
        redis = Redis.from_url(REDIS_URL)
        SimpleWorker([Queue(queue, connection=redis)], connection=redis).work(burst=True)
        body = client.get(first.headers["Location"], headers=bearer(token)).json
        assert body["state"] == "cancelled" and body["counts"]["cancelled"] == 2 and body["counts"]["ok"] == 0
        with zipfile.ZipFile(io.BytesIO(client.get(body["links"]["download"], headers=bearer(token)).data)) as zf:
            assert zf.namelist() == ["bao-cao.csv"]  # nothing was made; the report says so row by row
    finally:
        Queue(queue, connection=Redis.from_url(REDIS_URL)).delete(delete_jobs=True)


def test_an_unreachable_queue_is_503_and_starts_nothing(tmp_path):
    app = make_app(tmp_path, REDIS_URL="redis://127.0.0.1:1/0", BATCH_MAX_JOBS=1)  # nothing listens on port 1
    client = app.test_client()
    token = auth.create_token(state(app).engine, "drafter", "no-redis")
    batch = {"base": base_doc(), "rows": grown_rows(2)}
    for _ in range(2):  # the refused job does not hold the caller's only place
        resp = client.post("/api/v1/batches", json=batch, headers=bearer(token))
        assert resp.status_code == 503 and resp.headers["Retry-After"] and resp.json["title_vi"]
    assert [b["state"] for b in client.get("/api/v1/batches", headers=bearer(token)).json["batches"]] == \
        ["cancelled", "cancelled"]


@pytest.mark.parametrize("body, path", [
    ({"rows": [{}]}, "base"),
    ({"base": {"type": "ke_hoach"}, "rows": []}, "rows"),
    ({"base": {"type": "ke_hoach"}, "rows": [1]}, "rows[0]"),
    ({"base": {"type": "ke_hoach"}, "rows": [{}], "format": "odt"}, "format"),
    ({"base": {"type": "ke_hoach"}, "rows": [{}], "name_pattern": "{nope}"}, "name_pattern"),
    ({"base": {"type": "ke_hoach"}, "rows": [{}], "name_pattern": "a\ud800"}, "name_pattern"),
    ({"base": {"type": "ke_hoach"}, "rows": [{"no_such_field": "x"}]}, "column no_such_field"),
    ({"base": {"type": "ke_hoach"}, "rows": [{}], "extra": 1}, "extra"),
    ({"base": {"type": "ke_hoach"}, "rows": [{}], "issue": "true"}, "issue"),  # a JSON boolean, not text
    ({"base": {"type": "ke_hoach"}, "rows": [{}], "callback_url": None}, "callback_url"),
])
def test_bad_batches_are_422_naming_the_field(app, tokens, client, body, path):
    resp = client.post("/api/v1/batches", json=body, headers=bearer(tokens["drafter"]))
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    assert path in [e["path"] for e in resp.json["errors"]]


@pytest.mark.redis
def test_rq_worker_gives_the_same_zip_as_in_process_and_survives_a_web_restart(tmp_path):
    batch = {"base": base_doc(), "rows": json_rows(20), "name_pattern": "{stt:03}-{symbol}-{unit}"}
    local_app = make_app(tmp_path / "local")
    local = local_app.test_client()
    token = auth.create_token(state(local_app).engine, "drafter", "local")
    body = wait_final(local, local.post("/api/v1/batches", json=batch, headers=bearer(token)).headers["Location"],
                      token)
    local_zip = local.get(body["links"]["download"], headers=bearer(token)).data

    queue = f"vanban-batch-test-{uuid.uuid4().hex[:8]}"
    redis = Redis.from_url(REDIS_URL)
    remote_app = make_app(tmp_path / "remote", REDIS_URL=REDIS_URL, BATCH_QUEUE=queue)
    remote = remote_app.test_client()
    token = auth.create_token(state(remote_app).engine, "drafter", "remote")
    try:
        resp = remote.post("/api/v1/batches", json=batch, headers=bearer(token))
        assert resp.status_code == 202
        assert remote.get(resp.headers["Location"], headers=bearer(token)).json["state"] == "queued"
        del remote, remote_app  # the web process goes away; a new one comes up on the same data dir
        restarted = make_app(tmp_path / "remote", REDIS_URL=REDIS_URL, BATCH_QUEUE=queue).test_client()
        SimpleWorker([Queue(queue, connection=redis)], connection=redis).work(burst=True)  # `rq worker --burst`
        body = restarted.get(resp.headers["Location"], headers=bearer(token)).json
        assert body["state"] == "done" and body["counts"]["ok"] == 18
        assert restarted.get(body["links"]["download"], headers=bearer(token)).data == local_zip
    finally:
        Queue(queue, connection=redis).delete(delete_jobs=True)


def test_cancelling_an_interrupted_job_packs_the_rows_it_had_finished(app, tokens, client):
    import json

    from service.batch import jobs

    resp = client.post("/api/v1/batches", json={"base": base_doc(), "rows": grown_rows(6)},
                       headers=bearer(tokens["clerk"]))
    body = wait_final(client, resp.headers["Location"], tokens["clerk"])
    path = jobs.job_dir(app.config["DATA_DIR"], body["id"])
    # Rerun it with a journal of 4 finished rows left by a worker that then vanished (a restart, a killed process).
    real_render = batch_run._render
    calls = []

    def render(doc):
        calls.append(1)
        if len(calls) > 4:
            raise KeyboardInterrupt  # the worker dies mid-batch; its journal keeps the four rows done
        return real_render(doc)

    jobs.output_path(path).unlink()
    (path / "state.json").write_text(json.dumps({"state": "preview", "done": 0, "total": 6}))
    batch_run._render = render
    try:
        with pytest.raises(KeyboardInterrupt):
            jobs._run(path)
    finally:
        batch_run._render = real_render
    (path / "state.json").write_text(json.dumps({"state": "running", "done": 4, "total": 6, "backend": "thread"}))
    assert client.get(body["links"]["self"], headers=bearer(tokens["clerk"])).json["state"] == "failed"
    cancelled = client.delete(body["links"]["self"], headers=bearer(tokens["clerk"]))
    assert cancelled.status_code == 202 and cancelled.json["state"] == "cancelled"
    assert cancelled.json["counts"] == {"total": 6, "done": 4, "ok": 4, "failed": 0, "cancelled": 2}
    members = zip_of(client, cancelled.json, tokens["clerk"])
    assert len([n for n in members if n.endswith(".docx")]) == 4
