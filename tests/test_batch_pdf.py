"""Batch PDF through the real LibreOffice converter: .docx and .pdf side by side, PDF only, and a batch that stops
cleanly (and resumes) when the converter is gone."""
from __future__ import annotations

import subprocess

import pytest

from test_batch_helpers import base_doc, csv_bytes, grown_rows, report_rows, zip_members
from service.batch import BatchAborted, BatchOptions, read_table, run_batch
from service.convert import Converter, load_settings

pytestmark = [pytest.mark.libreoffice]


@pytest.fixture(scope="module")
def converter():
    conv = Converter(load_settings())
    yield conv
    conv.shutdown()


def pdftotext(tmp_path, data: bytes) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def test_docx_and_pdf_side_by_side(tmp_path, converter):
    rows = grown_rows(14)[-4:]  # four district offices
    out = tmp_path / "o.zip"
    result = run_batch(base_doc(), read_table(csv_bytes(rows), "units.csv"), out,
                       BatchOptions(formats=("docx", "pdf"), converter=converter))
    assert result.succeeded == 4
    members = zip_members(out)
    assert sorted(members) == ["11-KH-LDTBXH-Viet-Yen.docx", "11-KH-LDTBXH-Viet-Yen.pdf", "12-KH-LDTBXH-Chu.docx",
                               "12-KH-LDTBXH-Chu.pdf", "13-KH-LDTBXH-Hiep-Hoa.docx", "13-KH-LDTBXH-Hiep-Hoa.pdf",
                               "14-KH-LDTBXH-Lang-Giang.docx", "14-KH-LDTBXH-Lang-Giang.pdf", "bao-cao.csv"]
    text = pdftotext(tmp_path, members["14-KH-LDTBXH-Lang-Giang.pdf"])
    assert "UBND HUYỆN LẠNG GIANG" in text and "Hoàng Văn Nam" in text
    assert report_rows(members)[0]["file"] == "11-KH-LDTBXH-Viet-Yen.docx; 11-KH-LDTBXH-Viet-Yen.pdf"


def test_pdf_only_keeps_bad_rows_out(tmp_path, converter):
    rows = grown_rows(3, {1: {"number": "x"}})
    out = tmp_path / "o.zip"
    result = run_batch(base_doc(), read_table(csv_bytes(rows), "units.csv"), out,
                       BatchOptions(formats=("pdf",), converter=converter))
    assert result.succeeded == 2
    members = zip_members(out)
    assert sorted(members) == ["01-KH-LDTBXH-Van-phong-So.pdf", "03-KH-LDTBXH-Phong-Bao-tro-xa-hoi.pdf",
                               "bao-cao.csv"]
    assert all(members[n].startswith(b"%PDF-") for n in members if n.endswith(".pdf"))


def test_missing_converter_stops_the_batch_and_a_rerun_resumes(tmp_path, monkeypatch, converter):
    table = read_table(csv_bytes(grown_rows(3)), "units.csv")
    out = tmp_path / "o.zip"
    monkeypatch.setenv("VANBAN_SOFFICE", str(tmp_path / "no-soffice"))
    with pytest.raises(BatchAborted) as err:
        run_batch(base_doc(), table, out, BatchOptions(formats=("pdf",), pdf_workers=1))
    assert "VANBAN_SOFFICE" in err.value.vi and "run it again to resume" in err.value.en
    assert not out.exists() and list(tmp_path.glob(".o.zip.batch-*"))
    monkeypatch.delenv("VANBAN_SOFFICE")
    result = run_batch(base_doc(), table, out, BatchOptions(formats=("pdf",), converter=converter))
    assert result.succeeded == 3 and not list(tmp_path.glob(".o.zip.batch-*"))
