"""A Flask test client that sends the session's CSRF token (service/web/csrf.py) with every POST to the pages,
as the pages' own forms and scripts do. The JSON API (/api/…) needs none and gets none."""
from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.datastructures import Headers

from service.web import csrf


class CsrfClient(FlaskClient):
    def csrf_token(self) -> str:
        """The token of this client's session (created when the session has none yet)."""
        with self.session_transaction() as session:
            token = session.get(csrf.SESSION_KEY)
            if not token:
                token = csrf.new_token()
                session[csrf.SESSION_KEY] = token
            return token

    def post(self, *args, **kwargs):
        path = args[0] if args else kwargs.get("path", "/")
        if not str(path).startswith("/api/"):
            headers = Headers(kwargs.pop("headers", None) or {})
            if csrf.HEADER not in headers:
                headers[csrf.HEADER] = self.csrf_token()
            kwargs["headers"] = headers
        return super().post(*args, **kwargs)
