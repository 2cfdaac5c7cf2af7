"""The admin's agency pages: every agency, and one agency's profile (letterhead, place, footer, units, signers,
recipient groups) with its registers; the profile is edited as its JSON form (the same the API and
`vanban agency export` use), checked with every problem listed by path before anything is stored.

    GET  /co-quan/                 admin: the agencies (an admin of some agencies sees those)
    GET  /co-quan/moi, POST        instance-wide admin: add an agency
    GET  /co-quan/<code>           admin of the agency: the profile and its registers
    POST /co-quan/<code>           admin of the agency: save the edited profile
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from service.register import agencies as store
from service.input.load import parse_json
from service.register.errors import RegisterError
from service.register.scope import record_denial
from service.web.register_state import clock, state
from service.validate import FieldError, InvalidDocument
from service.rules import nd30
from service.web.agency_form import field_id, profile_from_form, rows_for_editing
from service.web.staff_auth import current_staff, require_staff

bp = Blueprint("agency_pages", __name__)
EXAMPLE = {"code": "", "parent": "", "name": "", "abbr": "", "name_text": "", "place": "",
           "footer": {"address": "", "phone": "", "email": "", "website": ""}, "units": [],
           "recipient_groups": [], "signers": []}


@bp.after_request
def _headers(resp: Response) -> Response:
    resp.headers.setdefault("Cache-Control", "no-store")  # profiles and registers of one agency (service.web.headers
    return resp                                          # adds the security headers to every response)


def _agency_or_404(code: str):  # type: ignore[no-untyped-def]
    """The agency when the admin works for it; 404 otherwise (audited when it exists)."""
    row = store.get_agency(state().engine, code)
    if row is None:
        abort(404)
    staff = current_staff()
    if not staff.works_for(row.id):
        record_denial(state().engine, actor=staff.name, what="agency_page", agency_id=row.id, detail={"agency": code})
        abort(404)
    return row


def _dump(profile: dict) -> str:
    return json.dumps(profile, ensure_ascii=False, indent=2)


@bp.get("/co-quan/")
@require_staff("admin")
def agencies_page():
    rows = store.list_agencies(state().engine, current_staff().agencies)
    return render_template("agencies.html", rows=rows, can_add=current_staff().agencies is None)


def _edit(template_status: int, **context):  # type: ignore[no-untyped-def]
    return render_template("agency.html", **context), template_status


def _page_context(row, profile: dict, edited: dict, text: str, errors: list[FieldError]) -> dict:  # type: ignore[no-untyped-def]
    """What the agency page shows: the stored profile, the edit form (as submitted when it had errors)."""
    return {"row": row, "profile": profile, "edited": edited, "rows": rows_for_editing(edited), "text": text,
            "errors": errors, "error_paths": {e.path: e.vi for e in errors}, "field_id": field_id,
            "authorities": list(nd30.AUTHORITIES), "collective": nd30.COLLECTIVE_AUTHORITY,
            "on_behalf_label": f"Thay mặt tập thể (tên sau “{nd30.COLLECTIVE_AUTHORITY}”, chỉ khi ký "
                               f"{' hoặc '.join(nd30.ON_BEHALF_AUTHORITIES)})",
            "registers": store.agency_registers(state().engine, row.id)}


@bp.get("/co-quan/<code>")
@require_staff("admin")
def agency_page(code: str):
    row = _agency_or_404(code)
    profile = store.to_profile(row)
    return _edit(200, notice=request.args.get("luu"), **_page_context(row, profile, profile, _dump(profile), []))


def _parsed(text: str):  # type: ignore[no-untyped-def]
    return parse_json(text.encode("utf-8"), "hồ sơ")


@bp.post("/co-quan/<code>")
@require_staff("admin")
def agency_save(code: str):
    """Save the edit form's fields, or (from "Sửa dạng JSON") the profile's JSON form."""
    row = _agency_or_404(code)
    as_json = "profile" in request.form
    text = request.form.get("profile", "")
    edited: dict = {}
    errors: list[FieldError] = []
    try:
        edited = _parsed(text) if as_json else profile_from_form(request.form, code)
        store.update_agency(state().engine, code, edited, actor=current_staff().name, clock=clock())
    except InvalidDocument as exc:
        errors = exc.errors
    except RegisterError as err:
        errors = [FieldError(err.field or "", err.vi, err.en)]
    if errors:
        profile = store.to_profile(row)
        shown = edited if isinstance(edited, dict) and edited and not as_json else profile
        return _edit(422, notice=None, **_page_context(row, profile, shown, text or _dump(shown), errors))
    return redirect(url_for("agency_pages.agency_page", code=code, luu=1), 303)


@bp.get("/co-quan/moi")
@require_staff("admin")
def new_agency_page():
    if current_staff().agencies is not None:
        abort(403)
    return render_template("agency_new.html", text=_dump(EXAMPLE), errors=[])


@bp.post("/co-quan/moi")
@require_staff("admin")
def new_agency_submit():
    if current_staff().agencies is not None:
        abort(403)
    text = request.form.get("profile", "")
    try:
        profile = store.add_agency(state().engine, _parsed(text), actor=current_staff().name, clock=clock())
    except InvalidDocument as exc:
        return render_template("agency_new.html", text=text, errors=exc.errors), 422
    except RegisterError as err:
        return render_template("agency_new.html", text=text,
                               errors=[FieldError(err.field or "", err.vi, err.en)]), err.status
    return redirect(url_for("agency_pages.agency_page", code=profile["code"], luu=1), 303)
