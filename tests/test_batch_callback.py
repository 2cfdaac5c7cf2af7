"""Callbacks of finished batches: a signed POST to a receiver this test runs on 127.0.0.1, retried with backoff and
given up without touching the job, and only to URLs on the allow-list (never an internal host by accident)."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_batch_helpers import base_doc, grown_rows
from service.batch import callback
from service.register import auth
from service.web.register_state import state
from service.web.app import create_app


@contextmanager
def receiver(status: int = 204, location: str | None = None):
    """An HTTP server on 127.0.0.1 that records every POST and answers `status`; stops when the test ends."""
    received: list[tuple[dict, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 — the http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def make_app(tmp_path, allow: tuple[str, ...]):
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}", "CALLBACK_ALLOW": allow,
                       "CALLBACK_ATTEMPTS": 3, "CALLBACK_BACKOFF_S": 0.01, "CALLBACK_TIMEOUT_S": 5})


def start(client, token: str, url: str, rows: int = 3):
    return client.post("/api/v1/batches", json={"base": base_doc(), "rows": grown_rows(rows), "callback_url": url},
                       headers={"Authorization": f"Bearer {token}"})


def callback_ended(client, location: str, token: str, deadline_s: float = 60) -> dict:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        body = client.get(location, headers={"Authorization": f"Bearer {token}"}).json
        if body["state"] in ("done", "failed", "cancelled") and body["callback"]["state"] != "pending":
            return body
        time.sleep(0.05)
    raise AssertionError("the callback never ended")


def test_one_signed_post_when_the_job_ends(tmp_path):
    with receiver() as (base_url, received):
        app = make_app(tmp_path, (base_url + "/hooks/",))
        client = app.test_client()
        token = auth.create_token(state(app).engine, "drafter", "eoffice")
        resp = start(client, token, base_url + "/hooks/vanban?src=test")
        assert resp.status_code == 202, resp.json
        body = callback_ended(client, resp.headers["Location"], token)
        assert body["callback"] == {"state": "delivered", "attempts": 1, "last_status": 204, "last_error": None}
    assert len(received) == 1
    headers, raw = received[0]
    key = hmac.new(token.encode(), b"vanban-callback-v1", hashlib.sha256).hexdigest()  # what the client computes
    expected = "sha256=" + hmac.new(key.encode(), raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Vanban-Signature"], expected)
    assert headers["Content-Type"] == "application/json"
    summary = json.loads(raw)
    assert (summary["event"], summary["id"], summary["state"]) == ("batch.finished", body["id"], "done")
    assert (summary["total"], summary["ok"], summary["failed"]) == (3, 3, 0)
    assert summary["links"] == body["links"] and summary["delivery"] == headers["X-Vanban-Delivery"]
    tampered = raw.replace(b'"ok":3', b'"ok":4')
    assert not hmac.compare_digest(headers["X-Vanban-Signature"],
                                   "sha256=" + hmac.new(key.encode(), tampered, hashlib.sha256).hexdigest())


def test_a_failing_receiver_is_retried_then_given_up_and_the_job_stays_done(tmp_path):
    with receiver(status=500) as (base_url, received):
        app = make_app(tmp_path, (base_url + "/",))
        client = app.test_client()
        token = auth.create_token(state(app).engine, "drafter", "eoffice")
        resp = start(client, token, base_url + "/hook")
        body = callback_ended(client, resp.headers["Location"], token)
    assert len(received) == 3  # CALLBACK_ATTEMPTS
    assert len({h["X-Vanban-Delivery"] for h, _ in received}) == 1  # the same delivery, retried
    assert body["state"] == "done" and body["counts"]["ok"] == 3
    assert body["callback"] == {"state": "failed", "attempts": 3, "last_status": 500, "last_error": None}


def test_redirects_are_not_followed():
    with receiver() as (elsewhere, reached):
        with receiver(status=307, location=elsewhere + "/x") as (base_url, received):
            outcome = callback.deliver(base_url + "/hook", b"{}", "k", allow=(base_url + "/", elsewhere + "/"),
                                       attempts=2, backoff_s=0.01)
        assert (outcome.delivered, outcome.last_status, len(received)) == (False, 307, 2)
        assert reached == []  # the redirect's target was never called


@pytest.mark.parametrize("allow, url", [
    ((), "http://127.0.0.1:9/hook"),  # callbacks off by default
    (("https://eoffice.example.vn/hooks/",), "http://10.0.0.5/hook"),  # another host
    (("https://eoffice.example.vn/hooks/",), "https://eoffice.example.vn.evil.test/hooks/x"),  # look-alike host
    (("https://eoffice.example.vn/hooks/",), "https://eoffice.example.vn/admin"),  # outside the prefix
    (("https://eoffice.example.vn/hooks/",), "http://eoffice.example.vn/hooks/x"),  # another scheme
    (("https://eoffice.example.vn/hooks/",), "https://user:pw@eoffice.example.vn/hooks/x"),  # credentials
    (("eoffice.example.vn",), "file:///etc/passwd"),
    (("eoffice.example.vn",), "not a url"),
])
def test_a_url_off_the_allow_list_is_refused_with_422(tmp_path, allow, url):
    app = make_app(tmp_path, allow)
    client = app.test_client()
    token = auth.create_token(state(app).engine, "drafter", "eoffice")
    resp = start(client, token, url)
    assert resp.status_code == 422 and resp.json["errors"][0]["path"] == "callback_url"
    assert resp.json["title_vi"] and resp.json["errors"][0]["message_en"]


def test_a_host_that_resolves_to_a_private_address_is_refused_unless_allowed():
    allow = ("localhost",)  # a name, not the address: the loopback it resolves to is not explicitly allowed
    callback.check_url("http://localhost:9/hook", allow)  # on the list …
    with pytest.raises(callback.CallbackRefused) as refused:
        callback.resolve("http://localhost:9/hook", allow)  # … but it resolves to loopback
    assert "non-public" in refused.value.en
    assert callback.resolve("http://localhost:9/hook", allow, allow_private=True) in ("127.0.0.1", "::1")
    assert callback.resolve("http://127.0.0.1:9/hook", ("http://127.0.0.1:9/",)) == "127.0.0.1"  # named address
    outcome = callback.deliver("http://localhost:9/hook", b"{}", "k", allow=allow, attempts=3, backoff_s=0.01)
    assert (outcome.delivered, outcome.attempts) == (False, 1)  # refused: no retry of a forbidden address


@pytest.mark.redis
def test_an_rq_worker_sends_the_callback_after_the_job(tmp_path):
    import uuid

    from redis import Redis
    from rq import Queue, SimpleWorker

    redis_url, queue = "redis://127.0.0.1:6379/0", f"vanban-batch-test-{uuid.uuid4().hex[:8]}"
    redis = Redis.from_url(redis_url)
    with receiver() as (base_url, received):
        app = make_app(tmp_path, (base_url + "/",))
        app.config.update(REDIS_URL=redis_url, BATCH_QUEUE=queue)
        client = app.test_client()
        token = auth.create_token(state(app).engine, "drafter", "eoffice")
        try:
            resp = start(client, token, base_url + "/hook")
            assert resp.status_code == 202 and received == []  # nothing yet: no worker has run it
            SimpleWorker([Queue(queue, connection=redis)], connection=redis).work(burst=True)
        finally:
            Queue(queue, connection=redis).delete(delete_jobs=True)
        body = client.get(resp.headers["Location"], headers={"Authorization": f"Bearer {token}"}).json
    assert body["state"] == "done" and body["callback"]["state"] == "delivered"
    (headers, raw), = received
    key = callback.callback_key(token)
    assert headers["X-Vanban-Signature"] == callback.signature(key, raw) and json.loads(raw)["id"] == body["id"]
