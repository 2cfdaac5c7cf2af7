"""The JSON API (`/api/v1`): thin over the pipeline — parse, validate, render, answer."""
from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, request

from service.compose.filenames import document_filename
from service.web.guard import require_role
from service.input.load import parse_json
from service.render import render_docx
from service.validate import FieldError, InvalidDocument, cost_problem, validate
from service.web import catalog
from service.web.openapi import openapi_for
from service.web.preview import PREVIEW_CSP, preview_html
from service.web.profiles import expanded
from service.web.problems import invalid, problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RETRY_AFTER_S = 30  # seconds a client should wait before asking for a PDF again
PDF_MIME = "application/pdf"


def json_body():
    """The request's JSON document after the parse step (profile references expanded), or a problem response
    (415 wrong type, 422 unparsable or naming an unknown agency, signer or recipient group)."""
    if not request.mimetype or request.mimetype not in ("application/json", "application/problem+json") \
            and not request.mimetype.endswith("+json"):
        return None, problem(415, "Nội dung phải là JSON (Content-Type: application/json)",
                             "Request body must be JSON (Content-Type: application/json)")
    try:
        return expanded(parse_json(request.get_data(cache=True), "body")), None
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


def retry_later(status: int, title_vi: str, title_en: str, *, after_s: int = RETRY_AFTER_S, **fields) -> Response:
    """A problem the client may retry after `after_s` seconds: the PDF converter or the batch queue is busy, slow or
    not running yet (`fields`: more members of the problem, as service.web.problems.problem takes them)."""
    resp = problem(status, title_vi, title_en, **fields)
    resp.headers["Retry-After"] = str(after_s)
    return resp


def document_response(doc: dict, fmt: str) -> Response:
    """Render a document the caller has validated in the wanted format (503 when PDF is asked and no converter
    runs)."""
    if fmt == "pdf":
        over = cost_problem(doc, "pdf_cells")
        if over is not None:
            return problem(422, over[1].vi, over[1].en, errors=[over[1]], limit=over[0])
    data = render_docx(doc, validated=True)
    if fmt == "pdf":
        from service.convert import ConversionTimeout, ConvertError, to_pdf

        # Title, author and subject travel in the .docx core properties, which LibreOffice carries into the PDF.
        try:
            data = to_pdf(data, pdfa=request.args.get("pdfa") == "1")
        except ConversionTimeout as exc:
            current_app.logger.warning("pdf conversion timed out: %s", exc)
            return retry_later(504, "Chuyển sang PDF quá thời gian cho phép; thử lại sau", "PDF conversion timed out")
        except ConvertError as exc:  # LibreOffice missing, not starting, or failing on our own .docx
            current_app.logger.warning("pdf converter unavailable: %s", exc)
            return retry_later(503, "Chưa chuyển được sang PDF: bộ chuyển đổi LibreOffice không sẵn sàng; "
                               "bản .docx vẫn tải được", "PDF converter unavailable; .docx still works")
        return attachment(data, PDF_MIME, document_filename(doc, "pdf"))
    return attachment(data, DOCX_MIME, document_filename(doc, "docx"))


def problems(doc) -> list[FieldError]:
    """Every problem of a request body; a `type` that is not a string is named before the type table is asked."""
    if isinstance(doc, dict) and not isinstance(doc.get("type"), (str, type(None))):
        return [FieldError("type", "“Loại văn bản” phải là chuỗi ký tự, ví dụ ke_hoach",
                           "'type' must be a string such as ke_hoach")]
    return validate(doc)


def valid_body() -> tuple[Any, Response | None]:
    """The request's document once it parses and validates, or the problem response (415, 422) to answer with."""
    doc, error = json_body()
    if error:
        return None, error
    errors = problems(doc)
    if errors:
        return None, invalid(errors)
    return doc, None


@bp.post("/documents")
@require_role("drafter", openable=True)
def create_document():
    doc, error = json_body()
    if error:
        return error
    fmt = wanted_format()
    if fmt is None:
        return problem(406, "Định dạng phải là docx hoặc pdf", "format must be docx or pdf")
    if request.args.get("pdfa", "0") not in ("0", "1"):
        return invalid([FieldError("pdfa", "pdfa phải là 0 hoặc 1", "pdfa must be 0 or 1")])
    errors = problems(doc)
    if errors:
        return invalid(errors)
    return document_response(doc, fmt)


@bp.post("/import")
@require_role("drafter", openable=True)
def import_upload():
    """A document made elsewhere (multipart field `file`) → the model, what is still to complete, the source line
    of each field and the lines that could not be placed."""
    from pathlib import PurePath

    from service.check.package import NotADocx
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
        vi, _, en = str(exc).partition(" / ")
        return problem(422, f"Không đọc được tệp: {vi}", f"cannot read the file: {en or vi}",
                       errors=[FieldError("file", vi, en or vi)])
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
    doc, error = valid_body()
    if error:
        return error
    resp = Response(preview_html(doc), mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PREVIEW_CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-store"
    return resp
