"""The clerks' pages: log in and out, issue (Ban hành) from the document form, the register of issued documents
(Sổ văn bản đi) with search, the stored files, voiding with a reason, and the yearly export.

    GET/POST /login, POST /logout                 staff accounts (service.register.auth.authenticate)
    POST /form/<type>/ban-hanh                    clerk: issue the form's document (Idempotency-Key per form load)
    GET  /so-van-ban-di?year=&type=&q=&register=  clerk: search the register, the 10 App. IV columns
    GET  /so-van-ban-di/<id>                      clerk: one issued document, its files
    GET  /so-van-ban-di/<id>/docx, /pdf           clerk: the exact bytes issued, or them as PDF
    GET/POST /so-van-ban-di/<id>/huy              clerk: void a number with a reason (confirm page, then POST)
    POST /so-van-ban-di/xuat                      clerk: the year's register as .xlsx or .docx (audited)
"""
from __future__ import annotations

import re
import uuid
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.model.schema import schema_for
from service.register import auth, entries, export
from service.register.columns import HEADINGS_VI, fold
from service.register.errors import Conflict, NotFound, RegisterError
from service.register.issue import issue
from service.register.models import Register
from service.register.vntime import vietnam_date
from service.web.register_state import clock, state
from service.rules.types import TYPES
from service.validate import FieldError, InvalidDocument
from service.web.formdata import document_from_form
from service.web.profiles import profile_lookup
from service.web.staff_auth import current_staff, log_in, log_out, require_staff, safe_next
from service.web.ui import render_form

bp = Blueprint("staff", __name__)

PAGE_SIZE = 50
ISSUE_KEY_FIELD = "_issue_key"
_ISSUE_KEY = re.compile(r"^[0-9a-f]{32}$")
PDF_MIME = "application/pdf"


@bp.after_request
def _headers(resp: Response) -> Response:
    resp.headers.setdefault("Cache-Control", "no-store")  # register pages show who issued what
    return resp


@bp.app_template_global("issue_key")
def new_issue_key() -> str:
    """A fresh key for each load of the form: a double click or a resent form issues one number, not two."""
    return uuid.uuid4().hex


def _actor() -> str:
    staff = current_staff()
    return staff.name if staff else "anonymous"


def _agencies() -> tuple[int, ...] | None:
    """The logged-in staff member's agencies (None = every agency)."""
    staff = current_staff()
    return staff.agencies if staff else None


def _page(template: str, status: int = 200, **context) -> tuple[str, int]:
    return render_template(template, **context), status


# --- log in / out -------------------------------------------------------------------------------------------------

@bp.get("/login")
def login():
    return _page("login.html", next=safe_next(request.args.get("next")), username="", error=None,
                 logged_out=request.args.get("da_dang_xuat") == "1")


@bp.post("/login")
def login_submit():
    username = request.form.get("username", "").strip()[:100]
    password = request.form.get("password", "")[:1000]
    target = safe_next(request.form.get("next"))
    principal = auth.authenticate(state().engine, username, password) if username and password else None
    if principal is None:
        current_app.logger.warning("failed staff login for %r from %s", username, request.remote_addr)
        error = ("Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại (chú ý phím Caps Lock và bộ gõ tiếng "
                 "Việt) rồi thử lại." if username and password else "Hãy nhập tên đăng nhập và mật khẩu.")
        return _page("login.html", 422, next=target, username=username, error=error, logged_out=False)
    log_in(principal)
    if target:
        return redirect(target, 303)
    home = "staff.register_page" if auth.role_allows(principal.role, "clerk") else "ui.home"
    return redirect(url_for(home), 303)


@bp.post("/logout")
def logout():
    log_out()
    return redirect(url_for("staff.login", da_dang_xuat=1), 303)


# --- issue from the form ------------------------------------------------------------------------------------------

def _form_error(type_id: str, doc: dict, err: RegisterError):
    if isinstance(err, Conflict) and err.field == "Idempotency-Key":
        earlier = err.extra.get("entry_id")
        text = ("Biểu mẫu này đã được dùng để ban hành một văn bản"
                + (f" (xem Sổ văn bản đi, mục {earlier})" if earlier else "")
                + ". Tải lại trang soạn thảo để ban hành văn bản khác.")
        return render_form(type_id, doc, status=409, notice=("error", text))
    errors = [FieldError(err.field, err.vi, err.en)] if err.field and err.field not in ("document", "date") else []
    return render_form(type_id, doc, errors, status=err.status, notice=("error", f"Chưa ban hành được: {err.vi}"))


