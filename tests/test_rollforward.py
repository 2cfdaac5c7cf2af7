"""Next year's draft: the document's own year moves, other documents' years and dates never do."""
from __future__ import annotations

import copy

import pytest

from docx_helpers import texts
from service.render import render_docx
from service.rollforward import roll_forward
from service.validate import validate


def test_seed_plan_rolls_to_2025(plan):
    result = roll_forward(plan, 2025)
    doc = result.doc
    assert doc["summary"] == plan["summary"].replace("năm 2024", "năm 2025")
    assert doc["number"] is None and doc["date"] == "2025-02"
    assert doc["closing"][0].startswith("Trên đây là Kế hoạch thực hiện phong trào TĐĐKXDĐSVH năm 2025 của Sở")
    assert doc["body"] == plan["body"]  # no "năm 2024" of its own in the body: only others' dates and periods
    body = str(doc["body"])
    assert "Quyết định số 2214/QĐ-TTg ngày 28/12/2021" in body and "giai đoạn 2021 - 2025" in body
    assert "Nghị định số 86/2023/NĐ-CP ngày 07/12/2023" in body
    # The opening cites the steering committee's 2024 plan: that year belongs to the cited plan.
    assert doc["opening"] == plan["opening"]
    assert plan["summary"] == roll_forward(plan).doc["summary"].replace("2025", "2024")  # input untouched

    changes = {c.path: c for c in result.changes}
    assert set(changes) == {"date", "summary", "closing[0]"}
    assert changes["date"].before == "2024-02" and changes["date"].after == "2025-02"
    assert changes["summary"].before.endswith("năm 2024") and changes["summary"].after.endswith("năm 2025")
    kept = [(k.path, k.reason_en) for k in result.kept]
    assert kept == [("opening[0]", "a specific date"), ("opening[0]", "inside a citation of another document")]


def test_rolled_plan_is_valid_and_renders_for_the_new_year(plan):
    doc = roll_forward(plan, 2025).doc
    assert validate(doc) == []
    lines = texts(render_docx(doc))
    assert any(t.startswith("Bắc Giang, ngày") and t.endswith("tháng 02 năm 2025") for t in lines)
    assert any("năm 2025" in t and "Toàn dân đoàn kết" in t for t in lines)


def _plan_of_2021(plan: dict) -> dict:
    doc = copy.deepcopy(plan)
    doc["date"], doc["number"] = "2021-03-15", 12
    doc["summary"] = "Triển khai công tác gia đình năm 2021"
    doc["opening"] = ["Căn cứ Luật Thi đua, khen thưởng năm 2021; Quyết định số 2214/QĐ-TTg ngày 28/12/2021 "
                      "của Thủ tướng Chính phủ về phong trào năm 2021;"]
    doc["body"]["sections"][0]["items"][0]["paragraphs"] = [
        "Năm 2021, tập trung thực hiện Đề án giai đoạn 2021 - 2025 và Nghị định số 12/2021/NĐ-CP; "
        "tổng kết trước ngày 15 tháng 12 năm 2021 và báo cáo trước 30/11/2021 (tháng 12/2021).",
        "Kế hoạch công tác 2021 của Sở; chỉ tiêu năm 2021 đạt 2021 hộ.",
    ]
    return doc


def test_citations_dates_periods_and_symbols_keep_their_year(plan):
    doc = _plan_of_2021(plan)
    result = roll_forward(doc)
    out = result.doc
    assert result.year == 2022 and out["number"] is None and out["date"] == "2022-03"
    assert out["summary"] == "Triển khai công tác gia đình năm 2022"
    assert out["opening"] == doc["opening"]  # a law named with its year; a cited decision's date and subject
    first, second = out["body"]["sections"][0]["items"][0]["paragraphs"]
    assert first == ("Năm 2022, tập trung thực hiện Đề án giai đoạn 2021 - 2025 và Nghị định số 12/2021/NĐ-CP; "
                     "tổng kết trước ngày 15 tháng 12 năm 2021 và báo cáo trước 30/11/2021 (tháng 12/2021).")
    assert second == "Kế hoạch công tác 2021 của Sở; chỉ tiêu năm 2022 đạt 2021 hộ."
    reasons = sorted({k.reason_en for k in result.kept})
    assert reasons == ["a period of several years", "a specific date", "a year not preceded by “năm”; please check",
                       "inside a citation of another document", "inside a document number and symbol",
                       "the name of a law with its year"]
    # every change is listed with where it is, so the clerk can review it
    assert [c.path for c in result.changes] == ["number", "date", "summary", "body.sections[0].items[0].paragraphs[0]",
                                                "body.sections[0].items[0].paragraphs[1]"]
    assert result.changes[0].before == "12" and result.changes[0].after == ""


def test_year_must_be_known_and_different(plan):
    no_date = dict(plan, date=None)
    with pytest.raises(ValueError) as err:
        roll_forward(no_date)
    assert "--from-year" in str(err.value) and "năm" in str(err.value)
    assert roll_forward(no_date, from_year=2024).doc["date"] == "2025"
    with pytest.raises(ValueError, match="must differ"):
        roll_forward(plan, 2024)
