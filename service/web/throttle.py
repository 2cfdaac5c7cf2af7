"""Login throttling (Flask-Limiter): failed logins are counted per username and per client address, in Redis when
REDIS_URL is set (shared by every worker process), else in this process's memory. Past the limit (config
LOGIN_LIMIT, env VANBAN_LOGIN_LIMIT, default "10 per 15 minutes") every login attempt for that username or from
that address — even with the right password — gets 429 with a Vietnamese message and `Retry-After`, until the
window passes. Only failures count: a clerk who types the password right is never slowed down, and a wrong
password still locks no account (the limit ends by itself)."""
from __future__ import annotations

import math
import time

from flask import Flask, Response, render_template, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from service.web.problems import problem

LOGIN_ENDPOINT = "staff.login_submit"
_EXTENSION = "vanban.login_limiter"


def _username() -> str:
    """The username tried, as the login compares it (trimmed, case kept: accounts are case-sensitive)."""
    return (request.form.get("username") or "").strip()[:100]


def _failed(resp: Response) -> bool:
    return resp.status_code != 303  # a successful login redirects; everything else is a failure


def _retry_after(limit: RequestLimit) -> int:
    return max(1, math.ceil(limit.reset_at - time.time()))


def _breached(limit: RequestLimit) -> Response:
    wait = _retry_after(limit)
    minutes = max(1, math.ceil(wait / 60))
    vi = (f"Đăng nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau khoảng {minutes} phút "
          "(hoặc liên hệ quản trị hệ thống nếu quên mật khẩu).")
    if request.accept_mimetypes.best == "application/json":
        resp = problem(429, vi, f"Too many failed logins; retry in {wait} seconds")
    else:
        resp = Response(render_template("login.html", next=None, username=_username(), error=vi, logged_out=False),
                        status=429, mimetype="text/html")
    resp.headers["Retry-After"] = str(wait)
    return resp


def init_app(app: Flask) -> None:
    """Wrap the login view (registered by service.web.staff) with the two limits."""
    storage = app.config.get("REDIS_URL") or "memory://"
    limiter = Limiter(get_remote_address, app=app, storage_uri=storage, default_limits=[],
                      key_prefix=app.config.get("LOGIN_LIMIT_KEY_PREFIX", "vanban"), swallow_errors=True,
                      in_memory_fallback_enabled=True, headers_enabled=False)
    limit = app.config.get("LOGIN_LIMIT") or "10 per 15 minutes"
    view = app.view_functions[LOGIN_ENDPOINT]
    by_user = limiter.limit(limit, key_func=_username, scope="login-username", deduct_when=_failed,
                            on_breach=_breached)
    by_address = limiter.limit(limit, key_func=get_remote_address, scope="login-address", deduct_when=_failed,
                               on_breach=_breached)
    app.view_functions[LOGIN_ENDPOINT] = by_address(by_user(view))
    app.extensions[_EXTENSION] = limiter
