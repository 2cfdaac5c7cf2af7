"""Register refusals as problem+json (service.web.problems), in Vietnamese and English."""
from __future__ import annotations

from flask import Response

from service.register.errors import RegisterError
from service.validate import FieldError
from service.web.problems import invalid, problem


def from_register_error(err: RegisterError) -> Response:
    errors = [FieldError(err.field, err.vi, err.en)] if err.field else None
    return problem(err.status, err.vi, err.en, errors=errors, code=err.code, **err.extra)


def from_invalid_document(err) -> Response:  # type: ignore[no-untyped-def]
    """service.validate.InvalidDocument → 422 listing every field problem."""
    return invalid(err.errors)


def answer_refusals(bp) -> None:  # type: ignore[no-untyped-def]
    """A blueprint answers register refusals and invalid documents as problem+json."""
    from service.validate import InvalidDocument

    bp.register_error_handler(RegisterError, from_register_error)
    bp.register_error_handler(InvalidDocument, from_invalid_document)
