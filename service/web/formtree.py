"""The staff form, generated from a type's JSON Schema: a tree of groups, repeatable lists and fields.

Labels and help come from the schema's `title`/`description`; `required`, `maxLength`, `minLength`, `pattern`,
`minimum`/`maximum` become the browser's checks; an array of objects becomes a repeatable group (add, remove,
move), an array of strings a repeatable line. Each field's `name` is its JSON path exactly as the validator
reports it (`body.sections[0].items[2].title`), so a server error lands next to its field by name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from service.model.schema import LINE, TEXT_PATTERN
from service.rules import nd30
from service.validate import FieldError

# How the form groups the schema's top-level fields into steps; a field the schema gains later and no step
# lists still appears, in "Thành phần khác".
STEPS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("chung", "Thông tin chung", ("agency", "issuer", "number", "place", "date", "summary"), False),
    ("noi-dung", "Nội dung văn bản", ("kinh_gui", "opening", "body", "closing"), False),
    ("ky", "Nơi nhận và người ký", ("noi_nhan", "luu", "signer"), False),
    ("khac", "Thành phần khác (không bắt buộc)",
     ("symbol", "urgency", "secrecy", "circulation", "drafter", "address"), True),
)
# Option labels for enums whose values are abbreviations (App.I §4 ô 7a).
ENUM_LABELS = {"authority": nd30.AUTHORITIES}
NONE_OPTION = "— Không có —"
CHOOSE_OPTION = "— Chọn —"
TEXTAREA_KEYS = {"summary": 2}  # one-line in the schema's sense but usually long: show two rows


_INDEX = re.compile(r"\[\d+\]")


def field_id(path: str) -> str:
    """`body.sections[0].title` → `f-body-sections-0-title` (the same function exists in form.js)."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def short_title(title: str) -> str:
    """`Phần (mục La Mã)` → `Phần`: the word a repeated item's legend starts with."""
    return re.sub(r"\s*\(.*?\)\s*", " ", title).strip()


@dataclass
class Node:
    kind: str  # "field" | "group" | "list"
    key: str | int
    path: str
    label: str
    help: str = ""
    required: bool = False
    widget: str = "text"  # field: text | textarea | number | select | hidden
    value: Any = None
    rows: int = 0
    options: list[tuple[str, str]] = field(default_factory=list)
    checks: dict[str, Any] = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)
    template: "Node | None" = None  # list: a new empty item (rendered once per template_key, see templates())
    item_label: str = ""  # list: legend word of one item, e.g. "Phần"
    item_kind: str = ""  # list: "group" | "field" | "list" (a list of lists: table rows)
    ordinal: int = 0  # list item: 1-based position
    errors: list[str] = field(default_factory=list)
    autofocus: bool = False
    value_type: str = "string"  # field: string | text-or-number | integer | number | boolean | enum | const

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(c.has_errors for c in self.children)

    @property
    def id(self) -> str:
        return field_id(self.path)

    @property
    def template_key(self) -> str:
        """The list's place in the schema: all `body.sections[i].items` share one template, `body.sections[].items`."""
        return _INDEX.sub("[]", self.path)

    @property
    def display_value(self) -> str:
        if self.value is None or isinstance(self.value, (dict, list)):
            return ""
        if isinstance(self.value, bool):
            return "true" if self.value else ""
        return str(self.value)


def _types(schema: dict) -> list[str]:
    t = schema.get("type")
    return [t] if isinstance(t, str) else list(t or [])


def _is_object(schema: dict) -> bool:
    return "properties" in schema


def _is_array(schema: dict) -> bool:
    return "array" in _types(schema) and isinstance(schema.get("items"), dict)


def _leaf(key, path: str, schema: dict, value, required: bool) -> Node:
    node = Node("field", key, path, schema.get("title", str(key)), schema.get("description", ""), required,
                value=value)
    if "const" in schema:
        node.widget, node.value, node.value_type = "hidden", schema["const"], "const"
        return node
    if "enum" in schema:
        node.widget, node.value_type = "select", "enum"
        labels = ENUM_LABELS.get(str(key), {})
        empty = NONE_OPTION if None in schema["enum"] else CHOOSE_OPTION  # empty = left out
        node.options = [("", empty)] + [(str(v), f"{v} ({labels[v]})" if v in labels else str(v))
                                        for v in schema["enum"] if v is not None]
        return node
    types = _types(schema)
    if types == ["boolean"]:
        node.widget, node.value_type = "checkbox", "boolean"
        return node
    if "string" not in types and ("integer" in types or "number" in types):
        node.widget = "number"
        node.value_type = "integer" if "integer" in types else "number"
        for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if k in schema:
                node.checks[k] = schema[k]
        return node
    if "number" in types:  # text or a figure (table cells): see formdata._CANONICAL
        node.value_type = "text-or-number"
    for k in ("maxLength", "minLength", "pattern"):
        if k in schema and not (k == "pattern" and schema[k] == TEXT_PATTERN):  # the server's check, not a form's
            node.checks[k] = schema[k]
    if schema.get("maxLength", 0) > LINE:
        node.widget, node.rows = "textarea", 4
    elif str(key) in TEXTAREA_KEYS:
        node.widget, node.rows = "textarea", TEXTAREA_KEYS[str(key)]
    return node


