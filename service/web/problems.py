"""RFC 9457 problem responses (`application/problem+json`) in Vietnamese and English."""
from __future__ import annotations

from flask import Response, current_app, json

from service.limits import LimitExceeded
from service.messages import Message
from service.produce import OverBudget
from service.validate import FieldError, InvalidDocument

PROBLEM_TYPE = "application/problem+json"
RETRY_AFTER_S = 30  # seconds a client should wait before asking for a PDF again


def problem(status: int, title_vi: str | Message, title_en: str | None = None, *,
            errors: list[FieldError] | None = None, **extra) -> Response:
    """The problem `status` titled in both languages: `problem(422, message)` or `problem(422, vi, en)`."""
    if isinstance(title_vi, Message):
        title_vi, title_en = title_vi.vi, title_vi.en
    elif title_en is None:
        raise TypeError("a problem needs its English title too")
    body = {"type": "about:blank", "status": status, "title": title_en, "title_vi": title_vi,
            "detail": title_en, **extra}
    if errors is not None:
        body["errors"] = [e.as_dict() for e in errors]
    # A message may quote the client's own text, lone surrogates included: those stay JSON escapes (\\ud800).
    data = json.dumps(body, ensure_ascii=False).encode("utf-8", "backslashreplace")
    resp = Response(data, status=status, mimetype=PROBLEM_TYPE)
    return resp


def invalid(errors: list[FieldError]) -> Response:
    return problem(422, f"Dữ liệu chưa hợp lệ: {len(errors)} lỗi", f"Invalid document: {len(errors)} error(s)",
                   errors=errors)


def over_limit(exc: LimitExceeded) -> Response:
    """413/422 naming the budget that was passed and the setting that raises it."""
    return problem(exc.status, exc.vi, exc.en, limit=exc.name, maximum=exc.limit, setting=exc.setting)


def retry_later(status: int, title_vi: str, title_en: str, *, after_s: int = RETRY_AFTER_S, **fields) -> Response:
    """A problem the client may retry after `after_s` seconds: the PDF converter or the batch queue is busy, slow or
    not running yet (`fields`: more members of the problem, as `problem` takes them)."""
    resp = problem(status, title_vi, title_en, **fields)
    resp.headers["Retry-After"] = str(after_s)
    return resp


def produce_problem(exc: Exception) -> Response:
    """The one mapping from what parse and produce raise (service.parse, service.produce) to a problem response:
    a document past the PDF budget 422 naming the budget, an invalid one 422 with every error, a converter that
    timed out 504 and one that is not available 503 (both retryable), a request past a limit 413/422."""
    from service.convert import ConversionTimeout, ConvertError

    if isinstance(exc, OverBudget):
        return problem(422, exc.error.vi, exc.error.en, errors=[exc.error], limit=exc.limit)
    if isinstance(exc, InvalidDocument):
        return invalid(exc.errors)
    if isinstance(exc, ConversionTimeout):
        current_app.logger.warning("pdf conversion timed out: %s", exc)
        return retry_later(504, "Chuyển sang PDF quá thời gian cho phép; thử lại sau", "PDF conversion timed out")
    if isinstance(exc, ConvertError):  # LibreOffice missing, not starting, or failing on our own .docx
        current_app.logger.warning("pdf converter unavailable: %s", exc)
        return retry_later(503, "Chưa chuyển được sang PDF: bộ chuyển đổi LibreOffice không sẵn sàng; bản .docx vẫn "
                           "tải được", "PDF converter unavailable; .docx still works")
    if isinstance(exc, LimitExceeded):
        return over_limit(exc)
    raise exc
