"""Who is using the staff pages: a staff account (service.register.auth users) logged in through the session.

The session keeps the username, the account's session epoch and the login time; every request looks the account
up again, so a deactivated account or a changed role takes effect at once, logging out (which raises the epoch)
voids every cookie issued before — a copy saved earlier included — and a session ends SESSION_HOURS after the login
(env VANBAN_SESSION_HOURS, default 10) however active it is. Roles as in the API: drafter < clerk < admin. With
OPEN_DRAFTING off, the drafting pages (form, batch, check, import) also need a logged-in account; the register
pages always do.
"""
from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.register import auth
from service.register.models import User
from service.web.register_state import state

F = TypeVar("F", bound=Callable[..., Any])
SESSION_USER = "staff_user"
SESSION_EPOCH = "staff_epoch"
SESSION_SINCE = "staff_since"
DEFAULT_SESSION_HOURS = 10  # one working day
ROLE_NAMES = {"drafter": "người soạn thảo", "clerk": "văn thư", "admin": "quản trị"}
# Blueprints whose pages are drafting: open to anyone when OPEN_DRAFTING is on (the default).
DRAFTING_BLUEPRINTS = ("ui", "batch", "tools")


def current_staff() -> auth.Principal | None:
    """The logged-in, still active staff member of this request, or None."""
    if "staff" in g:
        return g.staff
    found = None
    username = session.get(SESSION_USER)
    if isinstance(username, str) and username:
        with Session(state().engine) as db:
            user = db.scalars(select(User).where(User.username == username)).one_or_none()
        if (user is not None and user.active and user.role in auth.ROLES and _fresh()
                and session.get(SESSION_EPOCH) == user.session_epoch):
            found = auth.principal_of(user)
        else:  # logged out elsewhere, expired, deactivated: this cookie is nobody's any more
            session.clear()
    g.staff = found
    return found


def username_of(principal: auth.Principal) -> str:
    return principal.name.removeprefix("user:")


def _lifetime() -> dt.timedelta:
    return dt.timedelta(hours=float(current_app.config.get("SESSION_HOURS") or DEFAULT_SESSION_HOURS))


def _fresh() -> bool:
    """Whether the session's login is younger than the configured lifetime (absolute, not sliding)."""
    since = session.get(SESSION_SINCE)
    return isinstance(since, (int, float)) and 0 <= time.time() - since < _lifetime().total_seconds()


def log_in(principal: auth.Principal) -> None:
    """Start a fresh session for the account: everything of the session before (an anonymous capability, the
    CSRF token) is dropped and a new CSRF token made, so nothing planted before the login carries over."""
    from service.web import csrf

    epoch = auth.session_epoch(state().engine, username_of(principal))
    session.clear()
    session.permanent = True
    session[SESSION_USER] = username_of(principal)
    session[SESSION_EPOCH] = epoch
    session[SESSION_SINCE] = int(time.time())
    session[csrf.SESSION_KEY] = csrf.new_token()
    g.staff = principal


def log_out() -> None:
    """End the session here and everywhere: the account's epoch moves on, so any copy of the cookie is void."""
    staff = current_staff()
    if staff is not None:
        auth.end_sessions(state().engine, username_of(staff))
    session.clear()
    g.staff = None


def can(role: str) -> bool:
    """Whether the current staff member has at least `role`."""
    staff = current_staff()
    return staff is not None and auth.role_allows(staff.role, role)


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to after logging in (never another host)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def back_here() -> str | None:
    """This page's path and query, to come back to after logging in (None on a POST or the login page)."""
    if request.method != "GET" or request.blueprint == "staff" and (request.endpoint or "").startswith("staff.login"):
        return None
    query = request.query_string.decode("latin-1")
    return safe_next(request.path + (f"?{query}" if query else ""))


def to_login() -> Response:
    target = request.full_path if request.method == "GET" else request.referrer
    here = urlsplit(target or "")
    back = here.path + (f"?{here.query}" if here.query else "") if target else None
    return redirect(url_for("staff.login", next=safe_next(back)), 303)


def forbidden_page(needed: str) -> Response:
    staff = current_staff()
    message = (f"Trang này dành cho {ROLE_NAMES[needed]}; tài khoản {username_of(staff)} có vai trò "
               f"{ROLE_NAMES.get(staff.role, staff.role)}.") if staff else "Cần đăng nhập."
    return Response(render_template("error.html", code=403, message=message), status=403, mimetype="text/html")


def require_staff(needed: str) -> Callable[[F], F]:
    """Decorator for pages: log in first (303 to /login), then at least role `needed` (403 page)."""
    auth.check_role(needed)

    def wrap(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            staff = current_staff()
            if staff is None:
                return to_login()
            if not auth.role_allows(staff.role, needed):
                return forbidden_page(needed)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return wrap


def _drafting_gate() -> Response | None:
    """With OPEN_DRAFTING off, the drafting pages need a logged-in account (the API keeps its own tokens)."""
    if current_app.config.get("OPEN_DRAFTING") or request.path.startswith("/api/"):
        return None
    if request.blueprint not in DRAFTING_BLUEPRINTS or request.endpoint in ("ui.favicon",):
        return None
    if request.endpoint and request.endpoint.endswith(".static"):
        return None
    return None if current_staff() is not None else to_login()


def init_app(app: Flask) -> None:
    hours = float(app.config.get("SESSION_HOURS") or DEFAULT_SESSION_HOURS)
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=hours)  # the cookie's expiry: the same lifetime
    app.before_request(_drafting_gate)
    app.add_template_global(current_staff, "current_staff")
    app.add_template_global(can, "staff_can")
    app.add_template_global(ROLE_NAMES, "ROLE_NAMES")
    app.add_template_global(username_of, "staff_name")
    app.add_template_global(back_here, "back_here")
