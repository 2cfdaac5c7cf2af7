"""The batch API for other systems (`/api/v1/batches`): start a batch from JSON or an uploaded table, follow it,
fetch its zip, cancel it, list one's own jobs. Bearer tokens only; a job belongs to its token's principal.

    POST   /api/v1/batches                 JSON {base, rows, format, name_pattern, issue, callback_url} or multipart
                                           (base JSON + table .xlsx/.csv/.json/.jsonl) → 202, Location
    GET    /api/v1/batches                 the caller's jobs, newest first
    GET    /api/v1/batches/{id}            state, counts, progress, per-row results
    GET    /api/v1/batches/{id}/download   the zip (documents + bao-cao.csv) once done or cancelled
    DELETE /api/v1/batches/{id}            cancel: no further row is started; what is finished stays downloadable

The work itself is service.batch.jobs (thread or RQ worker, state in the data dir); ownership service.batch.owner;
callbacks service.batch.callback.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, g, request, send_file, url_for
from redis.exceptions import RedisError

from service.batch import callback, jobs, owner, ownership
from service.batch.errors import TooManyRows
from service.batch.naming import DEFAULT_PATTERN
from service.batch.table import ROWS_NAME
from service.web.openapi_batches import NAME_PATTERN
from service.web.guard import bearer_token, forbidden, require_role
from service.register.auth import role_allows
from service.validate import FieldError, InvalidDocument
from service.web.api import json_body
from service.web.problems import retry_later
from service.web.problems import invalid, problem

bp = Blueprint("batch_api", __name__, url_prefix="/api/v1/batches")

FORMATS = {"docx": ("docx",), "pdf": ("pdf",)}
JSON_KEYS = {"base", "rows", "format", "name_pattern", "issue", "callback_url"}
MAX_PATTERN = 200
LIST_LIMIT = 100
API_STATES = {"preview": "queued", "interrupted": "failed"}  # the pages' states as the API names them
RETRY_AFTER_S = 60
NAME_RE = re.compile(NAME_PATTERN)
ZIP_MIME = "application/zip"


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _field(path: str, vi: str, en: str) -> _Refused:
    return _Refused(invalid([FieldError(path, vi, en)]))


def _options(values: dict[str, Any], *, form: bool = False) -> dict[str, Any]:
    """format, name_pattern, issue, callback_url from a JSON body or (`form`) form fields, where `issue` is the
    text true/false; _Refused naming the field."""
    fmt = values.get("format", "docx")
    if fmt not in FORMATS:
        raise _field("format", "format phải là docx hoặc pdf", "format must be docx or pdf")
    pattern = values.get("name_pattern", DEFAULT_PATTERN)
    if not isinstance(pattern, str) or not 1 <= len(pattern) <= MAX_PATTERN or not NAME_RE.fullmatch(pattern) \
            or any(0xD800 <= ord(c) <= 0xDFFF for c in pattern):
        raise _field("name_pattern", f"name_pattern phải là 1–{MAX_PATTERN} ký tự: chữ (không có / \\ {{ }}, không "
                     "bắt đầu bằng dấu cách hay dấu chấm) và các trường {stt}, {stt:02}, {row}, {symbol}, {unit}, "
                     "{type}", f"name_pattern must be 1–{MAX_PATTERN} characters: text (no / \\ {{ }}, not starting "
                     "with a space or dot) and the placeholders {stt}, {stt:02}, {row}, {symbol}, {unit}, {type}")
    issue = values.get("issue", "false" if form else False)
    if form and issue in ("true", "false"):
        issue = issue == "true"
    if not isinstance(issue, bool):
        raise _field("issue", "issue phải là true hoặc false", "issue must be true or false")
    url = values.get("callback_url")
    if "callback_url" in values:
        try:
            callback.check_url(url, current_app.config.get("CALLBACK_ALLOW") or ())
        except callback.CallbackRefused as exc:
            raise _field("callback_url", exc.vi, exc.en) from None
    return {"formats": FORMATS[fmt], "pattern": pattern.strip(), "issue": issue, "callback_url": url}


def _json_request() -> tuple[dict[str, Any], bytes, str, bytes | None]:
    body, error = json_body()
    if error:
        raise _Refused(error)
    if not isinstance(body, dict):
        raise _field("", "Nội dung phải là một đối tượng JSON {…}", "the body must be a JSON object {…}")
    unknown = sorted(set(body) - JSON_KEYS)
    if unknown:
        raise _field(unknown[0], f"Trường lạ: {', '.join(unknown)}", f"unknown field(s): {', '.join(unknown)}")
    if not isinstance(body.get("base"), dict):
        raise _field("base", "Cần trường base là văn bản gốc JSON {…}", "'base' must be the base document {…}")
    if not isinstance(body.get("rows"), list) or not body["rows"]:
        raise _field("rows", "Cần trường rows là danh sách các dòng {…}", "'rows' must be a non-empty list of rows")
    table = json.dumps(body["rows"], ensure_ascii=False).encode("utf-8")
    base = json.dumps(body["base"], ensure_ascii=False).encode("utf-8")
    return _options(body), table, ROWS_NAME, base


def _multipart_request() -> tuple[dict[str, Any], bytes, str, bytes | None]:
    upload = request.files.get("table")
    if upload is None or not upload.filename:
        raise _field("table", "Cần tệp bảng dữ liệu (table: .xlsx, .csv, .json hoặc .jsonl)",
                     "a table file is required (table: .xlsx, .csv, .json or .jsonl)")
    base_file = request.files.get("base")
    base = base_file.read() if base_file is not None else request.form.get("base", "").encode("utf-8") or None
    values: dict[str, Any] = {k: v for k, v in request.form.items() if k in JSON_KEYS - {"base", "rows"}}
    return _options(values, form=True), upload.read(), upload.filename, base


def _links(job_id: str) -> dict[str, str]:
    return {"self": url_for("batch_api.get_batch", job_id=job_id, _external=True),
            "download": url_for("batch_api.download_batch", job_id=job_id, _external=True)}


def _too_many_jobs(limit: int) -> Response:
    return retry_later(429, f"Đã có {limit} lô đang chờ hoặc đang chạy (giới hạn VANBAN_BATCH_MAX_JOBS); hãy chờ "
                       "một lô xong hoặc hủy bớt", f"{limit} batch jobs are already queued or running (limit "
                       "VANBAN_BATCH_MAX_JOBS); wait for one to end or cancel one", after_s=RETRY_AFTER_S, limit=limit,
                       errors=[FieldError("batches", f"tối đa {limit} lô chưa xong",
                                          f"at most {limit} unfinished jobs")])


def _too_many_rows(exc: TooManyRows) -> Response:
    err = exc.errors[0]
    return problem(413, err.vi + " (VANBAN_BATCH_MAX_ROWS)", err.en + " (VANBAN_BATCH_MAX_ROWS)",
                   errors=exc.errors, limit=exc.limit)


@bp.post("")
@require_role("drafter")
def create_batch():
    try:
        if request.mimetype == "multipart/form-data":
            options, table, table_name, base = _multipart_request()
        else:
            options, table, table_name, base = _json_request()
    except _Refused as refused:
        return refused.response
    principal = g.principal
    if options["issue"] and not role_allows(principal.role, "clerk"):
        return forbidden(principal.role, "clerk")
    data_dir = current_app.config["DATA_DIR"]
    limit = int(current_app.config.get("BATCH_MAX_JOBS", 3))
    record = ownership.owner_record(principal)
    try:
        with owner.reserve(data_dir, record["principal"], limit, lambda job_id: jobs.unfinished(data_dir, job_id)):
            job_id = jobs.create_job(data_dir, table=table, table_name=table_name, base=base,
                                     base_name="base.json", pattern=options["pattern"],
                                     formats=options["formats"], owner=record,
                                     max_rows=int(current_app.config.get("BATCH_MAX_ROWS", 2000)))
    except owner.TooManyJobs as exc:
        return _too_many_jobs(exc.limit)
    except TooManyRows as exc:
        return _too_many_rows(exc)
    except InvalidDocument as exc:
        return invalid(exc.errors)
    path = jobs.job_dir(data_dir, job_id)
    if options["issue"]:
        jobs.request_issue(path, actor=principal.name)
    if options["callback_url"]:
        cfg = current_app.config
        jobs.request_callback(path, url=options["callback_url"], key=callback.callback_key(bearer_token() or ""),
                              links=_links(job_id), allow=tuple(cfg.get("CALLBACK_ALLOW") or ()),
                              allow_private=bool(cfg.get("CALLBACK_ALLOW_PRIVATE")),
                              attempts=int(cfg.get("CALLBACK_ATTEMPTS", 5)),
                              backoff_s=float(cfg.get("CALLBACK_BACKOFF_S", 2.0)),
                              timeout_s=float(cfg.get("CALLBACK_TIMEOUT_S", 10.0)))
    try:
        jobs.start(path, redis_url=current_app.config.get("REDIS_URL"),
                   queue=current_app.config.get("BATCH_QUEUE"), register=_register(),
                   max_threads=int(current_app.config["BATCH_MAX_THREADS"]))
    except jobs.QueueFull as exc:  # this process already runs as many jobs as it may: nothing has started
        jobs.cancel(path, _register())
        return retry_later(429, f"Máy chủ đang chạy {exc.limit} lô cùng lúc (giới hạn VANBAN_BATCH_MAX_THREADS); "
                           "hãy gửi lại sau ít phút", f"the server already runs {exc.limit} batch jobs at once (limit "
                           "VANBAN_BATCH_MAX_THREADS); send it again in a few minutes", after_s=RETRY_AFTER_S,
                           limit=exc.limit)
    except (OSError, RedisError) as exc:  # Redis unreachable: nothing has started
        current_app.logger.warning("batch queue unavailable: %s", exc)
        jobs.cancel(path, _register())
        return retry_later(503, "Hàng đợi lô (Redis) chưa sẵn sàng; thử lại sau", "the batch queue (Redis) is "
                           "unavailable; try again later", after_s=RETRY_AFTER_S)
    links = _links(job_id)
    resp = current_app.json.response({"id": job_id, "state": "queued", "links": links})
    resp.status_code = 202
    resp.headers["Location"] = links["self"]
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _register() -> jobs.RegisterLocation:
    """This app's register, for a job run (or stopped) by this process; an RQ worker uses its own settings."""
    from service.web.register_state import state as register_state

    register = register_state()
    return jobs.RegisterLocation(register.engine.url.render_as_string(hide_password=False), register.store_root)


