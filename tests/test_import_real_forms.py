"""One rule at a time, the forms found in the real corpus documents of kinds the first corpus lacked (công văn of a
ministry, the Government Office, a general department and a Sở; a district office's thông báo; schools' tờ trình):
each test types the lines of the class as the real document printed them (tests/corpus/<name>.txt)."""
from __future__ import annotations

import pytest

from service.importer import import_document
from service.importer.layout import VisualLine, build_document
from service.importer.source import split_columns
from service.validate import review

HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def _cong_van(header: str, body: str = "Các đơn vị thực hiện.\n", bottom: str = "") -> dict:
    return import_document((header + body + bottom).encode(), "txt")


@pytest.mark.parametrize("lines, summary", [
    # tp-hcm-sgddt-cv-2865-2007: "Về:" instead of "V/v"
    (["Số: 2865/GDĐT-KT&KĐCL", "Về: tham gia ý kiến về dự thảo Quy chế thi tốt nghiệp THPT."],
     "tham gia ý kiến về dự thảo Quy chế thi tốt nghiệp THPT."),
    # tong-cuc-thue-cv-2728-2014: "V/v" alone, the summary on the next line after a colon
    (["Số: 2728/TCT-DNL", "V/v", ": Thực hiện quy định về hóa đơn."], "Thực hiện quy định về hóa đơn."),
    # bo-gddt-cv-4315-2008: a stray full stop after "Số:"
    (["Số:. 4315/BGDĐT-GDTrH", "V/v: Nội dung báo cáo tổng kết giáo dục trung học năm học 2007-2008"],
     "Nội dung báo cáo tổng kết giáo dục trung học năm học 2007-2008"),
])
def test_cong_van_summary_and_number_forms(lines, summary):
    text = "BỘ GIÁO DỤC VÀ ĐÀO TẠO\n" + HEADER + "\n".join(lines) + "\nHà Nội, ngày 19 tháng 5 năm 2008\n" \
        "Kính gửi: Các Sở Giáo dục và Đào tạo\n"
    result = _cong_van(text)
    assert result.doc["type"] == "cong_van" and result.doc["number"] == int(lines[0].split("/")[0].split()[-1])
    assert result.doc["summary"] == summary
    assert result.unplaced == []


def test_three_agency_lines_with_old_tone_marks_and_a_glued_separator():
    # tp-hcm-sgddt-cv-2865-2007 and an-giang-cv-554-2006
    doc = _cong_van("UỶ BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n*****\n" + HEADER +
                    "Số: 2865/GDĐT-KT&KĐCL\nV/v tham gia ý kiến\nTp.Hồ Chí Minh, ngày 07 tháng 12 năm 2007\n"
                    "Kính gửi: Các trường.\n").doc
    assert doc["issuer"]["parent"] == "UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    assert doc["issuer"]["name"] == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    doc = _cong_van("UỶ BAN NHÂN DÂN TỈNH AN GIANG******\n" + HEADER + "Số: 554/UBND-KT\nV/v Treo cờ\n"
                    "Long Xuyên, ngày 22 tháng 02 năm 2006\nKính gửi: UBND huyện, thị, thành phố.\n").doc
    assert doc["issuer"] == {"name": "UỶ BAN NHÂN DÂN TỈNH AN GIANG", "abbr": "UBND"}


CV_HEAD = "VĂN PHÒNG CHÍNH PHỦ\n" + HEADER + "Số: 2776/VPCP-QHQT\nV/v: mời lãnh đạo\nHà Nội, ngày 29 tháng 4 năm 2011\n" \
    "Kính gửi:\n- Bộ Ngoại giao;\n- Bộ Công an.\n"


