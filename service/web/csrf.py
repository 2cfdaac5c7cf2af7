"""CSRF protection of the staff pages: one random token per session, required on every state-changing request
of the HTML pages (form, batch, check, import, login, register).

The token travels in the hidden field `_csrf` of each form (`{{ csrf_field() }}` in a template) or in the
`X-CSRF-Token` header (the pages' own fetch calls read it from `<meta name="csrf-token">`). JSON API requests
under /api/ are exempt: they authenticate with `Authorization: Bearer` tokens, which a browser never adds to a
forged cross-site request, and no API endpoint trusts the session cookie.
"""
from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, current_app, render_template, request, session
from markupsafe import Markup, escape

from service.web.problems import problem

FIELD = "_csrf"
HEADER = "X-CSRF-Token"
SESSION_KEY = "csrf"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MESSAGE_VI = ("Biểu mẫu đã hết hạn hoặc không được gửi từ trang của hệ thống (thiếu mã chống giả mạo CSRF). "
              "Hãy tải lại trang rồi thử lại.")
MESSAGE_EN = "The form has expired or was not sent from this site's pages (missing CSRF token). Reload and retry."


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token() -> str:
    """This session's token, created on first use (the session cookie then carries it)."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or len(value) < 32:
        value = new_token()
        session[SESSION_KEY] = value
    return value


def field() -> Markup:
    """The hidden input every POST form of the pages carries."""
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token())}">')


def exempt() -> bool:
    """The JSON API (bearer tokens, never the session) and requests that match no page."""
    return request.path.startswith("/api/") or request.url_rule is None


def _sent() -> str:
    header = request.headers.get(HEADER)
    if header:
        return header
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.get(FIELD, "")
    return ""


def is_valid() -> bool:
    expected = session.get(SESSION_KEY)
    sent = _sent()
    return bool(expected and sent) and hmac.compare_digest(str(expected).encode(), sent.encode())


def refusal() -> Response:
    """400 in Vietnamese: an HTML page for people, problem+json for the pages' scripts."""
    if request.accept_mimetypes.best == "application/json":
        return problem(400, MESSAGE_VI, MESSAGE_EN)
    body = render_template("error.html", code=400, message=MESSAGE_VI)
    return Response(body, status=400, mimetype="text/html")


def _check() -> Response | None:
    if request.method not in UNSAFE_METHODS or exempt():
        return None
    if is_valid():
        return None
    current_app.logger.warning("CSRF token missing or wrong on %s %s", request.method, request.path)
    return refusal()


def init_app(app: Flask) -> None:
    """Check every unsafe request of the pages, and give templates `csrf_field()` and `csrf_token()`."""
    app.before_request(_check)
    app.add_template_global(field, "csrf_field")
    app.add_template_global(token, "csrf_token")
