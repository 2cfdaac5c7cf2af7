"""The forms agencies really type, one class at a time: a công văn whose summary and type come from its symbol and
its `V/v` line, agency names over two lines, number forms, recipients wrapped over lines, every `Lưu` variant,
signer blocks with marks; and in Word: a header aligned with tabs, soft line breaks, tracked changes."""
from __future__ import annotations

import io

import pytest
from docx import Document as new_docx
from docx.oxml.ns import qn
from lxml import etree

from service.importer import import_document
from service.importer.draft import render_draft
from service.validate import review

CONG_VAN = """UBND TỈNH BẮC GIANG
SỞ GIÁO DỤC VÀ ĐÀO TẠO
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 215/SGDĐT – TC&CB
V/v báo cáo số lượng, chất lượng
đội ngũ nhà giáo năm học 2024-2025
Bắc Giang, ngày 05 tháng 9 năm 2024
Kính gửi:
Hiệu trưởng các trường trung học phổ thông;
Giám đốc Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên các huyện.
Để có cơ sở tổng hợp báo cáo Ủy ban nhân dân tỉnh, Sở Giáo dục và Đào tạo đề nghị các đơn vị thực hiện:
1. Rà soát số lượng giáo viên theo từng môn học.
2. Gửi báo cáo về Sở (qua Phòng Tổ chức cán bộ) trước ngày 20/9/2024.
Nơi nhận:
- Như trên;
- Giám đốc, các Phó Giám đốc Sở
(để biết);
Lưu VT, TC&CB.
KT GIÁM ĐỐC
PHÓ GIÁM ĐỐC
(Đã ký)
Nguyễn Văn Bình
"""


def test_cong_van_from_text_lines():
    result = import_document(CONG_VAN.encode(), "txt")
    doc = result.doc
    assert doc["type"] == "cong_van"  # from the symbol: no type-name line
    assert doc["issuer"] == {"parent": "UBND TỈNH BẮC GIANG", "name": "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "abbr": "SGDĐT"}
    assert (doc["number"], doc["unit"], doc.get("symbol")) == (215, "TC&CB", None)
    assert doc["summary"] == "báo cáo số lượng, chất lượng đội ngũ nhà giáo năm học 2024-2025"
    assert doc["kinh_gui"] == ["Hiệu trưởng các trường trung học phổ thông",
                               "Giám đốc Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên các huyện"]
    assert len(doc["body"]["items"]) == 2 and doc["opening"][0].startswith("Để có cơ sở")
    assert doc["noi_nhan"] == ["Giám đốc, các Phó Giám đốc Sở (để biết)"]
    assert doc["luu"] == ["VT", "TC&CB"]
    assert doc["signer"] == {"authority": "KT.", "head_title": "GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
                             "name": "Nguyễn Văn Bình"}
    assert result.unplaced == []
    assert any("SGDĐT-TC&CB" in n["message_vi"] for n in result.notes)  # the spaces and en dash, normalised
    errors, warnings = review(doc)
    assert errors == [] and [w.path for w in warnings] == ["symbol"]  # '&' in the unit: a form off the samples
    render_draft(doc)


@pytest.mark.parametrize("lines, parent, name", [
    (["BỘ TÀI NGUYÊN VÀ", "MÔI TRƯỜNG"], None, "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
    (["ỦY BAN NHÂN DÂN", "HUYỆN LỤC NAM"], None, "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM"),
    (["THỦ TƯỚNG", "CHÍNH PHỦ"], None, "THỦ TƯỚNG CHÍNH PHỦ"),
    (["UBND TỈNH BẮC GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"], "UBND TỈNH BẮC GIANG",
     "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    (["PHÒNG GD&ĐT HUYỆN NĂM CĂN", "TRƯỜNG TIỂU HỌC LÊ VĂN TÁM"], "PHÒNG GD&ĐT HUYỆN NĂM CĂN",
     "TRƯỜNG TIỂU HỌC LÊ VĂN TÁM"),
    (["TỈNH ỦY BẮC GIANG", "BAN TUYÊN GIÁO"], "TỈNH ỦY BẮC GIANG", "BAN TUYÊN GIÁO"),
    (["TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC", "CÔNG TY ĐIỆN LỰC BẮC GIANG"], "TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC",
     "CÔNG TY ĐIỆN LỰC BẮC GIANG"),
])
def test_agency_names_joined_or_split_by_rule(lines, parent, name):
    text = "\n".join(lines + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND", "Bắc Giang, ngày 05 tháng 3 năm 2024",
                              "KẾ HOẠCH", "Tổ chức hội nghị"])
    issuer = import_document(text.encode(), "txt").doc["issuer"]
    assert (issuer.get("parent"), issuer.get("name")) == (parent, name)


@pytest.mark.parametrize("type_line, line, number, symbol, warned", [
    ("QUYẾT ĐỊNH", "Số: 12 - QĐ/HU", 12, "QĐ/HU", True),  # party form, spaces around the hyphen
    ("QUYẾT ĐỊNH", "Số: 12-QĐ/TU-VP", 12, "QĐ/TU-VP", True),
    ("KẾ HOẠCH", "Số:  07 /KH – HU", 7, "KH-HU", False),  # stray spaces and an en dash, normalised
    (None, "Số: 15/HU", 15, "HU", True),  # a công văn without a drafting unit
])
def test_number_forms_are_normalised_not_lost(type_line, line, number, symbol, warned):
    from corpus_support import effective_symbol

    lines = ["HUYỆN ỦY LỤC NAM", line, "Lục Nam, ngày 05 tháng 3 năm 2024"]
    lines += [type_line, "Về việc thành lập tổ công tác"] if type_line else ["V/v thành lập tổ công tác",
                                                                              "Kính gửi: Các chi bộ trực thuộc."]
    result = import_document("\n".join(lines + ["Nội dung."]).encode(), "txt")
    assert (result.doc["number"], effective_symbol(result.doc)) == (number, symbol)
    errors, warnings = review(result.doc)
    assert not errors
    assert ("symbol" in {w.path for w in warnings}) == warned


@pytest.mark.parametrize("line, units", [
    ("- Lưu: VT, TH (2b), NV.05", ["VT", "TH (2b)", "NV.05"]),
    ("- Lưu (VT)", ["VT"]),
    ("Lưu VT", ["VT"]),
    ("- Lưu: VT.", ["VT"]),
])
def test_every_luu_variant(line, units):
    text = ("SỞ NỘI VỤ\nSố: 12/TB-SNV\nBắc Giang, ngày 05 tháng 3 năm 2024\nTHÔNG BÁO\nKết quả tuyển dụng\n"
            f"Sở Nội vụ thông báo kết quả.\nNơi nhận:\n- Các phòng thuộc Sở;\n{line}\nGIÁM ĐỐC\n[daky]\nLê Văn An\n")
    result = import_document(text.encode(), "txt")
    assert result.doc["luu"] == units and result.doc["noi_nhan"] == ["Các phòng thuộc Sở"]
    assert result.doc["signer"] == {"authority": None, "position": "GIÁM ĐỐC", "name": "Lê Văn An"}
    assert result.unplaced == []


def test_two_line_position_and_the_signed_mark():
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN LỤC NAM\nSố: 30/TTr-UBND\nLục Nam, ngày 05 tháng 3 năm 2024\nTỜ TRÌNH\n"
            "Về việc đề nghị phê duyệt dự toán\nKính gửi: Ủy ban nhân dân tỉnh Bắc Giang.\nNội dung tờ trình.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(đã ký và đóng dấu)\nTrần Văn Nam\n")
    doc = import_document(text.encode(), "txt").doc
    assert doc["kinh_gui"] == ["Ủy ban nhân dân tỉnh Bắc Giang"]
    assert doc["signer"] == {"authority": "TM.", "head_title": "ỦY BAN NHÂN DÂN", "position": "CHỦ TỊCH",
                             "name": "Trần Văn Nam"}


