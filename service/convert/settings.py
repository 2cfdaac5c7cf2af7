"""Converter settings (read by service.config, checked once so a typo names its variable instead of failing later)
and the programs they name."""
from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from service.config import ConfigError, PdfSettings, pdf_settings
from service.convert.errors import ConverterUnavailable

__all__ = ["PdfSettings", "load_settings", "resolve_soffice", "resolve_uno_python"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# `make uno` builds this venv: Debian's python3-uno only imports under /usr/bin/python3, so the unoserver
# server runs there while our own venv only speaks XML-RPC to it.
UNO_VENV_PYTHON = PROJECT_ROOT / ".venv-uno" / "bin" / "python"
SYSTEM_PYTHON = Path("/usr/bin/python3")


def load_settings(env: Mapping[str, str] | None = None) -> PdfSettings:
    """The converter's settings (service.config.pdf_settings: VANBAN_PDF_* / VANBAN_SOFFICE / VANBAN_UNO_PYTHON);
    a bad value is the converter being unavailable, naming its variable."""
    try:
        return pdf_settings(env)
    except ConfigError as exc:
        raise ConverterUnavailable(exc.vi, exc.en) from None


def _executable(path: str | None) -> str | None:
    if path and os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    return None


def _configured(path: str, what_vi: str, what_en: str, variable: str) -> str:
    """The program a VANBAN_* variable names (a path, or a name on PATH), or ConverterUnavailable naming it."""
    found = _executable(path) or shutil.which(path)
    if not found:
        raise ConverterUnavailable(f"Không tìm thấy {what_vi} tại {variable}={path!r}",
                                   f"{what_en} at {variable}={path!r}")
    return found


def resolve_soffice(settings: PdfSettings) -> str:
    """The LibreOffice binary to launch, or ConverterUnavailable at once when there is none."""
    if settings.soffice:
        return _configured(settings.soffice, "LibreOffice", "LibreOffice not found", "VANBAN_SOFFICE")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConverterUnavailable(
        "Chưa cài LibreOffice (không có soffice trong PATH); tệp .docx vẫn tạo được",
        "LibreOffice is not installed (no soffice on PATH); .docx output still works",
    )


def resolve_uno_python(settings: PdfSettings) -> str:
    """The python that runs the unoserver server: VANBAN_UNO_PYTHON, else .venv-uno, else /usr/bin/python3."""
    if settings.uno_python:
        return _configured(settings.uno_python, "Python có uno", "no python with uno", "VANBAN_UNO_PYTHON")
    for candidate in (UNO_VENV_PYTHON, SYSTEM_PYTHON):
        if _executable(str(candidate)):
            return str(candidate)
    raise ConverterUnavailable(
        "Không có Python chạy được unoserver (chạy `make uno`)",
        "no python able to run unoserver (run `make uno`)",
    )
