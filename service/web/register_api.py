"""JSON API of the register (blueprint `register_api`, mounted under /api/v1).

POST /api/v1/documents/issue            clerk   issue a draft (Idempotency-Key header recommended);
                                                ?sign=true: Ký số và ban hành (service.sign.electronic)
GET  /api/v1/register?year=&type=&q=    drafter search the register
GET  /api/v1/register/export?year=&format=xlsx|docx[&agency=CODE]   clerk
GET  /api/v1/register/<id>              drafter one entry (metadata, 10 App. IV columns)
GET  /api/v1/register/<id>/file         drafter the exact bytes issued (ETag = sha256)
POST /api/v1/register/<id>/void         clerk   {"reason": "..."}
POST /api/v1/register/<id>/delivery     clerk   {"date_sent": "YYYY-MM-DD", "received_by": "..."} (App. IV cols 8–9)
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, g, jsonify, request, url_for

from service.input.load import parse_json
from service.register import entries, export
from service.register.columns import fold
from service.register.errors import BadInput
from service.web.guard import require_role
from service.register.issue import issue
from service.web.register_problems import answer_refusals
from service.web.register_state import clock, state
from service.validate import InvalidDocument

register_api = Blueprint("register_api", __name__, url_prefix="/api/v1")
answer_refusals(register_api)


def _json_body() -> Any:
    """The JSON body, parsed within the input budgets (nesting, digits: service/input/load.py)."""
    body = None
    if request.is_json:
        try:
            body = parse_json(request.get_data(cache=True), "body")
        except InvalidDocument as exc:
            first = exc.errors[0]
            raise BadInput(f"Thân yêu cầu phải là JSON hợp lệ: {first.vi}", f"The request body must be valid JSON: "
                           f"{first.en}", field="body") from None
    if body is None:
        raise BadInput("Thân yêu cầu phải là JSON hợp lệ (Content-Type: application/json).",
                       "The request body must be valid JSON (Content-Type: application/json).", field="body")
    return body


_SMALL_INT = re.compile(r"^-?[0-9]{1,9}$")


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    if not _SMALL_INT.match(raw):  # int() would take "１２" or 10**4000; the database takes 32-bit integers
        raise BadInput(f"Tham số {name} phải là số nguyên (tối đa 9 chữ số).",
                       f"Parameter {name} must be an integer (at most 9 digits).", field=name)
    return int(raw)


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise BadInput(f"{field} phải có dạng YYYY-MM-DD.", f"{field} must be a date YYYY-MM-DD.",
                       field=field) from None


def _scope() -> dict[str, Any]:
    """The caller's agencies and name, for the reads that refuse (and audit) another agency's entry."""
    return {"agencies": g.principal.agencies, "actor": g.principal.name}


def _entry_json(entry: Any) -> dict[str, Any]:
    out = entries.entry_dict(entry)
    out["links"] = {
        "self": url_for("register_api.get_entry", entry_id=entry.id),
        "file": url_for("register_api.get_file", entry_id=entry.id),
    }
    return out


def _ascii(name: str) -> str:
    """Fallback filename for old clients: Vietnamese letters folded to ASCII."""
    return "".join(c if c.isascii() and c not in '"\\' else "_" for c in fold(name).replace(" ", "_"))


@register_api.post("/documents/issue")
@require_role("clerk")
def issue_document() -> Response:
    """Body: the draft document, or {"document": {...}, "issue_date": "YYYY-MM-DD"}; with `?sign=true`
    (Ký số và ban hành) also `signer_key` / `agency_key` in the wrapper: the stored file is the signed PDF."""
    body = _json_body()
    issue_date = None
    choice: dict[str, Any] = {}
    if isinstance(body, dict) and "document" in body and "type" not in body:
        issue_date = _date(body.get("issue_date"), "issue_date")
        for name in ("signer_key", "agency_key"):
            if body.get(name) is not None and not isinstance(body[name], str):
                raise BadInput(f"{name} phải là chuỗi.", f"{name} must be a string.", field=name)
            choice[name] = body.get(name)
        body = body["document"]
    st = state()
    key = request.headers.get("Idempotency-Key")
    if request.args.get("sign", "").lower() in ("1", "true", "yes"):
        from service.convert import ConvertError
        from service.sign.electronic import issue_signed
        from service.web.problems import retry_later

        try:
            result = issue_signed(st.engine, st.store_root, body, actor=g.principal.name, idempotency_key=key,
                                  issue_date=issue_date, clock=clock(), agencies=g.principal.agencies, **choice)
        except ConvertError as exc:  # nothing was issued: the number went back with the rollback
            return retry_later(503, "Bộ chuyển PDF chưa sẵn sàng; chưa cấp số, hãy thử lại",
                               "PDF converter unavailable; nothing was issued, retry later", after_s=5,
                               detail_en=str(exc))
    else:
        result = issue(st.engine, st.store_root, body, actor=g.principal.name, idempotency_key=key,
                       issue_date=issue_date, clock=clock(), agencies=g.principal.agencies)
    resp = jsonify(_entry_json(result.entry))
    resp.status_code = 200 if result.replayed else 201
    resp.headers["Location"] = url_for("register_api.get_entry", entry_id=result.entry.id)
    resp.headers["Idempotent-Replayed"] = "true" if result.replayed else "false"
    return resp


@register_api.get("/register")
@require_role("drafter")
def list_entries() -> Response:
    page = entries.search(state().engine, year=_int_arg("year"), doc_type=request.args.get("type") or None,
                          q=request.args.get("q"), register_code=request.args.get("register") or None,
                          limit=_int_arg("limit") or 100, offset=_int_arg("offset") or 0,
                          agencies=g.principal.agencies)
    return jsonify({"total": page.total, "items": [_entry_json(e) for e in page.entries]})


@register_api.get("/register/export")
@require_role("clerk")
def export_register() -> Response:
    year = _int_arg("year")
    if year is None:
        raise BadInput("Thiếu năm (year).", "The year is required.", field="year")
    fmt = request.args.get("format", "xlsx")
    data, _ = export.export_year(state().engine, year, fmt, actor=g.principal.name,
                                 register_code=request.args.get("register") or None, clock=clock(),
                                 agency=request.args.get("agency") or None, agencies=g.principal.agencies)
    media = export.XLSX_MEDIA_TYPE if fmt == "xlsx" else export.DOCX_MEDIA_TYPE
    resp = Response(data, mimetype=media)
    resp.headers["Content-Disposition"] = f'attachment; filename="so-di-{year}.{fmt}"'
    return resp


@register_api.get("/register/<int:entry_id>")
@require_role("drafter")
def get_entry(entry_id: int) -> Response:
    return jsonify(_entry_json(entries.get_entry(state().engine, entry_id, **_scope())))


@register_api.get("/register/<int:entry_id>/file")
@require_role("drafter")
def get_file(entry_id: int) -> Response:
    st = state()
    entry = entries.get_entry(st.engine, entry_id, **_scope())
    if request.if_none_match and entry.sha256 in request.if_none_match:
        resp = Response(status=304)
        resp.set_etag(entry.sha256)
        return resp
    entry, data = entries.read_file(st.engine, st.store_root, entry_id, **_scope())
    resp = Response(data, mimetype=entry.media_type)
    resp.set_etag(entry.sha256)
    resp.headers["Content-Disposition"] = (
        f"attachment; filename=\"{_ascii(entry.filename)}\"; "
        f"filename*=UTF-8''{quote(entry.filename)}")
    resp.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return resp


@register_api.post("/register/<int:entry_id>/void")
@require_role("clerk")
def void_entry(entry_id: int) -> Response:
    body = _json_body()
    reason = body.get("reason") if isinstance(body, dict) else None
    if not isinstance(reason, str):
        raise BadInput("Phải ghi lý do hủy số (reason).", "A reason for voiding is required.", field="reason")
    entry = entries.void(state().engine, entry_id, reason=reason, actor=g.principal.name, clock=clock(),
                         agencies=g.principal.agencies)
    return jsonify(_entry_json(entry))



@register_api.post("/register/<int:entry_id>/delivery")
@require_role("clerk")
def record_delivery(entry_id: int) -> Response:
    body = _json_body()
    if not isinstance(body, dict):
        raise BadInput("Thân yêu cầu phải là một đối tượng JSON.", "The body must be a JSON object.", field="body")
    date_sent = _date(body.get("date_sent"), "date_sent")
    if date_sent is None:
        raise BadInput("Phải ghi ngày chuyển (date_sent).", "date_sent is required.", field="date_sent")
    received_by = body.get("received_by")
    if not isinstance(received_by, str):
        raise BadInput("Phải ghi người ký nhận (received_by).", "received_by is required.", field="received_by")
    entry = entries.record_delivery(state().engine, entry_id, date_sent=date_sent, received_by=received_by,
                                    actor=g.principal.name, clock=clock(),
                         agencies=g.principal.agencies)
    return jsonify(_entry_json(entry))
