"""Render a document to .docx: validate → compose → fill the type's template through the compiled engine."""
from __future__ import annotations

from pathlib import Path

from service.compose.context import build_context
from service.render.engine import CACHE
from service.render.parts import last_section_finish, with_parts
from service.validate import ensure_valid

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
BASE_TEMPLATE = "van-ban.docx"


def template_path() -> Path:
    """Every type renders through the one base layout (types differ by data, see service/rules/types.py)."""
    return TEMPLATES_DIR / BASE_TEMPLATE


def render_context(doc: dict, *, validated: bool = False) -> dict:
    """The full context handed to the template, after validation (skipped when the caller has just validated)."""
    return with_parts(build_context(doc if validated else ensure_valid(doc)))


def render_docx(doc: dict, *, validated: bool = False) -> bytes:
    """The .docx bytes of a valid document; raises service.validate.InvalidDocument with every problem.

    `validated=True` is for callers that validated this very dict a moment ago (the API answers the errors
    itself): a 2,000-row table costs about half a second to validate."""
    context = render_context(doc, validated=validated)
    return CACHE.render(template_path(), context, last_section_finish(context))
