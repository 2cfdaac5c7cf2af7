"""A draft to render from an imported document that lacks what its source lacks: each required element left out
gets an empty value of its schema's shape (an empty signer block, an empty list), as a draft leaves the number
empty. Nothing is invented: every value added is empty, and validation still lists each as a warning to complete.
"""
from __future__ import annotations

import copy
from typing import Any

from service.compose.context import build_context
from service.model.schema import schema_for
from service.render import template_path
from service.render.engine import CACHE
from service.render.ooxml import last_section_finish, with_parts
from service.validate import FieldError, InvalidDocument, review


def _empty(schema: dict) -> Any:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "null" in kinds:
        return None
    if "object" in kinds:
        props = schema.get("properties", {})
        return {k: _empty(props.get(k, {})) for k in schema.get("required", [])}
    if "array" in kinds:
        return []
    if "integer" in kinds or "number" in kinds:
        return None
    return ""


def _walk(schema: dict, parts: list[str]) -> dict:
    for part in parts:
        if part.isdigit():
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(part, {})
    return schema


def draft_for_render(doc: dict, missing: list[FieldError]) -> dict:
    """A copy of `doc` with every missing required element present and empty."""
    out = copy.deepcopy(doc)
    schema = schema_for(doc["type"])
    for err in missing:
        parts = [p for p in err.path.replace("[", ".").replace("]", "").split(".") if p]
        if not parts:
            continue
        target: Any = out
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        last = parts[-1]
        if isinstance(target, dict) and last not in target:
            target[last] = _empty(_walk(schema, parts))
    return out


def render_draft(doc: dict) -> bytes:
    """The .docx of an imported draft: required elements its source lacks render empty (they stay warnings to
    complete, service.validate.review); any other problem raises InvalidDocument."""
    errors, warnings = review(doc)
    if errors:
        raise InvalidDocument(errors)
    filled = draft_for_render(doc, [w for w in warnings if w.kind == "missing"])
    context = with_parts(build_context(filled))
    return CACHE.render(template_path(), context, last_section_finish(context))
