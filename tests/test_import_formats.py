"""Old Word (.doc), OpenDocument (.odt) and RTF imported through the warm LibreOffice converter into the .docx
path, by `vanban import`, the web import page and POST /api/v1/import; a file that is not what its name says, or
that LibreOffice cannot open, is a clear 4xx / exit 2, a converter that is missing a 503 / exit 4."""
from __future__ import annotations

import io
import subprocess

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from lxml import html as lxml_html

from corpus_support import clerk_docx, header_mismatches, label
from csrf_client import CsrfClient
from service.cli import cli
from service.importer import UnreadableInput, import_document
from service.importer.source import converted_kind

NAME = "lai-chau-qd-20-2015"  # a decision with a TM. signer: header table and recipients/signature table
FORMATS = ("doc", "odt", "rtf")


def word_like_docx(name: str) -> bytes:
    """The clerk's .docx as Word keeps it: a paragraph mark after the table that ends the document.

    python-docx ends the body on the recipients/signature table; LibreOffice's Word 97 export then writes a .doc
    whose text ends on the row mark with no final paragraph mark (Word's format requires one, and Word always
    writes one), and LibreOffice reading that .doc back drops the last table, joining "Lưu: VT, TH." with the
    signer's cell. A .doc saved by Word never has that shape, so the test files are made as Word makes them."""
    doc = open_docx(io.BytesIO(clerk_docx(name)))
    doc.add_paragraph("")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def saved_as(tmp_path_factory) -> dict[str, bytes]:
    """The clerk's .docx saved by LibreOffice as .doc, .odt and .rtf (a separate soffice, not our converter)."""
    from service.convert import load_settings
    from service.convert.settings import resolve_soffice

    tmp = tmp_path_factory.mktemp("saved-as")
    src = tmp / f"{NAME}.docx"
    src.write_bytes(word_like_docx(NAME))
    out = {}
    for fmt in FORMATS:
        subprocess.run([resolve_soffice(load_settings()), f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                        "--headless", "--norestore", "--convert-to", fmt, "--outdir", str(tmp), str(src)],
                       check=True, capture_output=True, timeout=300)
        out[fmt] = (tmp / f"{NAME}.{fmt}").read_bytes()
    return out


@pytest.fixture(scope="module", autouse=True)
def _converter_stopped():
    yield
    from service.convert import shutdown

    shutdown()


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", FORMATS)
def test_saved_as_imports_with_every_header_field(saved_as, fmt):
    result = import_document(saved_as[fmt], fmt)
    assert header_mismatches(result.doc, label(NAME)) == []
    assert result.doc["signer"]["name"] == "Đỗ Ngọc An"  # the signature table survived the round trip


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", FORMATS)
def test_saved_as_through_the_cli(saved_as, fmt, tmp_path):
    import json

    src = tmp_path / f"qd.{fmt}"
    src.write_bytes(saved_as[fmt])
    out = tmp_path / "qd.json"
    run = CliRunner().invoke(cli, ["import", str(src), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert header_mismatches(json.loads(out.read_text(encoding="utf-8")), label(NAME)) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", FORMATS)
def test_saved_as_through_the_api(client, saved_as, fmt):
    r = client.post("/api/v1/import", data={"file": (io.BytesIO(saved_as[fmt]), f"qd.{fmt}")},
                    content_type="multipart/form-data")
    assert r.status_code == 200, r.data
    body = r.get_json()
    assert header_mismatches(body["document"], label(NAME)) == []
    assert body["errors"] == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", FORMATS)
def test_saved_as_through_the_import_page(app, saved_as, fmt):
    from service.model.schema import schema_for
    from service.web.formdata import document_from_form

    app.test_client_class = CsrfClient
    r = app.test_client().post("/nhap-tu-word", data={"file": (io.BytesIO(saved_as[fmt]), f"qd.{fmt}")},
                               content_type="multipart/form-data")
    assert r.status_code == 200, r.data[:500]
    form = lxml_html.fromstring(r.data).get_element_by_id("doc-form")
    pairs = [(k, v) for k, v in form.form_values() if k != "_action"]
    doc = document_from_form(pairs, schema_for("quyet_dinh"))
    assert header_mismatches(doc, label(NAME)) == []  # what the form sends back is what was imported


# --- what is not a document ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, data", [
    ("doc", b"hello, not a Word file"),
    ("doc", b""),
    ("odt", b"PK\x03\x04 a zip that is no OpenDocument"),
    ("rtf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a .doc named .rtf"),
])
def test_a_file_that_is_not_its_format_is_refused_before_libreoffice(kind, data):
    with pytest.raises(UnreadableInput, match="damaged"):
        import_document(data, kind)


def test_renamed_files_go_where_their_bytes_say():
    """Offices rename freely: an RTF or a .docx saved with a .doc name."""
    assert converted_kind(b"{\\rtf1\\ansi hello}", "doc") == "rtf"
    assert converted_kind(clerk_docx(NAME), "doc") == "docx"
    result = import_document(clerk_docx(NAME), "doc")  # read as the .docx it is, no LibreOffice
    assert header_mismatches(result.doc, label(NAME)) == []


