"""Every type rendered from its fixture, its own parts asserted on the .docx XML, and passed by the product's
conformance checker with zero errors."""
import copy
import json
import re
from pathlib import Path

import pytest

from docx_helpers import Styles, body_paragraphs, normalize, paragraph_text, part, q, texts
from service.check import check_docx
from service.render import render_docx
from service.rules import layout, nd30
from service.rules.types import TYPES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXAMPLES = sorted(p.name for p in FIXTURES.glob("*.json"))
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: render_docx(load(name)) for name in EXAMPLES}


def lines(data: bytes) -> list[str]:
    return [normalize(t) for t in texts(data) if t.strip()]


def style_of(p) -> str | None:
    ps = p.find(f"{q('w:pPr')}/{q('w:pStyle')}")
    return ps.get(q("w:val")) if ps is not None else None


def para(data: bytes, text: str):
    return next(p for p in body_paragraphs(data) if normalize(paragraph_text(p)) == text)


def tables(data: bytes):
    return part(data, "word/document.xml").find(q("w:body")).iter(q("w:tbl"))


def cell_lines(tc) -> list[str]:
    return [normalize(paragraph_text(p)) for p in tc.iter(q("w:p")) if paragraph_text(p).strip()]


def sections(data: bytes):
    return list(part(data, "word/document.xml").iter(q("w:sectPr")))


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_fixture_renders_and_passes_the_checker(rendered, name):
    report = check_docx(rendered[name])
    assert report.errors == [], "\n".join(str(f) for f in report.findings)
    doc_type = TYPES[load(name)["type"]]
    if doc_type.type_line:
        assert report.elements["type_name"] == doc_type.name.upper()


def test_cong_van_has_no_type_name_and_v_v_under_the_number(rendered):
    data = rendered["cong-van.json"]
    names = {t.name.upper() for t in TYPES.values()}
    assert not names & set(lines(data))
    header = next(tables(data))
    left = header.findall(q("w:tr"))[1].findall(q("w:tc"))[0]
    got = cell_lines(left)
    assert got[0] == "Số: 356/UBND-KGVX"
    assert got[1].startswith("V/v tăng cường công tác chăm lo Tết")
    out = lines(data)
    assert out[out.index("Kính gửi:") + 1] == "- Các sở, ban, ngành thuộc UBND tỉnh;"
    assert "- UBND các huyện, thành phố." in out
    assert out[out.index("Nơi nhận:") + 1] == "- Như trên;"
    assert "NTH(45)" in out  # drafter and copies after the archive line (ô 12)


def _basis(data: bytes) -> list[str]:
    return [normalize(paragraph_text(p)) for p in body_paragraphs(data) if style_of(p) == "VBCancu"]


def test_quyet_dinh_authority_basis_action_and_articles(rendered):
    data = rendered["quyet-dinh.json"]
    st = Styles(data)
    out = lines(data)
    summary = out.index("Ban hành Quy chế làm việc của Sở Tài chính tỉnh Bắc Giang")
    assert out[summary - 1] == "QUYẾT ĐỊNH" and out[summary + 1] == "GIÁM ĐỐC SỞ TÀI CHÍNH TỈNH BẮC GIANG"
    basis = _basis(data)
    assert len(basis) == 4 and basis[-1] == "Theo đề nghị của Chánh Văn phòng Sở."
    assert all(b.endswith(";") for b in basis[:-1]) and basis[-1].endswith(".")
    for b in basis:
        p = para(data, b)
        assert st.flag(p, "i") and not st.flag(p, "b")
    action = para(data, "QUYẾT ĐỊNH:")
    assert st.flag(action, "b") and st.alignment(action) == "center"
    assert out.index("QUYẾT ĐỊNH:") == out.index(basis[-1]) + 1
    article = para(data, "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Sở Tài chính tỉnh Bắc Giang.")
    runs = [(r.findtext(q("w:t")), r.find(f"{q('w:rPr')}/{q('w:b')}") is not None) for r in article.iter(q("w:r"))]
    assert ("Điều 1.", True) in runs and not st.flag(article, "b")
    assert out[out.index("Nơi nhận:") - 1].endswith("chịu trách nhiệm thi hành Quyết định này./.")


