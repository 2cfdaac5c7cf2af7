"""Export the outgoing-document register of a year (ND30 App. IV, 10 columns) as .xlsx or .docx.

Without a register code the export is the outgoing register (copies keep their own book, "Sổ bản sao",
exported with its code, e.g. BS, under its own title)."""
from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from service.compose.dates import short_date
from service.register import audit
from service.register.columns import HEADINGS_VI, TITLE_VI
from service.register.registers import COPIES, COPIES_TITLE_VI, OUTGOING
from service.register.errors import BadInput
from service.register.scope import Scope, allows, deny_agency
from service.register.vntime import Clock, as_utc, utc_now
from service.register.entries import entry_notes
from service.register.models import Entry, Register
from service.rules import nd30

FORMATS = ("xlsx", "docx")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX_WIDTHS = (18, 12, 48, 20, 36, 16, 9, 12, 14, 24)
_DOCX_WIDTHS_MM = (26, 18, 60, 26, 50, 20, 12, 18, 16, 21)  # sums to 267 mm: A4 landscape minus margins


def year_entries(engine: Engine, year: int, register_code: str | None = None,
                 agencies: Scope = None) -> tuple[list[Entry], list[str]]:
    """The year's entries in register order (of `agencies` only, when given), and the agencies they belong to."""
    stmt = select(Entry, Register).join(Register, Entry.register_id == Register.id).where(Entry.year == year)
    if agencies is not None:
        stmt = stmt.where(Register.agency_id.in_(list(agencies)))
    if register_code:
        stmt = stmt.where(Register.code == register_code)
    else:
        stmt = stmt.where(Register.kind == OUTGOING)
    stmt = stmt.order_by(Register.agency_id, Register.id, Entry.number)
    with Session(engine, expire_on_commit=False) as session:
        rows = session.execute(stmt).all()
    agencies = list(dict.fromkeys(reg.agency_name for _, reg in rows))
    return [entry for entry, _ in rows], agencies


def row_values(entry: Entry) -> list[object]:
    """Columns 1–10 of one entry as printed in the register."""
    return [
        entry.number_symbol,
        short_date(entry.issue_date),
        entry.type_summary,
        entry.signer,
        entry.recipients,
        entry.archive_unit,
        entry.copies,
        short_date(entry.date_sent) if entry.date_sent else None,
        entry.received_by,
        entry_notes(entry) or None,
    ]


def to_xlsx(entries: Sequence[Entry], year: int, agencies: Sequence[str] = (), title: str = TITLE_VI) -> bytes:
    """Workbook: agency, title, year, the 10 headings, the column numbers (1)…(10), one row per entry."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"So di {year}"
    font = nd30.FONT
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([" · ".join(agencies)] if agencies else [None])
    ws.append([title])
    ws.append([f"Năm {year}"])
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADINGS_VI))
        ws.cell(r, 1).alignment = centre
        ws.cell(r, 1).font = Font(name=font, size=14 if r == 2 else 12, bold=r == 2)
    ws.append(list(HEADINGS_VI))
    ws.append([f"({i})" for i in range(1, len(HEADINGS_VI) + 1)])
    for r in (4, 5):
        for c in range(1, len(HEADINGS_VI) + 1):
            cell = ws.cell(r, c)
            cell.font = Font(name=font, size=12, bold=r == 4)
            cell.alignment = centre
            cell.border = box
    for entry in entries:
        ws.append(row_values(entry))
        for c in range(1, len(HEADINGS_VI) + 1):
            cell = ws.cell(ws.max_row, c)
            cell.font = Font(name=font, size=12)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = box
    for i, width in enumerate(_XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A6"
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "4:5"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _set_font(run, size: float, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.name = nd30.FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), nd30.FONT)


def _para(doc, text: str, size: float, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _set_font(p.add_run(text), size, bold=bold)


def to_docx(entries: Sequence[Entry], year: int, agencies: Sequence[str] = (), title: str = TITLE_VI) -> bytes:
    """Word register: A4 landscape, Times New Roman, title and year, a 10-column table with a repeated header."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(15), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = nd30.FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), nd30.FONT)
    if agencies:
        _para(doc, " · ".join(agencies), 12)
    _para(doc, title, 14, bold=True)
    _para(doc, f"Năm {year}", 13)
    table = doc.add_table(rows=2, cols=len(HEADINGS_VI))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, heading in enumerate(HEADINGS_VI):
        for r, text, bold in ((0, heading, True), (1, f"({i + 1})", False)):
            cell = table.cell(r, i)
            cell.width = Mm(_DOCX_WIDTHS_MM[i])
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(text), 11, bold=bold)
    for r in (0, 1):  # header rows repeat on every page
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
        tr_pr.append(header)
    for entry in entries:
        cells = table.add_row().cells
        for i, value in enumerate(row_values(entry)):
            cells[i].width = Mm(_DOCX_WIDTHS_MM[i])
            _set_font(cells[i].paragraphs[0].add_run("" if value is None else str(value)), 11)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def export_year(engine: Engine, year: int, fmt: str, *, actor: str, register_code: str | None = None,
                clock: Clock = utc_now, agency: str | None = None, agencies: Scope = None) -> tuple[bytes, int]:
    """The register of a year as (file bytes, number of rows); fmt is "xlsx" or "docx". Audited.

    `agency` (a code) exports that agency's book only; `agencies` is the caller's scope: another agency's book
    is refused (403, audited) and without `agency` the export holds the caller's agencies only."""
    if fmt not in FORMATS:
        raise BadInput(f"Định dạng {fmt!r} không hỗ trợ; chọn xlsx hoặc docx.",
                       f"Format {fmt!r} is not supported; use xlsx or docx.", field="format")
    if agency:
        from service.register.agencies import ids_for_codes

        (agency_id,) = ids_for_codes(engine, [agency])
        if not allows(agencies, agency_id):
            raise deny_agency(engine, actor=actor, what="export", agency_id=agency_id, code=agency)
        agencies = [agency_id]
    entries, agencies = year_entries(engine, year, register_code, agencies)
    title = TITLE_VI
    if register_code:
        with Session(engine) as session:
            kinds = set(session.scalars(select(Register.kind).where(Register.code == register_code)))
        if kinds == {COPIES}:
            title = COPIES_TITLE_VI
    data = (to_xlsx if fmt == "xlsx" else to_docx)(entries, year, agencies, title)
    now = as_utc(clock())  # stored as UTC: SQLite keeps no offset
    with Session(engine) as session, session.begin():
        audit.record(session, actor=actor, action="export", at=now,
                     detail={"year": year, "format": fmt, "register": register_code, "agency": agency,
                             "rows": len(entries)})
    return data, len(entries)
