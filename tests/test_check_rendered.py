"""The checker is the yardstick of our own output: every rendered fixture passes it with zero errors, and a
rendered document with one defect introduced in its XML is caught."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from service.check import check_docx
from service.render import render_docx

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DOC_FIXTURES = sorted(p for p in FIXTURES.glob("*.json"))


def _describe(report) -> str:
    return "\n".join(str(f) for f in report.findings)


@pytest.mark.parametrize("path", DOC_FIXTURES, ids=[p.name for p in DOC_FIXTURES])
def test_every_rendered_fixture_passes(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    report = check_docx(render_docx(doc))
    assert report.errors == [], _describe(report)


def test_rendered_plan_elements_are_found(plan_docx):
    report = check_docx(plan_docx)
    assert report.findings == [], _describe(report)
    el = report.elements
    assert el["national_name"] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert el["issuer"] == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert el["number"] == "Số: /KH-LĐTBXH"
    assert el["place_date"] == "Bắc Giang, ngày tháng 02 năm 2024"
    assert el["authority"] == "KT. GIÁM ĐỐC" and el["signer_name"] == "Trương Đức Huấn"


def _edit(data: bytes, part: str, old: str, new: str, count: int = 1) -> bytes:
    """Copy a .docx with one textual change in one XML part (a defect a hand edit could introduce)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == part:
                text = body.decode("utf-8")
                assert old in text, old
                body = re.sub(re.escape(old), new, text, count=count).encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize("part, old, new, count, rule", [
    ("word/document.xml", "<w:titlePg/>", "", 1, "ND30-I.1.page_number"),
    ("word/document.xml", 'w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"', 1, "ND30-I.1.paper"),
    ("word/document.xml", "3. Đẩy mạnh công tác", "2. Đẩy mạnh công tác", 1, "ND30-I.3.numbering"),
    ("word/document.xml", "- Lưu: VT, VP.", "- Lưu: VP.", 1, "ND30-I.5.archive"),
    # Every style names its font: only replacing them all changes what the reader sees.
    ("word/styles.xml", 'w:hAnsi="Times New Roman"', 'w:hAnsi="Arial"', 0, "ND30-I.1.font"),
])
def test_defect_in_rendered_plan_is_caught(plan_docx, part, old, new, count, rule):
    report = check_docx(_edit(plan_docx, part, old, new, count))
    assert rule in report.rules(), _describe(report)
