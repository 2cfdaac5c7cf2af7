"""Headers typed in Word text boxes: the agency name and number in one box, the national name, motto and date in
another. Each box is read once (not again from its VML fallback), the boxes in reading order wherever Word wrote
them in the file, and the importer takes the parent, issuer, number, place and date from them."""
from __future__ import annotations

import pytest

from service.importer import import_document
from service.reading import read_docx
from textbox_docx import textbox_docx

LEFT = [("UBND TỈNH BẮC GIANG", False), ("SỞ Y TẾ", True), ("Số: 125/KH-SYT", False)]
RIGHT = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True),
         ("Bắc Giang, ngày 12 tháng 3 năm 2024", False)]
PLAN_BODY = ["KẾ HOẠCH", "Phòng, chống dịch bệnh mùa hè năm 2024",
             "I. MỤC ĐÍCH, YÊU CẦU",
             "Chủ động phòng, chống dịch bệnh, không để dịch lớn xảy ra trên địa bàn tỉnh.",
             "II. NỘI DUNG",
             "Các bệnh viện tuyến tỉnh, tuyến huyện sẵn sàng thu dung, điều trị người bệnh.",
             "Nơi nhận:", "- UBND tỉnh (b/c);", "- Lưu: VT, NVY.", "GIÁM ĐỐC", "Nguyễn Văn Minh"]
BOX_TEXTS = [t for t, _ in LEFT + RIGHT]


def _box_lines(data: bytes) -> list[str]:
    return [ln.text for ln in read_docx(data).body_lines() if ln.para.textbox and ln.text]


@pytest.mark.parametrize("order", ["left_first", "right_first"])
def test_each_box_is_read_once_in_reading_order(order):
    boxes = [(-20, 0, LEFT), (250, 0, RIGHT)]
    data = textbox_docx(boxes if order == "left_first" else boxes[::-1], PLAN_BODY, centred=2)
    assert _box_lines(data) == BOX_TEXTS  # the VML fallback of each box is not read a second time
    doc = read_docx(data)
    cells = {ln.text: ln.para.cell for ln in doc.body_lines() if ln.para.textbox}
    assert cells["SỞ Y TẾ"][2] == 0 and cells["Độc lập - Tự do - Hạnh phúc"][2] == 1  # two columns, like a table
    assert cells["SỞ Y TẾ"][0] == cells["Độc lập - Tự do - Hạnh phúc"][0]


def test_stacked_boxes_read_column_by_column():
    """The number in its own box under the agency's box, the date under the national name's: column by column."""
    boxes = [(250, 60, RIGHT[2:]), (-20, 60, LEFT[2:]), (250, 0, RIGHT[:2]), (-20, 0, LEFT[:2])]
    assert _box_lines(textbox_docx(boxes, PLAN_BODY, centred=2)) == BOX_TEXTS


@pytest.mark.parametrize("order, vml_only", [("left_first", False), ("right_first", False), ("left_first", True)])
def test_import_takes_the_header_from_text_boxes(order, vml_only):
    boxes = [(-20, 0, LEFT), (250, 0, RIGHT)]
    data = textbox_docx(boxes if order == "left_first" else boxes[::-1], PLAN_BODY, centred=2, vml_only=vml_only)
    result = import_document(data, "docx")
    doc = result.doc
    assert doc["issuer"] == {"parent": "UBND TỈNH BẮC GIANG", "name": "SỞ Y TẾ", "abbr": "SYT"}
    assert (doc["type"], doc["number"], doc["place"], doc["date"]) == ("ke_hoach", 125, "Bắc Giang", "2024-03-12")
    assert doc["summary"] == "Phòng, chống dịch bệnh mùa hè năm 2024"
    assert doc["signer"]["name"] == "Nguyễn Văn Minh" and doc["luu"] == ["VT", "NVY"]
    assert result.found["issuer"] == "UBND TỈNH BẮC GIANG / SỞ Y TẾ"
    assert result.found["number"] == "Số: 125/KH-SYT"
    # the national name and motto were recognised, so nothing of the header is left over
    assert not set(BOX_TEXTS) & set(result.unplaced)
    assert [s["title"] for s in doc["body"]["sections"]] == ["Mục đích, yêu cầu", "Nội dung"]


def test_cong_van_number_and_summary_in_a_text_box():
    left = [("UBND TỈNH BẮC GIANG", False), ("SỞ Y TẾ", True), ("Số: 15/SYT-NVY", False),
            ("V/v tăng cường phòng, chống dịch sốt xuất huyết", False)]
    body = ["Kính gửi: Các bệnh viện tuyến huyện.",
            "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Y tế đề nghị các đơn vị chủ động phòng, chống dịch.",
            "Nơi nhận:", "- Như trên;", "- Lưu: VT, NVY.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Lan"]
    data = textbox_docx([(250, 0, RIGHT), (-20, 0, left)], body)
    result = import_document(data, "docx")
    doc = result.doc
    assert (doc["type"], doc["number"], doc["unit"], doc["date"]) == ("cong_van", 15, "NVY", "2024-03-12")
    assert doc["issuer"]["name"] == "SỞ Y TẾ" and doc["issuer"]["parent"] == "UBND TỈNH BẮC GIANG"
    assert doc["summary"] == "tăng cường phòng, chống dịch sốt xuất huyết"
    assert doc["kinh_gui"] == ["Các bệnh viện tuyến huyện"]
    assert doc["signer"] == {"authority": "KT.", "head_title": "GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
                             "name": "Trần Thị Lan"}


def test_a_box_in_the_body_stays_out_of_the_text():
    """A note or stamp in a box further down is not read into the body (as the checker always read it)."""
    from docx import Document as open_docx
    from lxml import etree
    import io

    from textbox_docx import box_run

    data = textbox_docx([(-20, 0, LEFT), (250, 0, RIGHT)], PLAN_BODY, centred=2)
    doc = open_docx(io.BytesIO(data))
    body_para = next(p for p in doc.paragraphs if p.text.startswith("Chủ động"))
    body_para._p.append(etree.fromstring(box_run(9, 300, 0, [("DỰ THẢO", True)])))
    out = io.BytesIO()
    doc.save(out)
    result = import_document(out.getvalue(), "docx")
    assert "DỰ THẢO" not in str(result.doc["body"]) and result.doc["issuer"]["name"] == "SỞ Y TẾ"


def test_the_checker_finds_the_header_in_text_boxes():
    """The checker stands on the same reading layer: the issuer, parent, number and date in boxes are located (their
    formatting is then checked as anywhere else), not reported missing."""
    from service.check import check_docx

    report = check_docx(textbox_docx([(250, 0, RIGHT), (-20, 0, LEFT)], PLAN_BODY, centred=2))
    assert {k: report.elements.get(k) for k in ("parent", "issuer", "number", "place_date", "national_name")} == {
        "parent": "UBND TỈNH BẮC GIANG", "issuer": "SỞ Y TẾ", "number": "Số: 125/KH-SYT",
        "place_date": "Bắc Giang, ngày 12 tháng 3 năm 2024", "national_name": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
    assert not [f for f in report.findings if f.found == "không có / missing"]
