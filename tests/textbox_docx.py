"""A .docx with text boxes written as Word 2010+ writes them: a run holding mc:AlternateContent, its Choice a
DrawingML anchor (wps:wsp with wps:txbx/w:txbxContent), its Fallback the same box in VML (v:shape with
v:textbox/w:txbxContent) for older readers; or a VML-only box (w:pict), as Word 2003 files converted keep them."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from lxml import etree

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word"')
EMU_PER_PT = 12700


def _content(lines: list[tuple[str, bool]]) -> str:
    paras = "".join(
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>{"<w:b/>" if bold else ""}'
        f'<w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for text, bold in lines)
    return f"<w:txbxContent>{paras}</w:txbxContent>"


def box_run(box_id: int, left_pt: float, top_pt: float, lines: list[tuple[str, bool]], vml_only: bool = False) -> str:
    """One w:r holding a floating text box at (left, top) points from the column and paragraph, 216 × 80 pt."""
    width, height = 216, 80
    vml = (f'<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
           f'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" '
           f'o:connecttype="rect"/></v:shapetype><v:shape id="Text Box {box_id}" o:spid="_x0000_s10{box_id:02d}" '
           f'type="#_x0000_t202" style="position:absolute;margin-left:{left_pt}pt;margin-top:{top_pt}pt;'
           f'width:{width}pt;height:{height}pt;z-index:25165926{box_id}" stroked="f">'
           f'<v:textbox style="mso-fit-shape-to-text:t">{_content(lines)}</v:textbox>'
           f'<w10:wrap/></v:shape></w:pict>')
    if vml_only:
        return f"<w:r {NS}>{vml}</w:r>"
    drawing = (
        f'<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="25165926{box_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        f'<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{int(left_pt * EMU_PER_PT)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{int(top_pt * EMU_PER_PT)}</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="{width * EMU_PER_PT}" cy="{height * EMU_PER_PT}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{box_id}" name="Text Box {box_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width * EMU_PER_PT}" cy="{height * EMU_PER_PT}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:txbx>{_content(lines)}</wps:txbx>'
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        f'anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        f'</wp:anchor></w:drawing>')
    return (f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f'<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>')


def textbox_docx(boxes: list[tuple[float, float, list[tuple[str, bool]]]], body: list[str],
                 centred: int = 0, vml_only: bool = False) -> bytes:
    """Boxes (left pt, top pt, lines (text, bold)) anchored in the first paragraph, in the order given; then the
    body paragraphs, the first `centred` of them centred and bold (type name, summary)."""
    doc = new_docx()
    doc.styles["Normal"].font.name, doc.styles["Normal"].font.size = "Times New Roman", Pt(14)
    anchor = doc.paragraphs[0]._p if doc.paragraphs else doc.add_paragraph()._p
    for i, (left, top, lines) in enumerate(boxes, 1):
        anchor.append(etree.fromstring(box_run(i, left, top, lines, vml_only)))
    for _ in range(5):  # the empty lines the boxes float over
        doc.add_paragraph("")
    for i, text in enumerate(body):
        p = doc.add_paragraph()
        run = p.add_run(text)
        if i < centred:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
