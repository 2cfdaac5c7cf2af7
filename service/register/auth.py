"""Who may do what: roles drafter < clerk < admin; API bearer tokens (stored as sha256) and staff
accounts (passwords hashed with argon2id via argon2-cffi).

drafter: render, validate · clerk: issue, void, export · admin: tokens, users, registers, templates.
A higher role may do everything a lower one may."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.register import audit
from service.register.errors import BadInput, Conflict, NotFound
from service.register.models import ApiToken, User
from service.register.vntime import Clock, as_utc, utc_now

ROLES: tuple[str, ...] = ("drafter", "clerk", "admin")
TOKEN_PREFIX = "vb_"
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("timing-equaliser")
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: `name` is what the audit trail records; `agencies` the ids of the agencies it
    works for (None = every agency: an instance-wide admin, or an account of a single-office instance)."""

    name: str
    role: str
    agencies: tuple[int, ...] | None = None

    def works_for(self, agency_id: int) -> bool:
        return self.agencies is None or agency_id in self.agencies


def check_agencies(role: str, agencies: list[int] | None) -> list[int] | None:
    """Drafters and clerks work for exactly one agency; admins for one or more, or (None) every agency."""
    if agencies is not None and not agencies:
        agencies = None
    if agencies is not None and len(agencies) > 1 and role != "admin":
        raise BadInput("Chỉ quản trị mới thuộc nhiều cơ quan.", "Only an admin may work for several agencies.",
                       field="agency")
    return sorted(set(agencies)) if agencies is not None else None


def _scope(stored: list[int] | None) -> tuple[int, ...] | None:
    return tuple(stored) if stored else None


def check_role(role: str) -> str:
    if role not in ROLES:
        raise BadInput(f"Vai trò không hợp lệ: {role!r}; chọn một trong {', '.join(ROLES)}.",
                       f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", field="role")
    return role


def role_allows(role: str, needed: str) -> bool:
    """True when `role` is at least `needed` in drafter < clerk < admin."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(check_role(needed))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, role: str, label: str, *, actor: str = "cli", clock: Clock = utc_now,
                 agencies: list[int] | None = None) -> str:
    """Create an API token (for `agencies`, see check_agencies) and return it in clear — the only time it is
    ever shown."""
    check_role(role)
    agencies = check_agencies(role, agencies)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = as_utc(clock())  # stored as UTC: SQLite keeps no offset
    with Session(engine) as session, session.begin():
        row = ApiToken(token_sha256=token_digest(token), role=role, label=label or role, created_at=now,
                       agencies=agencies)
        session.add(row)
        session.flush()
        audit.record(session, actor=actor, action="token_create", at=now,
                     detail={"token_id": row.id, "role": role, "label": row.label, "agencies": agencies})
    return token


def revoke_token(engine: Engine, token_id: int, *, actor: str = "cli", clock: Clock = utc_now) -> None:
    now = as_utc(clock())  # stored as UTC: SQLite keeps no offset
    with Session(engine) as session, session.begin():
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(f"Không có token {token_id}.", f"No token {token_id}.", field="id")
        row.revoked_at = now
        audit.record(session, actor=actor, action="token_revoke", at=now, detail={"token_id": token_id})


def principal_for_token(engine: Engine, token: str) -> Principal | None:
    """The caller a bearer token stands for, or None if unknown or revoked."""
    if not token:
        return None
    with Session(engine) as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token))).one_or_none()
        if row is None or row.revoked_at is not None:
            return None
        return Principal(name=f"token:{row.id}:{row.label}", role=row.role, agencies=_scope(row.agencies))


def create_user(engine: Engine, username: str, password: str, role: str, *, actor: str = "cli",
                clock: Clock = utc_now, agencies: list[int] | None = None) -> int:
    """Create a staff account working for `agencies` (see check_agencies); returns its id."""
    check_role(role)
    agencies = check_agencies(role, agencies)
    username = (username or "").strip()
    if not username:
        raise BadInput("Tên đăng nhập không được để trống.", "The username must not be empty.", field="username")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise BadInput(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
                       f"The password must be at least {MIN_PASSWORD_LENGTH} characters.", field="password")
    now = as_utc(clock())  # stored as UTC: SQLite keeps no offset
    try:
        with Session(engine) as session, session.begin():
            user = User(username=username, password_hash=_hasher.hash(password), role=role, active=True,
                        created_at=now, agencies=agencies)
            session.add(user)
            session.flush()
            audit.record(session, actor=actor, action="user_create", at=now,
                         detail={"user_id": user.id, "username": username, "role": role, "agencies": agencies})
            return user.id
    except IntegrityError:
        raise Conflict(f"Tên đăng nhập {username} đã có.", f"Username {username} already exists.",
                       field="username") from None


def session_epoch(engine: Engine, username: str) -> int | None:
    """The account's current session epoch, or None when it does not exist or is inactive."""
    with Session(engine) as session:
        user = session.scalars(select(User).where(User.username == username)).one_or_none()
        return user.session_epoch if user is not None and user.active else None


def end_sessions(engine: Engine, username: str) -> None:
    """Void every session of the account started so far (logout): its epoch moves on."""
    with Session(engine) as session, session.begin():
        user = session.scalars(select(User).where(User.username == username)).one_or_none()
        if user is not None:
            user.session_epoch = (user.session_epoch or 0) + 1


def set_user_agencies(engine: Engine, username: str, agencies: list[int] | None, *, actor: str = "cli",
                      clock: Clock = utc_now) -> None:
    """Give an existing account its agencies (accounts made before agency profiles span every agency)."""
    now = as_utc(clock())
    with Session(engine) as session, session.begin():
        user = session.scalars(select(User).where(User.username == (username or "").strip())).one_or_none()
        if user is None:
            raise NotFound(f"Không có tài khoản {username}.", f"No account {username}.", field="username")
        user.agencies = check_agencies(user.role, agencies)
        audit.record(session, actor=actor, action="user_agencies", at=now,
                     detail={"user_id": user.id, "username": user.username, "agencies": user.agencies})


def authenticate(engine: Engine, username: str, password: str) -> Principal | None:
    """The staff member for a correct username + password, else None. A wrong password affects
    nothing else: no account or token is locked by it."""
    with Session(engine) as session:
        user = session.scalars(select(User).where(User.username == (username or "").strip())).one_or_none()
        if user is None or not user.active:
            try:
                _hasher.verify(_DUMMY_HASH, password or "")  # same cost as a real check
            except VerificationError:
                pass
            return None
        try:
            _hasher.verify(user.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
            session.commit()
        return principal_of(user)


def principal_of(user: User) -> Principal:
    """The caller a staff account stands for."""
    return Principal(name=f"user:{user.username}", role=user.role, agencies=_scope(user.agencies))
