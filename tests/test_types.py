"""The type table, its schemas and its validation rules: every Decree-30 type is listed, has a realistic example
that validates, and publishes its own parts with Vietnamese titles (the web form is generated from them)."""
import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.model.schema import input_schema_for, schema_for
from service.rules import nd30
from service.rules.types import ATTACHABLE, TYPES, get_type
from service.validate import validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXAMPLES = sorted(FIXTURES.glob("*.json"))


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_every_decree_type_is_in_the_table_with_its_abbreviation():
    assert set(TYPES) == set(nd30.TYPE_ABBREVIATIONS) | {"cong_van"}
    for type_id, (name, abbr) in nd30.TYPE_ABBREVIATIONS.items():
        assert (TYPES[type_id].name, TYPES[type_id].abbr_type) == (name, abbr)
    assert get_type("cong_van").abbr_type is None and not get_type("cong_van").type_line
    samples = {t.id: t.sample for t in TYPES.values()}
    assert samples["nghi_quyet"] == "1.1" and samples["cong_van"] == "1.5" and samples["giay_nghi_phep"] == "1.10"


@pytest.mark.parametrize("type_id", list(TYPES))
def test_every_type_has_a_valid_example(type_id):
    doc_type = TYPES[type_id]
    assert doc_type.fixture and (FIXTURES / doc_type.fixture).is_file(), type_id
    doc = load(doc_type.fixture)
    assert doc["type"] == type_id
    assert validate(doc) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_fixture_validates(path):
    assert validate(json.loads(path.read_text(encoding="utf-8"))) == []


def test_vanban_types_lists_every_type_and_the_attachable_parts():
    out = CliRunner().invoke(cli, ["types"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    for t in TYPES.values():
        line = next(ln for ln in lines if ln.split()[0] == t.id)
        assert t.name in line and f"mẫu {t.sample}" in line and (t.abbr_type or "-") in line
    for key, (sample, _title) in ATTACHABLE.items():
        assert any(key in ln and sample in ln for ln in lines)
    assert "Kính gửi (bắt buộc)" in next(ln for ln in lines if ln.startswith("to_trinh"))


@pytest.mark.parametrize("type_id", ["giay_moi", "quyet_dinh", "bien_ban", "hop_dong", "cong_van"])
def test_vanban_schema_prints_the_type_parts(type_id):
    out = CliRunner().invoke(cli, ["schema", type_id])
    assert out.exit_code == 0
    assert json.loads(out.output) == input_schema_for(type_id)  # what a client may send: both forms


def _walk(schema: dict, path: str = ""):
    yield path, schema
    for key, sub in (schema.get("properties") or {}).items():
        yield from _walk(sub, f"{path}.{key}")
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], f"{path}[]")


@pytest.mark.parametrize("type_id", list(TYPES))
def test_every_field_of_every_schema_has_vietnamese_title_and_description(type_id):
    for path, node in _walk(schema_for(type_id)):
        if path:
            assert node.get("title") and node.get("description"), f"{type_id}{path}"


def test_each_type_schema_carries_its_own_parts():
    moi = schema_for("giay_moi")
    details = moi["properties"]["details"]
    assert [details["properties"][k]["title"] for k in ("chu_tri", "thoi_gian", "dia_diem")] == [
        "Chủ trì", "Thời gian", "Địa điểm"]
    assert "details" in moi["required"] and "kinh_gui" not in moi["properties"]
    qd = schema_for("quyet_dinh")["properties"]
    assert {"authority", "can_cu", "de_nghi", "attached"} <= set(qd)
    assert set(qd["body"]["properties"]) == {"chapters", "articles"}
    bb = schema_for("bien_ban")
    assert {"signer_left", "signer"} <= set(bb["required"])
    assert bb["properties"]["details"]["properties"]["thanh_phan"]["type"] == "array"
    hd = schema_for("hop_dong")
    assert "signer" not in hd["properties"] and "parties" in hd["required"]
    assert hd["properties"]["parties"]["minItems"] == hd["properties"]["parties"]["maxItems"] == 2
    cv = schema_for("cong_van")
    assert {"kinh_gui", "unit"} <= set(cv["required"])
    assert "summary" not in schema_for("giay_gioi_thieu")["required"]
    assert schema_for("cong_dien")["properties"]["kinh_gui"]["title"] == "Nơi nhận công điện"
    for type_id in TYPES:  # appendices and copies attach to any type
        props = schema_for(type_id)["properties"]
        assert {"appendices", "copy"} <= set(props)
        assert props["copy"]["properties"]["kind"]["enum"] == list(nd30.COPY_ABBREVIATIONS)


def _errors(doc):
    return {e.path: e for e in validate(doc)}


def test_part_rules_name_the_field_in_both_languages():
    report = load("bao-cao.json")
    report["body"]["sections"][0]["items"][0]["tables"][0]["rows"][1].append("thừa")
    report["appendices"][0]["tables"][0]["widths"] = [1, 2]
    del report["issuer"]["name_text"]
    errors = _errors(report)
    row = errors["body.sections[0].items[0].tables[0].rows[1]"]
    assert "5 ô" in row.vi and "4 columns" in row.en
    assert "appendices[0].tables[0].widths" in errors
    assert "Kèm theo" in errors["issuer.name_text"].vi

    decision = load("quyet-dinh.json")
    decision["attached"]["body"]["articles"] = [{"title": "Điều lạc"}]
    assert "chương" in _errors(decision)["attached.body.articles"].vi

    invitation = load("giay-moi.json")
    del invitation["issuer"]["name_text"]
    invitation["details"]["thoi_gio"] = "8 giờ"
    del invitation["details"]["dia_diem"]
    errors = _errors(invitation)
    assert "trân trọng" in errors["issuer.name_text"].vi
    assert "thoi_gio" in errors["details.thoi_gio"].en
    assert errors["details.dia_diem"].vi == "Thiếu trường bắt buộc “Địa điểm”"


def test_type_specific_requirements():
    letter = load("cong-van.json")
    del letter["unit"], letter["kinh_gui"]
    assert {"unit", "kinh_gui"} <= set(_errors(letter))
    contract = load("hop-dong.json")
    contract["parties"] = contract["parties"][:1]
    contract["signer"] = {"position": "GIÁM ĐỐC", "name": "Nguyễn Văn Hùng"}
    errors = _errors(contract)
    assert "parties" in errors and "signer" in errors
    minutes = load("bien-ban.json")
    del minutes["signer_left"]
    assert "signer_left" in _errors(minutes)
    resolution = load("nghi-quyet.json")
    resolution["can_cu"] = []
    del resolution["authority"]
    assert {"can_cu", "authority"} <= set(_errors(resolution))
    plan = copy.deepcopy(load("ke-hoach-2024.json"))
    plan["copy"] = {"kind": "sao_chep", "issuer": plan["issuer"], "place": "Bắc Giang", "signer": plan["signer"]}
    assert "copy.kind" in _errors(plan)
