"""The seed plan rendered end to end, asserted from the .docx XML against the decree (reference §1–§5)."""
import re

import pytest

from docx_helpers import (Styles, body_paragraphs, find_paragraph, full_text, normalize, paragraph_text, part,
                          q, texts)
from service.rules import layout, nd30


def test_page_is_a4_portrait_with_margins_in_range(plan_docx):
    sect = part(plan_docx, "word/document.xml").find(".//" + q("w:sectPr"))
    pg = sect.find(q("w:pgSz"))
    assert (int(pg.get(q("w:w"))), int(pg.get(q("w:h")))) == (11906, 16838)
    assert pg.get(q("w:orient")) in (None, "portrait")
    mar = sect.find(q("w:pgMar"))
    for side, (lo, hi) in nd30.MARGINS_MM.items():
        mm = int(mar.get(q(f"w:{side}"))) / layout.TWIPS_PER_MM
        assert lo - 0.05 <= mm <= hi + 0.05, (side, mm)


def test_every_font_is_times_new_roman(plan_docx):
    styles = part(plan_docx, "word/styles.xml")
    for fonts in styles.iter(q("w:rFonts")):
        assert not any("Theme" in k for k in fonts.attrib), fonts.attrib
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert fonts.get(q(f"w:{slot}")) == "Times New Roman"
    doc = part(plan_docx, "word/document.xml")
    assert all(f.get(q("w:ascii")) in (None, "Times New Roman") for f in doc.iter(q("w:rFonts")))
    st = Styles(plan_docx)
    for p in body_paragraphs(plan_docx):
        if paragraph_text(p).strip():
            assert st.font(p) == "Times New Roman", paragraph_text(p)