@bp.app_template_global("signing_keys")
def signing_keys() -> dict[str, list[str]]:
    """The configured signer ids and agency codes, for the "Ký số và ban hành" choice on the form."""
    from service.sign.keystore import list_keys

    out: dict[str, list[str]] = {"signer": [], "agency": []}
    for row in list_keys(state().engine):
        out.setdefault(row.owner_kind, []).append(row.owner_id)
    return out


def _issue_from_form(type_id: str, *, signed: bool):
    if type_id not in TYPES:
        abort(404)
    doc = document_from_form(request.form.items(multi=True), schema_for(type_id))
    key = request.form.get(ISSUE_KEY_FIELD, "")
    key = f"form:{key}" if _ISSUE_KEY.match(key) else None
    st = state()
    try:
        if signed:
            from service.convert import ConvertError
            from service.sign.electronic import issue_signed
            from service.sign.errors import SignError

            try:
                result = issue_signed(st.engine, st.store_root, doc, actor=_actor(), idempotency_key=key,
                                      clock=clock(), signer_key=request.form.get("_signer_key") or None,
                                      agency_key=request.form.get("_agency_key") or None,
                                      agencies=_agencies(), lookup=profile_lookup)
            except SignError as err:
                return render_form(type_id, doc, status=err.status,
                                   notice=("error", f"Chưa ký số và ban hành được: {err.message_vi}"))
            except ConvertError as exc:
                current_app.logger.warning("signed issue: pdf conversion failed: %s", exc)
                return render_form(type_id, doc, status=503, notice=(
                    "error", "Chưa ký số và ban hành được: bộ chuyển PDF (LibreOffice) chưa sẵn sàng; chưa cấp số, "
                             "hãy thử lại sau ít phút."))
        else:
            result = issue(st.engine, st.store_root, doc, actor=_actor(), idempotency_key=key, clock=clock(),
                           agencies=_agencies(), lookup=profile_lookup)
    except InvalidDocument as exc:
        return render_form(type_id, doc, exc.errors, status=422,
                           notice=("error", "Chưa ban hành được: văn bản còn lỗi cần sửa (xem bên dưới)."))
    except RegisterError as err:
        return _form_error(type_id, doc, err)
    return redirect(url_for("staff.entry_page", entry_id=result.entry.id, moi=1), 303)


@bp.post("/form/<type_id>/ban-hanh")
@require_staff("clerk")
def issue_from_form(type_id: str):
    """Issue what the form describes: number and date from the register, stored; then the issued document."""
    return _issue_from_form(type_id, signed=False)


@bp.post("/form/<type_id>/ky-so-ban-hanh")
@require_staff("clerk")
def issue_signed_from_form(type_id: str):
    """Ký số và ban hành: number, render to PDF, the signer's then the agency's digital signature; the signed PDF
    is the issued file."""
    return _issue_from_form(type_id, signed=True)


# --- the register -------------------------------------------------------------------------------------------------

