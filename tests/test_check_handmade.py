"""The checker on documents built by hand with python-docx (not our template): a correct plan passes, and each
document that breaks exactly one rule of the decree is flagged with that rule.

`handmade_plan()` is also the importer's hand-made .docx (tests/test_import_docx.py).
"""
from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from service.check import check_docx

TNR = "Times New Roman"


def _fmt(p, *, size=14, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, indent=0, after=0):
    p.alignment = align
    p.paragraph_format.first_line_indent = Cm(indent)
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    for run in p.runs:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
    return p


def _line_under(container, indent_cm: float = 1.5):
    """An empty paragraph with a bottom border: the short solid line under names (App.I §2)."""
    p = container.add_paragraph()
    p.paragraph_format.left_indent = Cm(indent_cm)
    p.paragraph_format.right_indent = Cm(indent_cm)
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    return p


def _cell_text(cell, text, **fmt):
    p = cell.paragraphs[0] if not cell.paragraphs[0].text and not cell.paragraphs[0].runs else cell.add_paragraph()
    p.add_run(text)
    return _fmt(p, **fmt)


def _page_field(paragraph, size=13):
    """A PAGE field the way Word writes it (begin / instruction / separate / result / end)."""
    def run_with(child):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(size * 2))
        rpr.append(sz)
        r.append(rpr)
        r.append(child)
        paragraph._p.append(r)

    for kind in ("begin", None, "separate", "text", "end"):
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = "2"
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run_with(el)


BODY = [
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Nâng cao chất lượng công tác văn thư, lưu trữ trong toàn cơ quan, bảo đảm văn bản ban hành đúng "
     "thể thức, kỹ thuật trình bày theo quy định.", False),
    ("2. Bảo đảm mọi văn bản đi được đăng ký, đánh số thống nhất trong năm, không trùng số.", False),
    ("II. NỘI DUNG", True),
    ("1. Tập huấn nghiệp vụ", True),
    ("a) Tổ chức 02 lớp tập huấn cho cán bộ làm công tác văn thư của các phòng, đơn vị.", False),
    ("b) Biên soạn tài liệu hướng dẫn trình bày văn bản theo Nghị định số 30/2020/NĐ-CP.", False),
    ("c) Đánh giá kết quả sau tập huấn và báo cáo Giám đốc Sở.", False),
    ("2. Kiểm tra việc thực hiện", True),
    ("- Kiểm tra định kỳ 6 tháng một lần tại các phòng, đơn vị trực thuộc.", False),
    ("- Kiểm tra đột xuất khi có yêu cầu của lãnh đạo Sở.", False),
    ("3. Số hóa hồ sơ lưu trữ của cơ quan theo lộ trình được phê duyệt.", False),
    ("III. TỔ CHỨC THỰC HIỆN", True),
    ("1. Văn phòng Sở chủ trì, theo dõi, đôn đốc và tổng hợp kết quả thực hiện kế hoạch này.", False),
    ("2. Các phòng, đơn vị trực thuộc Sở phối hợp triển khai thực hiện nghiêm túc, có hiệu quả./.", False),
]