DAMAGED_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 64  # a compound-file header, then junk


@pytest.mark.libreoffice
def test_a_damaged_doc_is_a_clear_422_and_exit_2(client, tmp_path):
    r = client.post("/api/v1/import", data={"file": (io.BytesIO(DAMAGED_DOC), "hong.doc")},
                    content_type="multipart/form-data")
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    problem = r.get_json()
    assert "LibreOffice không mở được tệp .doc" in problem["title_vi"] and "damaged" in problem["title"]
    assert "scratch" not in problem["title"]  # our temporary path is not the clerk's business
    src = tmp_path / "hong.doc"
    src.write_bytes(DAMAGED_DOC)
    run = CliRunner().invoke(cli, ["import", str(src)])
    assert run.exit_code == 2 and "damaged" in run.output


def test_without_libreoffice_a_doc_is_503_and_exit_4_not_a_500(app, no_converter, tmp_path):
    data = b"{\\rtf1\\ansi fine}"
    r = app.test_client().post("/api/v1/import", data={"file": (io.BytesIO(data), "ok.rtf")},
                               content_type="multipart/form-data")
    assert r.status_code == 503 and r.headers["Retry-After"]
    app.test_client_class = CsrfClient
    page = app.test_client().post("/nhap-tu-word", data={"file": (io.BytesIO(data), "ok.rtf")},
                                  content_type="multipart/form-data")
    assert page.status_code == 503 and "Chưa chuyển được tệp ok.rtf sang .docx" in page.get_data(as_text=True)
    src = tmp_path / "ok.rtf"
    src.write_bytes(data)
    run = CliRunner().invoke(cli, ["import", str(src)])
    assert run.exit_code == 4 and "VANBAN_SOFFICE" in run.output


def test_an_upload_over_the_body_budget_is_413(app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    r = app.test_client().post("/api/v1/import", data={"file": (io.BytesIO(b"\0" * (limit + 1)), "big.doc")},
                               content_type="multipart/form-data")
    assert r.status_code == 413


@pytest.fixture(scope="module")
def corpus_saved_as(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """Every corpus document typed as clerks type it, saved by LibreOffice as .doc, .odt and .rtf (one soffice run
    per format for all of them)."""
    from corpus_support import NAMES
    from service.convert import load_settings
    from service.convert.settings import resolve_soffice

    tmp = tmp_path_factory.mktemp("corpus-saved-as")
    sources = []
    for name in NAMES:
        src = tmp / f"{name}.docx"
        src.write_bytes(word_like_docx(name))
        sources.append(str(src))
    out: dict[str, dict[str, bytes]] = {}
    for fmt in FORMATS:
        subprocess.run([resolve_soffice(load_settings()), f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                        "--headless", "--norestore", "--convert-to", fmt, "--outdir", str(tmp / fmt), *sources],
                       check=True, capture_output=True, timeout=900)
        out[fmt] = {name: (tmp / fmt / f"{name}.{fmt}").read_bytes() for name in NAMES}
    return out


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_corpus_document_survives_each_format(corpus_saved_as, fmt):
    wrong = {name: header_mismatches(import_document(data, fmt).doc, label(name))
             for name, data in corpus_saved_as[fmt].items()}
    assert {name: m for name, m in wrong.items() if m} == {}


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_kind_follows_the_bytes_without_a_name(saved_as, fmt, tmp_path):
    """Bytes with no file name (stdin, an upload named without extension) go where their first bytes say."""
    from service.importer import kind_of

    assert kind_of(saved_as[fmt], None) == fmt
    src = tmp_path / "van-ban"
    src.write_bytes(saved_as[fmt])
    assert header_mismatches(import_document(src).doc, label(NAME)) == []


@pytest.mark.libreoffice
def test_a_conversion_past_its_timeout_is_a_422_and_the_next_one_works(app, saved_as, monkeypatch, tmp_path):
    """LibreOffice stuck on a file (stopped here with SIGSTOP) is stopped at VANBAN_PDF_TIMEOUT: the upload is a
    422 naming the budget, never a 500, and the restarted worker converts the next file."""
    import signal

    from service import convert
    from service.convert.worker import group_members

    monkeypatch.setenv("VANBAN_PDF_TIMEOUT", "3")
    monkeypatch.setenv("VANBAN_PDF_RUNTIME_DIR", str(tmp_path / "rt"))
    convert.shutdown()
    try:
        assert import_document(saved_as["rtf"], "rtf").doc["number"] == label(NAME)["number"]  # warm
        (worker,) = convert.get_converter().workers
        office = next(p for p in group_members(worker.proc.pid) if p.name() == "soffice.bin")
        office.send_signal(signal.SIGSTOP)
        r = app.test_client().post("/api/v1/import", data={"file": (io.BytesIO(saved_as["rtf"]), "qd.rtf")},
                                   content_type="multipart/form-data")
        assert r.status_code == 422 and "too complex" in r.get_json()["title"] and "3 s" in r.get_json()["title"]
        assert header_mismatches(import_document(saved_as["doc"], "doc").doc, label(NAME)) == []
    finally:
        convert.shutdown()
