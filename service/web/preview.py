"""The HTML preview of a document: the same compose context as the .docx, laid out on an A4 sheet in CSS.

Every printed string (labels `I.` `1.` `a)` `Điều 1.`, the number line, the date line, `Nơi nhận`, tables,
the attached regulation, appendices, the copy block) comes from service.compose.context.build_context, exactly
as the template receives it, so the preview cannot number a document differently from the file. Geometry comes
from service.rules.layout and sizes from service.rules.nd30; the spacing before/after mirrors the "VB …" styles
of templates/build.py.
"""
from __future__ import annotations

from flask import render_template

from service.compose.context import build_context
from service.document import Document
from service.compose.tables import is_numeric
from service.rules import layout, nd30

# Content-Security-Policy of a preview page: no scripts, no network, only its own inline style.
PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")


def mm(twips: float) -> float:
    return round(twips / layout.TWIPS_PER_MM, 2)


def _rule_width(indents: tuple[int, int], column_twips: int) -> float:
    """The short line's length: the column between the composer's left and right indents."""
    left, right = indents
    return mm(max(column_twips - left - right, 0))


def geometry(d: dict) -> dict:
    """Page, column and short-line sizes in millimetres, element sizes in points."""
    cell = layout.CELL_MARGIN
    return {
        "page_w": nd30.PAGE_A4_MM[0],
        "page_h": nd30.PAGE_A4_MM[1],
        "margin": dict(nd30.MARGINS_CHOSEN_MM),
        "head_left": mm(layout.HEADER_LEFT_W),
        "head_right": mm(layout.HEADER_RIGHT_W),
        "foot_left": mm(layout.FOOTER_LEFT_W),
        "foot_right": mm(layout.FOOTER_RIGHT_W),
        "cell_pad": mm(cell),
        "issuer_rule": _rule_width(d["issuer_rule"], layout.HEADER_LEFT_W - 2 * cell),
        "motto_rule": _rule_width(d["motto_rule"], layout.HEADER_RIGHT_W - 2 * cell),
        "summary_rule": _rule_width(d["summary_rule"], layout.TEXT_W),
        "attached_rule": _rule_width(d["attached"]["summary_rule"], layout.TEXT_W) if d.get("attached") else 0,
        "copy_rule": _rule_width(d["copy_part"]["issuer_rule"], layout.FOOTER_LEFT_W - 2 * cell)
        if d.get("copy_part") else 0,
        "table_size": layout.TABLE_SIZE,
        "indent_mm": nd30.FIRST_LINE_INDENT_CHOSEN_CM * 10,
        "space_after": nd30.MIN_SPACE_AFTER_PT,
        "kinh_gui_indent": layout.KINH_GUI_INDENT_MM,
        "size": {name: style.chosen for name, style in nd30.ELEMENTS.items()},
        "font": nd30.FONT,
    }


def preview_html(document: Document) -> str:
    """A standalone HTML page (inline CSS, no script) of a Document (service.parse)."""
    context = build_context(document)
    d = context["d"]
    return render_template("preview.html", d=d, geo=geometry(d), meta=context["meta"],
                           headings={"noi_nhan": nd30.NOI_NHAN_HEADING, "kinh_gui": nd30.KINH_GUI_HEADING},
                           is_numeric=is_numeric, twips_per_mm=layout.TWIPS_PER_MM)