def _item_kind(schema: dict) -> str:
    return "group" if _is_object(schema) else ("list" if _is_array(schema) else "field")


def build(key, path: str, schema: dict, value, *, required: bool = False, member: bool = False) -> Node:
    """The form node of one schema position holding `value` (None for an empty form)."""
    if _is_object(schema):
        value = value if isinstance(value, dict) else {}
        node = Node("group", key, path, schema.get("title", str(key)), schema.get("description", ""), required)
        needed = set(schema.get("required", []))
        for k, sub in schema["properties"].items():
            node.children.append(build(k, f"{path}.{k}" if path else k, sub, value.get(k), required=k in needed))
        return node
    if _is_array(schema):
        items_schema = schema["items"]
        values = value if isinstance(value, list) else []
        if not values and required and schema.get("minItems"):  # start with the entries the schema needs
            values = [None] * min(schema["minItems"], 20)
        title = items_schema.get("title", str(key))
        node = Node("list", key, path, schema.get("title", str(key)), schema.get("description", ""), required,
                    item_label=short_title(title), item_kind=_item_kind(items_schema))
        for k in ("minItems", "maxItems"):
            if k in schema:
                node.checks[k] = schema[k]
        for i, v in enumerate(values):
            node.children.append(_item(node, i, items_schema, v))
        node.template = _item(node, 0, items_schema, None)
        return node
    return _leaf(key, path, schema, value, required or (member and schema.get("minLength", 0) >= 1))


def _item(list_node: Node, index: int, schema: dict, value) -> Node:
    child = build(index, f"{list_node.path}[{index}]", schema, value, member=True)
    child.ordinal = index + 1
    child.label = f"{list_node.item_label} {index + 1}"
    return child


def index(root: Node) -> dict[str, Node]:
    """Every node of the live form by path (templates excluded)."""
    out: dict[str, Node] = {}

    def walk(n: Node) -> None:
        out[n.path] = n
        for c in n.children:
            walk(c)

    walk(root)
    return out


_LAST = re.compile(r"(\[\d+\]|\.[^.\[]+)$")


def attach_errors(root: Node, errors: list[FieldError]) -> list[FieldError]:
    """Put each error on its field, or on the nearest enclosing group or list; return those that fit nowhere."""
    nodes = index(root)
    loose = []
    for err in errors:
        path = err.path
        while path and path not in nodes:
            shorter = _LAST.sub("", path)
            path = shorter if shorter != path else ""
        if path and path in nodes:
            nodes[path].errors.append(err.vi)
        else:
            loose.append(err)
    return loose


def steps(root: Node) -> list[dict]:
    """The root's children grouped into the form's steps (schema order inside each step)."""
    by_key = {c.key: c for c in root.children}
    placed: set = set()
    out = []
    for slug, title, keys, collapsed in STEPS:
        nodes = [by_key[k] for k in keys if k in by_key]
        placed.update(k for k in keys if k in by_key)
        if nodes:
            out.append({"slug": slug, "title": title, "nodes": nodes, "collapsed": collapsed,
                        "has_errors": any(n.has_errors for n in nodes)})
    rest = [c for c in root.children if c.key not in placed and c.widget != "hidden"]
    if rest:
        out[-1]["nodes"].extend(rest)
    return out


def templates(root: Node) -> list[Node]:
    """One list node per template_key (its `template` is the new-item markup app.js clones), nested ones too."""
    seen: dict[str, Node] = {}

    def walk(n: Node) -> None:
        if n.kind == "list" and n.template_key not in seen:
            seen[n.template_key] = n
        for c in n.children:
            walk(c)
        if n.template is not None:
            walk(n.template)

    walk(root)
    return list(seen.values())


def hidden_fields(root: Node) -> list[Node]:
    return [c for c in root.children if c.kind == "field" and c.widget == "hidden"]


def form_tree(schema: dict, doc: dict | None, errors: list[FieldError] | None = None) -> tuple[Node, list]:
    """The whole form for `doc` (may be partial or invalid) with errors attached; returns (root, loose errors)."""
    root = build("", "", schema, doc or {})
    loose = attach_errors(root, errors or [])
    return root, loose


def error_anchor(root: Node, err: FieldError) -> str:
    """The id an error-summary link points to: the field, or its nearest enclosing node."""
    nodes = index(root)
    path = err.path
    while path and path not in nodes:
        shorter = _LAST.sub("", path)
        path = shorter if shorter != path else ""
    return field_id(path) if path else "form-errors"
