"""The staff pages: the type list and the form generated from each type's schema, usable with or without JS.

Without JavaScript every button is a plain POST: download (.docx, .pdf, .json), check, full-page preview, and
the list buttons (add/remove/move) that send the form back with the change applied. With JavaScript
(static/form.js) the same form edits itself in place, checks as you type and shows a live preview.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from service.agency.choices import apply_choices, current_choices, prefilled
from service.agency.expand import expand
from service.document.naming import document_filename
from service.convert.errors import ConvertError
from service.input.load import parse_json
from service.model.schema import schema_for
from service.parse import parse
from service.produce import OverBudget, produce
from service.rules.types import TYPES
from service.validate import FieldError, InvalidDocument, cost_problem, validate
from service.web import catalog
from service.web.api import attachment, produced_response
from service.web.defaults import blank_document, place_from_issuer
from service.web.formdata import apply_action, document_from_form
from service.web.formcells import row_cells
from service.web.register_state import state
from service.web.formtree import error_anchor, form_tree, hidden_fields, index, steps, templates
from service.web.preview import PREVIEW_CSP, preview_html
from service.web.problems import problem
from service.web.profiles import profile_lookup

bp = Blueprint("ui", __name__)
bp.add_app_template_global(row_cells, "row_cells")

DOWNLOADS = ("docx", "pdf", "json")
FAVICON_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" '
               'fill="#c8102e" stroke="#f2c230" stroke-width="2"/><text x="16" y="21" font-family="Arial, sans-serif" '
               'font-size="13" font-weight="700" fill="#f2c230" text-anchor="middle">VB</text></svg>')


def _type_or_404(type_id: str):
    if type_id not in TYPES:
        abort(404)
    return TYPES[type_id]


def with_defaults(doc: dict) -> dict:
    """Fill what the form can guess: the place from the issuer's locality when the place is still empty."""
    issuer = doc.get("issuer") if isinstance(doc.get("issuer"), dict) else {}
    if not doc.get("place"):
        place = place_from_issuer(issuer.get("name"), issuer.get("parent"))
        if place:
            doc["place"] = place
    return doc


def render_form(type_id: str, doc: dict, errors: list[FieldError] | None = None, *, status: int = 200,
                notice: tuple[str, str] | None = None, focus: str | None = None, fresh: bool = False, **extra):
    """The form page for `doc` with errors next to their fields and a summary linking to each (`extra`: more
    template context, e.g. the importer's unplaced lines)."""
    doc_type = _type_or_404(type_id)
    errors = errors or []
    root, _ = form_tree(schema_for(type_id), doc, errors)
    if focus:
        nodes = index(root)
        target = nodes.get(focus)
        while target is not None and target.kind != "field" and target.children:
            target = next((c for c in target.children if c.widget != "hidden"), None)
        if target is not None and target.kind == "field":
            target.autofocus = True
    summary = [{"message": e.vi, "anchor": error_anchor(root, e), "path": e.path} for e in errors]
    profile = document_profile(doc)
    return render_template("form.html", doc_type=doc_type, steps=steps(root), hidden=hidden_fields(root),
                           templates=templates(root),
                           summary=summary, notice=notice, fresh=fresh,
                           profile=profile, choices=current_choices(doc, profile) if profile else None,
                           has_fixture=not catalog.example_is_minimal(type_id), **extra), status


def document_profile(doc: dict) -> dict | None:
    """The profile of the agency the document names (for the signer, group and unit pickers)."""
    code = doc.get("agency")
    return profile_lookup(code) if isinstance(code, str) and code else None


def staff_profile() -> dict | None:
    """The logged-in staff member's agency profile (their first agency), for a new form."""
    from service.register.agencies import profiles_by_id
    from service.web.staff_auth import current_staff

    staff = current_staff()
    if staff is None or not staff.agencies:
        return None
    found = profiles_by_id(state().engine, staff.agencies[:1])
    return next(iter(found.values()), None)


def picked(doc: dict, values) -> dict:  # type: ignore[no-untyped-def]
    """The document after the profile pickers (`_signer`, `_groups`, `_unit` in a form or a query string)."""
    profile = document_profile(doc)
    if profile is None:
        return doc
    return apply_choices(doc, profile, signer=values.get("_signer") or None,
                         groups=[g for g in values.getlist("_groups") if g] if "_groups_shown" in values else None,
                         unit=values.get("_unit") or None)


def _fields_fragment(type_id: str, doc: dict, errors: list[FieldError]) -> str:
    root, _ = form_tree(schema_for(type_id), doc, errors)
    context = {"steps": steps(root), "hidden": hidden_fields(root), "templates": templates(root)}
    return render_template("_fields.html", **context) + render_template("_templates.html", **context)


@bp.get("/")
def home():
    q = request.args.get("q", "").strip()[:100]
    types = catalog.search(q) if q else catalog.summaries()
    for t in types:
        t["search"] = catalog.fold(f"{t['name']} {t['id'].replace('_', ' ')} {t['abbreviation'] or ''}")
    return render_template("home.html", types=types, q=q)


@bp.get("/favicon.ico")
def favicon():
    """The tab icon (SVG; browsers ask for /favicon.ico whatever the page links)."""
    resp = Response(FAVICON_SVG, mimetype="image/svg+xml")
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


@bp.get("/form/place")
def place_suggestion():
    """The place the form proposes for an issuer (`?name=…&parent=…`); null when the lines name no locality."""
    name = request.args.get("name", "")[:300]
    parent = request.args.get("parent", "")[:300]
    return {"place": place_from_issuer(name, parent)}


