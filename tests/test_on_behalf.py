"""A deputy signing for the head of a collective body: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
(App.I §4 ô 7a). The signer's optional `on_behalf` holds the collective; rendered as three bold lines above the
name (in the .docx and through LibreOffice in the PDF), imported from text and .docx, checked by the checker and
kept by the web form."""
from __future__ import annotations

import copy
import io
import json

import pytest
from lxml import html as lxml_html

from csrf_client import CsrfClient
from docx_helpers import W, body_paragraphs, paragraph_text, part
from form_values import without_nulls
from service.check import check_docx
from service.importer import import_document
from service.model.schema import schema_for
from service.render import render_docx
from service.validate import validate

SIGNER = {"authority": "KT.", "head_title": "CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "name": "Nguyễn Văn An",
          "on_behalf": "ỦY BAN NHÂN DÂN"}
LINES = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


@pytest.fixture
def decision(plan_doc) -> dict:
    """The seed plan signed by the province's deputy chair for the committee."""
    doc = copy.deepcopy(plan_doc)
    doc["signer"] = dict(SIGNER)
    return doc


def signature_cell(data: bytes) -> list[tuple[str, bool, str]]:
    """(text, bold set on the runs, style) of each non-empty paragraph of the signature cell: the last table's last cell."""
    body = part(data, "word/document.xml").find(f"{{{W}}}body")
    table = body.findall(f".//{{{W}}}tbl")[-1]
    cell = table.findall(f".//{{{W}}}tc")[-1]
    out = []
    for p in cell.iter(f"{{{W}}}p"):
        text = paragraph_text(p)
        if text.strip():
            style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
            bold = all(r.find(f"{{{W}}}rPr/{{{W}}}b") is not None for r in p.iter(f"{{{W}}}r")
                       if "".join(t.text or "" for t in r.iter(f"{{{W}}}t")).strip())
            out.append((text, bold, style.get(f"{{{W}}}val") if style is not None else ""))
    return out


def test_the_schema_describes_on_behalf_in_vietnamese():
    prop = schema_for("ke_hoach")["properties"]["signer"]["properties"]["on_behalf"]
    assert prop["title"] == "Thay mặt tập thể" and "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH" in prop["description"]


def test_on_behalf_is_optional_and_needs_kt_or_q(decision, plan_doc):
    assert validate(plan_doc) == []  # documents without it are unchanged
    assert validate(decision) == []
    acting = copy.deepcopy(decision)
    acting["signer"].update(authority="Q.", head_title=None, position="CHỦ TỊCH")
    del acting["signer"]["head_title"]
    assert validate(acting) == []
    wrong = copy.deepcopy(decision)
    wrong["signer"]["authority"] = "TL."
    errors = validate(wrong)
    assert [e.path for e in errors] == ["signer.authority"] and "KT., Q." in errors[0].vi


def test_render_prints_three_lines_above_the_name(decision, plan_doc):
    cell = signature_cell(render_docx(decision))
    assert [t for t, _, _ in cell] == [*LINES, "Nguyễn Văn An"]
    assert cell[0][2] == cell[1][2]  # the TM. line is set as the authority line is (bold upper: the checker)
    plain = signature_cell(render_docx(plan_doc))  # without on_behalf: no empty line where TM. would go
    assert [t for t, _, _ in plain] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trương Đức Huấn"]
    assert len([p for p in body_paragraphs(render_docx(plan_doc)) if paragraph_text(p) == ""]) == \
        len([p for p in body_paragraphs(render_docx(decision)) if paragraph_text(p) == ""])


def test_the_rendered_block_checks_clean_and_imports_back(decision):
    data = render_docx(decision)
    report = check_docx(data)
    assert not [f for f in report.errors if f.element in ("authority", "position", "signer_name")], report.errors
    assert import_document(data, "docx").doc["signer"] == SIGNER


