"""Render a Document to .docx: compose → fill the base template through the compiled engine.

No validation here: a Document is valid by construction (service.parse). `render_docx` and `render_context` also
take a JSON document, which they parse first — the convenience tests and scripts call with dicts."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from service.compose.context import build_context
from service.document import Document
from service.parse import as_document
from service.render.engine import CACHE
from service.render.ooxml import last_section_finish, with_parts

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
BASE_TEMPLATE = "van-ban.docx"


def template_path() -> Path:
    """Every type renders through the one base layout (types differ by data, see service/rules/types.py)."""
    return TEMPLATES_DIR / BASE_TEMPLATE


def render_context(doc: Document | dict[str, Any]) -> dict:
    """The full context handed to the template (a JSON document is parsed first: InvalidDocument)."""
    return with_parts(build_context(as_document(doc)))


def render_docx(doc: Document | dict[str, Any]) -> bytes:
    """The .docx bytes of a Document; a JSON document is parsed first (raises service.validate.InvalidDocument with
    every problem)."""
    context = render_context(doc)
    return CACHE.render(template_path(), context, last_section_finish(context))
