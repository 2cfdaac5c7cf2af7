"""Errors of the PDF converter, each with a Vietnamese message for the clerk and an English one for integrators."""
from __future__ import annotations

from service.messages import BilingualError


class ConvertError(BilingualError):
    """Base of the converter's errors; `.vi` and `.en` carry the two messages."""


class ConverterUnavailable(ConvertError):
    """LibreOffice is missing, cannot start, is shut down or too busy (HTTP 503)."""


class ConversionError(ConvertError):
    """The input cannot be converted: not a .docx, bad metadata (HTTP 422)."""


class ConversionTimeout(ConverterUnavailable):
    """One conversion took longer than VANBAN_PDF_TIMEOUT; the worker was restarted (HTTP 504, or the 503 of
    its base class where a caller only handles ConverterUnavailable)."""