def handmade_plan(*, date="Bắc Giang, ngày 05 tháng 3 năm 2024", number="Số: 15/KH-UBND", body=BODY,
                  recipients=("- Các phòng, đơn vị trực thuộc Sở;", "- Lãnh đạo Sở;", "- Lưu: VT, VP."),
                  signer=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "Nguyễn Văn An"),
                  motto="Độc lập - Tự do - Hạnh phúc", mutate=None) -> bytes:
    """A plan laid out by hand in python-docx the way a clerk does in Word: fonts set on the Normal style,
    everything else as direct formatting, header and bottom in borderless tables."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = TNR
    normal.font.size = Pt(14)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(1.27)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.0
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    sec.different_first_page_header_footer = True
    head = sec.header.paragraphs[0]
    _page_field(head)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.first_line_indent = Cm(0)

    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _cell_text(left, "UBND TỈNH BẮC GIANG", size=13)
    _cell_text(left, "SỞ NỘI VỤ", size=13, bold=True)
    _line_under(left)
    _cell_text(left, number, size=13)
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _cell_text(right, motto, size=13, bold=True)
    _line_under(right)
    _cell_text(right, date, size=14, italic=True)

    _fmt(doc.add_paragraph("KẾ HOẠCH"), bold=True)
    _fmt(doc.add_paragraph("Công tác văn thư, lưu trữ năm 2024"), bold=True)
    _line_under(doc, 5)
    intro = doc.add_paragraph("Thực hiện Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công "
                              "tác văn thư, Sở Nội vụ xây dựng kế hoạch như sau:")
    intro.paragraph_format.space_before = Pt(6)
    for text, bold in body:
        p = doc.add_paragraph()
        p.add_run(text).bold = bold

    bottom = doc.add_table(rows=1, cols=2)
    left, right = bottom.rows[0].cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipients:
        _cell_text(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in signer:
        _cell_text(right, line, size=14, bold=True)
    if mutate:
        mutate(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _find(doc, text):
    """The first paragraph (body or table cell) whose text starts with `text`."""
    for p in doc.paragraphs:
        if p.text.startswith(text):
            return p
    for table in doc.tables:
        for cell in table._cells:
            for p in cell.paragraphs:
                if p.text.startswith(text):
                    return p
    raise AssertionError(text)


def _describe(report) -> str:
    return "\n".join(str(f) for f in report.findings)


def test_correct_handmade_plan_passes():
    report = check_docx(handmade_plan())
    assert report.ok, _describe(report)
    assert report.findings == [], _describe(report)
    assert report.elements["issuer"] == "SỞ NỘI VỤ"
    assert report.elements["parent"] == "UBND TỈNH BẮC GIANG"
    assert report.elements["number"] == "Số: 15/KH-UBND"
    assert report.elements["type_name"] == "KẾ HOẠCH"
    assert report.elements["authority"] == "KT. CHỦ TỊCH"


def _set_page(width, height, orient=None):
    def mutate(doc):
        sec = doc.sections[0]
        sec.page_width, sec.page_height = width, height
        if orient:
            sec.orientation = orient
    return mutate


def _margin(name, value):
    return lambda doc: setattr(doc.sections[0], name, value)


def _run_font(text, **props):
    def mutate(doc):
        for run in _find(doc, text).runs:
            for k, v in props.items():
                setattr(run.font, k, v)
    return mutate


def _no_title_page(doc):
    doc.sections[0].different_first_page_header_footer = False


def _tag(doc):
    doc.add_paragraph("Người ký: {{ signer.name }}")


def _theme_font(doc):
    """Remove the font from Normal: the text falls back to the theme's minor font (not Times New Roman)."""
    rpr = doc.styles["Normal"].element.rPr
    rpr.remove(rpr.find(qn("w:rFonts")))