def test_a_wrapped_head_title_and_a_name_glued_to_the_position():
    # an-giang-cv-554-2006
    result = _cong_van(CV_HEAD, bottom="Nơi nhận:\n- Ban tổ chức Liên hoan Du lịch;\n- Lưu VP, P.KT, VHXH.\n\n"
                       "TL. CHỦ TỊCH ỦY\nBAN NHÂN DÂN TỈNH\nCHÁNH VĂN PHÒNGThái Hữu Phép\n")
    assert result.doc["signer"] == {"authority": "TL.", "head_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
                                    "position": "CHÁNH VĂN PHÒNG", "name": "Thái Hữu Phép"}
    assert result.doc["luu"] == ["VP", "P.KT", "VHXH"] and result.unplaced == []


def test_a_recipient_item_going_on_after_its_semicolon_and_a_signer_without_authority():
    # vpcp-cv-2776-2011
    result = _cong_van(CV_HEAD, bottom="Nơi nhận:\n- Như trên;\n- TTg CP, PTTg Phạm Gia Khiêm;\n- VPCP: BTCN;\n"
                       "Vụ TH; Cổng TTĐT;\n- Lưu: VT, QHQT (3b).12\nBỘ TRƯỞNG, CHỦ NHIỆM\n(Đã ký)\nNguyễn Xuân Phúc\n")
    doc = result.doc
    assert doc["noi_nhan"] == ["TTg CP, PTTg Phạm Gia Khiêm", "VPCP: BTCN; Vụ TH; Cổng TTĐT"]
    assert doc["luu"] == ["VT", "QHQT (3b).12"]
    assert doc["signer"] == {"authority": None, "position": "BỘ TRƯỞNG, CHỦ NHIỆM", "name": "Nguyễn Xuân Phúc"}
    assert result.unplaced == []


