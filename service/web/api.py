"""The JSON API (`/api/v1`): thin over the pipeline — parse (service.parse), produce (service.produce), answer."""
from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from flask import Blueprint, Response, current_app, request

from service.convert.errors import ConvertError
from service.document import Document
from service.input.load import parse_json
from service.parse import parse
from service.produce import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE, Produced, produce
from service.validate import FieldError, InvalidDocument
from service.web import catalog
from service.web.guard import require_role
from service.web.openapi import openapi_for
from service.web.preview import PREVIEW_CSP, preview_html
from service.web.problems import invalid, problem, produce_problem, retry_later
from service.web.profiles import expanded, profile_lookup

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DOCX_MIME = DOCX_MEDIA_TYPE
PDF_MIME = PDF_MEDIA_TYPE


def request_json():
    """The request's JSON as sent, or a problem response (415 wrong type, 422 unparsable)."""
    if not request.mimetype or request.mimetype not in ("application/json", "application/problem+json") \
            and not request.mimetype.endswith("+json"):
        return None, problem(415, "Nội dung phải là JSON (Content-Type: application/json)",
                             "Request body must be JSON (Content-Type: application/json)")
    try:
        return parse_json(request.get_data(cache=True), "body"), None
    except InvalidDocument as exc:
        return None, invalid(exc.errors)


def json_body():
    """The request's JSON with a document's profile references expanded (service.agency.expand), or a problem
    response (415, 422 unparsable or naming an unknown agency, signer or recipient group)."""
    body, error = request_json()
    if error:
        return None, error
    try:
        return expanded(body), None
    except InvalidDocument as exc:
        return None, invalid(exc.errors)


