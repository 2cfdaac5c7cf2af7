"""An agency profile's signer may sign for a collective (`on_behalf`, the TM. line above their own KT./Q. line,
App.I §4 ô 7a): the profile keeps it through validation, the database, `vanban agency export`/`import` and the
admin form; a document naming that signer by id renders the three lines in the .docx; the rule is the document's
(only with KT. or Q.)."""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from csrf_client import CsrfClient
from form_values import field_error, profile_edit_form
from service.agency.choices import apply_choices
from service.agency.profile import checked_profile, profile_problems
from service.cli import cli
from service.register import agencies as store
from service.register import auth
from service.web.app import create_app
from service.web.register_state import state
from test_on_behalf import LINES, signature_cell

ROOT = Path(__file__).resolve().parents[1]
SHORT = json.loads((ROOT / "fixtures" / "agency" / "ke-hoach-ngan.json").read_text(encoding="utf-8"))
DEPUTY = {"id": "an", "name": "Nguyễn Văn An", "position": "PHÓ CHỦ TỊCH", "authority": "KT.",
          "head_title": "CHỦ TỊCH", "on_behalf": "ỦY BAN NHÂN DÂN"}
UBND = {"code": "ubnd-ln", "parent": "UBND TỈNH BẮC GIANG", "name": "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM",
        "abbr": "UBND", "name_text": "Ủy ban nhân dân huyện Lục Nam", "place": "Lục Nam",
        "signers": [DEPUTY, {"id": "binh", "name": "Trần Văn Bình", "position": "CHỦ TỊCH"}]}
PASSWORD = "mật khẩu dài đủ"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_profile_keeps_on_behalf_and_applies_the_documents_rule():
    profile = checked_profile({**UBND, "signers": [{**DEPUTY, "on_behalf": "  ỦY BAN NHÂN DÂN "}]})
    assert profile["signers"] == [DEPUTY]
    for authority in ("TL.", "TUQ.", "TM."):
        problems = profile_problems({**UBND, "signers": [{**DEPUTY, "authority": authority}]})
        assert [(e.path, e.en) for e in problems] == [("signers[0].authority", "must be one of: KT., Q.")]
    bare = {k: v for k, v in DEPUTY.items() if k not in ("authority", "head_title")}
    assert [e.path for e in profile_problems({**UBND, "signers": [bare]})] == ["signers[0].authority"]
    assert profile_problems({**UBND, "signers": [{**DEPUTY, "authority": "Q."}]}) == []


def test_export_import_keeps_it_and_a_document_naming_the_signer_prints_three_lines(tmp_path):
    source = tmp_path / "ubnd.json"
    source.write_text(json.dumps(UBND, ensure_ascii=False), encoding="utf-8")
    db = ["--database-url", f"sqlite:///{tmp_path / 'a.db'}"]
    assert run("agency", "add", "--from", str(source), *db).exit_code == 0
    exported = tmp_path / "export.json"
    assert run("agency", "export", "ubnd-ln", "-o", str(exported), *db).exit_code == 0
    other = ["--database-url", f"sqlite:///{tmp_path / 'b.db'}"]
    assert run("agency", "import", str(exported), *other).exit_code == 0
    shown = json.loads(run("agency", "show", "ubnd-ln", *other).output)
    assert shown["signers"][0] == DEPUTY

    doc = {**copy.deepcopy(SHORT), "agency": "ubnd-ln", "signer": "an"}
    (tmp_path / "doc.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "kh.docx"
    rendered = run("render", str(tmp_path / "doc.json"), "--agency-file", str(exported), "-o", str(out))
    assert rendered.exit_code == 0, rendered.output
    cell = signature_cell(out.read_bytes())
    assert [text for text, _bold, _style in cell] == [*LINES, "Nguyễn Văn An"]
    assert cell[0][2] == cell[1][2]  # the TM. line set as the authority line is
    head = {**doc, "signer": "binh"}
    (tmp_path / "head.json").write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
    assert run("render", str(tmp_path / "head.json"), "--agency-file", str(exported), "-o", str(out)).exit_code == 0
    assert not any(text.startswith("TM.") for text, _bold, _style in signature_cell(out.read_bytes()))


def test_the_forms_signer_picker_fills_on_behalf():
    picked = apply_choices({"type": "ke_hoach", "signer": {"name": "X", "position": "Y"}}, checked_profile(UBND),
                           signer="an")
    assert picked["signer"] == {k: v for k, v in DEPUTY.items() if k != "id"}
    assert "on_behalf" not in apply_choices(picked, checked_profile(UBND), signer="binh")["signer"]


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
                      "REGISTER_CLOCK": lambda: dt.datetime(2024, 2, 5, 2, 0, tzinfo=dt.timezone.utc)})
    app.test_client_class = CsrfClient
    engine = state(app).engine
    store.add_agency(engine, UBND, actor="test")
    auth.create_user(engine, "qt", PASSWORD, "admin")
    yield app
    engine.dispose()


def test_the_admin_form_shows_and_saves_on_behalf(app):
    admin = app.test_client()
    assert admin.post("/login", data={"username": "qt", "password": PASSWORD}).status_code == 303
    page = admin.get("/co-quan/ubnd-ln")
    assert "TM. ỦY BAN NHÂN DÂN · KT. CHỦ TỊCH · PHÓ CHỦ TỊCH · Nguyễn Văn An" in lxml_html.fromstring(
        page.data).text_content()
    label = lxml_html.fromstring(page.data).xpath('string(//label[@for="p-signers-0-on-behalf"])')
    assert label.startswith("Thay mặt tập thể")
    form = profile_edit_form(page.data)
    assert form["signers[0].on_behalf"] == "ỦY BAN NHÂN DÂN" and form["signers[1].on_behalf"] == ""
    bad = admin.post("/co-quan/ubnd-ln", data={**form, "signers[0].on_behalf": "HỘI ĐỒNG NHÂN DÂN",
                                               "signers[0].authority": "TL."})
    assert bad.status_code == 422 and "KT., Q." in field_error(bad.data, "signers[0].authority")
    assert profile_edit_form(bad.data)["signers[0].on_behalf"] == "HỘI ĐỒNG NHÂN DÂN"  # kept as typed
    form["signers[0].on_behalf"] = "HỘI ĐỒNG NHÂN DÂN"
    form["signers[0].authority"] = "Q."
    assert admin.post("/co-quan/ubnd-ln", data=form).status_code == 303
    saved = store.get_profile(state(app).engine, "ubnd-ln")["signers"]
    assert saved[0] == {**DEPUTY, "authority": "Q.", "on_behalf": "HỘI ĐỒNG NHÂN DÂN"}
    assert "on_behalf" not in saved[1]