def test_quyet_dinh_attached_regulation_on_its_own_page(rendered):
    data = rendered["quyet-dinh.json"]
    out = lines(data)
    start = out.index("QUY CHẾ")
    assert out[start + 1] == "Làm việc của Sở Tài chính tỉnh Bắc Giang"
    assert out[start + 2] == ("(Kèm theo Quyết định số 112/QĐ-STC ngày 05 tháng 3 năm 2024 của Giám đốc Sở Tài chính "
                              "tỉnh Bắc Giang)")
    assert Styles(data).flag(para(data, out[start + 2]), "i")
    assert out[start + 3:start + 6] == ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng"]
    assert [t for t in out[start:] if t.startswith("Chương")] == ["Chương I", "Chương II", "Chương III"]
    assert [t.split(".")[0] for t in out[start:] if t.startswith("Điều ")] == [f"Điều {n}" for n in range(1, 6)]
    assert out[start - 4:start] == ["UBND TỈNH BẮC GIANG", "SỞ TÀI CHÍNH", nd30.NATIONAL_NAME, nd30.MOTTO]
    breaks = part(data, "word/document.xml").iter(q("w:br"))
    assert any(b.get(q("w:type")) == "page" for b in breaks)
    assert out[-2:] == ["GIÁM ĐỐC", "Ngô Thị Thanh Hương"]


def test_quyet_dinh_direct_has_clauses_under_an_untitled_article(rendered):
    out = lines(rendered["quyet-dinh-khen-thuong.json"])
    first = out.index("QUYẾT ĐỊNH:") + 1
    assert out[first].startswith("Điều 1. Công nhận danh hiệu thi đua")
    assert [t[:2] for t in out[first + 1:first + 4]] == ["1.", "2.", "3."]
    assert out[first + 4].startswith("Điều 2.") and out[first + 5].startswith("Điều 3.")


