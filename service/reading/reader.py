"""Read any .docx into paragraphs and lines with fully resolved formatting, in reading order.

Body paragraphs, table cells (with their table, row and grid column), text boxes, headers, footers and
notes are all visited; each run carries the font, size and emphasis a reader sees, and each paragraph the
label Word prints for automatic numbering. The checker and the importer both start from this.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from service.reading.formatting import ParaFormat, RunFormat, Styles, load_styles, on_off, twips
from service.reading.listlabels import Numbering, load_numbering
from service.reading.package import A, MC, NS, V, WP, Package, open_package, w

_SKIP_CONTAINERS = {w("del"), w("moveFrom"), f"{{{MC}}}Fallback"}
_LINE_GEOMETRIES = {"line", "straightConnector1"}


@dataclass
class Run:
    text: str
    fmt: RunFormat
    ascii_font: str | None
    hansi_font: str | None
    east_asia_font: str | None
    field: str | None = None  # instruction keyword when the run is (part of) a field, e.g. "PAGE"


@dataclass
class Para:
    part: str  # "body", "header:<part name>", "footer:<part name>", "footnotes", "endnotes"
    index: int  # order within its part
    style: str | None
    fmt: ParaFormat
    runs: list[Run]
    label: str = ""  # automatic numbering label
    cell: tuple[int, int, int] | None = None  # (table number, row, grid column) of the innermost table
    textbox: bool = False
    has_line: bool = False  # drawn line or shape anchored in this paragraph (short rules under names)
    fields: set[str] = field(default_factory=set)
    section: int = 0  # index of the section (w:sectPr) the paragraph belongs to

    @property
    def own_text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def text(self) -> str:
        own = self.own_text
        return f"{self.label} {own}" if self.label else own

    def lines(self) -> list["Line"]:
        """The paragraph split at manual line breaks (`w:br`), each line with its own runs."""
        if len(self.runs) == 1 and "\n" not in self.runs[0].text:  # one run, one line: plain text imports
            line = Line(self, list(self.runs) if self.runs[0].text else [], self.label)
            return [line]
        out: list[Line] = []
        current: list[Run] = []
        for run in self.runs:
            parts = run.text.split("\n")
            for i, piece in enumerate(parts):
                if i:
                    out.append(Line(self, current))
                    current = []
                if piece:
                    current.append(Run(piece, run.fmt, run.ascii_font, run.hansi_font, run.east_asia_font, run.field))
        out.append(Line(self, current))
        if self.label and out:
            out[0].label = self.label
        return out


@dataclass
class Line:
    para: Para
    runs: list[Run]
    label: str = ""

    @property
    def text(self) -> str:
        own = "".join(r.text for r in self.runs)
        return f"{self.label} {own}" if self.label else own

    def text_runs(self) -> list[Run]:
        """Runs that carry visible text (not blanks, not hidden)."""
        return [r for r in self.runs if r.text.strip() and not r.fmt.vanish]


@dataclass
class Section:
    width: int | None
    height: int | None
    orient: str | None
    margins: dict[str, int]
    title_page: bool
    headers: dict[str, str]  # type (default/first/even) → relationship id
    footers: dict[str, str]


@dataclass
class Document:
    paras: list[Para]  # every paragraph of every part, in reading order per part
    sections: list[Section]
    headers: dict[str, list[Para]]  # relationship id → paragraphs
    footers: dict[str, list[Para]]
    even_and_odd: bool
    package: Package | None
    _lines: list[Line] | None = field(default=None, repr=False)

    @property
    def body(self) -> list[Para]:
        return [p for p in self.paras if p.part == "body"]

    def body_lines(self) -> list[Line]:
        """The body split into lines; computed once, so callers can match lines by identity."""
        if self._lines is None:
            self._lines = [line for p in self.body for line in p.lines()]
        return self._lines


class _Walker:
    """Walks one part's block content, keeping the numbering counters and table coordinates."""

    def __init__(self, styles: Styles, numbering: Numbering, part: str, out: list[Para], counters: list[int]):
        self.styles = styles
        self.numbering = numbering
        self.part = part
        self.out = out
        self.table_counter = counters  # shared across parts so table numbers are unique
        self.section = 0

    # -- blocks -----------------------------------------------------------------------------------------------
    def blocks(self, parent: etree._Element, cell=None, table_style=None, textbox=False) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child, cell, table_style, textbox)
                if child.find(f"{w('pPr')}/{w('sectPr')}") is not None and self.part == "body":
                    self.section += 1
            elif tag == w("tbl"):
                self.table(child)
            elif tag in (w("sdt"),):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.blocks(content, cell, table_style, textbox)
            elif tag in (w("customXml"), w("ins"), w("moveTo"), f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"):
                self.blocks(child, cell, table_style, textbox)

    def table(self, tbl: etree._Element) -> None:
        self.table_counter[0] += 1
        number = self.table_counter[0]
        style_el = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
        table_style = style_el.get(w("val")) if style_el is not None else None
        row_no = 0
        for row in _children(tbl, "tr"):
            col = 0
            for tc in _children(row, "tc"):
                span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
                span = (twips(span_el.get(w("val"))) or 1) if span_el is not None else 1
                self.blocks(tc, (number, row_no, col), table_style)
                col += span
            row_no += 1

    # -- paragraphs -------------------------------------------------------------------------------------------
    def paragraph(self, p: etree._Element, cell, table_style, textbox) -> None:
        ppr = p.find(w("pPr"))
        style_el = ppr.find(w("pStyle")) if ppr is not None else None
        style = style_el.get(w("val")) if style_el is not None else None
        direct_num = ppr is not None and ppr.find(w("numPr")) is not None
        # Numbering: resolve numPr (direct or from the style chain) first, then the level's own pPr.
        probe = self.styles.para_format(style, table_style, None, ppr, True)
        level = self.numbering.level(probe.num_id, probe.num_level or 0) if probe.num_id else None
        fmt = self.styles.para_format(style, table_style, level.ppr if level else None, ppr, direct_num)
        run_base = self.styles.paragraph_run_base(style, table_style)
        para = Para(part=self.part, index=len(self.out), style=style, fmt=fmt, runs=[], cell=cell, textbox=textbox,
                    section=self.section)
        para.label = self.numbering.next_label(fmt.num_id, fmt.num_level) if fmt.num_id else ""
        para.has_line = bool(fmt.border_bottom or fmt.border_top)
        self.out.append(para)
        textboxes: list[etree._Element] = []
        self.inline(p, para, run_base, [None], textboxes)
        for content, box_cell in self.box_cells(textboxes, cell):
            self.blocks(content, box_cell, table_style, True)

    def box_cells(self, textboxes: list, cell) -> list[tuple[etree._Element, tuple | None]]:
        """The text boxes anchored in one paragraph in reading order, each placed like a table cell: clerks type
        the agency name and the national name in two boxes side by side, which read like the two cells of a
        header table (column by column, each column top to bottom). Inline boxes stay in the text flow."""
        placed = [(content, _box_position(content)) for content in textboxes]
        floating = sorted((pos[0], pos[1], i) for i, (_, pos) in enumerate(placed) if pos is not None)
        if not floating:
            return [(content, cell) for content, _ in placed]
        self.table_counter[0] += 1
        columns: list[list[tuple]] = []
        for x, y, i in floating:  # a box starting within _BOX_COLUMN_EMU of a column's left edge joins it
            if columns and x - columns[-1][0][0] < _BOX_COLUMN_EMU:
                columns[-1].append((x, y, i))
            else:
                columns.append([(x, y, i)])
        order = [(placed[i][0], (self.table_counter[0], 0, col)) for col, boxes in enumerate(columns)
                 for _, _, i in sorted(boxes, key=lambda b: b[1])]
        return order + [(content, cell) for content, pos in placed if pos is None]

    def inline(self, parent, para: Para, run_base: RunFormat, field_state: list, textboxes: list) -> None:
        """Collect runs in document order; field_state[0] is the instruction of the field being read."""
        for child in parent:
            tag = child.tag
            if tag in _SKIP_CONTAINERS or tag == w("pPr"):
                continue
            if tag == w("r"):
                self.run(child, para, run_base, field_state, textboxes)
            elif tag == w("fldSimple"):
                instr = _field_keyword(child.get(w("instr"), ""))
                para.fields.add(instr)
                self.inline(child, para, run_base, [instr], textboxes)
                if not any(r.field == instr for r in para.runs):
                    para.runs.append(Run("", run_base, None, None, None, instr))
            elif tag in (w("hyperlink"), w("smartTag"), w("customXml"), w("ins"), w("moveTo"), w("sdtContent"),
                         w("sdt"), f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"):
                self.inline(child, para, run_base, field_state, textboxes)

    def run(self, r: etree._Element, para: Para, run_base: RunFormat, field_state: list, textboxes: list) -> None:
        rpr = r.find(w("rPr"))
        char_style_el = rpr.find(w("rStyle")) if rpr is not None else None
        char_style = char_style_el.get(w("val")) if char_style_el is not None else None
        fmt = self.styles.run_format(run_base, char_style, rpr)
        text: list[str] = []
        for child in r:
            tag = child.tag
            if tag == w("t"):
                text.append(child.text or "")
            elif tag == w("tab") or tag == w("ptab"):
                text.append("\t")
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) != "column":
                    text.append("\n")
            elif tag == w("noBreakHyphen"):
                text.append("-")
            elif tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    field_state[0] = ""
                    para.fields.add("")
                elif kind == "end":
                    field_state[0] = None
            elif tag == w("instrText"):
                if field_state[0] is not None:
                    field_state[0] = _field_keyword((field_state[0] or "") + " " + (child.text or ""))
                    para.fields.discard("")
                    para.fields.add(field_state[0])
                    if not any(run.field == field_state[0] for run in para.runs):
                        para.runs.append(Run("", fmt, *self.fonts(fmt), field=field_state[0]))
            elif tag in (w("drawing"), w("pict"), f"{{{MC}}}AlternateContent", w("object")):
                self.drawing(child, para, textboxes)
        joined = "".join(text)
        if joined:
            para.runs.append(Run(joined, fmt, *self.fonts(fmt), field=field_state[0] or None))

    def drawing(self, el: etree._Element, para: Para, textboxes: list) -> None:
        for node in _walk(el):
            tag = node.tag
            if tag == w("txbxContent"):
                textboxes.append(node)
            elif tag == f"{{{A}}}prstGeom":
                if node.get("prst") in _LINE_GEOMETRIES:
                    para.has_line = True
            elif tag == f"{{{V}}}line" or (tag == f"{{{V}}}shape" and "_x0000_t32" in (node.get("type") or "")):
                para.has_line = True

    def fonts(self, fmt: RunFormat) -> tuple[str | None, str | None, str | None]:
        return (self.styles.font_name(fmt.ascii), self.styles.font_name(fmt.hansi),
                self.styles.font_name(fmt.east_asia))


_BOX_COLUMN_EMU = 914400  # one inch: boxes whose left edges are closer than this are one column
_EMU_PER = {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, "emu": 1}
_ALIGN_EMU = {"left": 0, "inside": 0, "top": 0, "center": 2743200, "right": 5486400, "outside": 5486400,
              "bottom": 5486400}
_VML_LENGTH_RE = re.compile(r"(-?[\d.]+)\s*(pt|in|cm|mm|px)?")


def _box_position(content: etree._Element) -> tuple[int, int] | None:
    """(left, top) in EMU of the floating shape holding a text box (DrawingML anchor or VML style), from where
    Word puts it; None for a box set inline with the text."""
    for node in content.iterancestors():
        if node.tag == f"{{{WP}}}anchor":
            return (_drawing_offset(node.find(f"{{{WP}}}positionH")), _drawing_offset(node.find(f"{{{WP}}}positionV")))
        if node.tag == f"{{{WP}}}inline":
            return None
        if node.tag.startswith(f"{{{V}}}") and node.tag != f"{{{V}}}textbox" and node.get("style"):
            style = dict(part.split(":", 1) for part in node.get("style").replace(" ", "").split(";") if ":" in part)
            if style.get("position") != "absolute":
                return None
            return (_vml_length(style.get("margin-left") or style.get("left")),
                    _vml_length(style.get("margin-top") or style.get("top")))
    return None


def _drawing_offset(position: etree._Element | None) -> int:
    if position is None:
        return 0
    offset = position.find(f"{{{WP}}}posOffset")
    if offset is not None and (offset.text or "").strip().lstrip("-").isdigit():
        return int(offset.text)
    align = position.find(f"{{{WP}}}align")
    return _ALIGN_EMU.get((align.text or "").strip(), 0) if align is not None else 0


def _vml_length(value: str | None) -> int:
    m = _VML_LENGTH_RE.match(value or "")
    if not m:
        return 0
    try:
        return int(float(m.group(1)) * _EMU_PER[m.group(2) or "px"])
    except ValueError:
        return 0


def _walk(el: etree._Element):
    """Descendants in document order, skipping the Fallback copy of alternate content (it repeats the Choice)."""
    for child in el:
        if child.tag == f"{{{MC}}}Fallback" or not isinstance(child.tag, str):
            continue
        yield child
        if child.tag != w("txbxContent"):
            yield from _walk(child)


def _children(el: etree._Element, tag: str):
    """Direct children named tag, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == w(tag):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            inner = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if inner is not None:
                yield from _children(inner, tag)


_FIELD_RE = re.compile(r"^\s*([A-Za-z]+)")


def _field_keyword(instr: str) -> str:
    m = _FIELD_RE.match(instr or "")
    return m.group(1).upper() if m else ""


def _section(sect: etree._Element) -> Section:
    pg = sect.find(w("pgSz"))
    mar = sect.find(w("pgMar"))

    def num(el, attr):
        return twips(el.get(w(attr))) if el is not None else None

    margins = {side: abs(num(mar, side)) for side in ("top", "bottom", "left", "right", "header", "footer")
               if num(mar, side) is not None}
    refs = {"header": {}, "footer": {}}
    for kind in refs:
        for ref in sect.findall(w(f"{kind}Reference")):
            refs[kind][ref.get(w("type"), "default")] = ref.get(f"{{{NS['r']}}}id")
    return Section(width=num(pg, "w"), height=num(pg, "h"), orient=pg.get(w("orient")) if pg is not None else None,
                   margins=margins, title_page=bool(on_off(sect.find(w("titlePg")))), headers=refs["header"],
                   footers=refs["footer"])


def read_package(pkg: Package) -> Document:
    styles = load_styles(pkg.styles, pkg.theme)
    numbering = load_numbering(pkg.numbering)
    paras: list[Para] = []
    tables = [0]
    body = pkg.document.find(w("body"))
    if body is not None:
        _Walker(styles, numbering, "body", paras, tables).blocks(body)
    headers: dict[str, list[Para]] = {}
    footers: dict[str, list[Para]] = {}
    for source, target, kind in ((pkg.headers, headers, "header"), (pkg.footers, footers, "footer")):
        walked: dict[str, list[Para]] = {}  # part name → paragraphs: a part many relationships share is read once
        for rid, root in source.items():
            name = pkg.part_names.get(rid, rid)
            if name not in walked:
                own: list[Para] = []
                _Walker(styles, load_numbering(pkg.numbering), f"{kind}:{name}", own, tables).blocks(root)
                walked[name] = own
                paras.extend(own)
            target[rid] = walked[name]
    for name in ("footnotes", "endnotes"):
        root = getattr(pkg, name)
        if root is not None:
            for note in root:
                if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                _Walker(styles, numbering, name, paras, tables).blocks(note)
    sections = []
    if body is not None:
        for sect in body.iter(w("sectPr")):
            if sect.getparent().tag in (w("pPr"), w("body")):
                sections.append(_section(sect))
    even = bool(pkg.settings is not None and on_off(pkg.settings.find(w("evenAndOddHeaders"))))
    return Document(paras=paras, sections=sections, headers=headers, footers=footers, even_and_odd=even,
                    package=pkg)


def read_docx(data: bytes) -> Document:
    """Parse .docx bytes; raises package.NotADocx (bilingual) for anything that is not a Word document."""
    return read_package(open_package(data))
