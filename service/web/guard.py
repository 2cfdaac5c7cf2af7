"""Access control for the JSON API: `Authorization: Bearer <token>`, role checks, 401 vs 403.

Use `@require_role("clerk")` on a view; the caller is then in `flask.g.principal`. Drafting views
(render, validate, preview, check) pass `openable=True`: with config OPEN_DRAFTING they then also serve
callers without a token; with it off, a logged-in staff session from the pages (with its CSRF header) also works. Only the drafter level can be opened; reading the register, clerk and admin never."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request

from service.register import auth
from service.web.problems import problem
from service.web.register_state import state

F = TypeVar("F", bound=Callable[..., Any])
ANONYMOUS = auth.Principal(name="anonymous", role="")


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _staff_session() -> auth.Principal | None:
    """A logged-in staff member calling a drafting endpoint from the pages' own scripts (preview, validate):
    accepted only with the page's CSRF header on unsafe methods, so a forged cross-site request gets nothing."""
    from service.web import csrf, staff_auth

    staff = staff_auth.current_staff()
    if staff is None or (request.method in csrf.UNSAFE_METHODS and not csrf.is_valid()):
        return None
    return staff


def unauthorised() -> Any:
    resp = problem(401, "Cần đăng nhập: gửi mã truy cập (token) trong tiêu đề Authorization: Bearer <token>",
                   "Authentication required: send an API token as Authorization: Bearer <token>")
    resp.headers["WWW-Authenticate"] = 'Bearer realm="vanban"'
    return resp


def forbidden(role: str, needed: str) -> Any:
    return problem(403, f"Vai trò {role} không được phép làm việc này; cần vai trò {needed}",
                   f"Role {role} may not do this; role {needed} is required")


def require_role(needed: str, *, openable: bool = False) -> Callable[[F], F]:
    """Decorator: 401 without a valid token, 403 when the token's role is below `needed`."""
    auth.check_role(needed)
    if openable and needed != "drafter":
        raise ValueError("only drafter-level views can be opened by OPEN_DRAFTING")

    def wrap(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            token = bearer_token()
            principal = auth.principal_for_token(state().engine, token) if token else None
            if principal is None and token is None and openable:
                if current_app.config.get("OPEN_DRAFTING"):
                    g.principal = ANONYMOUS
                    return view(*args, **kwargs)
                principal = _staff_session()
            if principal is None:
                return unauthorised()
            if not auth.role_allows(principal.role, needed):
                return forbidden(principal.role, needed)
            g.principal = principal
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return wrap
