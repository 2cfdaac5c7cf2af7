"""Checker findings for forms seen in practice ([import-real]): a summary typed in capitals, an authority line
without the signer's position, a type name printed on a công văn, bold switched off by a character style, and
placeholders of other template syntaxes left unfilled."""
from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from service.check import check_docx
from test_check_handmade import _find, handmade_plan


def _reload(data: bytes, mutate) -> bytes:
    doc = Document(io.BytesIO(data))
    mutate(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _findings(data: bytes, rule: str) -> list:
    return [f for f in check_docx(data).findings if f.rule == rule]


def test_summary_in_capitals_is_warned():
    def capitals(doc):
        for run in _find(doc, "Công tác văn thư, lưu trữ năm 2024").runs:
            run.text = run.text.upper()
    [finding] = _findings(_reload(handmade_plan(), capitals), "ND30-I.2.summary")
    assert finding.severity == "warning" and "viết hoa toàn bộ" in finding.message_vi


def test_authority_without_position():
    report = check_docx(handmade_plan(signer=("KT. CHỦ TỊCH", "", "", "Nguyễn Văn An")))
    assert any(f.element == "position" and "KT. CHỦ TỊCH" in f.message_vi for f in report.errors)
    assert not [f for f in check_docx(handmade_plan()).findings if f.element == "position"]


def test_type_name_printed_on_a_cong_van():
    def cong_van(doc):
        for run in _find(doc, "KẾ HOẠCH").runs:
            run.text = run.text.replace("KẾ HOẠCH", "CÔNG VĂN")
    findings = _findings(_reload(handmade_plan(number="Số: 15/UBND-VP"), cong_van), "ND30-I.2.type_name")
    assert any("CÔNG VĂN" in f.message_vi for f in findings)


def test_bold_turned_off_by_a_character_style_toggle():
    """The type name's paragraph style is bold; a character style that is also bold toggles it off (ECMA-376
    §17.7.3), so Word prints it regular — the checker must see that."""
    def toggle(doc):
        para_style = doc.styles.add_style("Ten loai", WD_STYLE_TYPE.PARAGRAPH)
        para_style.font.bold = True
        char_style = doc.styles.add_style("Nhan manh", WD_STYLE_TYPE.CHARACTER)
        char_style.font.bold = True
        p = _find(doc, "KẾ HOẠCH")
        p.style = para_style
        for run in p.runs:
            run.font.bold = None  # no direct formatting: the styles decide
            run.style = char_style
    findings = _findings(_reload(handmade_plan(), toggle), "ND30-I.2.type_name")
    assert any("in đậm" in f.message_vi for f in findings)


@pytest.mark.parametrize("placeholder", ["{ten_co_quan}", "${so_van_ban}", "«HoTen»", "[ngay_ky]"])
def test_placeholders_of_other_template_syntaxes(placeholder):
    def leave(doc):
        _find(doc, "Thực hiện Nghị định").runs[0].text += f" {placeholder}"
    findings = _findings(_reload(handmade_plan(), leave), "VB.template_tag")
    assert [f.found for f in findings] == [placeholder]


def test_brackets_that_are_not_placeholders_pass():
    def text(doc):
        _find(doc, "Thực hiện Nghị định").runs[0].text += " [1] (Đã ký) [daky]"
    assert _findings(_reload(handmade_plan(), text), "VB.template_tag") == []


def _paragraph_with(doc, start: str):
    """A paragraph of the body or of any table cell whose text starts with `start`."""
    paras = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return next(p for p in paras if p.text.startswith(start))


def test_cong_van_summary_in_capitals_is_warned():
    from service.render import render_docx
    from service.web import catalog

    def capitals(doc):
        p = _paragraph_with(doc, "V/v ")
        for run in p.runs:
            run.text = "V/v " + run.text[4:].upper() if run.text.startswith("V/v ") else run.text.upper()
    data = render_docx(catalog.example("cong_van"))
    assert _findings(data, "ND30-I.2.summary") == []
    [finding] = _findings(_reload(data, capitals), "ND30-I.2.summary")
    assert finding.element == "cv_summary" and finding.severity == "warning"
    assert "viết hoa toàn bộ" in finding.message_vi


def test_authority_line_made_regular_by_a_character_style_toggle():
    """The signer's authority line is bold through its paragraph style; a bold character style over it prints it
    regular (ECMA-376 §17.7.3)."""
    def toggle(doc):
        para_style = doc.styles.add_style("Quyen han", WD_STYLE_TYPE.PARAGRAPH)
        para_style.font.bold = True
        char_style = doc.styles.add_style("Dam", WD_STYLE_TYPE.CHARACTER)
        char_style.font.bold = True
        for start in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
            p = _paragraph_with(doc, start)
            p.style = para_style
            for run in p.runs:
                run.font.bold = None
                run.style = char_style
    assert not [f for f in check_docx(handmade_plan()).findings if f.element == "authority"]
    findings = [f for f in check_docx(_reload(handmade_plan(), toggle)).findings if f.element == "authority"]
    assert any("in đậm" in f.message_vi for f in findings)


@pytest.mark.parametrize("placeholder", ["[Tên cơ quan]", "{đơn_vị}", "«Họ tên»", "${ngày ký}"])
def test_placeholders_named_in_vietnamese(placeholder):
    def leave(doc):
        _find(doc, "Thực hiện Nghị định").runs[0].text += f" {placeholder}"
    findings = _findings(_reload(handmade_plan(), leave), "VB.template_tag")
    assert [f.found for f in findings] == [placeholder]


def test_a_placeholder_in_a_text_box_is_found_once():
    """Word writes a text box twice (DrawingML and its VML fallback); the reader reads it once, so one finding."""
    from lxml import etree

    from textbox_docx import box_run

    def boxed(doc):
        doc.paragraphs[0]._p.append(etree.fromstring(box_run(7, 300, 0, [("Kính gửi: «TenDonVi»", False)])))
    findings = _findings(_reload(handmade_plan(), boxed), "VB.template_tag")
    assert [f.found for f in findings] == ["«TenDonVi»"]
