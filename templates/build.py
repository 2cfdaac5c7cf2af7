"""Build templates/van-ban.docx, the one base layout every type renders through.

Run `python templates/build.py` (or `make templates`) after changing the layout. The output is an ordinary
.docx with docxtpl tags: a clerk can open it in Word or LibreOffice and restyle it through its named styles
("VB …"); per-type differences are conditions on data from service/rules/types.py, not copies of this file.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.parts.hdrftr import FooterPart
from docx.shared import Pt, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.rules import layout  # noqa: E402
from service.rules import nd30  # noqa: E402

OUT = ROOT / "templates" / "van-ban.docx"
E = nd30.ELEMENTS
TABLE_SIZE = layout.TABLE_SIZE


def _set_fonts(rpr) -> None:
    """Times New Roman for every script slot, no theme fonts (App.I §1)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), nd30.FONT)


def _defaults(doc) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    for tag in ("w:sz", "w:szCs"):
        el = rpr_default.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr_default.append(el)
        el.set(qn("w:val"), str(int(E["body"].chosen * 2)))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    # Theme fonts would win over docDefaults in some styles: pin every style to Times New Roman.
    for fonts in list(styles.iter(qn("w:rFonts"))):
        _set_fonts(fonts.getparent())
    for color in list(styles.iter(qn("w:color"))):
        color.getparent().remove(color)
    normal = doc.styles["Normal"]
    normal.font.name = nd30.FONT
    normal.font.size = Pt(E["body"].chosen)
    _set_fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0


def _style(doc, name: str, element: str, *, align=WD_ALIGN_PARAGRAPH.CENTER, indent: bool = False,
           after: float = 0, before: float = 0, keep_next: bool = False, size: float | None = None):
    """A named paragraph style carrying one element's rule (size/bold/italic from service.rules.nd30)."""
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    rule = E[element]
    st.font.size = Pt(size or rule.chosen)
    st.font.bold = rule.bold
    st.font.italic = rule.italic
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_after = Pt(after)
    pf.space_before = Pt(before)
    pf.line_spacing = nd30.LINE_SPACING_CHOSEN
    pf.widow_control = True
    if keep_next:
        pf.keep_with_next = True
    if indent:
        pf.first_line_indent = Twips(layout.FIRST_LINE_INDENT)
    return st


def _styles(doc) -> None:
    J, L, C = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    after = nd30.MIN_SPACE_AFTER_PT
    _style(doc, "VB Quoc hieu", "national_name")
    _style(doc, "VB Tieu ngu", "motto")
    _style(doc, "VB Co quan chu quan", "parent")
    _style(doc, "VB Co quan ban hanh", "issuer")
    _style(doc, "VB So ky hieu", "number", before=6)
    _style(doc, "VB Trich yeu cong van", "cv_summary", before=6)
    _style(doc, "VB Dia danh ngay", "place_date", before=6)
    _style(doc, "VB Dau", "mark", before=6)
    _style(doc, "VB Ten loai", "type_name", before=18, keep_next=True)
    _style(doc, "VB Trich yeu", "summary", keep_next=True)
    _style(doc, "VB Kinh gui", "kinh_gui", after=after, before=6)
    _style(doc, "VB Kinh gui dong", "kinh_gui", align=L, after=0)
    _style(doc, "VB Noi dung", "body", align=J, indent=True, after=after)
    _style(doc, "VB Can cu", "basis", align=J, indent=True, after=after)
    _style(doc, "VB Muc", "section", align=J, indent=True, after=after, keep_next=True)
    _style(doc, "VB Tieu de", "article", align=J, indent=True, after=after, keep_next=True)
    st = _style(doc, "VB Tieu de diem", "body", align=J, indent=True, after=after, keep_next=True)
    st.font.italic = True
    _style(doc, "VB Tieu de giua", "part", align=C, after=after, keep_next=True)
    _style(doc, "VB Noi nhan tieu de", "noi_nhan_heading", align=L)
    _style(doc, "VB Noi nhan", "noi_nhan", align=L)
    _style(doc, "VB Quyen han ky", "authority")
    _style(doc, "VB Chuc vu ky", "position")
    _style(doc, "VB Ho ten ky", "signer_name")
    _style(doc, "VB Dia chi", "address", align=C)
    _style(doc, "VB So trang", "header_page")
    _style(doc, "VB Duong ke", "body", size=1)
    # Per-type parts (service/rules/types.py): tables, appendices (App.I §6 phụ lục), attached documents, copies.
    _style(doc, "VB Ten bang", "article", align=C, after=after, keep_next=True)
    _style(doc, "VB Don vi tinh", "basis", align=C, after=after, keep_next=True)
    st = _style(doc, "VB Bang tieu de", "body", size=TABLE_SIZE)
    st.font.bold = True
    _style(doc, "VB Bang", "body", align=L, size=TABLE_SIZE)
    _style(doc, "VB Phu luc", "appendix_heading", keep_next=True)
    _style(doc, "VB Kem theo", "basis", align=C, after=after, keep_next=True)
    _style(doc, "VB Sao", "type_name")


