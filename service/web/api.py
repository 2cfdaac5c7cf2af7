"""The JSON API (`/api/v1`): thin over the pipeline — parse, validate, render, answer."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, current_app, request

from service.compose.filenames import document_filename
from service.input.load import parse_json
from service.render import render_docx
from service.validate import InvalidDocument, validate
from service.web.problems import invalid, problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


def json_body():
    """The request's JSON document, or a problem response (415 wrong type, 422 unparsable)."""
    if not request.mimetype or request.mimetype not in ("application/json", "application/problem+json") \
            and not request.mimetype.endswith("+json"):
        return None, problem(415, "Nội dung phải là JSON (Content-Type: application/json)",
                             "Request body must be JSON (Content-Type: application/json)")
    try:
        return parse_json(request.get_data(cache=True), "body"), None
    except InvalidDocument as exc:
        return None, invalid(exc.errors)


def wanted_format() -> str | None:
    """`?format=` wins over `Accept`; .docx is the default."""
    fmt = (request.args.get("format") or "").lower()
    if fmt:
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


def document_response(doc: dict, fmt: str) -> Response:
    """Render a validated document in the wanted format (503 when PDF is asked and no converter runs)."""
    data = render_docx(doc)
    if fmt == "pdf":
        from service.convert import ConverterUnavailable, to_pdf

        # Title, author and subject travel in the .docx core properties, which LibreOffice carries into the PDF.
        try:
            data = to_pdf(data, pdfa=request.args.get("pdfa") in ("1", "true", "yes"))
        except ConverterUnavailable as exc:
            current_app.logger.warning("pdf converter unavailable: %s", exc)
            return problem(503, "Chưa chuyển được sang PDF: bộ chuyển đổi LibreOffice không sẵn sàng; "
                           "bản .docx vẫn tải được", "PDF converter unavailable; .docx still works",
                           retry_after=30)
        return attachment(data, PDF_MIME, document_filename(doc, "pdf"))
    return attachment(data, DOCX_MIME, document_filename(doc, "docx"))


@bp.post("/documents")
def create_document():
    doc, error = json_body()
    if error:
        return error
    fmt = wanted_format()
    if fmt is None:
        return problem(406, "Định dạng phải là docx hoặc pdf", "format must be docx or pdf")
    errors = validate(doc)
    if errors:
        return invalid(errors)
    return document_response(doc, fmt)


@bp.post("/validate")
def validate_document():
    doc, error = json_body()
    if error:
        return error
    errors = validate(doc)
    if errors:
        return invalid(errors)
    return {"valid": True, "errors": []}
