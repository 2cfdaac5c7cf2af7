"""Import of .docx files: our own rendering round-trips to an equal model; a plan made by hand in Word (typed or
automatic numbering) comes back structured; what cannot be placed is reported."""
from __future__ import annotations

import copy
import io

import pytest
from docx import Document
from docx.shared import Pt

from service.check import check_docx
from service.importer import import_file
from service.render import render_docx
from test_check_handmade import add_word_list, handmade_plan


def test_rendered_fixture_round_trips(plan_doc, plan_docx):
    doc, unplaced = import_file(plan_docx)
    assert unplaced == []
    assert doc == plan_doc


def test_rendered_variant_round_trips(plan_doc):
    """Number, full date, urgency, addressees, section paragraphs, points with titles and bullets, drafter mark."""
    variant = copy.deepcopy(plan_doc)
    variant.update(number=5, date="2024-03-15", urgency="KHẨN", kinh_gui=["Ủy ban nhân dân tỉnh Bắc Giang"],
                   drafter={"symbol": "PL.", "copies": 30})
    sections = variant["body"]["sections"]
    sections[0]["paragraphs"] = ["Đoạn mở đầu của phần I, không đánh số."]
    sections[1]["items"][0]["points"] = [
        {"paragraphs": ["Tổ chức hội nghị quán triệt trong toàn ngành."]},
        {"title": "Tuyên truyền trên Trang thông tin điện tử", "paragraphs": ["Đăng tải tin, bài hằng tháng."],
         "bullets": ["Chuyên mục gương người tốt, việc tốt;", "Chuyên mục văn hóa công sở."]},
        {"paragraphs": ["Sơ kết 6 tháng."]}, {"paragraphs": ["Tổng kết năm."]},
        {"paragraphs": ["Khen thưởng."]}, {"paragraphs": ["Báo cáo kết quả."]},
    ]
    data = render_docx(variant)
    assert check_docx(data).errors == []
    doc, unplaced = import_file(data)
    assert unplaced == []
    assert doc == variant


def test_handmade_docx(tmp_path):
    path = tmp_path / "ke-hoach-tu-soan.docx"
    path.write_bytes(handmade_plan())
    doc, unplaced = import_file(path)
    assert unplaced == []
    assert doc["issuer"] == {"parent": "UBND TỈNH BẮC GIANG", "name": "SỞ NỘI VỤ", "abbr": "UBND"}
    assert doc["number"] == 15 and "symbol" not in doc  # KH-UBND is what the model derives
    assert (doc["place"], doc["date"]) == ("Bắc Giang", "2024-03-05")
    assert doc["summary"] == "Công tác văn thư, lưu trữ năm 2024"
    sections = doc["body"]["sections"]
    assert [len(s["items"]) for s in sections] == [2, 3, 2]
    training, inspection, _ = sections[1]["items"]
    assert training["title"] == "Tập huấn nghiệp vụ" and len(training["points"]) == 3
    assert training["points"][0]["paragraphs"][0].startswith("Tổ chức 02 lớp tập huấn")
    assert inspection["bullets"][1] == "Kiểm tra đột xuất khi có yêu cầu của lãnh đạo Sở."
    assert doc["signer"] == {"authority": "KT.", "head_title": "CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH",
                             "name": "Nguyễn Văn An"}
    assert doc["noi_nhan"] == ["Các phòng, đơn vị trực thuộc Sở", "Lãnh đạo Sở"] and doc["luu"] == ["VT", "VP"]
    # and the imported plan renders into a conforming document
    assert check_docx(render_docx(doc)).errors == []


def _list_numbering(doc) -> None:
    """A Word multilevel list: I. / 1. / a) — the counters, not typed text, print the labels."""
    add_word_list(doc, 77, [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")])


AUTO_BODY = [
    (0, "MỤC TIÊU", True),
    (1, "Bảo đảm 100% văn bản đi được kiểm tra thể thức trước khi ban hành.", False),
    (1, "Không để xảy ra trùng số văn bản trong năm.", False),
    (0, "NHIỆM VỤ", True),
    (1, "Rà soát mẫu văn bản", True),
    (2, "Cập nhật mẫu kế hoạch, báo cáo theo Phụ lục III.", False),
    (2, "Hướng dẫn các phòng sử dụng mẫu mới.", False),
    (1, "Kiểm tra định kỳ hằng quý và báo cáo kết quả về Văn phòng Sở./.", False),
]


def _auto_numbered(doc) -> None:
    _list_numbering(doc)
    body_end = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Nghị định"))._p
    for level, text, bold in AUTO_BODY:
        p = doc.add_paragraph()
        p.add_run(text).bold = bold
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = 77
        body_end.addnext(p._p)
        body_end = p._p


def test_handmade_docx_with_word_list_numbering():
    data = handmade_plan(body=(), mutate=_auto_numbered)
    report = check_docx(data)
    assert report.errors == [], "\n".join(map(str, report.findings))
    doc, unplaced = import_file(data)
    assert unplaced == []
    sections = doc["body"]["sections"]
    assert [s["title"] for s in sections] == ["Mục tiêu", "Nhiệm vụ"]
    assert sections[0]["items"][1] == {"paragraphs": ["Không để xảy ra trùng số văn bản trong năm."]}
    review = sections[1]["items"][0]
    assert review["title"] == "Rà soát mẫu văn bản"
    assert [p["paragraphs"][0] for p in review["points"]] == ["Cập nhật mẫu kế hoạch, báo cáo theo Phụ lục III.",
                                                              "Hướng dẫn các phòng sử dụng mẫu mới."]


def _extras(doc) -> None:
    """A statistics table in the body and an appendix after the signature: not part of the model."""
    anchor = next(p for p in doc.paragraphs if p.text.startswith("3. Số hóa"))
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Chỉ tiêu thống kê"
    table.cell(0, 1).text = "120 hồ sơ"
    anchor._p.addnext(table._tbl)
    p = doc.add_paragraph("Phụ lục")
    p.runs[0].font.size = Pt(14)
    doc.add_paragraph("DANH MỤC HỒ SƠ CẦN SỐ HÓA")


def test_what_cannot_be_placed_is_reported():
    doc, unplaced = import_file(handmade_plan(mutate=_extras))
    assert unplaced == ["Chỉ tiêu thống kê", "120 hồ sơ", "Phụ lục", "DANH MỤC HỒ SƠ CẦN SỐ HÓA"]
    assert len(doc["body"]["sections"]) == 3


def test_import_bytes_detects_docx(plan_docx, plan_doc):
    doc, _ = import_file(plan_docx)  # bytes without a kind: the ZIP signature says .docx
    assert doc["signer"] == plan_doc["signer"]


def test_empty_docx_gives_an_empty_model_not_a_crash():
    out = io.BytesIO()
    Document().save(out)
    doc, unplaced = import_file(out.getvalue(), kind="docx")
    assert unplaced == [] and doc["body"] == {"sections": []}
    assert check_docx(out.getvalue()).errors  # and the checker says what is missing


@pytest.mark.parametrize("text", ["", "Chỉ một dòng chữ.", "Nơi nhận:\n- Lưu: VT.", "I.\n1.\na)\n- \n"])
def test_odd_text_inputs_do_not_crash(text):
    doc, unplaced = import_file(text.encode("utf-8"), kind="txt")
    assert isinstance(doc, dict) and isinstance(unplaced, list)
