"""The rules the OpenAPI document states beyond the model schema agree with the validator: each example document
passes both, and each crafted breach of a rule is refused by both (the schema and service.validate)."""
from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator

from service.model.schema import schema_for
from service.rules.types import TYPES
from service.validate import validate
from service.web import catalog
from service.web.openapi_rules import stated


def schema_ok(doc: dict) -> bool:
    return Draft202012Validator(stated(doc["type"], schema_for(doc["type"]))).is_valid(doc)


def with_table(doc: dict, table: dict) -> dict:
    doc = copy.deepcopy(doc)
    doc["body"]["sections"][0].setdefault("tables", []).append(table)
    return doc


@pytest.mark.parametrize("type_id", list(TYPES))
def test_every_example_passes_both(type_id):
    doc = catalog.example(type_id)
    assert validate(doc) == [] and schema_ok(doc)


def plan() -> dict:
    return copy.deepcopy(catalog.example("ke_hoach"))


BREACHES = {
    "date 0000": lambda d: {**d, "date": "0000"},
    "date 31 April": lambda d: {**d, "date": "2024-04-31"},
    "29 February 2023": lambda d: {**d, "date": "2023-02-29"},
    "control character": lambda d: {**d, "summary": "Kế hoạch\x07"},
    "non-character": lambda d: {**d, "place": "Bắc\uffffGiang"},
    "row wider than the header": lambda d: with_table(d, {"columns": ["A", "B"], "rows": [["1", "2", "3"]]}),
    "widths not one per column": lambda d: with_table(d, {"columns": ["A", "B"], "rows": [], "widths": [1]}),
}


@pytest.mark.parametrize("name", list(BREACHES))
def test_each_breach_is_refused_by_both(name):
    doc = BREACHES[name](plan())
    assert validate(doc) != [] and not schema_ok(doc), name


def test_fitting_tables_pass_both():
    doc = with_table(plan(), {"columns": ["A", "B", "C"], "rows": [["1", "2"], ["1", "2", "3"]], "widths": [1, 2, 3]})
    assert validate(doc) == [] and schema_ok(doc)


def test_articles_belong_to_chapters_once_there_are_chapters():
    doc = copy.deepcopy(catalog.example("quyet_dinh"))
    body = doc["body"]
    article = (body.get("articles") or body["chapters"][0]["articles"])[0]
    body["chapters"] = body.get("chapters") or [{"title": "Chương", "articles": [article]}]
    body["articles"] = [article]
    assert validate(doc) != [] and not schema_ok(doc)
    body["articles"] = []
    assert validate(doc) == [] and schema_ok(doc)


def test_issuer_as_written_in_a_sentence_where_a_line_needs_it():
    invitation = next(t for t in TYPES if "{co_quan}" in " ".join(d.line for d in TYPES[t].details))
    doc = copy.deepcopy(catalog.example(invitation))
    doc["issuer"].pop("name_text", None)
    assert validate(doc) != [] and not schema_ok(doc)
    doc = plan()
    doc["issuer"].pop("name_text", None)
    doc.pop("authority", None)
    doc["appendices"] = [{"title": "Danh sách", "paragraphs": ["Nội dung"]}]
    assert validate(doc) != [] and not schema_ok(doc)
    doc["issuer"]["name_text"] = "Sở Lao động - Thương binh và Xã hội"
    assert validate(doc) == [] and schema_ok(doc)


def test_an_exclusion_pattern_of_the_model_is_merged_with_the_control_characters():
    """A model string pattern that only excludes characters (lone surrogates, non-characters) keeps its exclusions
    beside the control characters, minus the surrogate range other regex engines cannot compile."""
    import re

    from service.web.openapi_rules import _strings

    model = {"type": "string", "pattern": r"^[^\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]*$"}
    pattern = _strings(model)["pattern"]
    assert "ud800" not in pattern
    for text, ok in (("Bắc Giang", True), ("a\x07", False), ("a\ufdd0", False), ("a\uffff", False)):
        assert bool(re.match(pattern, text)) == ok, text
    assert _strings({"type": "string", "pattern": "^[A-Z]+$"})["pattern"] == "^[A-Z]+$"  # letters only: kept


@pytest.mark.parametrize("type_id", ["ke_hoach", "quyet_dinh", "giay_moi", "hop_dong"])
def test_batch_row_columns_in_the_document_are_those_the_service_takes(type_id):
    """Every column name the published row schema admits is a field path of the type, and the reverse."""
    import re

    from hypothesis import HealthCheck, given, settings, strategies as st

    from service.batch.paths import parse_path, schema_at
    from service.web.openapi import openapi_document

    spec = openapi_document()
    row = spec["components"]["schemas"][spec["components"]["schemas"][f"Batch_{type_id}"]["properties"]["rows"][
        "items"]["$ref"].rsplit("/", 1)[1]]
    (nested,) = row["patternProperties"]
    schema = schema_for(type_id)

    def takes(key: str) -> bool:
        try:
            schema_at(schema, parse_path(key))
            return True
        except ValueError:
            return False

    def admitted(key: str) -> bool:
        return key in row["properties"] or re.search(nested, key) is not None

    @settings(max_examples=200, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.from_regex(nested, fullmatch=True))
    def generated_paths_are_taken(key):
        assert takes(key), key

    generated_paths_are_taken()
    for key in ("issuer.nope", "date[0]", "body.sections[0].nope", "signer", "stt", "kinh_gui[3]", "x.y"):
        assert admitted(key) == (takes(key) or key in ("stt", "don_vi")), key
