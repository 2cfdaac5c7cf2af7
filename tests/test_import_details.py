"""The samples with their own fixed lines (giấy mời 1.7, giấy giới thiệu 1.8, biên bản 1.9, giấy nghỉ phép 1.10,
giấy ủy quyền) import into their `details`: from the .docx the product renders, from a PDF of it, and from a giấy
mời typed the way clerks type one (labels with a dash, a space before the colon, the invitees on the line below)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document as open_docx

from service.importer import import_document
from service.importer.draft import render_draft
from service.render import render_docx
from service.rules.types import TYPES
from service.validate import review

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DETAIL_TYPES = [t for t in TYPES.values() if t.details]


def _texts(docx: bytes) -> list[str]:
    return [p.text.strip() for p in open_docx(io.BytesIO(docx)).paragraphs if p.text.strip()]


def _detail_lines(doc_type, texts: list[str]) -> list[str]:
    """The printed lines that carry a detail: each starts with the fixed words of a Detail's line."""
    heads = [d.line.split("{")[0].strip() or d.line.split("}")[-1].split("{")[0].strip()
             for d in doc_type.details if d.line]
    return [t for t in texts if any(h and h.lower() in t.lower() for h in heads)]


def _fixture(doc_type) -> dict:
    return json.loads((FIXTURES / doc_type.fixture).read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc_type", DETAIL_TYPES, ids=lambda t: t.id)
def test_rendered_sample_imports_into_its_details_and_renders_the_same_lines(doc_type):
    doc = _fixture(doc_type)
    original = render_docx(doc)
    result = import_document(original, "docx")
    assert result.doc["type"] == doc_type.id
    got = result.doc["details"]
    for key, value in doc["details"].items():
        # the last line of a document ends with the closing mark, which the renderer adds again
        assert got[key] == value or got[key] == value.rstrip("."), key
    if any("{co_quan}" in d.line for d in doc_type.details):
        assert result.doc["issuer"]["name_text"] == doc["issuer"]["name_text"]
    errors, _warnings = review(result.doc)
    assert errors == []
    again = _texts(render_draft(result.doc))
    assert _detail_lines(doc_type, again) == _detail_lines(doc_type, _texts(original))
    assert "details" in result.found


CLERK_GIAY_MOI = """UBND HUYỆN LỤC NAM
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/GM-PGDĐT
Lục Nam, ngày 02 tháng 3 năm 2024
GIẤY MỜI
Họp triển khai công tác tuyển sinh năm học 2024 - 2025
Phòng Giáo dục và Đào tạo huyện Lục Nam trân trọng kính mời:
Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở trên địa bàn huyện.
- Tới dự : Hội nghị triển khai công tác tuyển sinh năm học 2024 - 2025.
- Thời gian: 14 giờ 00 phút, thứ Tư, ngày 06/3/2024.
Ghi chú: mỗi trường cử không quá 02 người.
- Địa điểm: Hội trường Phòng Giáo dục và Đào tạo huyện.
Đề nghị các đồng chí mang theo kế hoạch tuyển sinh của đơn vị.
Rất mong các đồng chí tham dự đúng giờ./.
Nơi nhận:
- Như trên;
- Lưu: VT.
TRƯỞNG PHÒNG
(Đã ký)
Nguyễn Văn Bình
"""


def test_giay_moi_typed_by_a_clerk_imports_validates_and_renders_every_line():
    result = import_document(CLERK_GIAY_MOI.encode(), "txt")
    doc = result.doc
    assert doc["type"] == "giay_moi" and doc["number"] == 45
    assert doc["issuer"]["name_text"] == "Phòng Giáo dục và Đào tạo huyện Lục Nam"
    assert doc["details"] == {
        "kinh_moi": "Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở trên địa bàn huyện.",
        "toi_du": "Hội nghị triển khai công tác tuyển sinh năm học 2024 - 2025.",
        "thoi_gian": "14 giờ 00 phút, thứ Tư, ngày 06/3/2024.",
        "dia_diem": "Hội trường Phòng Giáo dục và Đào tạo huyện.",
    }
    # a line no sample line matches is kept, never dropped or forced into a detail
    assert doc["closing"][0] == "Ghi chú: mỗi trường cử không quá 02 người."
    assert result.unplaced == []
    assert review(doc) == ([], [])
    text = "\n".join(_texts(render_draft(doc)))
    for line in ("Phòng Giáo dục và Đào tạo huyện Lục Nam trân trọng kính mời: Hiệu trưởng các trường mầm non",
                 "Tới dự: Hội nghị triển khai", "Thời gian: 14 giờ 00 phút", "Địa điểm: Hội trường",
                 "Ghi chú: mỗi trường cử không quá 02 người.", "Rất mong các đồng chí tham dự đúng giờ./."):
        assert line in text, line


def test_a_line_of_another_type_is_not_read_as_a_detail():
    """`Thời gian:` in a kế hoạch is its body, not a detail: only types with details read them."""
    plan = CLERK_GIAY_MOI.replace("GIẤY MỜI", "KẾ HOẠCH").replace("45/GM-PGDĐT", "45/KH-PGDĐT")
    doc = import_document(plan.encode(), "txt").doc
    assert doc["type"] == "ke_hoach" and "details" not in doc


@pytest.mark.libreoffice
def test_giay_moi_from_its_pdf_imports_into_its_details():
    from service.convert import to_pdf

    doc = _fixture(TYPES["giay_moi"])
    result = import_document(to_pdf(render_docx(doc)), "pdf")
    assert result.doc["type"] == "giay_moi"
    assert result.doc["details"] == doc["details"]
    assert result.doc["issuer"]["name_text"] == doc["issuer"]["name_text"]
    assert review(result.doc)[0] == []
