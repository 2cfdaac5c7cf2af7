"""Errors of the register, each with Vietnamese and English text and the HTTP status it maps to."""
from __future__ import annotations

from typing import Any

from service.messages import BilingualError


class RegisterError(BilingualError):
    """A request the register refuses; `field` names the offending input when there is one."""

    status = 400
    code = "register-error"

    def __init__(self, vi: str, en: str, *, field: str | None = None, status: int | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(vi, en)
        self.field = field
        self.extra = extra or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"vi": self.vi, "en": self.en}
        if self.field:
            out["field"] = self.field
        out.update(self.extra)
        return out


class NotFound(RegisterError):
    status = 404
    code = "not-found"


class Forbidden(RegisterError):
    """The caller's account or token works for other agencies."""

    status = 403
    code = "forbidden"


class Conflict(RegisterError):
    status = 409
    code = "conflict"


class BadInput(RegisterError):
    status = 422
    code = "invalid-input"
