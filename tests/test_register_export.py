"""The exported register (ND30 App. IV): .xlsx opens in openpyxl with the 10 columns and one row per
issued document; .docx is A4 landscape, Times New Roman, one table row per document."""
from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from service.register import audit
from service.register.columns import HEADINGS_VI, TITLE_VI
from service.register.db import make_engine, upgrade
from service.register.entries import void
from service.register.export import export_year
from service.register.issue import issue

ROOT = Path(__file__).resolve().parents[1]
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def issued(tmp_path):
    """A register with three 2024 documents (the second voided) and one 2025 document."""
    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    engine = make_engine(url)
    plan = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))
    store = tmp_path / "store"
    docs = []
    for day, summary in ((5, None), (6, "Tháng hành động vì trẻ em"), (7, "Tết trồng cây")):
        doc = copy.deepcopy(plan)
        if summary:
            doc["summary"] = summary
        doc["drafter"] = {"symbol": "PL", "copies": 10 + day}
        docs.append(issue(engine, store, doc, actor="clerk", clock=lambda d=day: dt.datetime(2024, 2, d, 9, tzinfo=VN)).entry)
    void(engine, docs[1].id, reason="Sai nơi nhận", actor="clerk")
    issue(engine, store, plan, actor="clerk", clock=lambda: dt.datetime(2025, 1, 2, 9, tzinfo=VN))
    yield engine, docs
    engine.dispose()


def test_xlsx_has_the_ten_columns_and_one_row_per_document(issued):
    engine, docs = issued
    data, rows = export_year(engine, 2024, "xlsx", actor="clerk")
    assert rows == 3
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.max_column == 10
    assert ws["A1"].value == "UBND TỈNH BẮC GIANG - SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert ws["A2"].value == TITLE_VI and ws["A3"].value == "Năm 2024"
    assert tuple(c.value for c in ws[4]) == HEADINGS_VI
    assert [c.value for c in ws[5]] == [f"({i})" for i in range(1, 11)]
    body = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(body) == 3
    first = body[0]
    assert first[:2] == ("01/KH-LĐTBXH", "05/02/2024")
    assert first[2].startswith("Kế hoạch Triển khai")
    assert first[3] == "Trương Đức Huấn" and first[4].startswith("Sở Văn hóa – TT&DL; Lãnh đạo Sở")
    assert first[5] == "VT, VP" and first[6] == 15
    assert first[7] is None and first[8] is None and first[9] is None
    assert body[1][0] == "02/KH-LĐTBXH" and body[1][9] == "Đã hủy: Sai nơi nhận"
    assert ws["A6"].font.name == "Times New Roman"
    assert audit.events(engine, action="export")[0].detail == {"year": 2024, "format": "xlsx", "register": None,
                                                                  "agency": None, "rows": 3}


def test_docx_is_landscape_times_new_roman_table(issued):
    engine, _ = issued
    data, rows = export_year(engine, 2024, "docx", actor="clerk")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    assert [p.text for p in doc.paragraphs[:3]] == ["UBND TỈNH BẮC GIANG - SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                                                    TITLE_VI, "Năm 2024"]
    table = doc.tables[0]
    assert len(table.columns) == 10
    assert [c.text for c in table.rows[0].cells] == list(HEADINGS_VI)
    assert len(table.rows) == 2 + rows == 5
    assert [r.cells[0].text for r in table.rows[2:]] == ["01/KH-LĐTBXH", "02/KH-LĐTBXH", "03/KH-LĐTBXH"]
    fonts = {el.get(qn("w:ascii")) for el in doc.element.body.iter(qn("w:rFonts"))}
    assert fonts == {"Times New Roman"}


def test_next_year_export_is_separate(issued):
    engine, _ = issued
    data, rows = export_year(engine, 2025, "xlsx", actor="clerk")
    assert rows == 1
    ws = load_workbook(io.BytesIO(data)).active
    assert [r[0] for r in ws.iter_rows(min_row=6, values_only=True)] == ["01/KH-LĐTBXH"]
