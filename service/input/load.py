"""Read a document from JSON text, a file or stdin, with errors a clerk can act on."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from service.validate import FieldError, InvalidDocument


def parse_json(data: bytes | str, source: str = "JSON") -> Any:
    """Parse JSON; a syntax error becomes an InvalidDocument naming line and column."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidDocument([FieldError("", f"{source} không phải UTF-8 (byte {exc.start})",
                                              f"{source} is not UTF-8 (byte {exc.start})")]) from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise InvalidDocument([FieldError("", f"{source} sai cú pháp JSON ở dòng {exc.lineno}, cột {exc.colno}: "
                                          f"{exc.msg}", f"{source}: invalid JSON at line {exc.lineno}, "
                                          f"column {exc.colno}: {exc.msg}")]) from None


def load_document(path: str) -> Any:
    """A document from a path, or from stdin when the path is `-`."""
    if path == "-":
        return parse_json(sys.stdin.buffer.read(), "stdin")
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InvalidDocument([FieldError("", f"Không đọc được tệp {path}: {exc.strerror}",
                                          f"cannot read {path}: {exc.strerror}")]) from None
    return parse_json(data, p.name)