@bp.get("/form/<type_id>")
def form(type_id: str):
    _type_or_404(type_id)
    if request.args.get("example"):
        doc = catalog.example(type_id)
        return render_form(type_id, doc, notice=("info", "Đã điền văn bản ví dụ của loại này; sửa lại cho phù "
                                                 "hợp rồi tải về."))
    doc = blank_document(type_id)
    profile = staff_profile()
    if profile is not None:
        doc = prefilled(doc, profile)
    return render_form(type_id, doc, fresh=True)


def _download(doc: dict, fmt: str, type_id: str):
    if fmt == "json":
        try:
            name = document_filename(doc, "json")
        except (KeyError, TypeError, ValueError, AttributeError):
            name = f"{type_id.replace('_', '-')}_du-thao.json"
        data = json.dumps(doc, ensure_ascii=False, indent=2).encode()
        return attachment(data, "application/json", name)
    try:
        produced = produce(parse(doc, expand_profiles=False), fmt)
    except OverBudget as exc:
        return render_form(type_id, doc, status=422, notice=("error", exc.error.vi))
    except InvalidDocument as exc:
        return render_form(type_id, doc, exc.errors, status=422)
    except ConvertError as exc:
        current_app.logger.warning("pdf from the form failed: %s", exc)
        return render_form(type_id, doc, status=503, notice=(
            "error", "Chưa tạo được tệp PDF: bộ chuyển đổi LibreOffice đang không sẵn sàng. Tệp .docx vẫn tải "
            "được; hãy thử PDF lại sau ít phút."))
    return produced_response(produced)


@bp.post("/form/<type_id>")
def submit(type_id: str):
    """Every button of the form without JavaScript lands here; `_action` says which."""
    _type_or_404(type_id)
    schema = schema_for(type_id)
    doc = document_from_form(request.form.items(multi=True), schema)
    action = request.form.get("_action", "validate")
    try:  # the form carries the complete document; an agency code it names must still exist
        expand(doc, profile_lookup)
    except InvalidDocument as exc:
        return render_form(type_id, doc, exc.errors, status=422)
    if action in DOWNLOADS:
        return _download(doc, action, type_id)
    if action == "preview":
        try:
            document = parse(doc, expand_profiles=False)  # the form carries every field; its agency was checked above
        except InvalidDocument as exc:
            return render_form(type_id, doc, exc.errors, status=422)
        resp = Response(preview_html(document), mimetype="text/html")
        resp.headers["Content-Security-Policy"] = PREVIEW_CSP
        return resp
    if action == "profile":
        doc = picked(doc, request.form)
        return render_form(type_id, doc, notice=("ok", "Đã điền người ký, nơi nhận và đơn vị từ hồ sơ cơ quan."))
    if action == "validate":
        errors = validate(doc)
        if errors:
            return render_form(type_id, doc, errors, status=422)
        return render_form(type_id, doc, notice=("ok", "Văn bản hợp lệ: có thể tải về."))
    focus = apply_action(doc, action, schema)
    return render_form(type_id, doc, focus=focus)


@bp.post("/form/<type_id>/import")
def import_json(type_id: str):
    """Prefill the form from an uploaded JSON document (of this or any other type)."""
    _type_or_404(type_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_form(type_id, blank_document(type_id), status=422,
                           notice=("error", "Chưa chọn tệp JSON để nhập."))
    try:
        doc = expand(parse_json(upload.read(), upload.filename), profile_lookup)  # a short document: its profile
    except InvalidDocument as exc:
        return render_form(type_id, blank_document(type_id), status=422, notice=("error", exc.errors[0].vi))
    if not isinstance(doc, dict):
        return render_form(type_id, blank_document(type_id), status=422,
                           notice=("error", "Tệp JSON phải chứa một văn bản (một đối tượng JSON)."))
    target = doc.get("type") if doc.get("type") in TYPES else type_id
    doc["type"] = target
    over = cost_problem(doc, "form_cells")
    if over is not None:
        return render_form(type_id, blank_document(type_id), status=422, notice=("error", over[1].vi))
    doc = with_defaults(doc)
    errors = validate(doc)
    notice = ("ok", f"Đã nhập {upload.filename}.") if not errors else \
        ("error", f"Đã nhập {upload.filename}; còn {len(errors)} lỗi cần sửa (xem bên dưới).")
    return render_form(target, doc, errors, notice=notice)


@bp.post("/form/<type_id>/fields")
def fields(type_id: str):
    """The form's fields for a JSON document (restoring a draft kept in the browser), errors attached."""
    _type_or_404(type_id)
    try:
        doc = parse_json(request.get_data(cache=False), "body")
    except InvalidDocument as exc:
        doc, errors = blank_document(type_id), exc.errors
    else:
        if not isinstance(doc, dict):
            doc = blank_document(type_id)
        doc["type"] = type_id
        over = cost_problem(doc, "form_cells")
        if over is not None:  # one input per cell: a page this size would take seconds and hundreds of MB to build
            return problem(422, over[1].vi, over[1].en, errors=[over[1]])
        doc = with_defaults(picked(doc, request.args))
        errors = validate(doc)
    return _fields_fragment(type_id, doc, errors)


def error_page(exc: HTTPException):
    """HTML error pages for people (the API answers problem+json instead)."""
    code = exc.code or 500
    messages = {404: "Không tìm thấy trang này.", 405: "Trang này không nhận yêu cầu kiểu đó.",
                413: "Dữ liệu gửi lên quá lớn.", 400: "Yêu cầu không hợp lệ."}
    body = render_template("error.html", code=code, message=messages.get(code, exc.name))
    resp = Response(body, status=code, mimetype="text/html")
    for name, value in exc.get_headers():
        if name.lower() == "allow":
            resp.headers[name] = value
    return resp
