"""RFC 9457 problem+json responses with Vietnamese and English text."""
from __future__ import annotations

from typing import Any

from flask import Response, json

from service.register.errors import RegisterError

MEDIA_TYPE = "application/problem+json"


def problem(status: int, code: str, vi: str, en: str, *, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> Response:
    """A problem document: `title` in English, `title_vi` in Vietnamese, `errors` per field."""
    body: dict[str, Any] = {"type": f"https://vanban.invalid/problems/{code}", "title": en, "title_vi": vi,
                            "status": status}
    if errors:
        body["errors"] = errors
    body.update(extra)
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def from_register_error(err: RegisterError) -> Response:
    field = [{"path": err.field, "message_vi": err.vi, "message_en": err.en}] if err.field else None
    return problem(err.status, err.code, err.vi, err.en, errors=field, **err.extra)


def from_invalid_document(err: Any) -> Response:
    """service.validate.InvalidDocument → 422 listing every field problem."""
    return problem(422, "invalid-document", "Văn bản chưa hợp lệ.", "The document is not valid.",
                   errors=[e.as_dict() for e in err.errors])
