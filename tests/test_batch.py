"""Batch generation end to end: real tables (XLSX, CSV, JSON Lines) → real zips of real .docx, the report, resume."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile

import pytest

from test_batch_helpers import BATCH, base_doc, csv_bytes, grown_rows, report_rows, unit_rows, xlsx_bytes, zip_members
from docx_helpers import full_text, texts
from service.batch import BatchInputError, BatchOptions, expand, read_table, run_batch
from service.batch import run as run_module

# Three deliberately bad rows among 50 (by index; the spreadsheet row is index + 2).
BAD = {
    6: {"number": "mười lăm"},  # a cell that cannot be a number
    19: {"signer.name": "(trống)"},  # clears a required field
    40: {"date": "2025-13"},  # a month that does not exist
}


@pytest.fixture(scope="module")
def fifty_xlsx() -> bytes:
    return xlsx_bytes(grown_rows(50, BAD))


def test_fifty_rows_three_bad_make_47_documents_and_a_report_naming_the_3(tmp_path, fifty_xlsx):
    out = tmp_path / "ke-hoach-2025.zip"
    result = run_batch(base_doc(), read_table(fifty_xlsx, "units.xlsx"), out)

    assert (result.total, result.succeeded) == (50, 47)
    assert [r.row for r in result.failed] == [8, 21, 42]
    members = zip_members(out)
    docs = sorted(n for n in members if n.endswith(".docx"))
    assert len(docs) == 47 and set(members) == set(docs) | {"bao-cao.csv"}
    assert "01-KH-LDTBXH-Van-phong-So.docx" in docs and "14-KH-LDTBXH-Lang-Giang.docx" in docs
    assert not any(n.startswith(("07-", "20-", "41-")) for n in docs)

    report = report_rows(members)
    assert len(report) == 50
    failed = {r["row"]: r for r in report if r["status"] == "error"}
    assert set(failed) == {"8", "21", "42"}
    assert failed["8"]["errors_vi"].startswith("number:") and "mười lăm" in failed["8"]["errors_vi"]
    assert "whole number" in failed["8"]["errors_en"]
    assert "signer.name" in failed["21"]["errors_vi"] and "signer.name" in failed["21"]["errors_en"]
    assert "date" in failed["42"]["errors_vi"] and "month" in failed["42"]["errors_en"].lower()
    ok = [r for r in report if r["status"] == "ok"]
    assert all(r["file"] in members and not r["errors_vi"] for r in ok)


def test_each_document_carries_its_rows_fields(tmp_path):
    out = tmp_path / "units.zip"
    run_batch(base_doc(), read_table(xlsx_bytes(grown_rows(19)), "units.xlsx"), out)
    members = zip_members(out)
    district = texts(members["14-KH-LDTBXH-Lang-Giang.docx"])
    joined = "\n".join(district)
    assert "UBND HUYỆN LẠNG GIANG" in joined and "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in joined
    assert any(t.startswith("Lạng Giang, ngày") and "năm 2025" in t for t in district)
    assert "Hoàng Văn Nam" in joined and "TRƯỞNG PHÒNG" in joined and "KT." not in joined
    assert "Phòng Lao động - Thương binh và Xã hội huyện Lạng Giang" in joined  # item III.1 of this row
    on_behalf = "\n".join(texts(members["12-KH-LDTBXH-Chu.docx"]))
    assert "KT. TRƯỞNG PHÒNG" in on_behalf and "PHÓ TRƯỞNG PHÒNG" in on_behalf
    office = full_text(members["03-KH-LDTBXH-Phong-Bao-tro-xa-hoi.docx"])
    assert "Kính gửi" in office and "Phòng Bảo trợ xã hội" in office
    assert "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in office  # empty issuer cells keep the base


def test_xlsx_and_csv_of_the_same_rows_give_the_same_zip(tmp_path):
    rows = grown_rows(12)
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    run_batch(base_doc(), read_table(xlsx_bytes(rows), "units.xlsx"), a)
    run_batch(base_doc(), read_table(csv_bytes(rows), "units.csv"), b)
    assert a.read_bytes() == b.read_bytes()


def test_resume_after_interruption_has_no_duplicates_and_redoes_nothing(tmp_path, fifty_xlsx, monkeypatch):
    table = read_table(fifty_xlsx, "units.xlsx")
    whole = tmp_path / "whole" / "out.zip"
    run_batch(base_doc(), table, whole)

    out = tmp_path / "resumed" / "out.zip"
    rendered: list[int] = []
    real_render = run_module._render
    monkeypatch.setattr(run_module, "_render", lambda doc: rendered.append(1) or real_render(doc))

    def crash_after_20(done, total, result):
        if done == 20:
            raise KeyboardInterrupt  # Ctrl-C, or the process killed, in the middle of the batch

    with pytest.raises(KeyboardInterrupt):
        run_batch(base_doc(), table, out, progress=crash_after_20)
    assert not out.exists()  # nothing half-written where the clerk looks
    journal_dirs = list(out.parent.glob(".out.zip.batch-*"))
    assert len(journal_dirs) == 1
    first_pass = len(rendered)

    seen = []
    result = run_batch(base_doc(), table, out, progress=lambda d, t, r: seen.append(r.index))
    assert result.resumed == 18  # the first 20 rows less the bad ones (indexes 6 and 19): only ok rows are kept
    # The rerun renders only what is not journaled: 50 − 18 done − 1 row whose cell never parsed (index 6).
    assert first_pass == 19 and len(rendered) - first_pass == 31
    assert sorted(seen) == list(range(50)) and len(seen) == 50
    assert zip_members(out) == zip_members(whole)
    assert out.read_bytes() == whole.read_bytes()
    assert not list(out.parent.glob(".out.zip.batch-*"))  # state removed once the zip is in place


def test_resume_redoes_rows_whose_files_were_torn(tmp_path):
    rows = grown_rows(6)
    table = read_table(csv_bytes(rows), "units.csv")
    out = tmp_path / "out.zip"

    def stop_at_4(done, total, result):
        if done == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(base_doc(), table, out, progress=stop_at_4)
    sdir = next(tmp_path.glob(".out.zip.batch-*"))
    first = json.loads((sdir / "journal.jsonl").read_text(encoding="utf-8").splitlines()[0])
    offset, length, _ = next(iter(first["stored"].values()))
    with open(sdir / "files.spool", "r+b") as spool:  # power lost before that row's bytes reached the disk
        spool.seek(offset + 100)
        spool.write(b"\0" * (length - 100))
    with open(sdir / "journal.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"index": 5, "row": 7, "st')  # a journal line cut short
    result = run_batch(base_doc(), table, out)
    assert result.resumed == 3 and result.succeeded == 6
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        assert all(zf.read(n)[:2] == b"PK" for n in zf.namelist() if n.endswith(".docx"))


def test_changed_inputs_start_afresh(tmp_path):
    out = tmp_path / "out.zip"
    table = read_table(csv_bytes(grown_rows(5)), "units.csv")

    def stop(done, total, result):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(base_doc(), table, out, progress=stop)
    changed = base_doc()
    changed["summary"] = changed["summary"] + " (sửa)"
    result = run_batch(changed, table, out)
    assert result.resumed == 0 and result.succeeded == 5
    assert not list(tmp_path.glob(".out.zip.batch-*"))


def test_json_lines_of_complete_documents(tmp_path):
    docs = [base_doc() for _ in range(3)]
    docs[1]["issuer"] = "not an object"
    lines = "\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n{broken\n"
    out = tmp_path / "out.zip"
    result = run_batch(None, read_table(lines.encode("utf-8"), "docs.jsonl"), out, BatchOptions(pattern="{stt:03}-{type}"))
    assert result.succeeded == 2 and [r.row for r in result.failed] == [2, 4]
    members = zip_members(out)
    assert {"001-ke-hoach.docx", "003-ke-hoach.docx", "bao-cao.csv"} == set(members)
    report = {r["row"]: r for r in report_rows(members)}
    assert "issuer" in report["2"]["errors_vi"] and "invalid JSON" in report["4"]["errors_en"]


def test_unknown_column_stops_before_anything_is_written(tmp_path):
    data = csv_bytes(grown_rows(2)).replace(b"issuer.name", b"issuer.nam", 1)
    with pytest.raises(BatchInputError) as err:
        run_batch(base_doc(), read_table(data, "units.csv"), tmp_path / "out.zip")
    (e,) = err.value.errors
    assert "issuer.nam" in e.vi and "issuer.nam" in e.en
    assert not list(tmp_path.iterdir())


def test_bad_pattern_and_bad_table_are_named(tmp_path):
    table = read_table(csv_bytes(grown_rows(2)), "units.csv")
    with pytest.raises(BatchInputError) as err:
        run_batch(base_doc(), table, tmp_path / "o.zip", BatchOptions(pattern="{stt}-{tinh}"))
    assert "tinh" in err.value.errors[0].vi and "unknown placeholder" in err.value.errors[0].en
    with pytest.raises(BatchInputError) as err:
        read_table(b"\x00\x01 not a workbook", "units.xlsx")
    assert "Excel" in err.value.errors[0].vi
    with pytest.raises(BatchInputError):
        read_table(b"a,b\n", "units.ods")


def test_duplicate_names_get_a_suffix_in_table_order(tmp_path):
    rows = grown_rows(3)
    for r in rows:
        r["stt"], r["don_vi"] = "1", "Văn phòng Sở"
    result = run_batch(base_doc(), read_table(csv_bytes(rows), "units.csv"), tmp_path / "o.zip")
    assert [r.files for r in result.results] == [["01-KH-LDTBXH-Van-phong-So.docx"],
                                                 ["01-KH-LDTBXH-Van-phong-So-2.docx"],
                                                 ["01-KH-LDTBXH-Van-phong-So-3.docx"]]


def test_cells_lists_paragraphs_json_clear_and_append(tmp_path):
    header = ["kinh_gui", "body.sections[2].items[0].paragraphs", "body.sections[2].items[6].title",
              "body.sections[0].items", "urgency", "luu", "body.sections[9].title"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerow(["Phòng A; Phòng B\nPhòng C", "Đoạn một; vẫn đoạn một\nĐoạn hai", "Mục mới",
                json.dumps([{"paragraphs": ["Chỉ một mục."]}], ensure_ascii=False), "KHẨN", "(trống)", ""])
    w.writerow(["", "", "", "[{", "", "", "Phần mười"])
    rows = expand(base_doc(), read_table(out.getvalue().encode("utf-8"), "t.csv"))
    doc = rows[0].doc
    assert doc["kinh_gui"] == ["Phòng A", "Phòng B", "Phòng C"]
    assert doc["body"]["sections"][2]["items"][0]["paragraphs"] == ["Đoạn một; vẫn đoạn một", "Đoạn hai"]
    assert doc["body"]["sections"][2]["items"][6] == {"title": "Mục mới"}  # index == length appends
    assert doc["body"]["sections"][0]["items"] == [{"paragraphs": ["Chỉ một mục."]}]
    assert doc["urgency"] == "KHẨN" and doc["luu"] == []
    paths = sorted(e.path for e in rows[1].errors)
    assert paths == ["body.sections[0].items", "body.sections[9].title"]
    gap = next(e for e in rows[1].errors if e.path == "body.sections[9].title")
    assert "3" in gap.vi and "3 element" in gap.en


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: precomposed base letters (ă, â, ơ …) followed by combining tone marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def test_decomposed_unicode_and_windows_csv_are_read_as_nfc():
    nfd = "issuer.name\nS\u01a0\u0309 LAO \u0110O\u0302\u0323NG\n".encode("utf-8")  # Sở, Động decomposed
    (row,) = read_table(nfd, "t.csv").rows
    assert row.cells["issuer.name"] == "SỞ LAO ĐỘNG"
    cp = to_cp1258("place;summary\nBắc Giang;Kế hoạch\n")
    (row,) = read_table(cp, "t.csv").rows
    assert row.cells == {"place": "Bắc Giang", "summary": "Kế hoạch"}


def test_fixture_units_table_is_valid_and_both_formats_agree():
    xlsx = read_table((BATCH / "units.xlsx").read_bytes(), "units.xlsx")
    csv_ = read_table((BATCH / "units.csv").read_bytes(), "units.csv")
    assert [r.cells for r in xlsx.rows] == [r.cells for r in csv_.rows]
    rows = expand(base_doc(), xlsx)
    assert len(rows) == len(unit_rows()) >= 15 and all(r.ok for r in rows), [r.errors for r in rows if not r.ok]
