"""Bad input gets every problem at once, each naming its field in Vietnamese and English."""
import pytest

from service.render import render_docx
from service.validate import InvalidDocument, validate


def paths(doc):
    return {e.path for e in validate(doc)}


def test_the_fixture_is_valid(plan):
    assert validate(plan) == []


def test_all_problems_are_reported_together(plan):
    plan["signer"].pop("name")
    plan["date"] = "2024-02-31"
    plan["number"] = "mười lăm"
    plan["body"]["sections"][1]["items"][2]["title"] = 3
    errs = validate(plan)
    assert {e.path for e in errs} == {"signer.name", "date", "number", "body.sections[1].items[2].title"}
    for e in errs:
        assert e.vi and e.en and e.vi != e.en


def test_missing_signer(plan):
    del plan["signer"]
    (err,) = validate(plan)
    assert err.path == "signer" and "Người ký" in err.vi


def test_day_31_in_february(plan):
    plan["date"] = "2024-02-31"
    (err,) = validate(plan)
    assert err.path == "date" and "không tồn tại" in err.vi and "not a calendar date" in err.en


def test_ten_megabyte_string_is_refused_without_rendering(plan):
    plan["summary"] = "x" * (10 * 1024 * 1024)
    (err,) = validate(plan)
    assert err.path == "summary" and "1000" in err.vi
    with pytest.raises(InvalidDocument):
        render_docx(plan)


def test_control_characters_are_named(plan):
    plan["opening"][0] = "Thực hiện\x07 kế hoạch"
    (err,) = validate(plan)
    assert err.path == "opening[0]" and "ký tự điều khiển" in err.vi


def test_wrong_types_and_unknown_fields(plan):
    plan["noi_nhan"] = "Lãnh đạo Sở"
    plan["mystery"] = 1
    assert paths(plan) == {"noi_nhan", "mystery"}


def test_unknown_type_and_non_object():
    assert validate({"type": "thu_tinh"})[0].path == "type"
    assert validate([1, 2])[0].path == ""


def test_bad_authority_and_symbol(plan):
    plan["signer"]["authority"] = "K.T"
    plan["symbol"] = "KH-LĐTĐ&XH"
    assert paths(plan) == {"signer.authority", "symbol"}


def test_template_syntax_in_values_is_text_not_code(plan):
    from docx_helpers import texts

    plan["signer"]["name"] = "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}"
    out = texts(render_docx(plan))
    assert "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}" in out
    assert "49" not in "".join(out) and "xxx" not in "".join(out)


def test_wrong_shapes_inside_parts_are_reported_not_crashed_on(plan):
    # Found by Schemathesis: the per-type rules must not run on a structure the schema already refused.
    plan["body"]["tables"] = [{"columns": ["TT", "Đơn vị"], "rows": True}]
    plan["body"]["sections"][0]["tables"] = [{"columns": ["A"], "rows": False, "widths": [1, 2, 3]}]
    errs = {e.path: e for e in validate(plan)}
    assert set(errs) == {"body.tables[0].rows", "body.sections[0].tables[0].rows",
                         "body.sections[0].tables[0].widths"}
    assert all(e.vi and e.en for e in errs.values())
