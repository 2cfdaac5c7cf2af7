"""Turn a plain form POST back into a document, guided by the type's JSON Schema; apply the no-JS list buttons.

Field names are JSON paths (`body.sections[0].items[2].title`). The rules match `serialize` in static/app.js, so the
document built here from a form equals the one the browser sends to the API from the same form:
- a single value left empty is left out, and so is an object with nothing filled in, unless it is required
  or a list item (then it stays `{}` so the validator names its missing fields);
- an empty line inside a list stays `""` so its position, and the validator's path for it, stay stable;
- text is trimmed and Windows line ends become `\\n`; a number field that is not a number is sent as typed,
  for the validator to name; a ticked box is `true`.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,4}\])*$")
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_INT = re.compile(r"^[+-]?[0-9]{1,12}$")
_NUMBER = re.compile(r"^[+-]?[0-9]{1,12}(\.[0-9]{1,6})?$")
_CANONICAL = re.compile(r"^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$")  # how a JSON number prints: no "+", no "01"
OMIT = object()


def tokens(name: str) -> list[str | int] | None:
    """`body.sections[0].title` → ['body', 'sections', 0, 'title']; None for names that are not paths."""
    if not _NAME.match(name):
        return None
    return [m.group(1) if m.group(1) else int(m.group(2)) for m in _TOKEN.finditer(name)]


def _insert(tree: dict, path: list, value: str) -> None:
    node = tree
    for tok in path[:-1]:
        nxt = node.get(tok)
        if not isinstance(nxt, dict):
            nxt = {}
            node[tok] = nxt
        node = nxt
    last = path[-1]
    if not isinstance(node.get(last), dict):  # a value never replaces a subtree (hidden item markers)
        node[last] = value


def _types(schema: dict) -> list[str]:
    t = schema.get("type")
    return [t] if isinstance(t, str) else list(t or [])


def _leaf(value: Any, schema: dict, member: bool) -> Any:
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    types = _types(schema)
    if "const" in schema:
        return schema["const"]
    if not text:
        return "" if member else OMIT
    if types == ["boolean"]:
        return text in ("true", "on", "1")
    if "string" not in types:
        if "integer" in types and _INT.match(text):
            return int(text)
        if "number" in types and _NUMBER.match(text):
            number = float(text)
            return int(number) if number.is_integer() else number
    elif "number" in types and _CANONICAL.match(text):
        # A table cell may hold text or a figure; a figure written plainly ("12458", "-0.85") stays a number so
        # the composer prints it the Vietnamese way (12.458; -0,85) as it does for JSON numbers.
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


def _filled(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value not in (None, "")


def _coerce(raw: Any, schema: dict, *, member: bool = False, required: bool = False) -> Any:
    if "properties" in schema:
        raw = raw if isinstance(raw, dict) else {}
        needed = set(schema.get("required", ()))
        out = {}
        for key, sub in schema["properties"].items():
            if key in raw or (key in needed and "properties" in sub):
                v = _coerce(raw.get(key), sub, required=key in needed)
                if v is not OMIT:
                    out[key] = v
        # Kept when anything is filled in, or as `{}` when required or a list item so its own required
        # fields are named; an optional block left untouched disappears.
        return out if (member or required or _filled(out)) else OMIT
    if "array" in _types(schema) and isinstance(schema.get("items"), dict):
        if not isinstance(raw, dict):
            return OMIT
        items = [_coerce(raw[i], schema["items"], member=True) for i in sorted(k for k in raw if isinstance(k, int))]
        return items or OMIT
    return _leaf(raw, schema, member)


def document_from_form(pairs: Iterable[tuple[str, str]], schema: dict) -> dict:
    """The document a form submission describes (unknown names such as `_action` are ignored)."""
    tree: dict = {}
    for name, value in pairs:
        path = tokens(name)
        if path:
            _insert(tree, path, value)
    return _coerce(tree, schema, required=True)


# --- the list buttons without JavaScript: `_action=add:body.sections`, `remove:…[2]`, `up:…[2]`, `down:…[2]` --

def _resolve(doc: dict, path: list, schema: dict, *, create: bool) -> tuple[Any, dict] | None:
    """The value at `path` and its schema; with `create`, missing objects/lists on the way are made."""
    node, sch = doc, schema
    for tok in path:
        if isinstance(tok, int):
            if not isinstance(node, list) or not 0 <= tok < len(node):
                return None
            node, sch = node[tok], sch.get("items", {})
            continue
        if not isinstance(node, dict) or tok not in sch.get("properties", {}):
            return None
        sub = sch["properties"][tok]
        if tok not in node or node[tok] is None:
            if not create:
                return None
            node[tok] = [] if "array" in _types(sub) else {}
        node, sch = node[tok], sub
    return node, sch


def apply_action(doc: dict, action: str, schema: dict) -> str | None:
    """Apply one list button to the document in place; the path of the item to focus, or None if not applicable."""
    op, _, target = action.partition(":")
    path = tokens(target)
    if op not in ("add", "remove", "up", "down") or not path:
        return None
    if op == "add":
        found = _resolve(doc, path, schema, create=True)
        if not found or not isinstance(found[0], list):
            return None
        items, sch = found
        item_schema = sch.get("items", {})
        items.append({} if "properties" in item_schema else "")
        return f"{target}[{len(items) - 1}]"
    if not isinstance(path[-1], int):
        return None
    found = _resolve(doc, path[:-1], schema, create=False)
    if not found or not isinstance(found[0], list):
        return None
    items, i = found[0], path[-1]
    if not 0 <= i < len(items):
        return None
    parent = target[: target.rindex("[")]
    if op == "remove":
        del items[i]
        return f"{parent}[{min(i, len(items) - 1)}]" if items else parent
    j = i - 1 if op == "up" else i + 1
    if not 0 <= j < len(items):
        return target
    items[i], items[j] = items[j], items[i]
    return f"{parent}[{j}]"