def _style_chain_size(doc):
    """A paragraph style based on Normal that shrinks the body text to 12 pt."""
    from docx.enum.style import WD_STYLE_TYPE

    small = doc.styles.add_style("Body Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = doc.styles["Normal"]
    small.font.size = Pt(12)
    _find(doc, "2. Bảo đảm mọi văn bản").style = small


def _page_number_in_footer(doc):
    sec = doc.sections[0]
    head = sec.header.paragraphs[0]
    head._p.getparent().remove(head._p)
    sec.header.add_paragraph("")
    _page_field(sec.footer.paragraphs[0])
    sec.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page_number_left(doc):
    doc.sections[0].header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def _red(doc):
    for run in _find(doc, "2. Bảo đảm").runs:
        run.font.color.rgb = RGBColor(0xC0, 0, 0)


def _replace_body(old, new):
    return {"body": [(new if text == old else text, bold) for text, bold in BODY]}


def _para(text, **fmt):
    def mutate(doc):
        p = _find(doc, text)
        for k, v in fmt.items():
            setattr(p.paragraph_format, k, v)
    return mutate


def add_word_list(doc, num_id: int, levels: list[tuple[str, str]]) -> None:
    """A Word list (w:abstractNum and w:num, both `num_id`) with one level per (numFmt, lvlText), counting from 1:
    Word's counters, not typed text, print the labels. Also used by tests/test_import_docx.py."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(num_id))
    for ilvl, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(num_id))
    num.append(ref)
    numbering.append(num)


def _word_list_points(doc):
    """Points numbered by a Word list in lowerLetter format: Word prints a) … f), and f is not Vietnamese."""
    add_word_list(doc, 90, [("lowerLetter", "%1)")])
    anchor = _find(doc, "3. Số hóa hồ sơ")
    for i in range(6):
        p = anchor.insert_paragraph_before(f"Nội dung điểm thứ {i + 1} trình bày theo danh sách tự động của Word.")
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = 90


BROKEN = {
    "letter paper": ({"mutate": _set_page(Mm(216), Mm(279))}, "ND30-I.1.paper"),
    "landscape": ({"mutate": _set_page(Mm(297), Mm(210), WD_ORIENT.LANDSCAPE)}, "ND30-I.1.orientation"),
    "left margin 25 mm": ({"mutate": _margin("left_margin", Mm(25))}, "ND30-I.1.margins"),
    "top margin 30 mm": ({"mutate": _margin("top_margin", Mm(30))}, "ND30-I.1.margins"),
    "Arial in the body": ({"mutate": _run_font("1. Nâng cao", name="Arial")}, "ND30-I.1.font"),
    "theme font (no font on Normal)": ({"mutate": _theme_font}, "ND30-I.1.font"),
    "red text": ({"mutate": _red}, "ND30-I.1.color"),
    "no titlePg": ({"mutate": _no_title_page}, "ND30-I.1.page_number"),
    "page number in footer": ({"mutate": _page_number_in_footer}, "ND30-I.1.page_number"),
    "page number not centred": ({"mutate": _page_number_left}, "ND30-I.1.page_number"),
    "day without zero": ({"date": "Bắc Giang, ngày 5 tháng 3 năm 2024"}, "ND30-I.2.date"),
    "tháng 2 needs 02": ({"date": "Bắc Giang, ngày 05 tháng 2 năm 2024"}, "ND30-I.2.date"),
    "tháng 03 is wrong": ({"date": "Bắc Giang, ngày 05 tháng 03 năm 2024"}, "ND30-I.2.date"),
    "30 February": ({"date": "Bắc Giang, ngày 30 tháng 02 năm 2024"}, "ND30-I.2.date"),
    "numeric date": ({"date": "Bắc Giang, 05/3/2024"}, "ND30-I.2.date"),
    "date not italic": ({"mutate": _run_font("Bắc Giang, ngày", italic=False)}, "ND30-I.2.date"),
    "number without zero": ({"number": "Số: 5/KH-UBND"}, "ND30-I.2.number"),
    "SỐ upper case": ({"number": "SỐ: 15/KH-UBND"}, "ND30-I.2.number"),
    "symbol groups swapped": ({"number": "Số: 15/UBND-KH"}, "ND30-I.2.symbol"),
    "no slash": ({"number": "Số: 15 KH-UBND"}, "ND30-I.2.symbol"),
    "ampersand in symbol": ({"number": "Số: 15/KH-LĐTĐ&XH"}, "ND30-I.2.symbol"),
    "motto without spaces": ({"motto": "Độc lập-Tự do-Hạnh phúc"}, "ND30-I.2.motto"),
    "national name regular": ({"mutate": _run_font("CỘNG HÒA", bold=False)}, "ND30-I.2.national_name"),
    "national name 14 pt": ({"mutate": _run_font("CỘNG HÒA", size=Pt(14))}, "ND30-I.2.national_name"),
    "issuer not bold": ({"mutate": _run_font("SỞ NỘI VỤ", bold=False)}, "ND30-I.2.issuer"),
    "parent bold": ({"mutate": _run_font("UBND TỈNH", bold=True)}, "ND30-I.2.parent"),
    "type name not bold": ({"mutate": _run_font("KẾ HOẠCH", bold=False)}, "ND30-I.2.type_name"),
    "summary left aligned": ({"mutate": _para("Công tác văn thư", alignment=WD_ALIGN_PARAGRAPH.LEFT)},
                             "ND30-I.2.summary"),
    "duplicate 3.": (_replace_body("3. Số hóa hồ sơ lưu trữ của cơ quan theo lộ trình được phê duyệt.",
                                   "2. Số hóa hồ sơ lưu trữ của cơ quan theo lộ trình được phê duyệt."),
                     "ND30-I.3.numbering"),
    "letter f)": (_replace_body("c) Đánh giá kết quả sau tập huấn và báo cáo Giám đốc Sở.",
                                "f) Đánh giá kết quả sau tập huấn và báo cáo Giám đốc Sở."), "ND30-I.3.numbering"),
    "points out of order": (_replace_body("b) Biên soạn tài liệu hướng dẫn trình bày văn bản theo Nghị định số "
                                          "30/2020/NĐ-CP.", "c) Biên soạn tài liệu."), "ND30-I.3.numbering"),
    "roman skipped": (_replace_body("III. TỔ CHỨC THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"), "ND30-I.3.numbering"),
    "items do not restart": (_replace_body("1. Văn phòng Sở chủ trì, theo dõi, đôn đốc và tổng hợp kết quả thực "
                                           "hiện kế hoạch này.", "4. Văn phòng Sở chủ trì, theo dõi."),
                             "ND30-I.3.numbering"),
    "Word list prints f)": ({"mutate": _word_list_points}, "ND30-I.3.numbering"),
    "section title lower case": (_replace_body("II. NỘI DUNG", "II. Nội dung"), "ND30-I.3.section"),
    "body 12 pt via style chain": ({"mutate": _style_chain_size}, "ND30-I.3.body"),
    "body left aligned": ({"mutate": _para("1. Nâng cao", alignment=WD_ALIGN_PARAGRAPH.LEFT)}, "ND30-I.3.body"),
    "indent 2 cm": ({"mutate": _para("1. Nâng cao", first_line_indent=Cm(2))}, "ND30-I.3.body"),
    "no space between paragraphs": ({"mutate": _para("1. Nâng cao", space_after=Pt(0))}, "ND30-I.3.body"),
    "double line spacing": ({"mutate": _para("1. Nâng cao", line_spacing=2.0)}, "ND30-I.3.body"),
    "Nơi nhận not bold italic": ({"mutate": _run_font("Nơi nhận", bold=False, italic=False)}, "ND30-I.5.noi_nhan"),
    "Nơi nhận 14 pt": ({"mutate": _run_font("Nơi nhận", size=Pt(14))}, "ND30-I.5.noi_nhan"),
    "recipient without ;": ({"recipients": ("- Các phòng, đơn vị trực thuộc Sở", "- Lãnh đạo Sở;",
                                            "- Lưu: VT, VP.")}, "ND30-I.5.recipients"),
    "recipient without dash": ({"recipients": ("Các phòng, đơn vị trực thuộc Sở;", "- Lãnh đạo Sở;",
                                               "- Lưu: VT, VP.")}, "ND30-I.5.recipients"),
    "recipients 13 pt": ({"mutate": _run_font("- Lãnh đạo Sở", size=Pt(13))}, "ND30-I.5.recipients"),
    "no archive line": ({"recipients": ("- Các phòng, đơn vị trực thuộc Sở;", "- Lãnh đạo Sở;")},
                        "ND30-I.5.archive"),
    "archive without VT": ({"recipients": ("- Lãnh đạo Sở;", "- Lưu: VP.")}, "ND30-I.5.archive"),
    "archive without full stop": ({"recipients": ("- Lãnh đạo Sở;", "- Lưu: VT, VP")}, "ND30-I.5.archive"),
    "authority K/T": ({"signer": ("K/T CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Văn An")}, "ND30-I.4.authority"),
    "authority without dot": ({"signer": ("KT CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Văn An")},
                              "ND30-I.4.authority"),
    "name in capitals": ({"signer": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "NGUYỄN VĂN AN")}, "ND30-I.4.signer"),
    "academic title": ({"signer": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "TS. Nguyễn Văn An")}, "ND30-I.4.signer"),
    "signer name not bold": ({"mutate": _run_font("Nguyễn Văn An", bold=False)}, "ND30-I.4.signer"),
    "leftover {{ x }}": ({"mutate": _tag}, "VB.template_tag"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_document_is_flagged(case):
    kwargs, rule = BROKEN[case]
    report = check_docx(handmade_plan(**kwargs))
    assert not report.ok
    assert rule in report.rules(), _describe(report)
    assert all(f.message_vi and f.message_en and f.found is not None for f in report.findings)


def test_forms_agencies_issue_are_warnings_not_errors():
    """[import-real]: stray spaces, '&' in an abbreviation that still reads as the issuer, the party form — the
    checker warns (the decree's samples differ) but does not refuse."""
    for number in ("Số: 15/KH - UBND", "Số: 15/KH-S&NV", "Số: 15-KH/UBND"):
        report = check_docx(handmade_plan(number=number))
        assert report.ok, _describe(report)
        assert "ND30-I.2.symbol" in {f.rule for f in report.warnings}, number


@pytest.mark.parametrize("case", ["duplicate 3.", "tháng 2 needs 02", "Nơi nhận not bold italic",
                                  "no titlePg", "ampersand in symbol", "letter f)"])
def test_one_rule_broken_gives_only_that_rule(case):
    """A document broken in one place is not drowned in unrelated findings."""
    kwargs, rule = BROKEN[case]
    report = check_docx(handmade_plan(**kwargs))
    assert report.rules() == {rule}, _describe(report)


def test_duplicate_item_names_the_repeated_number():
    kwargs, _ = BROKEN["duplicate 3."]
    [finding] = check_docx(handmade_plan(**kwargs)).errors
    assert "“2.”" in finding.message_vi and "“3.”" in finding.message_vi
    assert finding.required == "3."


def test_date_findings_say_what_to_write():
    by_case = {}
    for case in ("day without zero", "tháng 2 needs 02", "tháng 03 is wrong"):
        kwargs, _ = BROKEN[case]
        [finding] = check_docx(handmade_plan(**kwargs)).errors
        by_case[case] = finding
    assert by_case["day without zero"].required == "ngày 05"
    assert by_case["tháng 2 needs 02"].required == "tháng 02"
    assert by_case["tháng 03 is wrong"].required == "tháng 3"


def test_draft_with_blank_day_and_number_passes():
    data = handmade_plan(date="Bắc Giang, ngày\u00a0\u00a0\u00a0\u00a0 tháng 02 năm 2024",
                         number="Số:\u00a0\u00a0\u00a0\u00a0\u00a0/KH-UBND")
    report = check_docx(data)
    assert report.ok, _describe(report)


def test_draft_with_blank_month_only_is_an_error():
    report = check_docx(handmade_plan(date="Bắc Giang, ngày 05 tháng      năm 2024"))
    assert "ND30-I.2.date" in report.rules()


def test_theme_font_is_named_in_the_finding():
    kwargs, _ = BROKEN["theme font (no font on Normal)"]
    report = check_docx(handmade_plan(**kwargs))
    fonts = [f for f in report.errors if f.rule == "ND30-I.1.font"]
    # python-docx's default theme has Calibri/Cambria as minor font: the checker names the real font.
    assert fonts and all(TNR not in f.found for f in fonts)
    assert any(name in f.found for f in fonts for name in ("Calibri", "Cambria"))


def test_word_list_labels_are_read():
    kwargs, _ = BROKEN["Word list prints f)"]
    report = check_docx(handmade_plan(**kwargs))
    msgs = [f.message_en for f in report.errors if f.rule == "ND30-I.3.numbering"]
    assert any("“f)”" in m for m in msgs), msgs


def test_signer_lines_broken_by_manual_breaks_are_found():
    def one_paragraph_signer(doc):
        p = _find(doc, "KT. CHỦ TỊCH")
        run = p.runs[0]
        run.add_break()
        run.add_text("PHÓ CHỦ TỊCH")
        _find(doc, "PHÓ CHỦ TỊCH").text = ""
    report = check_docx(handmade_plan(mutate=one_paragraph_signer))
    assert report.ok, _describe(report)
    assert report.elements["authority"] == "KT. CHỦ TỊCH"


def test_whole_allowed_ranges_are_accepted():
    """Templates pick one value in each range; the checker accepts every value of the range (nd30.ELEMENTS)."""
    def other_end(doc):
        for text, size in (("CỘNG HÒA", 13), ("Độc lập", 14), ("UBND TỈNH", 12), ("SỞ NỘI VỤ", 12),
                           ("Bắc Giang, ngày", 13), ("KẾ HOẠCH", 13), ("Công tác văn thư", 13),
                           ("KT. CHỦ TỊCH", 13), ("PHÓ CHỦ TỊCH", 13), ("Nguyễn Văn An", 13)):
            for run in _find(doc, text).runs:
                run.font.size = Pt(size)
        doc.styles["Normal"].font.size = Pt(13)
        doc.styles["Normal"].paragraph_format.first_line_indent = Cm(1)
        doc.styles["Normal"].paragraph_format.line_spacing = 1.5
        sec = doc.sections[0]
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(25), Mm(25), Mm(35), Mm(20)
    report = check_docx(handmade_plan(mutate=other_end))
    assert report.ok, _describe(report)


def test_summary_wrapped_on_two_centred_lines():
    def two_lines(doc):
        first = _find(doc, "Công tác văn thư")
        first.runs[0].text = "Công tác văn thư, lưu trữ"
        second = first.insert_paragraph_before("")
        first._p.addnext(second._p)
        second.add_run("năm 2024")
        _fmt(second, bold=True)
    data = handmade_plan(mutate=two_lines)
    report = check_docx(data)
    assert report.ok, _describe(report)
    assert report.elements["summary"] == "Công tác văn thư, lưu trữ / năm 2024"
    from service.importer import import_file

    assert import_file(data)[0]["summary"] == "Công tác văn thư, lưu trữ năm 2024"


def test_not_a_docx_is_a_clear_error():
    from service.check import NotADocx

    with pytest.raises(NotADocx, match="not a .docx"):
        check_docx(b"plain text, not a zip")
    with pytest.raises(NotADocx, match="empty"):
        check_docx(b"")
