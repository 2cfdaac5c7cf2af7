"""OOXML for the per-type parts the template cannot express with text: body tables and the extra short lines.

Tables (report statistics) come from service/compose/tables.py: a bordered grid sized to the section's text
width, the header row repeated on every page (w:tblHeader), rows never split across pages, figures centred,
a total row in bold. The template places each with `{{p b.xml }}`.
"""
from __future__ import annotations

from typing import Callable

from markupsafe import Markup, escape

from service.compose.tables import is_numeric
from service.rules.layout import CELL_MARGIN

HEADER_STYLE_ID = "VBBangtieude"  # templates/build.py "VB Bang tieu de"
CELL_STYLE_ID = "VBBang"  # "VB Bang"
AFTER_STYLE_ID = "VBNoidung"  # an empty body paragraph after the table keeps two tables from merging


def _borders() -> str:
    sides = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return f"<w:tblBorders>{sides}</w:tblBorders>"


def _cell(text: str, width: int, style: str, *, center: bool, bold: bool) -> str:
    jc = '<w:jc w:val="center"/>' if center else ""
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{run}</w:p></w:tc>')


def table_xml(table: dict) -> Markup:
    """A w:tbl for a composed table (and the empty paragraph that follows it)."""
    widths = table["widths"]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    header = "".join(_cell(c, w, HEADER_STYLE_ID, center=True, bold=False) for c, w in zip(table["columns"], widths))
    rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"]
    for i, row in enumerate(table["rows"]):
        bold = table["total"] and i == len(table["rows"]) - 1
        cells = "".join(_cell(text, w, CELL_STYLE_ID, center=is_numeric(text), bold=bold)
                        for text, w in zip(row, widths))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    props = (f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>{_borders()}'
             f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
             f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr>')
    after = f'<w:p><w:pPr><w:pStyle w:val="{AFTER_STYLE_ID}"/></w:pPr></w:p>'
    return Markup(f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>{after}")


def _with_tables(blocks: list[dict]) -> list[dict]:
    return [{**b, "xml": table_xml(b["table"])} if b["kind"] == "table" else b for b in blocks]


def with_type_parts(d: dict, rule: Callable[[tuple[int, int], int], Markup]) -> dict:
    """Tables as OOXML in every block list, and the short lines of the attached document and the copy."""
    d = {**d, "blocks": _with_tables(d["blocks"])}
    if d.get("attached"):
        att = d["attached"]
        d["attached"] = {**att, "blocks": _with_tables(att["blocks"]), "summary_rule": rule(att["summary_rule"], 12)}
    d["appendices"] = [{**a, "blocks": _with_tables(a["blocks"])} for a in d.get("appendices") or []]
    if d.get("copy_part"):
        d["copy_part"] = {**d["copy_part"], "issuer_rule": rule(d["copy_part"]["issuer_rule"], 0)}
    return d
