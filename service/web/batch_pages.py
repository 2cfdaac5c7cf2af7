"""Pages for batch generation and next year's draft, server-rendered, in Vietnamese:

    GET  /batch/                  upload a base document + table (or JSON Lines), pick the file-name pattern
    POST /batch/                  → /batch/<id>: per-row check before anything is made
    POST /batch/<id>/start        run it in the background (RQ when REDIS_URL is set, else a thread);
                                  issue=1: number each document through the register (logged-in clerks only)
    GET  /batch/<id>              live progress, then the result and the download
    GET  /batch/<id>/status       progress as JSON (polled by the page; usable by other systems)
    GET  /batch/<id>/download     the zip
    POST /batch/roll-forward      "Tạo bản năm sau": review page of what changed, download of the new JSON
    POST /api/v1/roll-forward     the same for programs: {"document": {...}, "year": 2025} → {document, changes, kept}

Jobs and roll-forward files belong to whoever made them (service.batch.ownership; the browser's principal from
service.web.principal): anyone else gets 404 on every URL of theirs.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request, send_file,
                   url_for)

from service.batch import jobs, rollfiles
from service.batch import owner as jobs_of_owner
from service.batch.ownership import can_read, can_read_job, job_owner, owner_record, same_agency
from service.batch.quota import QuotaExceeded
from service.batch.retention import maybe_sweep
from service.batch.naming import DEFAULT_PATTERN, FIELDS
from service.input.load import parse_json
from service.messages import InvalidValue
from service.web.profiles import expanded
from service.rollforward import roll_forward
from service.validate import FieldError, InvalidDocument
from service.web.principal import page_principal
from service.web.problems import invalid, problem
from service.web.staff_auth import can, current_staff
from service.web.guard import require_role

# templates in web/templates/batch/; the pages' own script and style served at /batch/static/
bp = Blueprint("batch", __name__, static_folder="static/batch", static_url_path="/batch/static")

ISSUE_FORBIDDEN_VI = ("Chỉ văn thư đã đăng nhập mới được ban hành (cấp số) văn bản; lô này chưa được bắt đầu, "
                      "chưa văn bản nào được cấp số.")
ZIP_MIME = "application/zip"


def _layout() -> str:
    """The main UI's layout when its pages are installed, else the batch pages' plain one."""
    views = current_app.view_functions
    return "base.html" if "ui.home" in views and "docs.api_docs" in views else "batch/_layout.html"


def _page(template: str, status: int = 200, **context) -> tuple[str, int]:
    return render_template(template, layout=_layout(), **context), status


def _data_dir() -> str:
    return current_app.config["DATA_DIR"]


def _audit_other_agency(info: dict, path: Path) -> None:
    """A clerk refused an issuing job of another agency: the attempt goes to the audit trail."""
    principal = page_principal()
    owner = job_owner(info)
    if not info.get("issue") or principal is None or not can("clerk") or not owner or same_agency(owner, principal):
        return
    from service.register.scope import record_denial
    from service.web.register_state import state as register_state

    record_denial(register_state().engine, actor=principal.name, what="batch", agency_id=None,
                  detail={"job": path.name, "job_agencies": owner.get("agency")})


def _job_or_404(job_id: str) -> Path:
    """The job's folder, if this browser's user may see it: its creator, or a clerk for an issuing job.
    Anyone else gets the same 404 as for a job that does not exist."""
    try:
        path = jobs.job_dir(_data_dir(), job_id)
    except KeyError:
        abort(404)
    info = jobs.job_info(path)
    if not can_read_job(info, page_principal()):
        _audit_other_agency(info, path)
        abort(404)
    return path


def _sweep() -> None:
    """Old jobs and roll-forward files go (at most once an hour, whichever process comes first)."""
    maybe_sweep(_data_dir(), max_age_days=current_app.config["RETENTION_DAYS"])


def _upload(name: str) -> tuple[bytes | None, str]:
    f = request.files.get(name)
    if f is None or not f.filename:
        return None, ""
    return f.read(), f.filename


@bp.get("/batch/")
def index():
    return _page("batch/index.html", pattern=DEFAULT_PATTERN, fields=FIELDS, errors=[])


@bp.post("/batch/")
def create():
    base, base_name = _upload("base")
    table, table_name = _upload("table")
    pattern = (request.form.get("pattern") or DEFAULT_PATTERN).strip()
    pdf = request.form.get("pdf") == "1"
    errors: list[FieldError] = []
    if table is None:
        errors.append(FieldError("table", "Hãy chọn tệp bảng dữ liệu (.xlsx, .csv) hoặc .jsonl",
                                 "choose a table file (.xlsx, .csv) or .jsonl"))
    status = 422
    if not errors:
        _sweep()
        try:
            if base is not None:  # the base's agency profile is expanded once, at upload (service.agency.expand)
                base = json.dumps(expanded(parse_json(base, base_name or "base.json")), ensure_ascii=False).encode()
            record = owner_record(page_principal(create=True))
            limit = int(current_app.config["BATCH_MAX_JOBS"])
            with jobs_of_owner.reserve(_data_dir(), record["principal"], limit,
                                       lambda other: jobs.unfinished(_data_dir(), other)):
                job_id = jobs.create_job(_data_dir(), table=table, table_name=table_name, base=base,
                                         base_name=base_name or "base.json", pattern=pattern,
                                         formats=("docx", "pdf") if pdf else ("docx",), owner=record,
                                         anonymous_quota=current_app.config["ANON_QUOTA_BYTES"])
        except QuotaExceeded as exc:
            errors, status = exc.errors, 507
        except jobs_of_owner.TooManyJobs as exc:
            errors, status = [FieldError("table", f"Bạn đã có {exc.limit} lô chưa xong (chưa chạy hoặc đang chạy); "
                                         "hãy chạy hoặc chờ một lô xong rồi tải lên lô mới",
                                         f"you already have {exc.limit} unfinished batch jobs (limit "
                                         "VANBAN_BATCH_MAX_JOBS)")], 429
        except InvalidDocument as exc:
            errors = exc.errors
    if errors:
        return _page("batch/index.html", status, pattern=pattern, fields=FIELDS, errors=errors)
    return redirect(url_for("batch.job", job_id=job_id), 303)


@bp.get("/batch/<job_id>")
def job(job_id: str):
    path = _job_or_404(job_id)
    info, state = jobs.job_info(path), jobs.status(path)
    preview = None
    if state["state"] == "preview":
        try:
            preview = jobs.row_check(path)
        except InvalidDocument as exc:
            return _page("batch/index.html", 422, pattern=info["pattern"], fields=FIELDS, errors=exc.errors)
    issue = info.pop("issue", None)  # its database URL stays in job.json, never in a page
    numbers = jobs.report(path)[:jobs.PREVIEW_ROWS] if state["state"] == "done" and issue else None
    return _page("batch/job.html", info=info, state=state, preview=preview, numbers=numbers,
                 issued_by=issue["actor"].removeprefix("user:") if issue else None)


def _issue_forbidden() -> Response:
    return Response(render_template("error.html", code=403, message=ISSUE_FORBIDDEN_VI), status=403,
                    mimetype="text/html")


@bp.post("/batch/<job_id>/start")
def start(job_id: str):
    """Start (or resume) the job; issuing — asked now or recorded at the first start — needs a clerk."""
    path = _job_or_404(job_id)
    wants_issue = request.form.get("issue") == "1"
    if (wants_issue or jobs.issues(path)) and not can("clerk"):
        return _issue_forbidden()
    from service.web.register_state import state as register_state

    if wants_issue and jobs.status(path)["state"] == "preview":
        staff = current_staff()
        jobs.request_issue(path, actor=staff.name,
                           agencies=list(staff.agencies) if staff.agencies is not None else None,
                           sign=request.form.get("sign") == "1",
                           signer_key=request.form.get("_signer_key") or None,
                           agency_key=request.form.get("_agency_key") or None)
    register = register_state()  # a thread of this process issues into this app's register (never written down)
    try:
        jobs.start(path, redis_url=current_app.config.get("REDIS_URL"), register=jobs.RegisterLocation(
            register.engine.url.render_as_string(hide_password=False), register.store_root),
            max_threads=int(current_app.config["BATCH_MAX_THREADS"]))
    except jobs.QueueFull as exc:
        message = f"Máy chủ đang chạy {exc.limit} lô cùng lúc; lô của bạn chưa bắt đầu. Hãy bấm “Bắt đầu” lại sau ít phút."
        return Response(render_template("error.html", code=429, message=message), status=429, mimetype="text/html",
                        headers={"Retry-After": "60"})
    return redirect(url_for("batch.job", job_id=job_id), 303)


@bp.get("/batch/<job_id>/status")
def status(job_id: str):
    path = _job_or_404(job_id)
    state = jobs.status(path)
    state["download"] = url_for("batch.download", job_id=job_id) if state["state"] == "done" else None
    for key in ("redis_url", "rq_id", "pid"):
        state.pop(key, None)
    resp = current_app.json.response(state)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.get("/batch/<job_id>/download")
def download(job_id: str):
    path = _job_or_404(job_id)
    if jobs.status(path)["state"] != "done":
        abort(404)
    out = jobs.output_path(path)
    return send_file(out, mimetype=ZIP_MIME, as_attachment=True, download_name=out.name, max_age=0)


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


@bp.post("/batch/roll-forward")
def roll_forward_page():
    data, name = _upload("document")
    errors: list[FieldError] = []
    result = None
    if data is None:
        errors.append(FieldError("document", "Hãy chọn tệp văn bản (.json)", "choose a document file (.json)"))
    else:
        try:
            result = roll_forward(parse_json(data, name), _year(request.form.get("year")),
                                  from_year=_year(request.form.get("from_year")))
        except InvalidDocument as exc:
            errors = exc.errors
        except InvalidValue as exc:
            errors.append(FieldError("year", exc.vi, exc.en))
    status = 422
    if not errors:
        _sweep()
        try:
            token = rollfiles.save(_data_dir(), result.doc, owner_record(page_principal(create=True)),
                                   anonymous_quota=current_app.config["ANON_QUOTA_BYTES"])
        except QuotaExceeded as exc:
            errors, status = exc.errors, 507
    if errors:
        return _page("batch/index.html", status, pattern=DEFAULT_PATTERN, fields=FIELDS, errors=errors)
    stem = Path(name).stem.replace(str(result.from_year), str(result.year))
    if stem == Path(name).stem:
        stem = f"{stem}-{result.year}"
    return _page("batch/roll_forward.html", result=result, token=token, filename=download_name(f"{stem}.json"))


@bp.get("/batch/roll-forward/<token>/<filename>")
def roll_forward_download(token: str, filename: str):
    """The kept draft, for the browser or staff member who made it only (404 for anyone else)."""
    try:
        owner, document = rollfiles.load(_data_dir(), token)
    except KeyError:
        abort(404)
    if not can_read(owner, page_principal()):
        abort(404)
    # a lone surrogate in the uploaded text stays a JSON escape (\ud800) in the file offered for download
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace")
    return send_file(io.BytesIO(data), mimetype="application/json", as_attachment=True,
                     download_name=download_name(filename), max_age=0)


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/]')


def download_name(name: str) -> str:
    """A name a Content-Disposition header can carry: no CR/LF or other controls, quotes or slashes (they would
    split or end the header); an empty result becomes van-ban.json."""
    cleaned = _UNSAFE_NAME.sub("", name).strip(" .")[:160]
    return cleaned if cleaned else "van-ban.json"


def _whole(value):
    """2025.0 is the integer 2025 in JSON (JSON Schema says so too); other values are left for the check."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e6 else value


@bp.post("/api/v1/roll-forward")
@require_role("drafter", openable=True)
def roll_forward_api():
    try:
        body = parse_json(request.get_data(cache=True), "body")
    except InvalidDocument as exc:
        return invalid(exc.errors)
    if not isinstance(body, dict) or not isinstance(body.get("document"), dict):
        return invalid([FieldError("document", "Cần trường document là một văn bản JSON {…}",
                                   "'document' must be a JSON document {…}")])
    year, from_year = _whole(body.get("year")), _whole(body.get("from_year"))
    for key, value in (("year", year), ("from_year", from_year)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2999):
            return invalid([FieldError(key, f"{key} phải là một năm từ 1900 đến 2999",
                                       f"{key} must be a year from 1900 to 2999")])
    try:
        result = roll_forward(body["document"], year, from_year=from_year)
    except InvalidValue as exc:
        return problem(422, exc.message, errors=[FieldError.of("year", exc.message)])
    return result.as_dict()
