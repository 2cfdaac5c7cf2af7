"""The typed Document (issue [model]): parsed once, frozen, everything derivable resolved once; issuing stamps a copy
of it without validating; one producer for every front end; and each request validates exactly once."""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.datastructures import MultiDict

import service.validate as validation
from service.document.naming import document_filename
from service.document import Document, IssueDate, Signer
from service.parse import parse
from service.produce import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE, OverBudget, produce
from service.validate import InvalidDocument

ROOT = Path(__file__).resolve().parent.parent
PROFILE = json.loads((ROOT / "fixtures" / "agency" / "sldtbxh-bg.json").read_text(encoding="utf-8"))
SHORT = json.loads((ROOT / "fixtures" / "agency" / "ke-hoach-ngan.json").read_text(encoding="utf-8"))
NOW = dt.datetime(2024, 3, 1, 3, 0, tzinfo=dt.timezone.utc)  # 10:00 in Vietnam


# --- the Document -------------------------------------------------------------------------------------------------

def test_document_is_frozen_all_the_way_down(plan):
    document = parse(plan)
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.number = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.signer.name = "Người khác"  # type: ignore[union-attr,misc]
    with pytest.raises(TypeError):
        document.data["summary"] = "khác"  # type: ignore[index]
    with pytest.raises(TypeError):
        document.data["body"]["sections"][0]["title"] = "khác"
    assert isinstance(document.noi_nhan, tuple) and isinstance(document.data["body"]["sections"], tuple)
    plan["summary"] = "đổi sau khi đọc"
    assert document.summary != "đổi sau khi đọc"  # the Document holds its own copy of the values


def test_parse_resolves_the_seed_plan(plan):
    """The seed plan (fixtures/ke-hoach-2024.json, from shared/seeds/): a draft without number or day."""
    document = parse(plan)
    assert document.type.id == document.type_id == "ke_hoach" and document.type.name == "Kế hoạch"
    assert document.issuer.name == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" and document.issuer.abbr == "LĐTBXH"
    assert document.issuer.parent == "UBND TỈNH BẮC GIANG"
    assert document.symbol == "KH-LĐTBXH"
    assert document.number is None and document.number_symbol is None
    assert document.date == IssueDate(2024, 2) and document.issue_date is None
    assert document.place == "Bắc Giang"
    assert document.signer == Signer(name="Trương Đức Huấn", position="PHÓ GIÁM ĐỐC", authority="KT.",
                                     head_title="GIÁM ĐỐC")
    assert document.noi_nhan == tuple(plan["noi_nhan"]) and document.luu == ("VT", "VP")
    assert document.kinh_gui == () and document.copy is None
    assert document.file_name("docx") == "ke-hoach_du-thao-KH-LDTBXH_2024-02.docx" == document_filename(plan, "docx")
    assert document.as_json() == plan


def test_parse_resolves_a_numbered_document(plan):
    plan.update(number=5, date="2024-02-05")
    document = parse(plan)
    assert document.number == 5 and document.number_symbol == "05/KH-LĐTBXH"
    assert document.issue_date == dt.date(2024, 2, 5)
    assert document.file_name("pdf") == "ke-hoach_05-KH-LDTBXH_2024-02-05.pdf" == document_filename(plan, "pdf")


def test_parse_reports_every_problem_at_once(plan):
    plan["date"] = "2024-02-30"
    del plan["summary"]
    with pytest.raises(InvalidDocument) as exc:
        parse(plan)
    assert {e.path for e in exc.value.errors} == {"date", "summary"}


def test_parse_expands_the_agency_profile():
    document = parse(SHORT, lookup={PROFILE["code"]: PROFILE}.get)
    assert document.agency == "sldtbxh-bg" and document.issuer.name == PROFILE["name"]
    assert isinstance(document.signer, Signer) and document.signer.name
    with pytest.raises(InvalidDocument) as exc:
        parse(SHORT)  # no profile source: named, not half-filled
    assert [e.path for e in exc.value.errors] == ["agency"]


def test_stamped_is_a_new_document_with_number_date_and_names_and_no_validation(plan, monkeypatch):
    document = parse(plan)

    def no_validation(doc):
        raise AssertionError("stamped() must not validate")

    monkeypatch.setattr(validation, "validate", no_validation)
    issued = document.stamped(7, dt.date(2024, 3, 1))
    assert issued is not document and document.number is None  # the draft is unchanged
    assert issued.number == 7 and issued.issue_date == dt.date(2024, 3, 1) and issued.date == IssueDate(2024, 3, 1)
    assert issued.number_symbol == "07/KH-LĐTBXH"
    assert issued.file_name("docx") == "ke-hoach_07-KH-LDTBXH_2024-03-01.docx"
    assert issued.as_json() == {**plan, "number": 7, "date": "2024-03-01"}
    assert issued.signer is document.signer and issued.data["body"] is document.data["body"]  # shared, not copied