def _ppr(p):
    return p._p.get_or_add_pPr()


def _edge(side: str, val: str = "single", sz: int = 6):
    """One side of a paragraph border: a thin black line."""
    el = OxmlElement(f"w:{side}")
    for k, v in (("val", val), ("sz", str(sz)), ("space", "1"), ("color", "000000")):
        el.set(qn(f"w:{k}"), v)
    return el


def _borders(p, *edges) -> None:
    pbdr = OxmlElement("w:pBdr")
    for el in edges:
        pbdr.append(el)
    _ppr(p).append(pbdr)


def _border(p, side: str = "bottom", sz: int = 6) -> None:
    _borders(p, _edge(side, sz=sz))


def _box(p) -> None:
    """A single-line rectangle frame around the paragraph (urgency/secrecy marks, App.I §6)."""
    _borders(p, *(_edge(side) for side in ("top", "left", "bottom", "right")))


def _rule(container, name: str) -> None:
    """The short line under a text: the composer sizes it, service.render.ooxml writes it (`{{p … }}`)."""
    _para(container, "Normal", f"{{{{p d.{name} }}}}")


def _para(container, style: str, text: str = ""):
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def _tag(container, tag: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes the paragraph itself."""
    return _para(container, "Normal", tag)


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(layout.CELL_MARGIN))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)
    layout_el = OxmlElement("w:tblLayout")
    layout_el.set(qn("w:type"), "fixed")
    tblpr.append(layout_el)


def _table(doc, widths: tuple[int, int], rows: int):
    table = doc.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Twips(w)
    for col, w in zip(table.columns, widths):
        col.width = Twips(w)
    # python-docx puts an empty paragraph in each new cell; we fill cells ourselves.
    for row in table.rows:
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    return table


def _issuer(cell, part: str = "") -> None:
    """Ô 2: the parent agency when there is one, the issuing agency, the short line under it (App.I §2).
    `part` names where they sit in the context: "" for the document, "copy_part." for a copy's agency."""
    _tag(cell, f"{{%p if d.{part}parent %}}")
    _para(cell, "VB Co quan chu quan", f"{{{{ d.{part}parent }}}}")
    _tag(cell, "{%p endif %}")
    _para(cell, "VB Co quan ban hanh", f"{{{{ d.{part}issuer }}}}")
    _rule(cell, f"{part}issuer_rule")


def _national(cell) -> None:
    """Ô 1: the national name, the motto and the line under it (App.I §2)."""
    _para(cell, "VB Quoc hieu", "{{ d.national_name }}")
    _para(cell, "VB Tieu ngu", "{{ d.motto }}")
    _rule(cell, "motto_rule")


def _header_table(doc) -> None:
    """Ô 1–4: issuer and number on the left, national name, motto and place–date on the right (App.I §2)."""
    t = _table(doc, (layout.HEADER_LEFT_W, layout.HEADER_RIGHT_W), 2)
    left, right = t.rows[0].cells
    _issuer(left)
    _national(right)
    left, right = t.rows[1].cells
    _para(left, "VB So ky hieu", "{{ d.number_line }}")
    _tag(left, "{%p if d.cv_summary %}")
    _para(left, "VB Trich yeu cong van", "V/v {{ d.cv_summary }}")
    _tag(left, "{%p endif %}")
    for mark in ("secrecy", "urgency"):
        _tag(left, f"{{%p if d.{mark} %}}")
        _box(_para(left, "VB Dau", f"{{{{ d.{mark} }}}}"))
        _tag(left, "{%p endif %}")
    _para(right, "VB Dia danh ngay", "{{ d.place_date }}")


def _blocks(container, items: str) -> None:
    """The loop over composed blocks: each kind has its named style; a table arrives as OOXML (`{{p b.xml }}`);
    a paragraph may start with a bold lead ("Điều 1.") before its regular text."""
    _tag(container, f"{{%p for b in {items} %}}")
    branches = (
        ("section", "VB Muc"), ("heading", "VB Tieu de"), ("subheading", "VB Tieu de diem"),
        ("basis", "VB Can cu"), ("center", "VB Tieu de giua"), ("caption", "VB Ten bang"),
        ("unit", "VB Don vi tinh"),
    )
    for i, (kind, style) in enumerate(branches):
        _tag(container, f"{{%p {'if' if i == 0 else 'elif'} b.kind == '{kind}' %}}")
        _para(container, style, "{{ b.text }}")
    _tag(container, "{%p elif b.kind == 'table' %}")
    _para(container, "Normal", "{{p b.xml }}")
    _tag(container, "{%p else %}")
    p = _para(container, "VB Noi dung")
    p.add_run("{{ b.lead }}").bold = True
    rest = p.add_run("{{ b.rest if b.lead else b.text }}")
    rest._r.find(qn("w:t")).set(qn("xml:space"), "preserve")
    _tag(container, "{%p endif %}")
    _tag(container, "{%p endfor %}")


def _body(doc) -> None:
    _tag(doc, "{%p if d.type_name %}")
    _para(doc, "VB Ten loai", "{{ d.type_name }}")
    _tag(doc, "{%p if d.summary %}")
    _para(doc, "VB Trich yeu", "{{ d.summary }}")
    _tag(doc, "{%p endif %}")
    _rule(doc, "summary_rule")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if d.kinh_gui_first %}")
    _para(doc, "VB Kinh gui", f"{nd30.KINH_GUI_HEADING} {{{{ d.kinh_gui_first }}}}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if d.kinh_gui_list %}")
    _para(doc, "VB Kinh gui", nd30.KINH_GUI_HEADING)
    _tag(doc, "{%p for k in d.kinh_gui_list %}")
    p = _para(doc, "VB Kinh gui dong", "{{ k }}")
    p.paragraph_format.left_indent = Twips(layout.KINH_GUI_INDENT)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    _blocks(doc, "d.blocks")
    _tag(doc, "{%p if d.circulation %}")
    _box(_para(doc, "VB Dau", "{{ d.circulation }}"))
    _tag(doc, "{%p endif %}")


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _signature(cell, var: str, before: float = 0) -> None:
    """Ô 7: the collective's TM. line when a deputy signs for its head, authority (and own position) bold upper,
    room for the signature and seal, then the name (App.I §4)."""
    _tag(cell, f"{{%p if {var}.collective %}}")
    _para(cell, "VB Quyen han ky", f"{{{{ {var}.collective }}}}")
    _tag(cell, "{%p endif %}")
    heading = _para(cell, "VB Quyen han ky", f"{{{{ {var}.authority }}}}")
    if before:
        heading.paragraph_format.space_before = Pt(before)
    _tag(cell, f"{{%p if {var}.position %}}")
    _para(cell, "VB Chuc vu ky", f"{{{{ {var}.position }}}}")
    _tag(cell, "{%p endif %}")
    for _ in range(4):
        _para(cell, "VB Ho ten ky")
    _para(cell, "VB Ho ten ky", f"{{{{ {var}.name }}}}")


