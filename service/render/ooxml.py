"""OOXML fragments the template cannot express with text alone, inserted with docxtpl's `{{p … }}` tag."""
from __future__ import annotations

import re

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


def last_section_finish(context: dict) -> dict | None:
    """When the document ends with a landscape appendix, the body's final sectPr (which describes that last
    section) turns landscape. Done here, not with a tag in the template: Word rejects a template whose page
    size is not a number (App.I §1: landscape only for wide tables and appendices)."""
    last = context["d"].get("last_section") or {}
    if last.get("orient") != "landscape":
        return None

    def finish(xml: str) -> str:
        start = xml.rfind("<w:sectPr")
        head, tail = xml[:start], xml[start:]
        tail = re.sub(r"<w:pgSz\b[^>]*/>", f'<w:pgSz w:w="{last["w"]}" w:h="{last["h"]}" w:orient="landscape"/>',
                      tail, count=1)
        return head + tail

    return {"word/document.xml": finish}
