"""OOXML fragments the template cannot express with text alone, inserted with docxtpl's `{{p … }}` tag."""
from __future__ import annotations

from markupsafe import Markup

from service.render.tables import with_type_parts  # tables and the per-type parts' short lines

RULE_STYLE_ID = "VBDuongke"  # the template's "VB Duong ke" style: a 1-pt empty paragraph


def rule_paragraph(indents: tuple[int, int], after_pt: int = 0) -> Markup:
    """An empty paragraph whose bottom border is a centred short line between the given indents (twips)."""
    left, right = (int(v) for v in indents)
    after = int(after_pt) * 20
    return Markup(
        f'<w:p><w:pPr><w:pStyle w:val="{RULE_STYLE_ID}"/>'
        '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        f'<w:spacing w:before="0" w:after="{after}" w:line="20" w:lineRule="exact"/>'
        f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="0"/></w:pPr></w:p>'
    )


def with_parts(context: dict) -> dict:
    """Add the rule paragraphs to a composed context (a shallow copy; the composer's output stays plain data)."""
    d = dict(context["d"])
    for name, after in (("issuer_rule", 0), ("motto_rule", 0), ("summary_rule", 12)):
        d[name] = rule_paragraph(context["d"][name], after)
    return {**context, "d": with_type_parts(d, rule_paragraph)}