def test_nghi_quyet_authority_lines_and_quyet_nghi(rendered):
    data = rendered["nghi-quyet.json"]
    out = lines(data)
    i = out.index("HỘI ĐỒNG NHÂN DÂN TỈNH BẮC GIANG", 1)
    assert out[i + 1] == "KHÓA XIX, KỲ HỌP THỨ 15"
    basis = _basis(data)
    assert basis[0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương") and basis[0].endswith(";")
    assert basis[-1].startswith("Xét Tờ trình số 152/TTr-UBND") and basis[-1].endswith("tại kỳ họp.")
    assert out[out.index(basis[-1]) + 1] == "QUYẾT NGHỊ:"
    assert [t.split(".")[0] for t in out if t.startswith("Điều ")] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4"]
    assert ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Phạm Văn Thành"] == out[-3:]


def _signature_row(data: bytes):
    last = list(tables(data))[-1]
    return [cell_lines(tc) for tc in last.findall(q("w:tr"))[0].findall(q("w:tc"))], last


def test_bien_ban_has_two_signature_blocks_and_its_fixed_lines(rendered):
    data = rendered["bien-ban.json"]
    (left, right), tbl = _signature_row(data)
    assert left == ["THƯ KÝ", "Hoàng Thị Lan"] and right == ["CHỦ TỌA", "Nguyễn Văn Hùng"]
    below = cell_lines(tbl.findall(q("w:tr"))[1].findall(q("w:tc"))[0])
    assert below[0] == "Nơi nhận:" and below[-1] == "- Lưu: VT, VP."
    st = Styles(data)
    for name in ("THƯ KÝ", "CHỦ TỌA"):
        p = para(data, name)
        assert st.flag(p, "b") and st.size(p) in nd30.ELEMENTS["authority"].size
    out = lines(data)
    assert out[out.index("BIÊN BẢN") + 2] == "Thời gian bắt đầu: 14 giờ 00 phút, ngày 12/01/2024."
    participants = out[out.index("Thành phần tham dự:") + 1:out.index("Thành phần tham dự:") + 5]
    assert all(p.startswith("- ") for p in participants)
    assert participants[-1].endswith(".") and all(p.endswith(";") for p in participants[:-1])
    assert "Chủ trì (chủ tọa): Ông Nguyễn Văn Hùng - Giám đốc Sở, Chủ tịch Hội đồng." in out
    assert "Thư ký (người ghi biên bản): Bà Hoàng Thị Lan - Chánh Văn phòng Sở, Thư ký Hội đồng." in out
    assert out[out.index("THƯ KÝ") - 1] == "Cuộc họp kết thúc vào 16 giờ 30 phút cùng ngày./."


def test_contracts_list_both_parties_and_sign_twice(rendered):
    for name in ("hop-dong.json", "ban-ghi-nho.json", "ban-thoa-thuan.json"):
        data = rendered[name]
        doc = load(name)
        (left, right), _ = _signature_row(data)
        a, b = doc["parties"]
        assert left == ["ĐẠI DIỆN BÊN A", a["position"].upper(), a["representative"]], name
        assert right == ["ĐẠI DIỆN BÊN B", b["position"].upper(), b["representative"]], name
        out = lines(data)
        assert any(t.startswith("BÊN A") and t.endswith(a["name"]) for t in out)
        assert any(t.startswith("BÊN B") and t.endswith(b["name"]) for t in out)
    out = lines(rendered["hop-dong.json"])
    assert "BÊN A (BÊN THUÊ DỊCH VỤ): SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH BẮC GIANG" in out
    assert "Đại diện: Ông Nguyễn Văn Hùng" in out


def test_giay_moi_gioi_thieu_nghi_phep_print_the_sample_lines(rendered):
    moi = lines(rendered["giay-moi.json"])
    assert moi[moi.index("GIẤY MỜI") + 2].startswith("Sở Lao động - Thương binh và Xã hội trân trọng kính mời: ")
    for label in ("Tới dự: ", "Chủ trì: ", "Thời gian: ", "Địa điểm: "):
        assert any(t.startswith(label) for t in moi), label
    assert moi[moi.index("Nơi nhận:") - 1] == "Rất mong các đồng chí tham dự đúng thời gian./."
    gt = lines(rendered["giay-gioi-thieu.json"])
    i = gt.index("GIẤY GIỚI THIỆU")
    assert gt[i + 1:i + 6] == ["Sở Nội vụ tỉnh Bắc Giang trân trọng giới thiệu:", "Ông (bà): Trần Thị Minh Thu",
                               "Chức vụ: Chuyên viên Phòng Công chức, viên chức, Sở Nội vụ",
                               "Được cử đến: Ủy ban nhân dân huyện Lục Nam",
                               "Về việc: Phối hợp kiểm tra công tác tuyển dụng, sử dụng và quản lý viên chức năm 2024."]
    assert gt[i + 7] == "Giấy này có giá trị đến hết ngày 30/4/2024./."
    np_ = lines(rendered["giay-nghi-phep.json"])
    i = np_.index("GIẤY NGHỈ PHÉP")
    assert np_[i + 1] == "Xét Đơn đề nghị nghỉ phép ngày 05/7/2024 của bà Nguyễn Thị Thu Hà,"
    assert np_[i + 2] == "Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang cấp cho:"
    assert ("Nghỉ phép năm 2024 trong thời gian: 10 ngày, kể từ ngày 15/7/2024 đến hết ngày 26/7/2024."
            in np_)


def _framed(p) -> bool:
    borders = p.find(f"{q('w:pPr')}/{q('w:pBdr')}")
    return borders is not None and all(borders.find(q(f"w:{s}")) is not None for s in ("top", "left", "bottom", "right"))


def test_cong_dien_addressees_follow_the_authority_line(rendered):
    data = rendered["cong-dien.json"]
    out = lines(data)
    i = out.index("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:")
    assert out[i - 1] == "Về việc tập trung ứng phó khẩn cấp với bão số 3 và mưa lũ sau bão"
    assert out[i + 1].startswith("- Giám đốc các sở:") and out[i + 1].endswith(";")
    assert out[i + 4] == "- Chủ tịch UBND các huyện, thành phố."
    assert "Kính gửi:" not in " ".join(out)
    assert out[out.index("Nơi nhận:") + 1] == "- Như trên;"
    assert _framed(para(data, "HỎA TỐC"))


def test_optional_elements_work_on_any_type():
    doc = load("giay-moi.json")
    doc.update(secrecy="MẬT", urgency="KHẨN", circulation="XEM XONG TRẢ LẠI", drafter={"symbol": "HTL", "copies": 12})
    data = render_docx(doc)
    for mark in ("MẬT", "KHẨN", "XEM XONG TRẢ LẠI"):
        assert _framed(para(data, mark)), mark
    out = lines(data)
    assert out[out.index("- Lưu: VT, VP.") + 1] == "HTL(12)"
    first_footer = _section_info(sections(data)[-1])["first_footer"]
    assert footer_text(data, first_footer) == ("Số 42 đường Hoàng Văn Thụ, phường Hoàng Văn Thụ, thành phố Bắc Giang; "
                                               "ĐT: 0204.3854.521; E-mail: sldtbxh@bacgiang.gov.vn")
    report = check_docx(data)
    assert report.errors == [], "\n".join(map(str, report.errors))


def footer_text(data: bytes, rid: str) -> str:
    rels = {r.get("Id"): r.get("Target") for r in part(data, "word/_rels/document.xml.rels")}
    return normalize(" ".join(paragraph_text(p) for p in part(data, "word/" + rels[rid]).iter(q("w:p"))))


def _section_info(sect) -> dict:
    size = sect.find(q("w:pgSz"))
    refs = {r.get(q("w:type")): r.get(R_ID) for r in sect.findall(q("w:footerReference"))}
    return {"w": int(size.get(q("w:w"))), "h": int(size.get(q("w:h"))), "orient": size.get(q("w:orient")),
            "start": sect.find(q("w:pgNumType")).get(q("w:start")), "title_pg": sect.find(q("w:titlePg")) is not None,
            "first_footer": refs["first"], "default_footer": refs["default"]}


def test_appendices_are_sections_numbered_on_their_own(rendered):
    data = rendered["bao-cao.json"]
    main, first, second = (_section_info(s) for s in sections(data))
    assert (main["w"], main["h"], main["orient"] or "portrait") == (layout.PAGE_W, layout.PAGE_H, "portrait")
    assert (first["w"], first["h"], first["orient"]) == (layout.PAGE_H, layout.PAGE_W, "landscape")
    assert (second["w"], second["h"], second["orient"]) == (layout.PAGE_W, layout.PAGE_H, "portrait")
    for s in (main, first, second):
        assert s["start"] == "1" and s["title_pg"]
    assert main["first_footer"] != main["default_footer"]  # the address footer is on page 1 only
    assert first["first_footer"] == main["default_footer"]
    assert footer_text(data, second["first_footer"]) == footer_text(data, main["default_footer"]) == ""
    out = lines(data)
    st = Styles(data)
    kem = "(Kèm theo Báo cáo số 28/BC-LĐTBXH ngày 15 tháng 01 năm 2024 của Sở Lao động - Thương binh và Xã hội)"
    for heading, title in (("Phụ lục I", "KẾT QUẢ GIẢM NGHÈO NĂM 2023 THEO HUYỆN, THÀNH PHỐ"),
                           ("Phụ lục II", "KINH PHÍ THỰC HIỆN CÁC CHÍNH SÁCH GIẢM NGHÈO NĂM 2023")):
        i = out.index(heading)
        assert out[i + 1:i + 3] == [title, kem]
        p = para(data, heading)
        assert st.flag(p, "b") and st.size(p) == 14 and st.alignment(p) == "center"
        assert st.flag(para(data, title), "b")
    assert st.flag(para(data, kem), "i")


def test_a_single_appendix_is_not_numbered_and_a_draft_leaves_the_blanks():
    doc = load("bao-cao.json")
    doc["appendices"] = doc["appendices"][1:]
    doc.update(number=None, date="2024-01")
    data = render_docx(doc)
    out = lines(data)
    assert "Phụ lục" in out and "Phụ lục I" not in out
    assert "(Kèm theo Báo cáo số /BC-LĐTBXH ngày tháng 01 năm 2024 của Sở Lao động - Thương binh và Xã hội)" in out
    main, appendix = (_section_info(s) for s in sections(data))
    assert appendix["orient"] == "portrait" and appendix["start"] == "1"
    address = "Số 42 đường Hoàng Văn Thụ, phường Hoàng Văn Thụ, thành phố Bắc Giang"
    doc["address"] = {"street": address}
    data = render_docx(doc)
    main, appendix = (_section_info(s) for s in sections(data))
    assert footer_text(data, main["first_footer"]) == address  # page 1 of the report
    assert footer_text(data, appendix["first_footer"]) == ""  # not on the appendix's first page


def test_tables_repeat_their_header_row_and_use_vietnamese_figures(rendered):
    data = rendered["bao-cao.json"]
    body_tables = [t for t in tables(data) if t.find(f".//{q('w:tblHeader')}") is not None]
    assert len(body_tables) == 3
    summary, by_district, _money = body_tables
    rows = summary.findall(q("w:tr"))
    assert rows[0].find(f"{q('w:trPr')}/{q('w:tblHeader')}") is not None
    assert all(r.find(f"{q('w:trPr')}/{q('w:tblHeader')}") is None for r in rows[1:])
    assert [cell_lines(tc) for tc in rows[1].findall(q("w:tc"))] == [["Số hộ nghèo"], ["12.458"], ["8.237"],
                                                                     ["-4.221"]]
    assert cell_lines(rows[3].findall(q("w:tc"))[1]) == ["2,43"]
    grid = [int(g.get(q("w:w"))) for g in summary.iter(q("w:gridCol"))]
    assert sum(grid) == layout.TEXT_W
    wide = [int(g.get(q("w:w"))) for g in by_district.iter(q("w:gridCol"))]
    assert sum(wide) == layout.PAGE_H - layout.MARGIN["left"] - layout.MARGIN["right"]  # landscape appendix
    total = by_district.findall(q("w:tr"))[-1]
    assert all(r.find(f"{q('w:rPr')}/{q('w:b')}") is not None for r in total.iter(q("w:r")))
    st = Styles(data)
    caption = para(data, "Tổng hợp hộ nghèo, hộ cận nghèo toàn tỉnh")
    assert st.flag(caption, "b") and st.alignment(caption) == "center"
    assert st.flag(para(data, "(Đơn vị tính: hộ)"), "i")


def test_copy_block_sao_y_after_the_document(rendered):
    data = rendered["thong-bao-sao-y.json"]
    body = part(data, "word/document.xml").find(q("w:body"))
    line = next(p for p in body.iter(q("w:p")) if p.find(f"{q('w:pPr')}/{q('w:pBdr')}/{q('w:bottom')}") is not None
                and p.find(f"{q('w:pPr')}/{q('w:ind')}") is None and p.getparent() is body)
    copy_table = line.getnext()
    rows = copy_table.findall(q("w:tr"))
    assert [cell_lines(tc) for tc in rows[0].findall(q("w:tc"))] == [["ỦY BAN NHÂN DÂN HUYỆN LỤC NAM"], ["SAO Y"]]
    assert [cell_lines(tc) for tc in rows[1].findall(q("w:tc"))] == [["Số: 15/SY-UBND"],
                                                                     ["Lục Nam, ngày 22 tháng 5 năm 2024"]]
    left, right = (cell_lines(tc) for tc in rows[2].findall(q("w:tc")))
    assert left[0] == "Nơi nhận:" and left[-1] == "- Lưu: VT."
    assert right == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Lương Văn Quyết"]
    st = Styles(data)
    label = para(data, "SAO Y")
    assert st.flag(label, "b") and 13 <= st.size(label) <= 14
    out = lines(data)
    assert out.index("SAO Y") > out.index("Nguyễn Đức Chinh")  # after the copied document's signature


@pytest.mark.parametrize("kind, label, symbol", [("sao_luc", "SAO LỤC", "SL-UBND"), ("trich_sao", "TRÍCH SAO",
                                                                                       "TrS-UBND")])
def test_every_kind_of_copy(kind, label, symbol):
    doc = copy.deepcopy(load("thong-bao-sao-y.json"))
    doc["copy"]["kind"] = kind
    out = lines(render_docx(doc))
    assert label in out and f"Số: 15/{symbol}" in out


def test_numbering_is_generated_never_typed(rendered):
    out = lines(rendered["quy-che.json"])
    assert [t for t in out if re.match(r"^Chương [IVX]+$", t)] == ["Chương I", "Chương II", "Chương III"]
    assert [int(m.group(1)) for t in out if (m := re.match(r"^Điều (\d+)\.", t))] == [1, 2, 3, 4, 5]
    points = [t[:2] for t in out if re.match(r"^[a-zđ]\) ", t)]
    assert points == ["a)", "b)", "c)"]