@pytest.mark.parametrize("element, match", [
    ("national_name", lambda t: t == nd30.NATIONAL_NAME),
    ("motto", lambda t: t == nd30.MOTTO),
    ("parent", lambda t: t == "UBND TỈNH BẮC GIANG"),
    ("issuer", lambda t: t == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("number", lambda t: t.startswith("Số:")),
    ("place_date", lambda t: t.startswith("Bắc Giang, ngày")),
    ("type_name", lambda t: t == "KẾ HOẠCH"),
    ("summary", lambda t: t.startswith("Triển khai thực hiện Phong trào")),
    ("section", lambda t: t == "I. MỤC ĐÍCH, YÊU CẦU"),
    ("noi_nhan_heading", lambda t: t == "Nơi nhận:"),
    ("noi_nhan", lambda t: t == "- Lãnh đạo Sở;"),
    ("authority", lambda t: t == "KT. GIÁM ĐỐC"),
    ("position", lambda t: t == "PHÓ GIÁM ĐỐC"),
    ("signer_name", lambda t: t == "Trương Đức Huấn"),
])
def test_header_and_signature_elements_have_the_decreed_look(plan_docx, element, match):
    rule = nd30.ELEMENTS[element]
    st = Styles(plan_docx)
    p = find_paragraph(plan_docx, match)
    text = paragraph_text(p)
    assert rule.size[0] <= st.size(p) <= rule.size[1], (element, st.size(p))
    assert st.flag(p, "b") == rule.bold, element
    assert st.flag(p, "i") == rule.italic, element
    if rule.upper:
        assert text == text.upper()


def test_header_is_a_two_column_table_with_issuer_left_and_motto_right(plan_docx):
    tbl = part(plan_docx, "word/document.xml").find(".//" + q("w:tbl"))
    rows = tbl.findall(q("w:tr"))
    left, right = rows[0].findall(q("w:tc"))
    assert [paragraph_text(p) for p in left.iter(q("w:p")) if paragraph_text(p)] == [
        "UBND TỈNH BẮC GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"]
    assert [paragraph_text(p) for p in right.iter(q("w:p")) if paragraph_text(p)] == [
        nd30.NATIONAL_NAME, nd30.MOTTO]
    # The short lines: bordered empty paragraphs, the issuer's 1/3–1/2 of the column, the motto's full length.
    rules = [p for p in tbl.iter(q("w:p")) if p.find(".//" + q("w:bottom")) is not None]
    assert len(rules) == 2
    num_left, date_right = rows[1].findall(q("w:tc"))
    assert normalize(paragraph_text(num_left.find(q("w:p")))) == "Số: /KH-LĐTBXH"
    assert "LĐTĐ&XH" not in full_text(plan_docx)  # the seed's malformed symbol is not reproduced


def test_draft_date_line_leaves_the_day_blank_and_pads_february(plan_docx):
    line = next(t for t in texts(plan_docx) if t.startswith("Bắc Giang"))
    assert re.fullmatch(r"Bắc Giang, ngày\s+tháng 02 năm 2024", line.replace("\u00a0", " "))


def test_body_is_justified_indented_and_spaced(plan_docx):
    st = Styles(plan_docx)
    p = find_paragraph(plan_docx, lambda t: t.startswith("1. Đẩy mạnh phát triển"))
    assert st.alignment(p) == "both"
    indent_cm = int(st.ppr_attr(p, "w:pPr/w:ind", "firstLine")) / layout.TWIPS_PER_MM / 10
    assert nd30.FIRST_LINE_INDENT_CM[0] - 0.01 <= indent_cm <= nd30.FIRST_LINE_INDENT_CM[1] + 0.01
    assert int(st.ppr_attr(p, "w:pPr/w:spacing", "after")) >= nd30.MIN_SPACE_AFTER_PT * 20
    assert 13 <= st.size(p) <= 14 and not st.flag(p, "b")


def test_numbering_is_generated_and_restarts_per_section(plan_docx):
    labels = [m.group(1) for t in texts(plan_docx) if (m := re.match(r"^([IVX]+\.|\d+\.) ", t))]
    assert labels == ["I.", "1.", "2.", "3.", "II.", "1.", "2.", "3.", "4.", "5.",
                      "III.", "1.", "2.", "3.", "4.", "5.", "6."]
    st = Styles(plan_docx)
    titled = find_paragraph(plan_docx, lambda t: t == "1. Phòng Bảo trợ xã hội")
    untitled = find_paragraph(plan_docx, lambda t: t.startswith("5. Văn phòng Sở:"))
    assert st.flag(titled, "b") and not st.flag(untitled, "b")
    bullets = [t for t in texts(plan_docx) if t.startswith("- Tiếp tục đẩy mạnh") or t.startswith("- Căn cứ")]
    assert len(bullets) == 2


def test_points_use_the_vietnamese_alphabet(plan):
    from service.render import render_docx

    plan["body"]["sections"][0]["items"][0]["points"] = [{"paragraphs": [f"Điểm {i}"]} for i in range(1, 8)]
    got = [t.split(")")[0] for t in texts(render_docx(plan)) if re.match(r"^[a-zđ]\) Điểm", t)]
    assert got == ["a", "b", "c", "d", "đ", "e", "g"]


def test_closing_ends_with_the_mark_once(plan_docx):
    closing = next(t for t in texts(plan_docx) if t.startswith("Trên đây là"))
    assert closing.endswith("triển khai thực hiện./.") and not closing.endswith("./../.")


def test_recipients_block(plan_docx):
    tbl = part(plan_docx, "word/document.xml").findall(".//" + q("w:tbl"))[-1]
    left, right = tbl.find(q("w:tr")).findall(q("w:tc"))
    lines = [paragraph_text(p) for p in left.iter(q("w:p"))]
    assert lines == ["Nơi nhận:", "- Sở Văn hóa – TT&DL;", "- Lãnh đạo Sở;", "- Các phòng, đơn vị trực thuộc Sở;",
                     "- BBT Website;", "- Lưu: VT, VP."]
    st = Styles(plan_docx)
    heading = left.find(q("w:p"))
    assert st.size(heading) == 12 and st.flag(heading, "b") and st.flag(heading, "i")
    signature = [paragraph_text(p) for p in right.iter(q("w:p")) if paragraph_text(p)]
    assert signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trương Đức Huấn"]
    assert paragraph_text(right.find(q("w:p"))) == "KT. GIÁM ĐỐC"  # level with "Nơi nhận:"


def test_page_number_in_header_centred_and_hidden_on_first_page(plan_docx):
    doc = part(plan_docx, "word/document.xml")
    sect = doc.find(".//" + q("w:sectPr"))
    assert sect.find(q("w:titlePg")) is not None
    refs = {r.get(q("w:type")): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in sect.findall(q("w:headerReference"))}
    rels = part(plan_docx, "word/_rels/document.xml.rels")
    target = {r.get("Id"): r.get("Target") for r in rels}
    default = part(plan_docx, "word/" + target[refs["default"]])
    first = part(plan_docx, "word/" + target[refs["first"]])
    instr = "".join(t.text for t in default.iter(q("w:instrText")))
    assert instr.strip() == "PAGE"
    assert Styles(plan_docx).alignment(default.find(q("w:p"))) == "center"
    assert not list(first.iter(q("w:instrText"))) and not list(first.iter(q("w:fldSimple")))


def _seed_lines(seed_text: str) -> list[str]:
    """The seed's lines as they should read in our output: labels stripped (we generate them), the two known
    mistakes of the retyped file corrected (its malformed symbol line and the date 31/7/20220)."""
    lines = []
    for raw in seed_text.splitlines():
        line = normalize(raw.replace("*", ""))
        if not line or line.startswith("Số:"):
            continue
        line = line.replace("31/7/20220", "31/7/2020")
        line = re.sub(r"^([IVX]+\.|\d+\.|-)\s+", "", line)
        lines.append(line)
    return lines


def test_every_line_of_the_seed_appears_in_order(plan_docx, seed_text):
    text = normalize(full_text(plan_docx))
    pos = 0
    for line in _seed_lines(seed_text):
        line = line.rstrip(";") if line.startswith(("Sở Văn hóa", "Lãnh đạo Sở", "Các phòng, đơn vị trực thuộc Sở",
                                                     "BBT Website")) else line
        found = text.find(line, pos)
        assert found >= 0, f"missing or out of order: {line[:80]!r}"
        pos = found + len(line)


def test_special_characters_survive_literally(plan):
    from service.render import render_docx

    plan["noi_nhan"].append('A & B <C> "D" \'E\' &DL; {{ 7*7 }} {% if x %}')
    plan["summary"] = "Về việc {{ d.issuer }} & <b>"
    out = texts(render_docx(plan))
    assert "- A & B <C> \"D\" 'E' &DL; {{ 7*7 }} {% if x %};" in out
    assert "Về việc {{ d.issuer }} & <b>" in out
    assert "- Sở Văn hóa – TT&DL;" in out


def test_core_properties_carry_summary_issuer_and_symbol(plan_docx):
    core = part(plan_docx, "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.find(dc + "title").text.startswith("Triển khai thực hiện Phong trào “Toàn dân")
    assert core.find(dc + "creator").text == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert core.find(dc + "subject").text == "Số: /KH-LĐTBXH"


def test_issued_document_has_number_and_full_date(plan):
    from service.render import render_docx

    plan.update(number=5, date="2024-03-09")
    out = texts(render_docx(plan))
    assert "Số: 05/KH-LĐTBXH" in out
    assert "Bắc Giang, ngày 09 tháng 3 năm 2024" in out