def _recipients(cell, var: str, before: float = 0) -> None:
    """Ô 9: "Nơi nhận:" then one line per recipient, the archive line last (App.I §5)."""
    heading = _para(cell, "VB Noi nhan tieu de", nd30.NOI_NHAN_HEADING)
    if before:
        heading.paragraph_format.space_before = Pt(before)
    _tag(cell, f"{{%p for line in {var} %}}")
    _para(cell, "VB Noi nhan", "{{ line }}")
    _tag(cell, "{%p endfor %}")


def _spacer(doc) -> None:
    """An empty body paragraph kept with the table after it."""
    spacer = _para(doc, "VB Noi dung")
    spacer.paragraph_format.keep_with_next = True


def _footer_table(doc, rows: int):
    """Nơi nhận on the left, the signature on the right; the signature row never splits across pages."""
    t = _table(doc, (layout.FOOTER_LEFT_W, layout.FOOTER_RIGHT_W), rows)
    _cant_split(t.rows[0])
    return t


def _signature_table(doc) -> None:
    """Ô 9 Nơi nhận on the left, level with ô 7 the signer's authority on the right (App.I §4, §5).

    Minutes and contracts sign twice (sample 1.9; Bên A / Bên B): both signatures side by side, Nơi nhận below.
    """
    _spacer(doc)
    _tag(doc, "{%p if d.signature_left %}")
    t = _footer_table(doc, 2)
    left, right = t.rows[0].cells
    _signature(left, "d.signature_left")
    _signature(right, "d.signer")
    left, right = t.rows[1].cells
    _recipients(left, "d.noi_nhan", before=12)
    _para(right, "VB Noi nhan")
    _tag(doc, "{%p else %}")
    t = _footer_table(doc, 1)
    left, right = t.rows[0].cells
    _recipients(left, "d.noi_nhan")
    _signature(right, "d.signer")
    _tag(doc, "{%p endif %}")


