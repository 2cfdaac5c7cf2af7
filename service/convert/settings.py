"""Converter settings from the environment, checked once so a typo names its variable instead of failing later."""
from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from service.convert.errors import ConverterUnavailable

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# `make uno` builds this venv: Debian's python3-uno only imports under /usr/bin/python3, so the unoserver
# server runs there while our own venv only speaks XML-RPC to it.
UNO_VENV_PYTHON = PROJECT_ROOT / ".venv-uno" / "bin" / "python"
SYSTEM_PYTHON = Path("/usr/bin/python3")


@dataclass(frozen=True)
class PdfSettings:
    workers: int = 1  # VANBAN_PDF_WORKERS: warm LibreOffice processes
    timeout: float = 60.0  # VANBAN_PDF_TIMEOUT: seconds one conversion may take
    start_timeout: float = 60.0  # VANBAN_PDF_START_TIMEOUT: seconds a worker may take to come up
    soffice: str | None = None  # VANBAN_SOFFICE: LibreOffice binary; None = search PATH
    uno_python: str | None = None  # VANBAN_UNO_PYTHON: a python that imports uno and unoserver
    runtime_dir: str | None = None  # VANBAN_PDF_RUNTIME_DIR: profiles and scratch files; None = a temp dir


def _number(env: Mapping[str, str], name: str, default: float, kind: type, minimum: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        what = "số nguyên" if kind is int else "số"
        raise ConverterUnavailable(
            f"Biến môi trường {name}={raw!r} phải là {what} ≥ {minimum}",
            f"environment variable {name}={raw!r} must be a {kind.__name__} ≥ {minimum}",
        )
    return value


def load_settings(env: Mapping[str, str] | None = None) -> PdfSettings:
    """Read VANBAN_PDF_* / VANBAN_SOFFICE / VANBAN_UNO_PYTHON; defaults suit one small server."""
    env = os.environ if env is None else env
    return PdfSettings(
        workers=int(_number(env, "VANBAN_PDF_WORKERS", 1, int, 1)),
        timeout=float(_number(env, "VANBAN_PDF_TIMEOUT", 60.0, float, 1)),
        start_timeout=float(_number(env, "VANBAN_PDF_START_TIMEOUT", 60.0, float, 5)),
        soffice=env.get("VANBAN_SOFFICE") or None,
        uno_python=env.get("VANBAN_UNO_PYTHON") or None,
        runtime_dir=env.get("VANBAN_PDF_RUNTIME_DIR") or None,
    )


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
