"""HTTP shell of electronic signing (blueprint `signing_api`, under /api/v1):

GET    /api/v1/signing-keys                          admin  configured keys (no secrets: only where they are)
PUT    /api/v1/signing-keys/<signer|agency>/<id>     admin  set one owner's key
DELETE /api/v1/signing-keys/<signer|agency>/<id>     admin
POST   /api/v1/verify                                drafter (open with OPEN_DRAFTING)  PDF → signature report
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from service.config import DEFAULT_VERIFY_MAX_BYTES
from service.web.guard import require_role
from service.web.register_state import clock, state
from service.sign import keystore
from service.sign.errors import SignError
from service.sign.keys import KeySpec
from service.validate import FieldError
from service.web.problems import problem

bp = Blueprint("signing_api", __name__, url_prefix="/api/v1")
SPEC_KEYS = {"key_kind", "p12_path", "secret_file", "secret_env", "pkcs11_module", "token_label", "key_label",
             "cert_label", "image_path", "image_width_mm", "display_name"}


def sign_problem(err: SignError) -> Response:
    """A SignError as problem+json, the field named in `errors`."""
    return problem(err.status, err.vi, err.en,
                   errors=[FieldError(err.field or "", err.vi, err.en)])


@bp.app_errorhandler(SignError)
def _sign_error(err: SignError) -> Response:
    return sign_problem(err)


def verify_limit() -> int:
    return int(current_app.config.get("VERIFY_MAX_BYTES") or DEFAULT_VERIFY_MAX_BYTES)


def _too_large(limit: int) -> Response:
    return problem(413, f"Tệp PDF quá lớn (tối đa {limit} byte)", f"PDF too large (limit {limit} bytes)")


def spec_from_json(body: Any) -> KeySpec:
    """A KeySpec from the API's JSON, every unknown or mistyped field named."""
    if not isinstance(body, dict):
        raise SignError("Thân yêu cầu phải là một đối tượng JSON.", "The body must be a JSON object.", field="body")
    unknown = sorted(set(body) - SPEC_KEYS)
    if unknown:
        raise SignError(f"Trường không được hỗ trợ: {', '.join(unknown)}.",
                        f"Unsupported field(s): {', '.join(unknown)}.", field=unknown[0])
    for name, value in body.items():
        if name == "image_width_mm":
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise SignError("image_width_mm phải là số.", "image_width_mm must be a number.", field=name)
        elif value is not None and not isinstance(value, str):
            raise SignError(f"{name} phải là chuỗi.", f"{name} must be a string.", field=name)
        elif isinstance(value, str) and len(value) > 1000:
            raise SignError(f"{name} quá dài.", f"{name} is too long.", field=name)
    if "key_kind" not in body:
        raise SignError("Thiếu loại khóa (key_kind: pkcs12 | pkcs11).", "key_kind (pkcs12 | pkcs11) is required.",
                        field="key_kind")
    width = body.get("image_width_mm")
    return KeySpec(kind=body["key_kind"], p12_path=body.get("p12_path"), secret_file=body.get("secret_file"),
                   secret_env=body.get("secret_env"), pkcs11_module=body.get("pkcs11_module"),
                   token_label=body.get("token_label"), key_label=body.get("key_label"),
                   cert_label=body.get("cert_label"), image_path=body.get("image_path"),
                   image_width_mm=float(width) if width is not None else None,
                   display_name=body.get("display_name"))


@bp.get("/signing-keys")
@require_role("admin")
def list_signing_keys() -> Response:
    return jsonify({"items": [keystore.row_dict(r) for r in keystore.list_keys(state().engine)]})


@bp.put("/signing-keys/<owner_kind>/<path:owner_id>")
@require_role("admin")
def put_signing_key(owner_kind: str, owner_id: str) -> Response:
    spec = spec_from_json(request.get_json(silent=True))
    row = keystore.set_key(state().engine, owner_kind, owner_id, spec, actor=g.principal.name, clock=clock())
    return jsonify(keystore.row_dict(row))


@bp.delete("/signing-keys/<owner_kind>/<path:owner_id>")
@require_role("admin")
def delete_signing_key(owner_kind: str, owner_id: str) -> Response:
    if not keystore.delete_key(state().engine, owner_kind, owner_id, actor=g.principal.name, clock=clock()):
        return problem(404, "Không có khóa ký số này.", "No such signing key.")
    return Response(status=204)


def _pdf_from_request(limit: int) -> bytes | Response:
    if request.content_length is not None and request.content_length > limit:
        return _too_large(limit)
    request.max_content_length = limit
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise SignError("Thiếu tệp PDF (trường file).", "The PDF file (field file) is missing.", field="file")
        data = upload.stream.read(limit + 1)
    elif request.mimetype == "application/pdf":
        data = request.stream.read(limit + 1)
    else:
        return problem(415, "Gửi tệp PDF (application/pdf) hoặc biểu mẫu multipart có trường file.",
                       "Send a PDF (application/pdf) or multipart/form-data with a file field.")
    if len(data) > limit:
        return _too_large(limit)
    if not data.startswith(b"%PDF-"):
        raise SignError("Tệp không phải PDF.", "The file is not a PDF.", field="file")
    return data


@bp.post("/verify")
@require_role("drafter", openable=True)
def verify_pdf() -> Response:
    """Every signature of the PDF: signer, chain to VANBAN_TRUST_DIR, time, integrity, changes after signing."""
    from service.sign.settings import load_trust_roots
    from service.sign.verify import verify

    data = _pdf_from_request(verify_limit())
    if isinstance(data, Response):
        return data
    report = verify(data, load_trust_roots(current_app.config.get("TRUST_DIR")))
    return jsonify(report.as_dict())
