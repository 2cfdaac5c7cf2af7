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

from service.agency import store
from service.input.load import parse_json
from service.register.errors import RegisterError
from service.register.scope import record_denial
from service.register.webctx import clock, state
from service.validate import FieldError, InvalidDocument
from service.web.staff_auth import current_staff, require_staff
from service.web.ui import page_headers

bp = Blueprint("agency_pages", __name__)
EXAMPLE = {"code": "", "parent": "", "name": "", "abbr": "", "name_text": "", "place": "",
           "footer": {"address": "", "phone": "", "email": "", "website": ""}, "units": [],
           "recipient_groups": [], "signers": []}


@bp.after_request
def _headers(resp: Response) -> Response:
    page_headers(resp)
    resp.headers.setdefault("Cache-Control", "no-store")
    return resp


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


@bp.get("/co-quan/<code>")
@require_staff("admin")
def agency_page(code: str):
    row = _agency_or_404(code)
    profile = store.to_profile(row)
    return _edit(200, row=row, profile=profile, text=_dump(profile), errors=[], notice=request.args.get("luu"),
                 registers=store.agency_registers(state().engine, row.id))


def _parsed(text: str):  # type: ignore[no-untyped-def]
    return parse_json(text.encode("utf-8"), "hồ sơ")


@bp.post("/co-quan/<code>")
@require_staff("admin")
def agency_save(code: str):
    row = _agency_or_404(code)
    text = request.form.get("profile", "")
    errors: list[FieldError] = []
    try:
        store.update_agency(state().engine, code, _parsed(text), actor=current_staff().name, clock=clock())
    except InvalidDocument as exc:
        errors = exc.errors
    except RegisterError as err:
        errors = [FieldError(err.field or "", err.vi, err.en)]
    if errors:
        profile = store.to_profile(row)
        return _edit(422, row=row, profile=profile, text=text, errors=errors, notice=None,
                     registers=store.agency_registers(state().engine, row.id))
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
