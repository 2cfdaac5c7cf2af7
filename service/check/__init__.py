"""Conformance checker: does a .docx — ours or made by hand in Word — follow Decree 30/2020/NĐ-CP's layout?

`check_docx(data)` reads the document with every style, default and theme font resolved, finds the decree's
elements by their content, and returns a Report of every deviation (rule id, element, found, required, in
Vietnamese and English). The decree's data comes from service/rules/nd30.py.
"""
from __future__ import annotations

from service.check.body import check_body
from service.check.bottom import check_kinh_gui, check_recipients, check_signer
from service.check.fonts import check_fonts
from service.check.header import check_header
from service.check.page import check_page
from service.check.report import ERROR, WARNING, Finding, Report
from service.check.sequences import check_sequences
from service.check.tags import check_tags
from service.reading.locate import locate
from service.reading.package import NotADocx
from service.reading.reader import read_docx

__all__ = ["check_docx", "Report", "Finding", "NotADocx", "ERROR", "WARNING"]


def check_docx(data: bytes) -> Report:
    """Every deviation from the decree's layout; raises NotADocx (bilingual message) if data is not a .docx."""
    doc = read_docx(data)
    report = Report()
    elements = locate(doc)
    check_page(doc, report)
    check_fonts(doc, report)
    check_header(doc, elements, report)
    check_kinh_gui(elements, report)
    check_sequences(elements.body, report)
    check_body(elements.body, report)
    check_recipients(elements, report)
    check_signer(elements, report)
    check_tags(doc, report)
    return report
