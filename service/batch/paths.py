"""Dotted paths into a document (`issuer.name`, `body.sections[2].items[0].title`), checked against its schema.

The same path syntax as the validator's error paths (service.validate.json_path): names joined by `.`, list
indexes in brackets, counted from 0 — so a column header and an error message name a field the same way.
"""
from __future__ import annotations

import re
from typing import Any

from service.messages import InvalidValue
from service.validate import FieldError

Path = tuple[str | int, ...]

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")


def parse_path(text: str) -> Path:
    """`body.sections[2].title` → ("body", "sections", 2, "title"); ValueError (vi / en) when malformed."""
    parts: list[str | int] = []
    for segment in text.strip().split("."):
        m = _SEGMENT.fullmatch(segment)
        if not m:
            raise InvalidValue(f"đường dẫn trường {text!r} sai cú pháp (ví dụ: body.sections[2].items[0].title)",
                               f"malformed field path {text!r} (e.g. body.sections[2].items[0].title)")
        parts.append(m.group(1))
        parts.extend(int(i) for i in _INDEX.findall(m.group(2)))
    return tuple(parts)


def format_path(path: Path) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def schema_at(schema: dict, path: Path) -> dict:
    """The sub-schema a path points to; ValueError (vi / en) when the document type has no such field."""
    node = schema
    for depth, part in enumerate(path):
        where = format_path(path[:depth]) or "(gốc)"
        if isinstance(part, int):
            if node.get("type") != "array" or "items" not in node:
                raise InvalidValue(f"{where} không phải danh sách nên không có phần tử [{part}]",
                                   f"{where} is not a list, it has no element [{part}]")
            node = node["items"]
        else:
            props = node.get("properties")
            if not isinstance(props, dict) or part not in props:
                known = ", ".join(sorted(props)) if isinstance(props, dict) else ""
                raise InvalidValue(f"loại văn bản này không có trường “{format_path(path[:depth + 1])}”"
                                   + (f" (có: {known})" if known else ""),
                                   f"this document type has no field {format_path(path[:depth + 1])!r}")
            node = props[part]
    return node


def _empty_like(schema: dict) -> Any:
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return [] if "array" in kinds else {}


def set_path(doc: dict, path: Path, value: Any, schema: dict, *, delete: bool = False) -> FieldError | None:
    """Write `value` at `path` (creating missing objects; a list index may be the next free one, which appends).

    Returns a FieldError instead of raising, so one bad cell marks its row, not the batch."""
    node: Any = doc
    sub = schema
    for depth, part in enumerate(path[:-1]):
        sub = sub["items"] if isinstance(part, int) else sub["properties"][part]
        if isinstance(part, int):
            if not isinstance(node, list):
                return _not_container(path, depth)
            if part > len(node):
                return _gap(path, depth, len(node))
            if part == len(node):
                node.append(_empty_like(sub))
        elif not isinstance(node, dict):
            return _not_container(path, depth)
        elif node.get(part) is None:
            node[part] = _empty_like(sub)
        node = node[part]
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(node, list):
            return _not_container(path, len(path) - 1)
        if last > len(node) or (delete and last == len(node)):
            return _gap(path, len(path) - 1, len(node))
        if delete:
            del node[last]
        elif last == len(node):
            node.append(value)
        else:
            node[last] = value
        return None
    if not isinstance(node, dict):
        return _not_container(path, len(path) - 1)
    if delete:
        node.pop(last, None)
    else:
        node[last] = value
    return None


def _not_container(path: Path, depth: int) -> FieldError:
    where = format_path(path[:depth]) or "(gốc)"
    return FieldError(format_path(path), f"{where} trong văn bản gốc không có dạng phù hợp để ghi vào "
                      f"{format_path(path)}", f"{where} in the base document has the wrong shape for "
                      f"{format_path(path)}")


def _gap(path: Path, depth: int, length: int) -> FieldError:
    where = format_path(path[:depth])
    return FieldError(format_path(path), f"{where} chỉ có {length} phần tử (đánh số từ 0); chỉ thêm được phần tử "
                      f"[{length}]", f"{where} has {length} element(s) (counted from 0); only [{length}] can be "
                      f"added")
