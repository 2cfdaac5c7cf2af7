"""Agency profiles over the JSON API (blueprint `agencies_api`, under /api/v1):

GET  /api/v1/agencies          the caller's agencies (every agency for an instance-wide admin)
GET  /api/v1/agencies/{code}   one profile: admins, and members of the agency (else 404, audited)
POST /api/v1/agencies          admin: add a profile (201, Location)
PUT  /api/v1/agencies/{code}   admin of that agency: replace the profile (the code stays)
GET  /api/v1/agencies/schema   the profile's JSON Schema
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, request, url_for

from service.register import agencies as store
from service.agency.profile import profile_schema
from service.register.errors import BadInput, NotFound
from service.web.guard import require_role
from service.web.register_problems import answer_refusals, from_register_error
from service.register.scope import record_denial
from service.web.register_state import clock, state

bp = Blueprint("agencies_api", __name__, url_prefix="/api/v1/agencies")
answer_refusals(bp)


def _body() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadInput("Thân yêu cầu phải là một hồ sơ cơ quan dạng JSON (Content-Type: application/json).",
                       "The body must be an agency profile as a JSON object (Content-Type: application/json).",
                       field="body")
    return body


def _visible(code: str, what: str) -> int:
    """The agency's id when it exists and the caller works for it; else 404 (audited when it exists)."""
    row = store.get_agency(state().engine, code)
    if row is None:
        raise NotFound(f"Không có cơ quan mã {code}", f"no agency {code}", field="code")
    if not g.principal.works_for(row.id):
        record_denial(state().engine, actor=g.principal.name, what=what, agency_id=row.id, detail={"agency": code})
        raise NotFound(f"Không có cơ quan mã {code}", f"no agency {code}", field="code")
    return row.id


@bp.get("")
@require_role("drafter")
def list_agencies() -> Response:
    ids = g.principal.agencies
    profiles = store.profiles_by_id(state().engine, ids)
    return jsonify({"agencies": [dict(p, links={"self": url_for("agencies_api.get_agency", code=p["code"])})
                                 for p in profiles.values()]})


@bp.get("/schema")
def get_schema() -> Response:
    return jsonify(profile_schema())


@bp.get("/<code>")
@require_role("drafter")
def get_agency(code: str) -> Response:
    _visible(code, "agency_read")
    return jsonify(store.get_profile(state().engine, code))


@bp.post("")
@require_role("admin")
def add_agency() -> Response:
    if g.principal.agencies is not None:
        record_denial(state().engine, actor=g.principal.name, what="agency_add", agency_id=None)
        return from_register_error(BadInput("Chỉ quản trị toàn hệ thống mới thêm được cơ quan.",
                                            "Only an instance-wide admin may add agencies.", field="code",
                                            status=403))
    profile = store.add_agency(state().engine, _body(), actor=g.principal.name, clock=clock())
    resp = jsonify(profile)
    resp.status_code = 201
    resp.headers["Location"] = url_for("agencies_api.get_agency", code=profile["code"])
    return resp


@bp.put("/<code>")
@require_role("admin")
def put_agency(code: str) -> Response:
    _visible(code, "agency_update")
    return jsonify(store.update_agency(state().engine, code, _body(), actor=g.principal.name, clock=clock()))