def _attached(doc) -> None:
    """Sample 1.3: the regulation a decision issues, on a new page with its own header, name, summary, the italic
    "(Kèm theo Quyết định số …)" line, its chapters and articles, and the signature."""
    _tag(doc, "{%p if d.attached %}")
    brk = _para(doc, "VB Duong ke")
    brk.add_run().add_break(WD_BREAK.PAGE)
    t = _table(doc, (layout.HEADER_LEFT_W, layout.HEADER_RIGHT_W), 1)
    left, right = t.rows[0].cells
    _issuer(left)
    _national(right)
    _para(doc, "VB Ten loai", "{{ d.attached.type_name }}")
    _para(doc, "VB Trich yeu", "{{ d.attached.summary }}")
    _para(doc, "VB Kem theo", "{{ d.attached.kem_theo }}")
    _rule(doc, "attached.summary_rule")
    _blocks(doc, "d.attached.blocks")
    _spacer(doc)
    t = _footer_table(doc, 1)
    left, right = t.rows[0].cells
    _para(left, "VB Noi nhan")
    _signature(right, "d.signer")
    _tag(doc, "{%p endif %}")


def _section_break(doc, sect_pr) -> None:
    """An (almost invisible) paragraph that ends a section with the given properties."""
    p = _para(doc, "VB Duong ke")
    _ppr(p).append(sect_pr)


