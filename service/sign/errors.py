"""Errors of the signing module, each with a Vietnamese and an English message (the web layer maps them)."""
from __future__ import annotations

from service.messages import BilingualError


class SignError(BilingualError):
    """Signing or verification could not be done; `field` names the input at fault, if any."""

    status = 422

    def __init__(self, message_vi: str, message_en: str, *, field: str | None = None) -> None:
        super().__init__(message_vi, message_en)
        self.field = field

    @property
    def message_vi(self) -> str:
        """`vi`, under the name the signing module's callers know."""
        return self.vi

    @property
    def message_en(self) -> str:
        """`en`, under the name the signing module's callers know."""
        return self.en


class KeyNotConfigured(SignError):
    """No signing key is configured for this signer or agency."""

    status = 409


class KeyUnavailable(SignError):
    """The key is configured but cannot be opened (file missing, wrong password, token absent)."""

    status = 503


class BlockNotFound(SignError):
    """The signature block (position line and name) is not in the PDF's text."""
