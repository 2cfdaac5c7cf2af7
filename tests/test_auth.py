"""Roles, API tokens stored hashed, staff passwords hashed with argon2id, audit of credential changes,
and the OPEN_DRAFTING switch that can open drafting but never issuing."""
from __future__ import annotations

import hashlib

import pytest
from flask import Flask, g
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.register import audit, auth
from service.register.db import make_engine, upgrade
from service.register.errors import BadInput, Conflict
from service.web.guard import require_role
from service.register.models import ApiToken, User
from service.web.register_state import state


@pytest.fixture
def engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    upgrade(url)
    eng = make_engine(url)
    yield eng
    eng.dispose()


def test_role_order():
    assert auth.role_allows("admin", "clerk") and auth.role_allows("clerk", "clerk")
    assert auth.role_allows("clerk", "drafter")
    assert not auth.role_allows("drafter", "clerk") and not auth.role_allows("clerk", "admin")
    assert not auth.role_allows("", "drafter") and not auth.role_allows("root", "drafter")
    with pytest.raises(BadInput) as err:
        auth.check_role("superuser")
    assert err.value.field == "role"


def test_tokens_are_stored_only_as_sha256(engine):
    token = auth.create_token(engine, "clerk", "văn thư 1")
    assert token.startswith("vb_") and len(token) > 40
    with Session(engine) as session:
        rows = session.scalars(select(ApiToken)).all()
    assert len(rows) == 1
    assert rows[0].token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr([vars(r) for r in rows])
    principal = auth.principal_for_token(engine, token)
    assert principal.role == "clerk" and principal.name.endswith("văn thư 1")
    assert auth.principal_for_token(engine, token + "x") is None
    assert auth.principal_for_token(engine, "") is None
    assert auth.create_token(engine, "clerk", "văn thư 1") != token
    assert [e.action for e in audit.events(engine)] == ["token_create", "token_create"]


def test_passwords_hashed_with_argon2_and_wrong_password_locks_nothing(engine):
    clerk_token = auth.create_token(engine, "clerk", "api")
    auth.create_user(engine, "mai", "mật khẩu dài đủ", "clerk")
    auth.create_user(engine, "lan", "một mật khẩu khác", "admin")
    with Session(engine) as session:
        hashes = {u.username: u.password_hash for u in session.scalars(select(User))}
    assert all(h.startswith("$argon2id$") for h in hashes.values())
    assert "mật khẩu dài đủ" not in hashes["mai"]
    for _ in range(5):
        assert auth.authenticate(engine, "mai", "sai mật khẩu") is None
    assert auth.authenticate(engine, "nobody", "mật khẩu dài đủ") is None
    assert auth.authenticate(engine, "mai", "mật khẩu dài đủ") == auth.Principal("user:mai", "clerk")
    assert auth.authenticate(engine, "lan", "một mật khẩu khác").role == "admin"
    assert auth.principal_for_token(engine, clerk_token).role == "clerk"


def test_user_creation_refuses_bad_input(engine):
    with pytest.raises(BadInput) as short:
        auth.create_user(engine, "mai", "ngắn", "clerk")
    assert short.value.field == "password" and "10" in short.value.en
    with pytest.raises(BadInput) as empty:
        auth.create_user(engine, "  ", "đủ dài rồi nhé", "clerk")
    assert empty.value.field == "username"
    auth.create_user(engine, "mai", "đủ dài rồi nhé", "clerk")
    with pytest.raises(Conflict) as dup:
        auth.create_user(engine, "mai", "đủ dài rồi nhé", "admin")
    assert dup.value.field == "username" and dup.value.status == 409
    assert [(e.action, e.detail["username"]) for e in audit.events(engine, action="user_create")] == [("user_create", "mai")]


def test_open_drafting_opens_only_openable_drafter_views(engine, tmp_path):
    app = Flask(__name__)
    app.config.update(OPEN_DRAFTING=True, DATABASE_URL=str(engine.url), DATA_DIR=str(tmp_path))

    @app.get("/draft")
    @require_role("drafter", openable=True)
    def draft():
        return {"who": g.principal.name}

    @app.get("/read")
    @require_role("drafter")
    def read():
        return {"who": g.principal.name}

    with pytest.raises(ValueError):
        require_role("clerk", openable=True)
    client = app.test_client()
    assert client.get("/draft").json == {"who": "anonymous"}
    assert client.get("/read").status_code == 401
    app.config["OPEN_DRAFTING"] = False
    assert client.get("/draft").status_code == 401
    token = auth.create_token(engine, "drafter", "d")
    assert client.get("/draft", headers={"Authorization": f"Bearer {token}"}).json["who"].endswith(":d")
    state(app).engine.dispose()