def _own_job(job_id: str) -> Path | None:
    """The caller's job, or None — for a job of someone else exactly as for one that does not exist."""
    try:
        path = jobs.job_dir(current_app.config["DATA_DIR"], job_id)
    except KeyError:
        return None
    return path if ownership.can_read_job(jobs.job_info(path), g.principal) else None


def _not_found() -> Response:
    return problem(404, "Không có lô này (hoặc lô không thuộc mã truy cập này)",
                   "No such batch job (or it belongs to another caller)")


def _counts(state: dict, total: int) -> dict[str, int]:
    ok, failed = int(state.get("ok", 0)), int(state.get("failed", 0))
    cancelled = total - ok - failed if state["state"] == "cancelled" else 0
    return {"total": total, "done": ok + failed, "ok": ok, "failed": failed, "cancelled": cancelled}


def _describe(path: Path, *, rows: bool) -> dict[str, Any]:
    info, state = jobs.job_info(path), jobs.status(path)
    name = API_STATES.get(state["state"], state["state"])
    total = int(state.get("total") or 0)
    counts = _counts({**state, "state": name}, total)
    out: dict[str, Any] = {
        "id": path.name, "state": name, "format": "pdf" if info["formats"] == ["pdf"] else "docx",
        "name_pattern": info["pattern"], "issue": bool(info.get("issue")), "counts": counts,
        "progress": round(counts["done"] / total, 4) if total else 0.0,
        "created": info.get("created"), "started": state.get("started"), "finished": state.get("finished"),
        "links": _links(path.name),
    }
    if rows:
        out["errors"] = state.get("errors", []) if name == "failed" else []
        if state["state"] == "interrupted":
            out["errors"] = [FieldError("", "Tiến trình chạy lô đã dừng giữa chừng (dịch vụ khởi động lại); hãy "
                                        "gửi lại lô", "the job's worker stopped (the service restarted); submit "
                                        "the batch again").as_dict()]
        out["rows"] = jobs.row_results(path)
        out["callback"] = jobs.callback_outcome(path)
    return out


