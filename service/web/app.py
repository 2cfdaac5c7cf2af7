"""The Flask app factory: configuration, blueprints, problem responses, request ids, clean shutdown."""
from __future__ import annotations

import logging
import re
import secrets
import time
import uuid
from pathlib import Path

from flask import Flask, g, request
from werkzeug.exceptions import HTTPException

from service import config as config_module
from service import limits
from service.store.private import DIR_MODE, FILE_MODE, create_private, private_dir, restrict_process, tighten
from service.web.problems import over_limit, problem

log = logging.getLogger("vanban")

_STATUS_VI = {400: "Yêu cầu không hợp lệ", 401: "Chưa đăng nhập hoặc thiếu mã truy cập",
              403: "Không có quyền thực hiện", 404: "Không tìm thấy", 405: "Phương thức không được hỗ trợ",
              406: "Không có định dạng phù hợp", 409: "Xung đột dữ liệu", 413: "Dữ liệu gửi lên quá lớn",
              415: "Kiểu nội dung không được hỗ trợ", 422: "Dữ liệu chưa hợp lệ", 429: "Quá nhiều yêu cầu",
              500: "Lỗi hệ thống", 503: "Dịch vụ tạm thời không sẵn sàng"}


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class TextSafeResponse(Flask.response_class):
    """A page that shows the client's own text back (the form, with its errors) may hold a lone surrogate the
    validator has just named; UTF-8 cannot encode it, so it is shown as U+FFFD instead of failing the response."""

    def set_data(self, value) -> None:
        if isinstance(value, str):
            try:
                value = value.encode("utf-8")
            except UnicodeEncodeError:
                value = _LONE_SURROGATE.sub("\ufffd", value).encode("utf-8")
        super().set_data(value)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.response_class = TextSafeResponse
    app.config.update(config_module.from_env())
    if config:
        app.config.update(config)
    limits.configure(app.config["LIMITS"])
    restrict_process()  # everything the service writes is its own account's only (files 0600, folders 0700)
    data_dir = private_dir(app.config["DATA_DIR"])
    tighten(data_dir, DIR_MODE)  # an older installation's 0755 data dir
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.config["DATA_DIR"]))
    # Flask's defaults already hold these keys (SameSite None), so setdefault would keep them: set unless given.
    app.config["SESSION_COOKIE_HTTPONLY"] = (config or {}).get("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = (config or {}).get("SESSION_COOKIE_SAMESITE", "Lax")

    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:  # the client's address (login throttling, logs) is the one our own proxies saw, never a header
        from werkzeug.middleware.proxy_fix import ProxyFix  # a client could send to us directly

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    _blueprints(app)
    _health(app)
    _request_ids(app)
    _errors(app)
    return app


def _blueprints(app: Flask) -> None:
    """Every shell over the pipeline, in one place: the JSON API, the staff pages, the docs."""
    from service.web.batch_pages import bp as batch_bp  # issue [batch]
    from service.web.check_api import bp as check_bp  # issue [check]
    from service.web.register_api import register_api  # issue [register]
    from service.web import csrf, docs, headers, query_params, signing, staff, staff_auth, throttle, tools, ui
    from service.web.agencies_api import bp as agencies_bp  # issue [agency]
    from service.web.agency_pages import bp as agency_pages_bp  # issue [agency]
    from service.web.api import bp as api_bp
    from service.web.batch_api import bp as batch_api_bp  # issue [batch-api]

    for bp in (api_bp, ui.bp, docs.bp, check_bp, register_api, batch_bp, batch_api_bp, staff.bp, tools.bp, signing.bp,
               agencies_bp, agency_pages_bp):
        app.register_blueprint(bp)
    headers.init_app(app)  # CSP, nosniff, no framing, no referrer out: on every response, errors included
    csrf.init_app(app)  # every page POST carries the session's token
    query_params.init_app(app)  # /api/v1 refuses query parameters its OpenAPI document does not list
    staff_auth.init_app(app)  # staff login; closes the drafting pages when OPEN_DRAFTING is off
    throttle.init_app(app)  # failed logins limited per username and per client address


def _instance_secret(data_dir: Path) -> str:
    """A per-installation secret kept beside the database, so sessions survive restarts without setup."""
    path = data_dir / "secret_key"
    create_private(path, secrets.token_hex(32).encode("ascii"))  # 0600 from its creation; kept if it exists
    tighten(path, FILE_MODE)
    return path.read_text().strip()


def _health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        body = {"status": "ok"}
        try:
            from service.convert import status as converter_status

            body["converter"] = converter_status()
        except ImportError:
            body["converter"] = {"state": "absent"}
        return body


def _request_ids(app: Flask) -> None:
    @app.before_request
    def _start():
        g.request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(resp):
        resp.headers["X-Request-Id"] = g.get("request_id", "")
        log.info("%s %s %s %d %.1fms", g.get("request_id"), request.method, request.path, resp.status_code,
                 (time.perf_counter() - g.get("started", time.perf_counter())) * 1000)
        return resp


def _wants_problem() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.response is not None:  # the raiser built its answer (e.g. the login throttle's 429 page)
            return exc.response
        if not _wants_problem():
            from service.web.ui import error_page

            return error_page(exc)
        code = exc.code or 500
        if code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"]
            return problem(413, f"Dữ liệu gửi lên quá lớn (tối đa {limit} byte)",
                           f"Request body too large (limit {limit} bytes)")
        resp = problem(code, _STATUS_VI.get(code, exc.name), exc.name)
        for name, value in exc.get_headers():  # keep `Allow` on 405 (RFC 9110 §15.5.6)
            if name.lower() == "allow":
                resp.headers[name] = value
        return resp

    @app.errorhandler(limits.LimitExceeded)
    def _over_limit(exc: limits.LimitExceeded):
        log.info("%s input over budget: %s", g.get("request_id"), exc.en)
        if _wants_problem():
            return over_limit(exc)
        from flask import render_template

        return render_template("error.html", code=exc.status, message=exc.vi), exc.status

    @app.errorhandler(Exception)
    def _crash(exc: Exception):
        log.exception("unhandled error in request %s", g.get("request_id"))
        return problem(500, "Lỗi hệ thống; mã yêu cầu " + str(g.get("request_id")),
                       "Internal error; request id " + str(g.get("request_id")),
                       request_id=g.get("request_id"))
