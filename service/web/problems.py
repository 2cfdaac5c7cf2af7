"""RFC 9457 problem responses (`application/problem+json`) in Vietnamese and English."""
from __future__ import annotations

from flask import Response, json

from service.limits import LimitExceeded
from service.validate import FieldError

PROBLEM_TYPE = "application/problem+json"


def problem(status: int, title_vi: str, title_en: str, *, errors: list[FieldError] | None = None,
            **extra) -> Response:
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