def wanted_format() -> str | None:
    """`?format=` (exactly docx or pdf) wins over `Accept`; .docx is the default; None for any other format."""
    if "format" in request.args:
        fmt = request.args["format"]
        return fmt if fmt in ("docx", "pdf") else None
    best = request.accept_mimetypes.best_match([DOCX_MIME, PDF_MIME], default=DOCX_MIME)
    return "pdf" if best == PDF_MIME and request.accept_mimetypes[PDF_MIME] > request.accept_mimetypes[DOCX_MIME] \
        else "docx"


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    resp = Response(data, mimetype=mimetype)
    ascii_name = filename.encode("ascii", "ignore").decode() or "van-ban"
    resp.headers["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    resp.headers["Cache-Control"] = "no-store"
    return resp


def produced_response(produced: Produced) -> Response:
    """What service.produce made, as a download."""
    return attachment(produced.data, produced.media_type, produced.file_name)


def document_response(document: Document, fmt: str) -> Response:
    """The document in the wanted format, or the problem that stopped it (service.web.problems.produce_problem)."""
    try:
        return produced_response(produce(document, fmt, pdfa=request.args.get("pdfa") == "1"))
    except (InvalidDocument, ConvertError) as exc:
        return produce_problem(exc)


def type_problem(doc) -> FieldError | None:
    """A `type` that is not a string, named before the type table is asked."""
    if isinstance(doc, dict) and not isinstance(doc.get("type"), (str, type(None))):
        return FieldError("type", "“Loại văn bản” phải là chuỗi ký tự, ví dụ ke_hoach",
                          "'type' must be a string such as ke_hoach")
    return None


def parsed(doc) -> tuple[Document | None, Response | None]:
    """The Document of a request's JSON (service.parse: profiles expanded, validated once), or the 422 problem."""
    wrong_type = type_problem(doc)
    if wrong_type is not None:
        return None, invalid([wrong_type])
    try:
        return parse(doc, lookup=profile_lookup), None
    except InvalidDocument as exc:
        return None, invalid(exc.errors)


def valid_body() -> tuple[Document | None, Response | None]:
    """The request's Document once it parses and validates, or the problem response (415, 422) to answer with."""
    doc, error = request_json()
    if error:
        return None, error
    return parsed(doc)


@bp.post("/documents")
@require_role("drafter", openable=True)
def create_document():
    doc, error = request_json()
    if error:
        return error
    fmt = wanted_format()
    if fmt is None:
        return problem(406, "Định dạng phải là docx hoặc pdf", "format must be docx or pdf")
    if request.args.get("pdfa", "0") not in ("0", "1"):
        return invalid([FieldError("pdfa", "pdfa phải là 0 hoặc 1", "pdfa must be 0 or 1")])
    document, error = parsed(doc)
    if error:
        return error
    return document_response(document, fmt)


@bp.post("/import")
@require_role("drafter", openable=True)
def import_upload():
    """A document made elsewhere (multipart field `file`) → the model, what is still to complete, the source line
    of each field and the lines that could not be placed."""
    from pathlib import PurePath

    from service.reading.package import NotADocx
    from service.convert import ConvertError
    from service.importer import KINDS, UnreadableInput, import_document
    from service.validate import review

    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return problem(422, "Thiếu tệp cần nhập (trường multipart “file”)", "missing the file to import "
                       "(multipart field 'file')", errors=[FieldError("file", "Hãy gửi tệp trong trường “file”",
                                                                      "send the file in the field 'file'")])
    suffix = PurePath(upload.filename).suffix.lower().lstrip(".")
    try:
        result = import_document(upload.read(), suffix if suffix in KINDS else None)
    except (UnreadableInput, NotADocx) as exc:
        return problem(422, exc.message.wrap("Không đọc được tệp: {}", "cannot read the file: {}"),
                       errors=[FieldError.of("file", exc.message)])
    except ConvertError as exc:  # .doc/.odt/.rtf need LibreOffice
        current_app.logger.warning("import conversion failed: %s", exc)
        return retry_later(503, "Chưa chuyển được tệp sang .docx: LibreOffice không sẵn sàng",
                           "cannot convert the file to .docx: LibreOffice is unavailable")
    errors, warnings = review(result.doc)
    return {"document": result.doc, "errors": [e.as_dict() for e in errors],
            "warnings": [w.as_dict() for w in warnings], "unplaced": result.unplaced, "found": result.found,
            "notes": result.notes, "confidence": result.confidence}


@bp.post("/validate")
@require_role("drafter", openable=True)
def validate_document():
    _, error = valid_body()
    if error:
        return error
    return {"valid": True, "errors": []}


# Schemas, examples and the OpenAPI document change only with a deployment: caches may keep them an hour and
# revalidate with the ETag (a hash of the exact bytes).
SCHEMA_CACHE = "public, max-age=3600"


def cached_json(obj, *, mimetype: str = "application/json", cache: str = SCHEMA_CACHE) -> Response:
    """JSON in the key order we wrote it (a schema reads top-down), with ETag and conditional 304."""
    data = json.dumps(obj, ensure_ascii=False).encode()
    return cached_bytes(data, mimetype, hashlib.sha256(data).hexdigest()[:32], cache=cache)


def cached_bytes(data: bytes, mimetype: str, etag: str, *, cache: str = SCHEMA_CACHE) -> Response:
    """Bytes that change only with a deployment: Cache-Control, the given ETag, and a 304 when it matches."""
    resp = Response(data, mimetype=mimetype)
    resp.headers["Cache-Control"] = cache
    resp.set_etag(etag)
    return resp.make_conditional(request)


def unknown_type(type_id: str) -> Response:
    known = ", ".join(catalog.summaries_ids())
    return problem(404, f"Không có loại văn bản “{type_id}”; các loại: {known}",
                   f"Unknown document type {type_id!r}; known types: {known}")


@bp.get("/types")
def list_types():
    return cached_json({"types": catalog.summaries()})


@bp.get("/types/<type_id>")
def get_type(type_id: str):
    if not catalog.known(type_id):
        return unknown_type(type_id)
    return cached_json(catalog.detail(type_id))


@bp.get("/types/<type_id>/schema")
def get_type_schema(type_id: str):
    if not catalog.known(type_id):
        return unknown_type(type_id)
    data, etag = catalog.schema_bytes(type_id)
    return cached_bytes(data, "application/schema+json", etag)


@bp.get("/types/<type_id>/example")
def get_type_example(type_id: str):
    if not catalog.known(type_id):
        return unknown_type(type_id)
    return cached_json(catalog.example(type_id))


@bp.get("/openapi.json")
def openapi():
    return cached_json(openapi_for(current_app.config))


@bp.post("/preview")
@require_role("drafter", openable=True)
def preview_document():
    """The A4 HTML preview, composed from the same context as the .docx (numbering can never differ)."""
    document, error = valid_body()
    if error:
        return error
    resp = Response(preview_html(document), mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PREVIEW_CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-store"
    return resp