def _appendices(doc, main, portrait, landscape) -> None:
    """Appendices (App.I §6; samples 2.1, 2.2): each starts a new section with its own page numbers, portrait or
    landscape; "Phụ lục I/II…" bold centred, title upper case, the italic "(Kèm theo … của …)" line, content.

    The main text's section ends before the first appendix; each appendix but the last ends with its own
    section break; the last one's properties are the document's final sectPr (see _final_section)."""
    _tag(doc, "{%p if d.appendices %}")
    _section_break(doc, main)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for a in d.appendices %}")
    _para(doc, "VB Phu luc", "{{ a.heading }}")
    _para(doc, "VB Tieu de giua", "{{ a.title }}")
    _para(doc, "VB Kem theo", "{{ a.kem_theo }}")
    _blocks(doc, "a.blocks")
    _tag(doc, "{%p if not loop.last %}")
    _tag(doc, "{%p if a.landscape %}")
    _section_break(doc, landscape)
    _tag(doc, "{%p else %}")
    _section_break(doc, portrait)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _keep_together(table) -> None:
    """Rows never split and each row stays on the page of the next one (Word and LibreOffice both honour it)."""
    for i, row in enumerate(table.rows):
        _cant_split(row)
        if i < len(table.rows) - 1:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def _copy(doc) -> None:
    """Samples 3.1/3.2: after the copied text, under a full-width line, the copying agency and "SAO Y" (or SAO
    LỤC, TRÍCH SAO), the copy's number and date, then its recipients and signer — one block, kept on one page."""
    _tag(doc, "{%p if d.copy_part %}")
    line = _para(doc, "VB Duong ke")
    line.paragraph_format.space_before = Pt(12)
    line.paragraph_format.space_after = Pt(6)
    line.paragraph_format.keep_with_next = True
    _border(line)
    t = _table(doc, (layout.FOOTER_LEFT_W, layout.FOOTER_RIGHT_W), 3)
    left, right = t.rows[0].cells
    _issuer(left, "copy_part.")
    _para(right, "VB Sao", "{{ d.copy_part.label }}")
    left, right = t.rows[1].cells
    _para(left, "VB So ky hieu", "{{ d.copy_part.number_line }}")
    _para(right, "VB Dia danh ngay", "{{ d.copy_part.place_date }}")
    left, right = t.rows[2].cells
    _recipients(left, "d.copy_part.noi_nhan", before=12)
    _signature(right, "d.copy_part.signer", before=12)
    _keep_together(t)
    _tag(doc, "{%p endif %}")


