"""Reports and plans divided into parts ("Phần I", "PHẦN I", "Phần thứ nhất") above I./1./a): the model's highest
body level (sections) holds the parts and each level below moves down one, said in a note; nothing is dropped or
added, and the draft renders with every sentence."""
from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from corpus_support import norm, rendered_text
from service.importer import import_document
from service.importer.draft import render_draft
from service.reading import classify
from service.validate import review

HEADER = ["UBND TỈNH BẮC GIANG", "SỞ Y TẾ", "Số: 45/BC-SYT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "Bắc Giang, ngày 20 tháng 6 năm 2024", "BÁO CÁO",
          "Kết quả công tác y tế 6 tháng đầu năm 2024"]
BOTTOM = ["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT, KHTC.", "GIÁM ĐỐC", "Nguyễn Văn Minh"]
BODY = ["Phần I", "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN",
        "I. CÔNG TÁC PHÒNG BỆNH",
        "1. Tiêm chủng mở rộng",
        "Tỷ lệ tiêm chủng đầy đủ cho trẻ dưới 1 tuổi đạt 95%.",
        "a) Tiêm chủng thường xuyên",
        "- Tổ chức tiêm chủng tại 230 xã, phường, thị trấn.",
        "II. CÔNG TÁC KHÁM CHỮA BỆNH",
        "Tổng số lượt khám bệnh đạt 1,2 triệu lượt.",
        "PHẦN THỨ HAI: NHIỆM VỤ 6 THÁNG CUỐI NĂM",
        "I. NHIỆM VỤ TRỌNG TÂM",
        "1. Tiếp tục triển khai tiêm chủng mở rộng."]
SECTIONS = [
    {"title": "Đánh giá kết quả thực hiện", "items": [
        {"title": "CÔNG TÁC PHÒNG BỆNH", "points": [
            {"title": "Tiêm chủng mở rộng",
             "paragraphs": ["Tỷ lệ tiêm chủng đầy đủ cho trẻ dưới 1 tuổi đạt 95%."],
             "bullets": ["Tiêm chủng thường xuyên", "Tổ chức tiêm chủng tại 230 xã, phường, thị trấn."]}]},
        {"title": "CÔNG TÁC KHÁM CHỮA BỆNH", "paragraphs": ["Tổng số lượt khám bệnh đạt 1,2 triệu lượt."]}]},
    {"title": "Nhiệm vụ 6 tháng cuối năm", "items": [
        {"title": "NHIỆM VỤ TRỌNG TÂM", "points": [{"paragraphs": ["Tiếp tục triển khai tiêm chủng mở rộng."]}]}]},
]


@pytest.mark.parametrize("text, level, value, rest", [
    ("Phần I", "part", 1, ""), ("PHẦN II. KẾT QUẢ", "part", 2, "KẾT QUẢ"), ("Phần thứ nhất", "part", 1, ""),
    ("PHẦN THỨ HAI: NHIỆM VỤ", "part", 2, "NHIỆM VỤ"), ("Phần thứ ba. Kiến nghị", "part", 3, "Kiến nghị"),
    ("Phần thứ nhất của kế hoạch được giao cho Sở", "text", None, "Phần thứ nhất của kế hoạch được giao cho Sở"),
])
def test_parts_are_classified_above_sections(text, level, value, rest):
    lab = classify(text)
    assert (lab.level, lab.value, lab.rest) == (level, value, rest)


def _check_import(result) -> None:
    doc = result.doc
    assert doc["body"]["sections"] == SECTIONS
    assert result.unplaced == [] and "opening" not in doc
    assert any(n["path"] == "body" and "Phần" in n["message_vi"] for n in result.notes)
    errors, warnings = review(doc)
    assert errors == [] and warnings == []
    printed = rendered_text(render_draft(doc))
    for line in BODY:  # every sentence of the source is printed (labels aside: the renderer numbers)
        words = norm(classify(line).rest).rstrip(".:").casefold()
        assert not words or words in printed, line


def test_text_report_keeps_its_parts():
    _check_import(import_document("\n".join(HEADER + BODY + BOTTOM).encode(), "txt"))


def test_word_report_keeps_its_parts():
    """The same report typed in Word: header in a table, part headings centred and bold, body justified."""
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = HEADER[0]
    for line in HEADER[1:3]:
        left.add_paragraph(line)
    right.paragraphs[0].text = HEADER[3]
    for line in HEADER[4:6]:
        right.add_paragraph(line)
    for line in HEADER[6:]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    for line in BODY:
        p = doc.add_paragraph()
        heading = classify(line).level in ("part", "section", "item", "point") and not line.endswith(".") \
            or line.isupper()
        if classify(line).level == "part" or line == "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = heading
    bottom = doc.add_table(rows=1, cols=2)
    left, right = bottom.rows[0].cells
    left.paragraphs[0].text = BOTTOM[0]
    for line in BOTTOM[1:3]:
        left.add_paragraph(line)
    right.paragraphs[0].text = BOTTOM[3]
    right.add_paragraph(BOTTOM[4])
    doc.add_paragraph("")
    out = io.BytesIO()
    doc.save(out)
    _check_import(import_document(out.getvalue(), "docx"))


def test_parts_without_roman_sections_are_the_sections():
    body = ["PHẦN I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Công tác phòng bệnh được triển khai đồng bộ.",
            "PHẦN II. PHƯƠNG HƯỚNG", "1. Tiếp tục triển khai tiêm chủng mở rộng."]
    result = import_document("\n".join(HEADER + body + BOTTOM).encode(), "txt")
    assert result.doc["body"]["sections"] == [
        {"title": "Kết quả đạt được", "items": [{"paragraphs": ["Công tác phòng bệnh được triển khai đồng bộ."]}]},
        {"title": "Phương hướng", "items": [{"paragraphs": ["Tiếp tục triển khai tiêm chủng mở rộng."]}]}]
    assert not any(n["path"] == "body" for n in result.notes)  # nothing moved down