def test_stamped_copy_numbers_the_copy_block(monkeypatch):
    doc = json.loads((ROOT / "fixtures" / "thong-bao-sao-y.json").read_text(encoding="utf-8"))
    doc["copy"]["number"] = None
    doc["copy"].pop("date")
    document = parse(doc)
    monkeypatch.setattr(validation, "validate", lambda doc: pytest.fail("stamped() must not validate"))
    issued = document.stamped(3, dt.date(2024, 5, 22))
    assert issued.copy.number == 3 and issued.copy.number_symbol == "03/SY-UBND"
    assert issued.number == document.number and issued.number_symbol == document.number_symbol  # the original's
    assert issued.as_json()["copy"]["number"] == 3 and issued.as_json()["copy"]["date"] == "2024-05-22"


# --- one producer -------------------------------------------------------------------------------------------------

def test_produce_docx_has_its_media_type_and_file_name(plan):
    plan.update(number=5, date="2024-02-05")
    produced = produce(parse(plan), "docx")
    assert produced.media_type == DOCX_MEDIA_TYPE
    assert produced.file_name == "ke-hoach_05-KH-LDTBXH_2024-02-05.docx"
    document_xml = zipfile.ZipFile(BytesIO(produced.data)).read("word/document.xml").decode()
    assert "05/KH-LĐTBXH" in document_xml


def test_produce_refuses_a_pdf_past_its_budget(plan, monkeypatch):
    from service import limits

    monkeypatch.setattr(limits, "current", lambda: dataclasses.replace(limits.Limits(), pdf_cells=3))
    plan["body"]["sections"][0]["tables"] = [{"columns": ["A", "B"], "rows": [["1", "2"], ["3", "4"]]}]
    with pytest.raises(OverBudget) as exc:
        produce(parse(plan), "pdf")
    assert exc.value.limit == "pdf_cells" and exc.value.errors == [exc.value.error]


@pytest.mark.libreoffice
def test_produce_pdf_through_libreoffice(plan):
    produced = produce(parse(plan), "pdf")
    assert produced.media_type == PDF_MEDIA_TYPE
    assert produced.file_name == "ke-hoach_du-thao-KH-LDTBXH_2024-02.pdf"
    assert produced.data.startswith(b"%PDF-") and b"%%EOF" in produced.data[-1024:]


# --- one validation per request -----------------------------------------------------------------------------------

@pytest.fixture
def schema_runs(monkeypatch) -> list[str]:
    """Every run of the JSON-Schema validation (the jsonschema iter_errors behind service.validate.validate),
    whoever calls it."""
    runs: list[str] = []
    real = validation._validator

    class Counting:
        def __init__(self, type_id: str):
            self.type_id, self.inner = type_id, real(type_id)

        def iter_errors(self, doc):
            runs.append(self.type_id)
            return self.inner.iter_errors(doc)

    monkeypatch.setattr(validation, "_validator", Counting)
    return runs


def test_api_document_is_validated_once(app, plan, schema_runs):
    r = app.test_client().post("/api/v1/documents", json=plan)
    assert r.status_code == 200 and r.mimetype == DOCX_MEDIA_TYPE
    assert schema_runs == ["ke_hoach"]


def test_form_download_is_validated_once(app, plan_doc, schema_runs):
    from csrf_client import CsrfClient
    from lxml import html as lxml_html

    app.test_client_class = CsrfClient
    client = app.test_client()
    form = lxml_html.fromstring(client.get("/form/ke_hoach?example=1").data).get_element_by_id("doc-form")
    pairs = [(k, v) for k, v in form.form_values() if k != "_action"]
    schema_runs.clear()
    r = client.post("/form/ke_hoach", data=MultiDict([*pairs, ("_action", "docx")]),
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200 and r.mimetype == DOCX_MEDIA_TYPE
    assert schema_runs == ["ke_hoach"]


def test_issue_through_the_register_api_is_validated_once(tmp_path, plan, schema_runs):
    from service.register import auth
    from service.web.app import create_app
    from service.web.register_state import state

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
                      "REGISTER_CLOCK": lambda: NOW})
    try:
        token = auth.create_token(state(app).engine, "clerk", "test-clerk")
        r = app.test_client().post("/api/v1/documents/issue", json=plan, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201, r.json
        assert r.json["columns"]["number_symbol"] == "01/KH-LĐTBXH"
        assert schema_runs == ["ke_hoach"]  # not once more with a made-up number, not again to render
    finally:
        state(app).engine.dispose()


def test_cli_render_is_validated_once(tmp_path, plan, schema_runs):
    from service.cli import cli

    source, out = tmp_path / "in.json", tmp_path / "out.docx"
    source.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out) and schema_runs == ["ke_hoach"]


def test_a_document_is_not_re_read_as_json_below_parse(plan):
    """render_docx takes the Document as it is: a copy of the JSON changed afterwards does not reach the file."""
    from service.render import render_docx

    raw = copy.deepcopy(plan)
    document = parse(raw)
    raw["summary"] = "KHÔNG ĐƯỢC IN"
    assert "KHÔNG ĐƯỢC IN" not in zipfile.ZipFile(BytesIO(render_docx(document))).read("word/document.xml").decode()
    assert isinstance(document, Document)