def _field_run(p, instr: str) -> None:
    """A complex field (PAGE) as Word writes it: begin, instruction, separate, cached result, end."""
    def fld(kind):
        r = OxmlElement("w:r")
        f = OxmlElement("w:fldChar")
        f.set(qn("w:fldCharType"), kind)
        r.append(f)
        return r

    p._p.append(fld("begin"))
    r = OxmlElement("w:r")
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r.append(it)
    p._p.append(r)
    p._p.append(fld("separate"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    p._p.append(r)
    p._p.append(fld("end"))


def _page_setup(doc) -> None:
    """A4 portrait, margins in range; page number centred in the header and hidden on page 1 (App.I §1)."""
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Twips(layout.PAGE_W), Twips(layout.PAGE_H)
    sec.top_margin, sec.bottom_margin = Twips(layout.MARGIN["top"]), Twips(layout.MARGIN["bottom"])
    sec.left_margin, sec.right_margin = Twips(layout.MARGIN["left"]), Twips(layout.MARGIN["right"])
    sec.header_distance, sec.footer_distance = Twips(layout.HEADER_DISTANCE), Twips(layout.FOOTER_DISTANCE)
    sec.different_first_page_header_footer = True
    header = sec.header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    hp.style = doc.styles["VB So trang"]
    _field_run(hp, "PAGE")
    first = sec.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles["VB So trang"]
    # Ô 13: the agency's address, page 1 only, under a full-width line.
    ff = sec.first_page_footer
    ff.is_linked_to_previous = False
    # Exactly one paragraph either way (a footer must hold one); no tag inside an attribute (Word rejects those).
    ff.paragraphs[0].add_run("{%p if d.address %}")
    _border(_para(ff, "VB Dia chi", "{{ d.address }}"), "top")
    _tag(ff, "{%p else %}")
    _para(ff, "VB Dia chi")
    _tag(ff, "{%p endif %}")
    sec.footer.is_linked_to_previous = False


R_ID = qn("r:id")


def _restart_page_numbers(sect) -> None:
    """Every section numbers its pages from 1: the main text, and each appendix on its own (App.I §6)."""
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    anchor = sect.find(qn("w:cols"))
    if anchor is not None:
        anchor.addprevious(num)
    else:
        sect.find(qn("w:pgMar")).addnext(num)


def _footer_ids(sect) -> dict[str, str]:
    return {ref.get(qn("w:type")): ref.get(R_ID) for ref in sect.findall(qn("w:footerReference"))}


def _main_first_footer(doc, sect) -> str:
    """A second page-1 footer holding the address, for the main text's section when appendices follow it.

    The document's last section keeps the original page-1 footer; it shows the address only when that last
    section is the main text (`d.address_final` is empty after appendices), so every relationship id in the
    template stays a real one and the file opens in Word and LibreOffice as it is."""
    first = doc.part.related_parts[_footer_ids(sect)["first"]]
    extra = FooterPart.new(doc.part.package)
    extra_root = extra.element
    for child in list(extra_root):
        extra_root.remove(child)
    for child in first.element:
        extra_root.append(copy.deepcopy(child))
    for el in first.element.iter():
        for attr, value in el.attrib.items():
            el.set(attr, value.replace("d.address", "d.address_final"))
    for t in first.element.iter(qn("w:t")):
        t.text = t.text.replace("d.address", "d.address_final")
    return doc.part.relate_to(extra, RT.FOOTER)


def _section_kinds(doc, sect):
    """Section properties of the main text (address footer on its first page) and of portrait and landscape
    appendices (no address: their first page uses the empty footer; page number hidden on it like on page 1)."""
    main = copy.deepcopy(sect)
    portrait = copy.deepcopy(sect)
    blank = _footer_ids(sect)["default"]
    main_first = _main_first_footer(doc, sect)
    for kind, rid in ((main, main_first), (portrait, blank)):
        for ref in kind.findall(qn("w:footerReference")):
            if ref.get(qn("w:type")) == "first":
                ref.set(R_ID, rid)
    landscape = copy.deepcopy(portrait)
    size = landscape.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(layout.PAGE_H))
    size.set(qn("w:h"), str(layout.PAGE_W))
    size.set(qn("w:orient"), "landscape")
    return main, portrait, landscape


def _final_section(sect) -> None:
    """The document's last section is the main text's, or the last appendix's: A4 portrait here, valid for Word;
    service.render.ooxml.last_section_finish turns it landscape when the last appendix is."""
    size = sect.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(layout.PAGE_W))
    size.set(qn("w:h"), str(layout.PAGE_H))
    size.set(qn("w:orient"), "portrait")


def build(out: Path = OUT) -> Path:
    doc = Document()
    _defaults(doc)
    _styles(doc)
    # Document() starts with one empty paragraph; our content goes before the section properties.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _page_setup(doc)
    sect = body.find(qn("w:sectPr"))
    _restart_page_numbers(sect)
    main, portrait, landscape = _section_kinds(doc, sect)
    _header_table(doc)
    _body(doc)
    _signature_table(doc)
    _attached(doc)
    _appendices(doc, main, portrait, landscape)
    _copy(doc)
    _final_section(sect)
    cp = doc.core_properties
    cp.title = "{{ meta.title }}"
    cp.author = "{{ meta.author }}"
    cp.subject = "{{ meta.subject }}"
    cp.language = "vi-VN"
    cp.comments = ""
    cp.keywords = ""
    cp.last_modified_by = "vanban"
    cp.revision = 1
    _stable_dates(cp)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside and rename: a running service (or test) reading the template never sees half a file.
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(_fixed_timestamps(doc))
    tmp.replace(out)
    return out


def _fixed_timestamps(doc) -> bytes:
    """The package with every member dated 1980-01-01, so rebuilding an unchanged layout gives the same bytes."""
    import io
    import zipfile

    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _stable_dates(cp) -> None:
    """Fixed timestamps so rebuilding the template gives the same bytes (reproducible builds)."""
    import datetime as dt

    stamp = dt.datetime(2024, 1, 1, 0, 0, 0)
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
