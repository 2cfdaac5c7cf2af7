"""PDF and PDF/A from our .docx through warm, supervised LibreOffice workers (unoserver).

    to_pdf(docx, pdfa=False, metadata=None) -> bytes   on the default converter (workers started lazily)
    to_docx(data, ".doc" | ".odt" | ".rtf") -> bytes   the same workers, for the importer
    status() -> dict      for GET /healthz        shutdown()    for app teardown (also registered with atexit)

ConverterUnavailable (→ 503) when LibreOffice is missing, cannot start or (ConversionTimeout) runs past
VANBAN_PDF_TIMEOUT; ConversionError (→ 422) for bytes that are not a convertible .docx.
Settings: see service.convert.settings.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Mapping

from service.convert.docx_props import prepare_docx
from service.convert.errors import ConversionError, ConversionTimeout, ConvertError, ConverterUnavailable
from service.convert.pool import Converter
from service.convert.settings import PdfSettings, load_settings

__all__ = [
    "ConversionError", "ConversionTimeout", "ConvertError", "Converter", "ConverterUnavailable", "PdfSettings",
    "get_converter", "load_settings", "prepare_docx", "shutdown", "status", "to_docx", "to_pdf",
]  # fmt: skip

_default: Converter | None = None
_default_lock = threading.Lock()


def get_converter() -> Converter:
    """The process-wide converter (created on first use, processes started on the first conversion)."""
    global _default
    with _default_lock:
        if _default is None or _default.closed or _default.owner_pid != os.getpid():  # after shutdown / in a fork
            _default = Converter(load_settings())
        return _default


def to_pdf(docx: bytes, *, pdfa: bool = False, metadata: Mapping[str, object] | None = None) -> bytes:
    """The .docx as PDF (PDF/A-2b when pdfa); metadata keys: title, author, subject."""
    return get_converter().to_pdf(docx, pdfa=pdfa, metadata=metadata)


def to_docx(data: bytes, source_suffix: str) -> bytes:
    """A .doc, .odt or .rtf as .docx, for the importer."""
    return get_converter().to_docx(data, source_suffix)


def status() -> dict:
    """Converter health without starting anything: state cold|starting|ready|degraded|unavailable|closed."""
    try:
        return get_converter().status()
    except ConverterUnavailable as exc:  # a bad VANBAN_PDF_* setting
        return {"state": "unavailable", "workers": 0, "workers_alive": 0, "conversions": 0, "last_error": str(exc)}


def shutdown() -> None:
    """Stop the default converter and all its LibreOffice processes; the next to_pdf starts a new one."""
    global _default
    with _default_lock:
        converter, _default = _default, None
    if converter is not None:
        converter.shutdown()