def test_archive_units_apart_by_semicolons():
    # tp-hcm-sgddt-cv-2865-2007
    doc = _cong_van(CV_HEAD, bottom="Nơi nhận:\n- Như trên “ để thực hiện” ;\n- Lưu (VP ; KT&KĐCL).\n"
                    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn Ngai\n").doc
    assert doc["luu"] == ["VP", "KT&KĐCL"] and doc["noi_nhan"] == ["Như trên “ để thực hiện”"]


def test_a_recipient_list_run_into_the_noi_nhan_line():
    # luc-hon-thcs-ttr-138-2019
    text = ("TRƯỜNG THCS LỤC HỒN\nSố: 138 /TT-THCSLH\n" + HEADER + "Bình Liêu, Ngày 26 tháng 9 năm 2019\nTỜ TRÌNH\n"
            "Vế việc đề nghị phê duyệt chiến lược phát triển\nCăn cứ Kế hoạch số 133 ngày 20/9/2019;\n"
            "Nơi nhận: -Phòng GD&ĐT Bình Liêu(Đề nghị); -BGH (T/h); -Cổng TTĐT trường; - Lưu (VT)\n"
            "HIỆU TRƯỞNG\nPhan Thị Nga\n")
    result = import_document(text.encode(), "txt")
    assert result.doc["noi_nhan"] == ["Phòng GD&ĐT Bình Liêu(Đề nghị)", "BGH (T/h)", "Cổng TTĐT trường"]
    assert result.doc["luu"] == ["VT"]
    assert result.doc["signer"] == {"authority": None, "position": "HIỆU TRƯỞNG", "name": "Phan Thị Nga"}
    assert result.unplaced == []
    errors, warnings = review(result.doc)
    assert errors == [] and {w.path for w in warnings} == {"kinh_gui", "issuer.abbr"}  # what the source lacks


def test_columns_typed_with_spaces_an_addressee_wrapped_after_a_comma_and_a_dated_full_stop():
    # dong-xoai-pgddt-tb-151-2012
    text = ("UBND TX. ĐỒNG XOÀI       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "PHÒNG GIÁO DỤC-ĐÀO TẠO         Độc lập - Tự do - Hạnh phúc\n"
            "  Số : 151/TB-PGDĐT        Đồng Xoài, ngày 20 tháng 3 năm 2012.\n\n"
            "                 THÔNG BÁO\n   Về việc treo cờ Tổ quốc\n\n"
            "      Kính gửi:  Hiệu trưởng các trường Mầm non, Tiểu học,\n"
            "            THCS trên địa bàn thị xã Đồng Xoài.\n\n   Thực hiện thông báo số 654/TB-SGDĐT.\n")
    result = import_document(text.encode(), "txt")
    doc = result.doc
    assert doc["issuer"]["parent"] == "UBND TX. ĐỒNG XOÀI" and doc["issuer"]["name"] == "PHÒNG GIÁO DỤC-ĐÀO TẠO"
    assert doc["date"] == "2012-03-20"
    assert doc["kinh_gui"] == ["Hiệu trưởng các trường Mầm non, Tiểu học, THCS trên địa bàn thị xã Đồng Xoài"]
    assert result.unplaced == []


def test_columns_run_together_by_a_pdf_text_copy():
    # dong-kho-th-ttr-14-2010
    assert split_columns("PHÒNG GD&ĐT TÁNH LINH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM") == \
        ["PHÒNG GD&ĐT TÁNH LINH", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert split_columns("TRƯỜNG TH ĐỒNG KHO 1 Độc lập - Tự do - Hạnh phúc") == \
        ["TRƯỜNG TH ĐỒNG KHO 1", "Độc lập - Tự do - Hạnh phúc"]
    assert split_columns("Số: 14/TTr-ĐK1 Đồng Kho, ngày 10 tháng 10 năm 2010") == \
        ["Số: 14/TTr-ĐK1", "Đồng Kho, ngày 10 tháng 10 năm 2010"]
    assert split_columns("Số: 138 /TT-THCSLH") == ["Số: 138 /TT-THCSLH"]
    assert split_columns("Căn cứ Hiến pháp nước CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM năm 2013;") == \
        ["Căn cứ Hiến pháp nước CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM năm 2013;"]


def test_kinh_goi_a_closing_line_and_the_name_after_the_recipients():
    # dong-kho-th-ttr-14-2010: text from a PDF that read the signature's table cell by cell
    text = ("PHÒNG GD&ĐT TÁNH LINH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "TRƯỜNG TH ĐỒNG KHO 1 Độc lập - Tự do - Hạnh phúc\n"
            "Số: 14/TTr-ĐK1 Đồng Kho, ngày 10 tháng 10 năm 2010\nTỜ TRÌNH\nVề việc công nhận trường\n"
            "Kính gởi: Lãnh đạo phòng Giáo dục và Đào tạo huyện Tánh Linh\nNhà trường kính đề nghị kiểm tra.\n"
            "Trân trọng kính trình\nHIỆU TRƯỞNG\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nCao Thống Suý\n")
    result = import_document(text.encode(), "txt")
    doc = result.doc
    assert doc["issuer"] == {"parent": "PHÒNG GD&ĐT TÁNH LINH", "name": "TRƯỜNG TH ĐỒNG KHO 1", "abbr": "ĐK1"}
    assert doc["kinh_gui"] == ["Lãnh đạo phòng Giáo dục và Đào tạo huyện Tánh Linh"]
    assert doc["signer"] == {"authority": None, "position": "HIỆU TRƯỞNG", "name": "Cao Thống Suý"}
    assert doc["opening"][-1] == "Trân trọng kính trình"
    assert result.unplaced == []


def _line(text: str, x0: float, x1: float, top: float) -> VisualLine:
    return VisualLine(text, x0, x1, top, top + 14, 0)


def test_pdf_header_block_ends_at_kinh_gui_and_a_short_last_line_stays_in_its_paragraph():
    # vpcp-cv-2776-2011 as LibreOffice lays out the clerk's .docx (positions in points)
    lines = [
        _line("VĂN PHÒNG CHÍNH PHỦ", 110, 240, 60), _line("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 520, 60),
        _line("Số: 2776/VPCP-QHQT", 120, 230, 76), _line("Độc lập - Tự do - Hạnh phúc", 330, 490, 76),
        _line("V/v: UBND tỉnh Khánh Hòa", 110, 240, 92), _line("Hà Nội, ngày 29 tháng 4 năm 2011", 320, 500, 92),
        _line("mời lãnh đạo", 140, 210, 108),
        _line("Kính gửi:", 118, 170, 130), _line("- Bộ Ngoại giao;", 118, 210, 146),
        _line("Văn phòng Chính phủ xin thông báo để các cơ quan, địa phương biết,", 90, 520, 170),
        _line("thực hiện./.", 90, 150, 186),
        _line("Nơi nhận:", 90, 150, 210), _line("BỘ TRƯỞNG, CHỦ NHIỆM", 330, 470, 210),
        _line("- Như trên;", 90, 160, 226), _line("Nguyễn Xuân Phúc", 350, 450, 226),
    ]
    doc, _ = build_document(lines)
    texts = [(p.own_text, p.cell) for p in doc.paras]
    assert ("Kính gửi:", None) in texts and ("- Bộ Ngoại giao;", None) in texts
    assert ("Văn phòng Chính phủ xin thông báo để các cơ quan, địa phương biết, thực hiện./.", None) in texts
    assert ("Nơi nhận:", (1, 0, 0)) in texts and ("BỘ TRƯỞNG, CHỦ NHIỆM", (1, 0, 1)) in texts


def test_ocr_line_holding_both_header_columns_is_parted_at_the_national_name():
    from service.importer.ocr import _national_name_apart

    words = "VĂN PHÒNG CHÍNH PHỦ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT".split()
    data = {"text": words}
    parts = _national_name_apart(list(range(len(words))), data)
    assert [[words[i] for i in p] for p in parts] == [words[:4], words[4:]]
    assert _national_name_apart([0, 1], {"text": ["BAN", "CHỈ"]}) == [[0, 1]]


def test_a_symbol_cut_after_its_hyphen_in_a_narrow_column():
    # nga-son-bc-255-2020: the rest of the symbol comes after the other column's date line
    text = ("UBND HUYỆN NGA SƠN\n" + HEADER.split("\n")[0] + "\nBAN CHỈ ĐẠO PCGD, XMC\n" + HEADER.split("\n")[1] +
            "\nSố: 255 / BC-BCĐPCGD-\nNga Sơn, ngày 13 tháng 11 năm 2020\nXMC\nBÁO CÁO\n"
            "TÌNH HÌNH THỰC HIỆN VÀ KẾT QUẢ\nPHỔ CẬP GIÁO DỤC, XÓA MÙ CHỮ\nThời điểm tháng 10 năm 2020\n"
            "1. Đặc điểm tình hình\n1.1.Vị trí địa lý\nNga Sơn là huyện ven biển phía Đơng Bắc tỉnh Thanh Hoá.\n")
    result = import_document(text.encode(), "txt")
    doc = result.doc
    assert (doc["type"], doc["number"], doc["issuer"]["abbr"]) == ("bao_cao", 255, "BCĐPCGD-XMC")
    assert doc["issuer"]["parent"] == "UBND HUYỆN NGA SƠN" and doc["issuer"]["name"] == "BAN CHỈ ĐẠO PCGD, XMC"
    assert doc["summary"] == "TÌNH HÌNH THỰC HIỆN VÀ KẾT QUẢ PHỔ CẬP GIÁO DỤC, XÓA MÙ CHỮ"
    assert result.unplaced == []


def test_an_upper_case_title_on_two_centred_word_paragraphs():
    # nga-son-bc-255-2020 typed in Word: each title line its own centred paragraph, then a sentence-case line
    import io

    from docx import Document as new_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = new_docx()
    for line in ("BAN CHỈ ĐẠO PCGD, XMC", "Số: 255/BC-BCĐPCGD-XMC", "Nga Sơn, ngày 13 tháng 11 năm 2020"):
        d.add_paragraph(line)
    for line in ("BÁO CÁO", "TÌNH HÌNH THỰC HIỆN VÀ KẾT QUẢ", "PHỔ CẬP GIÁO DỤC, XÓA MÙ CHỮ",
                 "Thời điểm tháng 10 năm 2020"):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    d.add_paragraph("1. Đặc điểm tình hình")
    buf = io.BytesIO()
    d.save(buf)
    doc = import_document(buf.getvalue(), "docx").doc
    assert doc["summary"] == "TÌNH HÌNH THỰC HIỆN VÀ KẾT QUẢ PHỔ CẬP GIÁO DỤC, XÓA MÙ CHỮ"
    assert "Thời điểm tháng 10 năm 2020" in doc.get("opening", [])


def test_paragraphs_of_a_pdf_copy_are_rejoined_below_the_header_and_above_noi_nhan():
    # dong-xoai-pgddt-tb-151-2012, nga-son-bc-255-2020 and luc-hon-thcs-ttr-138-2019: text copied out of PDFs
    from service.importer.unwrap import is_hard_wrapped, logical_lines

    lines = ["THÔNG BÁO", "   Về việc treo cờ Tổ quốc",
             "   Thực hiện thông báo số 654/TB-SGDĐT ngày 20/3/2012 của Sở Giáo dục và",
             "Đào tạo Bình Phước về việc treo cờ Tổ quốc và nghỉ Lễ giỗ Quốc tổ Hùng Vương",
             "năm 2012;",
             "    - Cán bộ, công chức Phòng Giáo dục & Đào tạo; cán bộ, giáo viên, công nhân",
             "viên, học sinh các trường Mầm non, Tiểu học được nghỉ Lễ giỗ Quốc tổ Hùng Vương",
             "01 ngày vào thứ Hai (02/4/2012) thay cho ngày nghỉ vào thứ Bảy (31/3/2012).",
             "1. Đặc điểm tình hình", "1.1.Vị trí địa lý",
             "Nga Sơn là huyện ven biển phía Đơng Bắc tỉnh Thanh Hoá, gồm 23 xã và",
             "1 thị trấn, với 39.613 hộ.",
             "Nơi nhận: -Phòng GD&ĐT Bình Liêu(Đề nghị); -BGH (T/h); - Lưu (VT)", "HIỆU TRƯỞNG", "Phan Thị Nga"]
    assert is_hard_wrapped(lines)
    assert logical_lines(lines) == [
        "THÔNG BÁO", "Về việc treo cờ Tổ quốc",
        "Thực hiện thông báo số 654/TB-SGDĐT ngày 20/3/2012 của Sở Giáo dục và Đào tạo Bình Phước về việc treo cờ "
        "Tổ quốc và nghỉ Lễ giỗ Quốc tổ Hùng Vương năm 2012;",
        "- Cán bộ, công chức Phòng Giáo dục & Đào tạo; cán bộ, giáo viên, công nhân viên, học sinh các trường Mầm "
        "non, Tiểu học được nghỉ Lễ giỗ Quốc tổ Hùng Vương 01 ngày vào thứ Hai (02/4/2012) thay cho ngày nghỉ vào "
        "thứ Bảy (31/3/2012).",
        "1. Đặc điểm tình hình", "1.1.Vị trí địa lý",
        "Nga Sơn là huyện ven biển phía Đơng Bắc tỉnh Thanh Hoá, gồm 23 xã và 1 thị trấn, với 39.613 hộ.",
        "Nơi nhận: -Phòng GD&ĐT Bình Liêu(Đề nghị); -BGH (T/h); - Lưu (VT)", "HIỆU TRƯỞNG", "Phan Thị Nga"]
    # a text typed one paragraph a line is left as it is
    assert not is_hard_wrapped(["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                                "Xét đề nghị của Giám đốc Sở Nội vụ,", "QUYẾT ĐỊNH:", "Điều 1. Ban hành."])


# agribank-qd-117-2002: an enterprise board's decision in the title form used before 2004, as AsianLII prints it.
AGRIBANK_HEAD = ("HỘI ĐỒNG QUẢN TRỊ NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM\n"
                 "Số: 117/2002/QĐ/HĐQT-NHNo\n" + HEADER.replace("HÒA", "HOÀ") + "Hà Nội, ngày 03 tháng 06 năm 2002\n\n")


def test_old_form_title_names_the_issuer_after_the_type_and_wraps():
    text = AGRIBANK_HEAD + "QUYẾT ĐỊNH CỦA HỘI ĐỒNG QUẢN TRỊ\n\n" \
        "NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNGTHÔN VIỆT NAM\n\n" \
        "(ban hành Điều lệ về tổ chức vàhoạt động của Ngân hàng Nông nghiệp\n\n" \
        " và Phát triển nông thôn Việt Nam).\n\n" \
        "HỘI ĐỒNG QUẢN TRỊ NGÂN HÀNG NÔNG NGHIỆP VÀPHÁT TRIỂN NÔNG THÔN VIỆT NAM\n\n" \
        "Căn cứ Luật Các tổ chức tín dụng số02/1997/QH10 ngày 12 tháng 12 năm 1997;\n\n" \
        "Theođề nghị của Tổng giám đốc Ngân hàng Nông nghiệp và Phát triển nông thônViệt Nam,\n\nQUYẾT ĐỊNH:\n"
    result = import_document(text.encode(), "txt")
    doc = result.doc
    assert doc["type"] == "quyet_dinh"
    # the summary in brackets wraps onto a line that ends with a full stop: the bracket is still open
    assert doc["summary"] == "(ban hành Điều lệ về tổ chức vàhoạt động của Ngân hàng Nông nghiệp và Phát triển " \
        "nông thôn Việt Nam)."
    assert doc["authority"]["name"].startswith("HỘI ĐỒNG QUẢN TRỊ NGÂN HÀNG")
    assert len(doc["can_cu"]) == 1
    # `Theođề nghị`: the web page glued "Theo" to "đề", it is still the proposal
    assert doc["de_nghi"].startswith("Theođề nghị của Tổng giám đốc")
    assert result.unplaced == []
    assert any(n["path"] == "type" and "old-form title" in n["message_en"] for n in result.notes)


def test_a_slash_between_type_and_board_in_the_symbol_is_read_and_warned():
    text = AGRIBANK_HEAD + "QUYẾT ĐỊNH\nBan hành Điều lệ\nCăn cứ Luật Các tổ chức tín dụng;\nQUYẾT ĐỊNH:\n"
    doc = import_document(text.encode(), "txt").doc
    assert (doc["number"], doc["symbol"], doc["issuer"]["abbr"]) == (117, "2002/QĐ/HĐQT-NHNo", "HĐQT-NHNo")
    errors, warnings = review(doc)
    assert errors == []
    assert [w for w in warnings if w.path == "symbol" and "slash between the type" in w.en]


def test_a_board_named_on_its_own_line_belongs_to_the_enterprise_under_it():
    from service.rules.agencies import split_issuer

    # the PDF of the clerk's copy wraps the agency cell: "HỘI ĐỒNG QUẢN TRỊ" alone is the board of the bank
    assert split_issuer(["HỘI ĐỒNG QUẢN TRỊ", "NGÂN HÀNG NÔNG", "NGHIỆP VÀ PHÁT TRIỂN", "NÔNG THÔN VIỆT NAM"]) == \
        (None, "HỘI ĐỒNG QUẢN TRỊ NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM")


def test_a_symbol_cut_after_its_hyphen_keeps_a_rest_with_a_lower_case_letter():
    # agribank-qd-117-2002 as its PDF copy wraps the narrow agency column: `Số: 117/2002/QĐ/HĐQT-` / `NHNo`
    text = ("HỘI ĐỒNG QUẢN TRỊ\n" + HEADER.split("\n")[0] + "\nNGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM\n"
            + HEADER.split("\n")[1] + "\nHà Nội, ngày 03 tháng 06 năm 2002\nSố: 117/2002/QĐ/HĐQT-\nNHNo\n"
            "QUYẾT ĐỊNH\nBan hành Điều lệ\nCăn cứ Luật Các tổ chức tín dụng;\nQUYẾT ĐỊNH:\n")
    result = import_document(text.encode(), "txt")
    assert (result.doc["number"], result.doc["symbol"]) == (117, "2002/QĐ/HĐQT-NHNo")
    assert result.doc["issuer"] == {"name": "HỘI ĐỒNG QUẢN TRỊ NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM",
                                    "abbr": "HĐQT-NHNo"}
    assert result.unplaced == []


# duc-binh-bcd-pcgd-bc-04-2007: a commune steering committee's report taken from a PDF set in an old font.
DUC_BINH_HEAD = ("UBNDXÃ ĐỨC BÌNH CỘNG HỒ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBCĐ PCGD Độc lập - Tự do - Hạnh phúc\n\n\n"
                 "Số 04/BC-PCGD Đức Bình, ngày 07 tháng 10 năm 2007\n\n\n")


def test_national_name_with_its_second_word_garbled_by_an_old_font_still_parts_the_columns():
    from service.reading import is_national_name

    assert is_national_name("CỘNG HỒ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert is_national_name("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert not is_national_name("CỘNG HỒ XÃ HỘI CHỦ NGHĨA") and not is_national_name("ĐẢNG CỘNG SẢN VIỆT NAM")
    assert split_columns("UBNDXÃ ĐỨC BÌNH CỘNG HỒ XÃ HỘI CHỦ NGHĨA VIỆT NAM") == [
        "UBNDXÃ ĐỨC BÌNH", "CỘNG HỒ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_glued_ubnd_and_a_steering_committee_abbreviation_are_parent_and_issuer():
    doc = import_document((DUC_BINH_HEAD + "BÁO CÁO\nKẾT QUẢ\n1. Đặc điểm tình hình.\n").encode(), "txt").doc
    assert doc["issuer"] == {"parent": "UBNDXÃ ĐỨC BÌNH", "name": "BCĐ PCGD", "abbr": "PCGD"}
    assert (doc["number"], doc["place"], doc["date"]) == (4, "Đức Bình", "2007-10-07")


def test_type_name_with_the_summary_run_on_after_it_on_one_line():
    text = DUC_BINH_HEAD + "BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ\nTHỰC HIỆN CÔNG TÁC PCGDTHĐĐT\n" \
        "I/ ĐẶC ĐIỂM TÌNH HÌNH, THUẬN LỢI-KHĨ KHĂN.\n1. Đặc điểm tình hình.\n"
    result = import_document(text.encode(), "txt")
    doc = result.doc
    assert doc["type"] == "bao_cao"
    assert doc["summary"] == "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC PCGDTHĐĐT"
    # `I/` is a Roman section label as older documents print it: it opens the body, it does not continue the title
    assert doc["body"]["sections"][0]["title"].lower().startswith("đặc điểm tình hình")
    assert result.unplaced == []


def test_roman_section_label_with_a_slash():
    from service.reading import classify

    assert (classify("I/ ĐẶC ĐIỂM TÌNH HÌNH").level, classify("I/ ĐẶC ĐIỂM TÌNH HÌNH").value) == ("section", 1)
    assert classify("I/O của hệ thống").level == "text"  # no space after the slash: not a label
