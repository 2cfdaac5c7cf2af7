"""Background batch jobs: a thread of this process by default, RQ on the real Redis at 127.0.0.1:6379 otherwise —
and both give the very same zip."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from test_batch_helpers import BASE_PATH, grown_rows, report_rows, xlsx_bytes, zip_members
from service.batch import jobs

REDIS_URL = "redis://127.0.0.1:6379/0"
BAD = {3: {"number": "x"}, 9: {"place": "(trống)"}}


@pytest.fixture(scope="module")
def table() -> bytes:
    return xlsx_bytes(grown_rows(20, BAD))


def new_job(data_dir, table: bytes) -> str:
    return jobs.create_job(data_dir, table=table, table_name="units.xlsx", base=BASE_PATH.read_bytes(),
                           base_name="ke-hoach-2025.json", owner={"principal": "token:1", "agency": None})


def wait_final(path, deadline_s: float = 120) -> dict:
    """Poll like the page does (a deadline only so a broken worker cannot hang the suite)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        state = jobs.status(path)
        if state["state"] in ("done", "failed", "interrupted"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"job still {state['state']}")


def test_thread_worker_runs_a_job_to_a_zip(tmp_path, table):
    job_id = new_job(tmp_path, table)
    path = jobs.job_dir(tmp_path, job_id)
    assert jobs.status(path)["state"] == "preview"
    assert jobs.start(path) == "thread"
    state = wait_final(path)
    assert (state["state"], state["ok"], state["failed"], state["total"]) == ("done", 18, 2, 20)
    assert [r["row"] for r in state["failed_rows"]] == [5, 11]
    members = zip_members(jobs.output_path(path))
    assert jobs.output_path(path).name == "ke-hoach-2025.zip"
    assert len([n for n in members if n.endswith(".docx")]) == 18
    assert len(report_rows(members)) == 20


@pytest.mark.redis
def test_redis_worker_gives_the_same_zip_as_the_thread(tmp_path, table):
    local = jobs.job_dir(tmp_path / "a", new_job(tmp_path / "a", table))
    jobs.start(local)
    assert wait_final(local)["state"] == "done"

    queue_name = f"vanban-batch-test-{uuid.uuid4().hex[:8]}"
    remote = jobs.job_dir(tmp_path / "b", new_job(tmp_path / "b", table))
    redis = Redis.from_url(REDIS_URL)
    try:
        assert jobs.start(remote, redis_url=REDIS_URL, queue=queue_name) == "rq"
        assert jobs.status(remote)["state"] == "queued"
        queue = Queue(queue_name, connection=redis)
        assert queue.count == 1
        SimpleWorker([queue], connection=redis).work(burst=True)  # what `rq worker --burst` runs
        state = jobs.status(remote)
        assert state["state"] == "done" and state["backend"] == "rq"
        assert jobs.output_path(remote).read_bytes() == jobs.output_path(local).read_bytes()
    finally:
        Queue(queue_name, connection=redis).delete(delete_jobs=True)


def test_a_job_whose_worker_vanished_shows_interrupted_and_resumes(tmp_path, table):
    path = jobs.job_dir(tmp_path, new_job(tmp_path, table))
    state_file = path / "state.json"
    state_file.write_text(json.dumps({"state": "running", "done": 7, "total": 20, "backend": "thread"}))
    assert jobs.status(path)["state"] == "interrupted"  # e.g. the web process was restarted
    jobs.start(path)
    state = wait_final(path)
    assert state["state"] == "done" and state["ok"] == 18


def test_a_job_running_in_another_web_process_is_not_taken_for_interrupted(tmp_path, table):
    """gunicorn runs several workers: the one answering the poll may not be the one running the job."""
    path = jobs.job_dir(tmp_path, new_job(tmp_path, table))
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (path / "state.json").write_text(json.dumps({"state": "running", "done": 3, "total": 20,
                                                     "backend": "thread", "pid": other.pid}))
        assert jobs.status(path)["state"] == "running"
    finally:
        other.kill()
        other.wait()
    assert jobs.status(path)["state"] == "interrupted"  # that process is gone


def test_job_ids_cannot_escape_the_jobs_folder(tmp_path):
    for bad in ("../etc", "x" * 32, "", "0" * 31):
        with pytest.raises(KeyError):
            jobs.job_dir(tmp_path, bad)