def _tracked(paragraph, inserted: str, deleted: str) -> None:
    """Append a tracked insertion and a tracked deletion to a python-docx paragraph."""
    ins = etree.SubElement(paragraph._p, qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "VT"})
    r = etree.SubElement(ins, qn("w:r"))
    etree.SubElement(r, qn("w:t")).text = inserted
    dele = etree.SubElement(paragraph._p, qn("w:del"), {qn("w:id"): "2", qn("w:author"): "VT"})
    r = etree.SubElement(dele, qn("w:r"))
    etree.SubElement(r, qn("w:delText")).text = deleted


def test_word_header_aligned_with_tabs_soft_breaks_and_tracked_changes():
    d = new_docx()
    d.add_paragraph("UBND TỈNH BẮC GIANG\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    d.add_paragraph("SỞ TÀI CHÍNH\t\tĐộc lập - Tự do - Hạnh phúc")
    d.add_paragraph("Số: 45/STC-QLNS\t\tBắc Giang, ngày 05 tháng 3 năm 2024")
    p = d.add_paragraph("V/v: hướng dẫn lập dự toán")
    p = d.add_paragraph("Kính gửi: Các sở, ban, ngành thuộc UBND tỉnh.")
    body = d.add_paragraph("Sở Tài chính hướng dẫn lập dự toán năm 2025")
    _tracked(body, " theo Luật Ngân sách nhà nước.", " (bản cũ)")
    signer = d.add_paragraph()
    signer.add_run("KT. GIÁM ĐỐC").add_break()
    signer.add_run("PHÓ GIÁM ĐỐC").add_break()
    signer.add_run("Ngô Văn Hải")
    buf = io.BytesIO()
    d.save(buf)
    result = import_document(buf.getvalue(), "docx")
    doc = result.doc
    assert doc["issuer"]["parent"] == "UBND TỈNH BẮC GIANG" and doc["issuer"]["name"] == "SỞ TÀI CHÍNH"
    assert (doc["type"], doc["number"], doc["unit"], doc["date"]) == ("cong_van", 45, "QLNS", "2024-03-05")
    assert doc["summary"] == "hướng dẫn lập dự toán"  # never "V/v V/v: …" when rendered
    assert doc["opening"] == ["Sở Tài chính hướng dẫn lập dự toán năm 2025 theo Luật Ngân sách nhà nước."]
    assert doc["signer"] == {"authority": "KT.", "head_title": "GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
                             "name": "Ngô Văn Hải"}
    from docx_helpers import texts

    rendered = " ".join(texts(render_draft(doc)))
    assert "V/v hướng dẫn lập dự toán" in rendered and "V/v V/v" not in rendered and "V/v:" not in rendered