def test_imported_from_text_without_dots():
    text = "\n".join(["UBND TỈNH BẮC GIANG", "Số: 15/QĐ-UBND", "Bắc Giang, ngày 05 tháng 3 năm 2024",
                      "QUYẾT ĐỊNH", "Về việc thành lập Tổ công tác", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
                      "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "QUYẾT ĐỊNH:",
                      "Điều 1. Thành lập Tổ công tác.", "Điều 2. Quyết định này có hiệu lực từ ngày ký./.",
                      "Nơi nhận:", "- Như Điều 2;", "- Lưu: VT, NC.",
                      "TM ỦY BAN NHÂN DÂN", "KT CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Nguyễn Văn An"])
    doc = import_document(text.encode(), "txt").doc
    assert doc["signer"] == SIGNER


@pytest.mark.parametrize("second, rule", [("TL. CHỦ TỊCH", "ND30-I.4.authority"), ("KT CHỦ TỊCH", "ND30-I.4.authority")])
def test_checker_reads_the_second_authority_line(second, rule):
    from test_check_handmade import handmade_plan

    report = check_docx(handmade_plan(signer=("TM. ỦY BAN NHÂN DÂN", second, "PHÓ CHỦ TỊCH", "", "", "Nguyễn Văn An")))
    assert any(f.rule == rule and second.split(" ")[0] in f.found for f in report.errors), report.errors


def test_checker_wants_the_position_under_kt_after_tm():
    from test_check_handmade import handmade_plan

    bare = check_docx(handmade_plan(signer=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "", "", "Nguyễn Văn An")))
    assert any(f.element == "position" and "KT. CHỦ TỊCH" in f.message_vi for f in bare.errors)
    full = check_docx(handmade_plan(signer=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "",
                                            "Nguyễn Văn An")))
    assert not [f for f in full.errors if f.element in ("position", "authority")], full.errors
    head = check_docx(handmade_plan(signer=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Nguyễn Văn An")))
    assert not [f for f in head.errors if f.element in ("position", "authority")], head.errors


def test_web_form_shows_on_behalf_and_round_trips(app, decision):
    from service.web.formdata import document_from_form

    app.test_client_class = CsrfClient
    client = app.test_client()
    r = client.post("/form/ke_hoach/import", data={"file": (io.BytesIO(json.dumps(decision, ensure_ascii=False)
                                                                     .encode()), "vb.json")},
                    content_type="multipart/form-data")
    assert r.status_code == 200
    tree = lxml_html.fromstring(r.data)
    form = tree.get_element_by_id("doc-form")
    field = form.xpath('.//input[@name="signer.on_behalf"]')
    assert len(field) == 1 and field[0].get("value") == "ỦY BAN NHÂN DÂN"
    label = tree.xpath(f'//label[@for="{field[0].get("id")}"]')
    assert label and "Thay mặt tập thể" in label[0].text_content()
    pairs = [(k, v) for k, v in form.form_values() if k != "_action"]
    assert document_from_form(pairs, schema_for("ke_hoach")) == without_nulls(decision)


@pytest.mark.libreoffice
def test_pdf_prints_the_three_lines_in_order(decision):
    from pdfminer.high_level import extract_text

    from service.convert import shutdown, to_pdf

    try:
        pdf = to_pdf(render_docx(decision))
    finally:
        shutdown()
    text = extract_text(io.BytesIO(pdf))
    positions = [text.find(line) for line in [*LINES, "Nguyễn Văn An"]]
    assert -1 not in positions and positions == sorted(positions), (positions, text[-600:])


def test_preview_prints_the_three_lines(app, decision):
    """The form's HTML preview places the signature block as the .docx does."""
    from werkzeug.datastructures import MultiDict

    app.test_client_class = CsrfClient
    client = app.test_client()
    r = client.post("/form/ke_hoach/import", data={"file": (io.BytesIO(json.dumps(decision, ensure_ascii=False)
                                                                     .encode()), "vb.json")},
                    content_type="multipart/form-data")
    form = lxml_html.fromstring(r.data).get_element_by_id("doc-form")
    pairs = [(k, v) for k, v in form.form_values() if k != "_action"]
    preview = client.post("/form/ke_hoach", data=MultiDict([*pairs, ("_action", "preview")]),
                          content_type="application/x-www-form-urlencoded")
    assert preview.status_code == 200
    lines = [p.text_content() for p in lxml_html.fromstring(preview.data).xpath(
        '//p[contains(@class, "vb-authority") or contains(@class, "vb-position")]')]
    assert lines == LINES
