"""Staff sessions: failed logins throttled per username and per client address (429, Vietnamese, Retry-After),
logout voids every copy of the session cookie server-side, the lifetime is configurable and absolute, and the CSRF
token is a new one after logging in."""
from __future__ import annotations

import time
import uuid

import pytest
from redis import Redis

from csrf_client import CsrfClient
from service import config
from service.register import auth
from service.web.register_state import state
from service.web import csrf, staff_auth
from service.web.app import create_app

PASSWORD = "mat-khau-dung-10"
REDIS_URL = "redis://127.0.0.1:6379/0"


def make_app(tmp_path, **extra):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "REDIS_URL": None,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'vanban.db'}", **extra})
    app.test_client_class = CsrfClient
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    for name, role in (("van.thu", "clerk"), ("soan.thao", "drafter")):
        auth.create_user(state(app).engine, name, PASSWORD, role)
    return app


def login(client, username: str, password: str = PASSWORD, address: str = "10.0.0.1"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_twenty_wrong_passwords_then_the_right_one_is_refused_with_retry_after(app):
    client = app.test_client()
    codes = [login(client, "van.thu", f"sai-{i}").status_code for i in range(20)]
    assert codes[:10] == [422] * 10 and set(codes[10:]) == {429}
    right = login(client, "van.thu")
    assert right.status_code == 429 and "staff_user" not in (client.get_cookie("session").value or "")
    assert "Đăng nhập sai quá nhiều lần" in right.text and "thử lại sau" in right.text
    retry = int(right.headers["Retry-After"])
    assert 0 < retry <= 15 * 60
    assert client.get("/so-van-ban-di").status_code == 303  # still not logged in


def test_the_username_is_throttled_from_any_address_and_others_are_not(app):
    client = app.test_client()
    for i in range(10):  # one failure from each of ten addresses: a spread-out guessing of one account
        assert login(client, "van.thu", "sai", address=f"10.0.1.{i}").status_code == 422
    assert login(client, "van.thu", address="10.0.2.1").status_code == 429
    assert login(app.test_client(), "soan.thao", address="10.0.2.1").status_code == 303


def test_the_address_is_throttled_for_any_username_and_others_are_not(app):
    client = app.test_client()
    for i in range(10):  # ten usernames tried from one address
        assert login(client, f"khong-co-{i}", "sai", address="10.0.3.3").status_code == 422
    assert login(app.test_client(), "van.thu", address="10.0.3.3").status_code == 429
    assert login(app.test_client(), "van.thu", address="10.0.3.4").status_code == 303


def test_right_passwords_never_count(app):
    for _ in range(15):
        assert login(app.test_client(), "van.thu").status_code == 303


def test_json_callers_get_a_problem_with_retry_after(app):
    client = app.test_client()
    for _ in range(10):
        login(client, "van.thu", "sai")
    r = client.post("/login", data={"username": "van.thu", "password": PASSWORD},
                    headers={"Accept": "application/json"}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert r.status_code == 429 and r.mimetype == "application/problem+json"
    assert "title_vi" in r.get_json() and int(r.headers["Retry-After"]) > 0


@pytest.mark.redis
def test_with_redis_the_failures_of_every_worker_process_count_together(tmp_path):
    """Two apps (two gunicorn workers) on one Redis share the count."""
    prefix = f"vanban-test-{uuid.uuid4().hex[:8]}"
    first = make_app(tmp_path / "a", REDIS_URL=REDIS_URL, LOGIN_LIMIT_KEY_PREFIX=prefix)
    second = make_app(tmp_path / "b", REDIS_URL=REDIS_URL, LOGIN_LIMIT_KEY_PREFIX=prefix)
    auth.create_user(state(second).engine, "van.thu", PASSWORD, "clerk")
    try:
        for i in range(10):
            assert login(first.test_client(), "van.thu", "sai", address=f"10.1.0.{i}").status_code == 422
        assert login(second.test_client(), "van.thu", address="10.1.1.1").status_code == 429
    finally:
        redis = Redis.from_url(REDIS_URL)
        keys = list(redis.scan_iter(f"*/{prefix}/*"))
        assert keys  # the counts really were in Redis
        redis.delete(*keys)


def test_an_old_cookie_after_logout_is_not_logged_in(app):
    client = app.test_client()
    assert login(client, "van.thu").status_code == 303
    assert client.get("/so-van-ban-di").status_code == 200
    saved = client.get_cookie("session").value  # what a thief (or a shared computer) kept

    elsewhere = app.test_client()  # the same account in another browser, logged in before the logout
    assert login(elsewhere, "van.thu", address="10.0.0.9").status_code == 303

    assert client.post("/logout").status_code == 303
    replay = app.test_client()
    replay.set_cookie("session", saved)
    r = replay.get("/so-van-ban-di")
    assert r.status_code == 303 and "/login" in r.headers["Location"]
    assert elsewhere.get("/so-van-ban-di").status_code == 303  # logout ends every session of the account

    assert login(replay, "van.thu").status_code == 303  # a new login works again
    assert replay.get("/so-van-ban-di").status_code == 200


def test_the_lifetime_is_absolute_and_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_SESSION_HOURS", "2")
    assert config.from_env()["SESSION_HOURS"] == 2
    monkeypatch.setenv("VANBAN_SESSION_HOURS", "hai")
    with pytest.raises(ValueError, match="VANBAN_SESSION_HOURS"):
        config.from_env()
    monkeypatch.delenv("VANBAN_SESSION_HOURS")

    app = make_app(tmp_path, SESSION_HOURS=2)
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 2 * 3600
    auth.create_user(state(app).engine, "van.thu", PASSWORD, "clerk")
    client = app.test_client()
    assert login(client, "van.thu").status_code == 303
    with client.session_transaction() as s:  # logged in 1 h 59 min ago: still valid
        s[staff_auth.SESSION_SINCE] = int(time.time()) - 2 * 3600 + 60
    assert client.get("/so-van-ban-di").status_code == 200
    with client.session_transaction() as s:  # 2 h 1 min ago, even though used all the time since
        s[staff_auth.SESSION_SINCE] = int(time.time()) - 2 * 3600 - 60
    assert client.get("/so-van-ban-di").status_code == 303


def test_the_csrf_token_is_renewed_at_login(app):
    client = app.test_client()
    before = client.csrf_token()  # the anonymous session's token (e.g. planted by an attacker)
    assert login(client, "van.thu").status_code == 303
    with client.session_transaction() as s:
        after = s[csrf.SESSION_KEY]
    assert after and after != before
    old = client.post("/logout", headers={csrf.HEADER: before})
    assert old.status_code == 400  # the pre-login token no longer works
    assert client.get("/so-van-ban-di").status_code == 200


def test_behind_a_proxy_its_forwarded_address_is_the_client_and_never_without_one(tmp_path):
    """Behind the configured reverse proxy each client is throttled on its own; without one, a forged
    X-Forwarded-For changes nothing (the peer address counts)."""
    for proxies, other_client_code in ((1, 303), (0, 429)):
        app = make_app(tmp_path / str(proxies), PROXY_COUNT=proxies)
        auth.create_user(state(app).engine, "van.thu", PASSWORD, "clerk")
        for i in range(10):  # ten usernames guessed by one client behind the proxy
            r = app.test_client().post("/login", data={"username": f"x{i}", "password": "sai"},
                                       headers={"X-Forwarded-For": "203.0.113.7"},
                                       environ_base={"REMOTE_ADDR": "10.9.9.9"})
            assert r.status_code == 422
        r = app.test_client().post("/login", data={"username": "van.thu", "password": PASSWORD},
                                   headers={"X-Forwarded-For": "203.0.113.8"}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
        assert r.status_code == other_client_code, proxies


def test_logout_ends_the_sessions_of_that_account_only_on_either_database(tmp_path, database_url):
    """Migration 0003 on SQLite and PostgreSQL: the epoch column starts at 0 and logout moves one account's on."""
    app = make_app(tmp_path, DATABASE_URL=database_url)
    for name in ("van.thu", "soan.thao"):
        auth.create_user(state(app).engine, name, PASSWORD, "clerk")
    clerk, other = app.test_client(), app.test_client()
    assert login(clerk, "van.thu").status_code == 303 and login(other, "soan.thao").status_code == 303
    assert auth.session_epoch(state(app).engine, "van.thu") == 0
    assert clerk.post("/logout").status_code == 303
    assert auth.session_epoch(state(app).engine, "van.thu") == 1
    assert other.get("/so-van-ban-di").status_code == 200  # another account's session is untouched
