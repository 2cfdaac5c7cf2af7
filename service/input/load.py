"""Read a document from JSON text, a file or stdin, with errors a clerk can act on."""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from service import limits
from service.messages import BilingualError
from service.validate import FieldError, InvalidDocument


class NotJson(BilingualError, ValueError):
    """A value JSON cannot carry here: NaN/Infinity, a number too large for a float (bilingual message)."""


def _int(text: str) -> int:
    digits = limits.current().int_digits
    if len(text.lstrip("-")) > digits:
        raise limits.LimitExceeded("int_digits", digits)
    return int(text)


def _float(text: str) -> int | float:
    """A finite number; one written with a fraction or exponent but whole (`861.0`, `1e3`) is that integer (JSON
    Schema agrees, and so must every field that takes a whole number, such as `number`)."""
    value = float(text)
    if not math.isfinite(value):
        raise NotJson(f"số {text[:20]} vượt quá giới hạn số thực", f"the number {text[:20]} is out of range")
    return int(value) if value.is_integer() else value


def _constant(name: str) -> Any:
    raise NotJson(f"{name} không phải giá trị JSON", f"{name} is not a JSON value")


def _depth_check(value: Any) -> None:
    """LimitExceeded when containers nest deeper than the budget (checked without recursion)."""
    limit = limits.current().json_depth
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise limits.LimitExceeded("json_depth", limit)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def loads(text: str) -> Any:
    """json.loads within the budgets: nesting depth, integer digits, finite numbers only.

    Raises json.JSONDecodeError for bad syntax, LimitExceeded past a budget and NotJson for NaN/Infinity."""
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise limits.LimitExceeded("json_depth", limits.current().json_depth) from None
    _depth_check(value)
    return value


def parse_json(data: bytes | str, source: str = "JSON") -> Any:
    """Parse JSON within the budgets; a syntax error or a passed budget becomes an InvalidDocument naming line and
    column or the limit."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidDocument([FieldError("", f"{source} không phải UTF-8 (byte {exc.start})",
                                              f"{source} is not UTF-8 (byte {exc.start})")]) from None
    try:
        return loads(data)
    except json.JSONDecodeError as exc:
        raise InvalidDocument([FieldError("", f"{source} sai cú pháp JSON ở dòng {exc.lineno}, cột {exc.colno}: "
                                          f"{exc.msg}", f"{source}: invalid JSON at line {exc.lineno}, "
                                          f"column {exc.colno}: {exc.msg}")]) from None
    except limits.LimitExceeded as exc:
        raise InvalidDocument([FieldError("", f"{source}: {exc.vi}", f"{source}: {exc.en}")]) from None
    except NotJson as exc:
        raise InvalidDocument([FieldError("", f"{source}: {exc.vi}", f"{source}: {exc.en}")]) from None


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
