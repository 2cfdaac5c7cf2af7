"""`vanban batch` and `vanban roll-forward` as a clerk runs them (click's runner, real files)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from test_batch_helpers import BASE_PATH, BATCH, csv_bytes, grown_rows, report_rows, zip_members
from service.cli import cli

ROOT = BASE_PATH.parent.parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_batch_of_the_fixture_units_table(tmp_path):
    out = tmp_path / "ke-hoach-2025.zip"
    result = run("batch", str(BASE_PATH), str(BATCH / "units.xlsx"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Xong 19/19 văn bản → {out}" in result.output
    members = zip_members(out)
    assert len(members) == 20 and "19-KH-LDTBXH-Yen-The.docx" in members


def test_batch_with_bad_rows_writes_the_zip_and_exits_2(tmp_path):
    table = tmp_path / "units.csv"
    table.write_bytes(csv_bytes(grown_rows(6, {2: {"number": "abc"}})))
    out = tmp_path / "o.zip"
    result = run("batch", str(BASE_PATH), str(table), "-o", str(out), "--pattern", "{row}-{unit}.docx")
    assert result.exit_code == 2
    assert "dòng 4: number: phải là số nguyên" in result.output and "1 row(s) failed" in result.output
    members = zip_members(out)
    assert "2-Van-phong-So.docx" in members and len(report_rows(members)) == 6


def test_batch_refuses_an_unknown_column_without_writing(tmp_path):
    table = tmp_path / "units.csv"
    table.write_bytes(csv_bytes(grown_rows(2)).replace(b"kinh_gui", b"kinh_guii", 1))
    result = run("batch", str(BASE_PATH), str(table), "-o", str(tmp_path / "o.zip"))
    assert result.exit_code == 2
    assert "kinh_guii" in result.output and "no field" in result.output
    assert not (tmp_path / "o.zip").exists()


def test_batch_of_json_lines(tmp_path):
    doc = json.loads(BASE_PATH.read_text(encoding="utf-8"))
    lines = tmp_path / "docs.jsonl"
    lines.write_text("\n".join(json.dumps(doc, ensure_ascii=False) for _ in range(2)), encoding="utf-8")
    result = run("batch", str(lines), "-o", str(tmp_path / "o.zip"))
    assert result.exit_code == 0, result.output
    assert set(zip_members(tmp_path / "o.zip")) == {
        "01-KH-LDTBXH-SO-LAO-DONG-THUONG-BINH-VA-XA-HOI.docx", "02-KH-LDTBXH-SO-LAO-DONG-THUONG-BINH-VA-XA-HOI.docx",
        "bao-cao.csv"}


def test_roll_forward_writes_next_years_draft_and_lists_the_changes(tmp_path):
    out = tmp_path / "ke-hoach-2025.json"
    result = run("roll-forward", str(ROOT / "fixtures" / "ke-hoach-2024.json"), "--year", "2025", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["summary"].endswith("năm 2025") and doc["date"] == "2025-02" and doc["number"] is None
    assert "summary: …" in result.output and "năm 2024  →  …" in result.output
    assert "opening[0]" in result.output and "inside a citation of another document" in result.output


def test_roll_forward_without_a_date_asks_for_the_year(tmp_path):
    doc = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))
    doc["date"] = None
    src = tmp_path / "kh.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("roll-forward", str(src))
    assert result.exit_code == 2 and "--from-year" in result.output
    result = run("roll-forward", str(src), "--from-year", "2024")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"].endswith("năm 2025")