def _int(name: str) -> int | None:
    raw = (request.args.get(name) or request.form.get(name) or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 6 else None


def _register_codes() -> list[tuple[str, str]]:
    """(code, name) of every register of the staff member's agencies, for the filter."""
    stmt = select(Register.code, Register.name).order_by(Register.kind.desc(), Register.code)
    if _agencies() is not None:
        stmt = stmt.where(Register.agency_id.in_(list(_agencies())))
    with Session(state().engine) as db:
        rows = db.execute(stmt).all()
    return list(dict.fromkeys((code, name) for code, name in rows))


@bp.get("/so-van-ban-di")
@require_staff("clerk")
def register_page():
    this_year = vietnam_date(clock()()).year
    year = _int("year") or this_year
    doc_type = request.args.get("type") or None
    doc_type = doc_type if doc_type in TYPES else None
    q = (request.args.get("q") or "").strip()[:200]
    code = (request.args.get("register") or "").strip()[:40] or None
    page = max(_int("page") or 1, 1)
    result = entries.search(state().engine, year=year, doc_type=doc_type, q=q or None, register_code=code,
                            limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, agencies=_agencies())
    rows = [{"entry": e, "values": export.row_values(e)} for e in result.entries]
    pages = max((result.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    notice = None
    voided = _int("da_huy")
    if voided:
        try:
            gone = entries.get_entry(state().engine, voided, agencies=_agencies(), actor=_actor())
            notice = ("ok", f"Đã hủy số {gone.number_symbol}; số này được giữ trong sổ và không cấp lại.")
        except NotFound:
            notice = None
    return _page("register.html", rows=rows, total=result.total, year=year, doc_type=doc_type, q=q, code=code,
                 page=page, pages=pages, years=list(range(this_year, this_year - 10, -1)), types=TYPES.values(),
                 registers=_register_codes(), headings=HEADINGS_VI, notice=notice)


def _entry_or_404(entry_id: int):
    try:
        return entries.get_entry(state().engine, entry_id, agencies=_agencies(), actor=_actor())
    except NotFound:
        abort(404)


@bp.get("/so-van-ban-di/<int:entry_id>")
@require_staff("clerk")
def entry_page(entry_id: int):
    entry = _entry_or_404(entry_id)
    with Session(state().engine) as db:
        register = db.get(Register, entry.register_id)
    return _page("register_entry.html", entry=entry, register=register, fresh=request.args.get("moi") == "1",
                 values=export.row_values(entry), headings=HEADINGS_VI)


def _stored_file(entry_id: int):
    """(entry, the exact bytes issued) — checked against the stored sha256; 404 for an unknown entry."""
    _entry_or_404(entry_id)
    st = state()
    return entries.read_file(st.engine, st.store_root, entry_id)


def _file_response(data: bytes, mimetype: str, filename: str) -> Response:
    resp = Response(data, mimetype=mimetype)
    ascii_name = "".join(c if c.isascii() and c not in '"\\' else "_" for c in fold(filename).replace(" ", "_"))
    resp.headers["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return resp


@bp.get("/so-van-ban-di/<int:entry_id>/docx")
@require_staff("clerk")
def entry_docx(entry_id: int):
    """The exact bytes issued (checked against the stored sha256)."""
    entry, data = _stored_file(entry_id)
    resp = _file_response(data, entry.media_type, entry.filename)
    resp.set_etag(entry.sha256)
    return resp


@bp.get("/so-van-ban-di/<int:entry_id>/pdf")
@require_staff("clerk")
def entry_pdf(entry_id: int):
    """The stored .docx converted to PDF (the .docx stays the document of record); for an electronic issue the
    stored file already is the signed PDF, served as it is."""
    entry, data = _stored_file(entry_id)
    if entry.media_type == PDF_MIME:
        resp = _file_response(data, PDF_MIME, entry.filename)
        resp.set_etag(entry.sha256)
        return resp
    from service.convert import ConvertError
    from service.produce import Produced, pdf_of

    try:
        pdf = pdf_of(Produced(data, entry.media_type, entry.filename))  # the bytes issued, not composed again
    except ConvertError as exc:
        current_app.logger.warning("pdf of register entry %s failed: %s", entry_id, exc)
        body = render_template("error.html", code=503, message=(
            "Chưa tạo được tệp PDF: bộ chuyển đổi LibreOffice đang không sẵn sàng. Tệp .docx vẫn tải được; "
            "hãy thử PDF lại sau ít phút."))
        return Response(body, status=503, mimetype="text/html", headers={"Retry-After": "30"})
    return _file_response(pdf.data, pdf.media_type, pdf.file_name)


@bp.get("/so-van-ban-di/<int:entry_id>/huy")
@require_staff("clerk")
def void_page(entry_id: int):
    entry = _entry_or_404(entry_id)
    return _page("register_void.html", entry=entry, reason="", error=None)


@bp.post("/so-van-ban-di/<int:entry_id>/huy")
@require_staff("clerk")
def void_submit(entry_id: int):
    entry = _entry_or_404(entry_id)
    reason = request.form.get("reason", "").strip()[:1000]
    if request.form.get("confirm") != "1":
        return _page("register_void.html", 422, entry=entry, reason=reason,
                     error="Hãy đánh dấu ô xác nhận: số bị hủy không được cấp lại.")
    try:
        entries.void(state().engine, entry_id, reason=reason, actor=_actor(), clock=clock(), agencies=_agencies())
    except RegisterError as err:
        return _page("register_void.html", err.status, entry=entry, reason=reason, error=err.vi)
    return redirect(url_for("staff.register_page", year=entry.year, da_huy=entry.id), 303)


@bp.post("/so-van-ban-di/xuat")
@require_staff("clerk")
def export_submit():
    year = _int("year")
    fmt = request.form.get("format", "xlsx")
    code = (request.form.get("register") or "").strip()[:40] or None
    if year is None:
        abort(400)
    try:
        data, _ = export.export_year(state().engine, year, fmt, actor=_actor(), register_code=code, clock=clock(),
                                     agency=(request.form.get("agency") or "").strip()[:60] or None,
                                     agencies=_agencies())
    except RegisterError as err:
        body = render_template("error.html", code=err.status, message=err.vi)
        return Response(body, status=err.status, mimetype="text/html")
    media = export.XLSX_MEDIA_TYPE if fmt == "xlsx" else export.DOCX_MEDIA_TYPE
    name = f"so-{fold(code).replace(' ', '-') if code else 'di'}-{year}.{fmt}"
    return _file_response(data, media, name)