def _json(data: Any, status: int = 200) -> Response:
    resp = current_app.json.response(data)
    resp.status_code = status
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.get("")
@require_role("drafter")
def list_batches():
    data_dir = current_app.config["DATA_DIR"]
    principal = g.principal
    found = []
    for job_id in owner.job_ids(data_dir, ownership.principal_key(principal)):
        try:
            path = jobs.job_dir(data_dir, job_id)
        except KeyError:
            continue  # removed by retention
        if ownership.can_read_job(jobs.job_info(path), principal):
            found.append(_describe(path, rows=False))
        if len(found) >= LIST_LIMIT:
            break
    return _json({"batches": found})


def _owned(view):
    """The view gets the caller's job folder; any other id — unknown, or another caller's — is a 404."""
    @functools.wraps(view)
    def wrapped(job_id: str):
        path = _own_job(job_id)
        return _not_found() if path is None else view(path)

    return wrapped


@bp.get("/<job_id>")
@require_role("drafter")
@_owned
def get_batch(path: Path):
    return _json(_describe(path, rows=True))


@bp.get("/<job_id>/download")
@require_role("drafter")
@_owned
def download_batch(path: Path):
    state = jobs.status(path)["state"]
    out = jobs.output_path(path)
    if state not in ("done", "cancelled") or not out.is_file():
        return problem(409, f"Lô chưa có tệp để tải (trạng thái: {API_STATES.get(state, state)})",
                       f"the batch has no zip to download (state: {API_STATES.get(state, state)})")
    return send_file(out, mimetype=ZIP_MIME, as_attachment=True, download_name=out.name, max_age=0)


@bp.delete("/<job_id>")
@require_role("drafter")
@_owned
def cancel_batch(path: Path):
    state = jobs.status(path)["state"]
    if state in ("done", "failed"):
        return problem(409, "Lô đã kết thúc, không hủy được nữa", "the batch has already ended; nothing to cancel")
    jobs.cancel(path, _register())
    return _json(_describe(path, rows=True), 202)
