"""The JSON API `/api/v1` end to end through the Flask test client: every endpoint and every error status."""
import copy
import json

import pytest
from jsonschema import Draft202012Validator
from lxml import html as lxml_html

from docx_helpers import normalize, texts
from service.document.naming import document_filename
from service.model.schema import input_schema_for, schema_for
from service.rules.types import TYPES
from service.validate import validate
from service.web import catalog
from service.web.app import create_app
from service.web.openapi_rules import stated

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def problem(r, status):
    assert r.status_code == status, r.data[:300]
    assert r.mimetype == "application/problem+json"
    body = r.get_json()
    assert body["status"] == status and body["title"] and body["title_vi"]
    return body


# --- types and schemas ------------------------------------------------------------------------------------------

def test_types_lists_every_type_with_cache_headers(client):
    r = client.get("/api/v1/types")
    assert r.status_code == 200
    ids = [t["id"] for t in r.get_json()["types"]]
    assert ids == list(TYPES)
    plan = next(t for t in r.get_json()["types"] if t["id"] == "ke_hoach")
    assert plan == {"id": "ke_hoach", "name": "Kế hoạch", "abbreviation": "KH", "sample": "1.4",
                    "kinh_gui": TYPES["ke_hoach"].kinh_gui, "has_fixture": True}
    assert r.headers["ETag"] and "max-age" in r.headers["Cache-Control"]
    again = client.get("/api/v1/types", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_type_detail_is_the_input_schema_and_the_fixture(client, plan_doc):
    r = client.get("/api/v1/types/ke_hoach")
    assert r.status_code == 200
    body = r.get_json()
    assert body["schema"] == input_schema_for("ke_hoach")  # the complete form, or the short one with an agency
    assert body["example"] == plan_doc and body["example_minimal"] is False
    # key order is kept: a schema reads top-down in the order the model defines it
    assert list(json.loads(r.data)["schema"]["properties"]) == list(input_schema_for("ke_hoach")["properties"])


def test_schema_endpoint_is_cacheable_and_conditional(client):
    r = client.get("/api/v1/types/ke_hoach/schema")
    assert r.status_code == 200 and r.mimetype == "application/schema+json"
    assert json.loads(r.data) == input_schema_for("ke_hoach")
    etag = r.headers["ETag"]
    assert "public" in r.headers["Cache-Control"]
    assert client.get("/api/v1/types/ke_hoach/schema", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/types/bao_cao/schema").headers["ETag"] != etag


@pytest.mark.parametrize("type_id", list(TYPES))
def test_every_type_has_a_valid_example_that_renders(client, type_id):
    r = client.get(f"/api/v1/types/{type_id}/example")
    assert r.status_code == 200
    doc = r.get_json()
    assert doc["type"] == type_id
    assert validate(doc) == []
    made = client.post("/api/v1/documents", json=doc)
    assert made.status_code == 200 and made.mimetype == DOCX


@pytest.mark.parametrize("url", ["/api/v1/types/nope", "/api/v1/types/nope/schema", "/api/v1/types/nope/example"])
def test_unknown_type_is_404_naming_the_known_ones(client, url):
    body = problem(client.get(url), 404)
    assert "ke_hoach" in body["title_vi"] and "nope" in body["title"]


# --- OpenAPI ----------------------------------------------------------------------------------------------------

def _inline(node, spec):
    """The spec's schema with every local $ref replaced by its target (to compare with the validator's)."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith("#/"):
            target = spec
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            return _inline(target, spec)
        return {k: _inline(v, spec) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, spec) for v in node]
    return node


def test_openapi_is_3_1_generated_from_the_type_schemas(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.headers["ETag"]
    spec = r.get_json()
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) >= {"/api/v1/types", "/api/v1/types/{type_id}", "/api/v1/documents",
                                  "/api/v1/validate", "/api/v1/preview", "/api/v1/openapi.json"}
    schemas = spec["components"]["schemas"]
    for type_id in TYPES:
        want = input_schema_for(type_id)
        want.pop("$schema"), want.pop("$id")
        # the model's schema, with the validator's further rules stated (service.web.openapi_rules)
        assert _inline(schemas[f"Doc_{type_id}"], spec) == stated(type_id, want), type_id
    assert len(schemas["Document"]["oneOf"]) == len(TYPES)
    # shared parts are components, not copied into each type (batches, register and the stated rules included)
    assert len(r.data) < 500_000


def test_openapi_string_patterns_say_exactly_what_the_validator_accepts():
    import datetime as dt
    import re

    from service.compose.dates import parse_issue_date
    from service.validate import _CONTROL
    from service.web.openapi_rules import CALENDAR_DATE_PATTERN, NO_CONTROL

    def accepted(text):
        try:
            parse_issue_date(text)
            return True
        except ValueError:
            return False

    calendar = re.compile(CALENDAR_DATE_PATTERN)
    samples = ["0000", "1899", "1900", "2999", "3000", "2024-0", "2024-13", "2024-2", "2024-02-29", "2023-02-29",
               "1900-02-29", "2000-02-29", "2100-02-29", "2400-2-29", "2024-04-31", "2024-4-30", "2024-12-31"]
    day = dt.date(1996, 1, 1)
    while day.year < 2005:  # every day of leap and common years, and the impossible 29th–31st of each month
        samples.append(day.isoformat())
        samples.extend(f"{day.year}-{day.month:02d}-{d}" for d in (29, 30, 31, 32))
        day += dt.timedelta(days=17)
    for text in samples:
        assert bool(calendar.match(text)) == accepted(text), text
    from service.model.schema import TEXT_PATTERN
    from service.validate import _NOT_TEXT
    from service.web.openapi_rules import _strings

    # every string of the published document: the model's own text pattern merged with the control characters
    published = re.compile(_strings({"type": "string", "pattern": TEXT_PATTERN})["pattern"])
    assert re.compile(NO_CONTROL).match("Bắc Giang")
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # lone surrogates: refused by the validator, left out of the pattern (see openapi_rules)
        char = chr(code)
        refused = bool(_CONTROL.search(char) or _NOT_TEXT.search(char))
        assert bool(published.match(f"a{char}b")) == (not refused), hex(code)


def test_openapi_examples_validate_against_the_published_document_schema(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    document = {**_inline(spec["components"]["schemas"]["Document"], spec),
                "$schema": "https://json-schema.org/draft/2020-12/schema"}
    validator = Draft202012Validator(document)
    for type_id, example in spec["components"]["examples"].items():
        assert list(validator.iter_errors(example["value"])) == [], type_id


def test_openapi_documents_problem_responses(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    post = spec["paths"]["/api/v1/documents"]["post"]
    assert {"200", "406", "413", "415", "422", "503"} <= set(post["responses"])
    assert set(post["responses"]["200"]["content"]) == {DOCX, "application/pdf"}
    for name in ("NotFound", "TooLarge", "UnsupportedMediaType", "Invalid", "Unavailable"):
        assert "application/problem+json" in spec["components"]["responses"][name]["content"]
    assert spec["paths"]["/api/v1/types/{type_id}"]["get"]["responses"]["404"]["$ref"].endswith("NotFound")


# --- documents --------------------------------------------------------------------------------------------------

def test_documents_default_to_docx_named_by_type_symbol_date(client, plan_doc):
    r = client.post("/api/v1/documents", json=plan_doc)
    assert r.status_code == 200 and r.mimetype == DOCX
    assert document_filename(plan_doc, "docx") in r.headers["Content-Disposition"]
    assert "KẾ HOẠCH" in texts(r.data)


def test_format_query_wins_over_accept(client, plan_doc):
    r = client.post("/api/v1/documents?format=docx", json=plan_doc, headers={"Accept": "application/pdf"})
    assert r.mimetype == DOCX


def test_unknown_format_is_406(client, plan_doc):
    problem(client.post("/api/v1/documents?format=odt", json=plan_doc), 406)


@pytest.mark.parametrize("how", [{"query_string": {"format": "pdf"}}, {"headers": {"Accept": "application/pdf"}}])
def test_pdf_without_libreoffice_is_503_with_retry_after(client, plan_doc, no_converter, how):
    r = client.post("/api/v1/documents", json=plan_doc, **how)
    body = problem(r, 503)
    assert "docx" in body["title"] and r.headers["Retry-After"]


@pytest.mark.libreoffice
def test_pdf_with_libreoffice(client, plan_doc):
    from service import convert

    convert.shutdown()
    try:
        r = client.post("/api/v1/documents", json=plan_doc, headers={"Accept": "application/pdf"})
    finally:
        convert.shutdown()
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype == "application/pdf" and r.data.startswith(b"%PDF-")
    assert document_filename(plan_doc, "pdf") in r.headers["Content-Disposition"]


# --- validate ---------------------------------------------------------------------------------------------------

def test_validate_valid(client, plan_doc):
    r = client.post("/api/v1/validate", json=plan_doc)
    assert r.status_code == 200 and r.get_json() == {"valid": True, "errors": []}


def test_validate_lists_every_error_by_path(client, plan):
    del plan["signer"]["name"]
    plan["body"]["sections"][1]["items"][0]["paragraphs"][0] = ""
    plan["date"] = "2024-13"
    body = problem(client.post("/api/v1/validate", json=plan), 422)
    paths = {e["path"] for e in body["errors"]}
    assert paths == {"signer.name", "body.sections[1].items[0].paragraphs[0]", "date"}


def test_validate_not_an_object(client):
    body = problem(client.post("/api/v1/validate", json=[1, 2]), 422)
    assert body["errors"][0]["path"] == ""


# --- preview ----------------------------------------------------------------------------------------------------

def by_class(tree, cls: str) -> list:
    return tree.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]')


def _preview_blocks(data: bytes) -> list[str]:
    tree = lxml_html.fromstring(data)
    return [normalize(p.text_content()) for p in by_class(tree, "vb-blocks")[0].iter("p")]


def test_preview_numbers_exactly_like_the_docx(client, plan_doc):
    r = client.post("/api/v1/preview", json=plan_doc)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "script-src" not in r.headers["Content-Security-Policy"] and "default-src 'none'" in \
        r.headers["Content-Security-Policy"]
    blocks = _preview_blocks(r.data)
    docx = [normalize(t) for t in texts(client.post("/api/v1/documents", json=plan_doc).data)]
    # every body paragraph of the preview is a paragraph of the .docx, in the same order
    positions = [docx.index(b) for b in blocks]
    assert positions == sorted(positions)
    labels = [b.split(" ")[0] for b in blocks if b[:2] in ("I.", "II", "1.", "2.", "3.")]
    assert labels[:4] == ["I.", "1.", "2.", "3."]
    assert "II." in labels and "III." in labels
    page = lxml_html.fromstring(r.data)
    assert normalize(by_class(page, "vb-number")[0].text_content()) == "Số: /KH-LĐTBXH"
    assert normalize(by_class(page, "vb-place-date")[0].text_content()) == "Bắc Giang, ngày tháng 02 năm 2024"
    assert [normalize(p.text_content()) for p in by_class(page, "vb-noi-nhan")][-1] == "- Lưu: VT, VP."
    assert normalize(by_class(page, "vb-authority")[0].text_content()) == "KT. GIÁM ĐỐC"


def _preview_texts(data: bytes) -> list[str]:
    """Every printed line of the preview in reading order: paragraphs and table cells, page footer excluded."""
    tree = lxml_html.fromstring(data)
    lines = [normalize(el.text_content()) for el in tree.xpath("//article//p|//article//th|//article//td[not(.//p)]")
             if not el.xpath("ancestor::footer")]
    return [t for t in lines if t]


@pytest.mark.parametrize("type_id", list(TYPES))
def test_preview_prints_what_the_docx_prints_for_every_type(client, type_id):
    """Header, labels, tables, attached regulation, appendices, signatures, copy block: line for line."""
    doc = catalog.example(type_id)
    preview = _preview_texts(client.post("/api/v1/preview", json=doc).data)
    docx = [t for t in (normalize(x) for x in texts(client.post("/api/v1/documents", json=doc).data)) if t]
    assert preview == docx


def test_preview_follows_a_reordered_body(client, plan):
    items = plan["body"]["sections"][0]["items"]
    items[0], items[2] = items[2], items[0]
    blocks = _preview_blocks(client.post("/api/v1/preview", json=plan).data)
    first = next(b for b in blocks if b.startswith("1. "))
    assert first.startswith("1. Tập trung triển khai")


def test_preview_escapes_text(client, plan):
    plan["summary"] = "<script>alert(1)</script> & “x”"
    r = client.post("/api/v1/preview", json=plan)
    assert b"<script>alert" not in r.data and b"&lt;script&gt;" in r.data


def test_preview_of_invalid_is_422(client, plan):
    del plan["summary"]
    body = problem(client.post("/api/v1/preview", json=plan), 422)
    assert body["errors"][0]["path"] == "summary"


# --- errors common to every endpoint ----------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/api/v1/documents", "/api/v1/validate", "/api/v1/preview"])
def test_wrong_content_type_is_415(client, plan_doc, url):
    problem(client.post(url, data=json.dumps(plan_doc), content_type="text/plain"), 415)
    problem(client.post(url, data={"a": "b"}), 415)


@pytest.mark.parametrize("url", ["/api/v1/documents", "/api/v1/validate", "/api/v1/preview"])
def test_broken_json_is_422(client, url):
    body = problem(client.post(url, data=b'{"type": "ke_hoach",', content_type="application/json"), 422)
    assert "line 1" in body["errors"][0]["message_en"]
    problem(client.post(url, data=b"\xff\xfe", content_type="application/json"), 422)


@pytest.mark.parametrize("url", ["/api/v1/documents", "/api/v1/validate", "/api/v1/preview"])
def test_body_over_the_limit_is_413(tmp_path, plan, url):
    app = create_app({"DATA_DIR": str(tmp_path), "MAX_CONTENT_LENGTH": 50_000, "TESTING": True})
    plan["opening"] = ["x" * 60_000]
    body = problem(app.test_client().post(url, json=plan), 413)
    assert "50000" in body["title_vi"]


@pytest.mark.parametrize("method, url", [("get", "/api/v1/documents"), ("delete", "/api/v1/types"),
                                         ("put", "/api/v1/validate"), ("post", "/api/v1/openapi.json"),
                                         ("get", "/api/v1/preview")])
def test_wrong_method_is_405_with_allow(client, method, url):
    r = getattr(client, method)(url)
    problem(r, 405)
    assert r.headers["Allow"]


def test_unknown_api_route_is_404_problem(client):
    problem(client.get("/api/v1/nothing"), 404)


def test_every_response_carries_a_request_id(client, plan_doc):
    r = client.post("/api/v1/validate", json=plan_doc, headers={"X-Request-Id": "abc123"})
    assert r.headers["X-Request-Id"] == "abc123"
    assert client.get("/api/v1/types").headers["X-Request-Id"]


def test_strange_but_valid_documents_never_500(client, plan):
    """Characters Word cannot store, deep nesting, empty lists: a 422 or a file, never a crash."""
    for change in (
        lambda d: d.update(summary="a\x01b"),
        lambda d: d["body"]["sections"].append({}),
        lambda d: d["body"]["sections"][0]["items"].append({"points": [{"bullets": ["x"]}] * 30}),
        lambda d: d.update(noi_nhan=[]),
        lambda d: d.update(number=7, date="2024-01-05"),
        lambda d: d.update(type="khong_co"),
    ):
        doc = copy.deepcopy(plan)
        change(doc)
        for url in ("/api/v1/documents", "/api/v1/validate", "/api/v1/preview"):
            assert client.post(url, json=doc).status_code in (200, 422)


# --- the docs page ----------------------------------------------------------------------------------------------

def test_docs_page_lists_every_operation_with_curl(client):
    r = client.get("/api/docs", base_url="http://vanban.example:8000")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = lxml_html.fromstring(r.data)
    text = normalize(page.text_content())
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if method == "parameters":  # shared by the path's operations, not one itself
                continue
            section = page.get_element_by_id(op["operationId"])
            assert f"{method.upper()} {path}" in text
            assert "curl " in normalize(" ".join(c.text_content() for c in section.iter("code"))), op["operationId"]
    assert "curl -s -X POST http://vanban.example:8000/api/v1/documents" in text
    assert "curl -s http://vanban.example:8000/api/v1/types/ke_hoach/example" in text
    for type_id in TYPES:
        assert page.xpath(f'//a[@href="/api/v1/types/{type_id}/schema"]')


def test_docs_quick_start_reproduces_the_seed_plan(client, plan_doc):
    """What the page tells an integrator to run: fetch the example, post it back, get the plan."""
    example = client.get("/api/v1/types/ke_hoach/example").data
    r = client.post("/api/v1/documents", data=example, content_type="application/json")
    assert r.status_code == 200
    assert r.data == client.post("/api/v1/documents", json=plan_doc).data
    assert catalog.example("ke_hoach") == plan_doc


def test_a_whole_number_written_with_a_fraction_is_that_integer(client, plan_doc):
    """JSON Schema counts 15.0 as an integer, so the service does too (it once failed with a 500 here)."""
    body = json.dumps({**plan_doc, "number": 15, "date": "2024-02-05"}).replace('"number": 15', '"number": 15.0')
    r = client.post("/api/v1/preview", data=body, content_type="application/json")
    assert r.status_code == 200 and "15/KH-LĐTBXH" in r.get_data(as_text=True)


def test_an_unknown_query_parameter_is_refused_not_ignored(client, plan_doc):
    """`?fromat=pdf` would otherwise answer a .docx without a word; every operation lists what it takes."""
    r = client.post("/api/v1/documents?fromat=pdf", json=plan_doc)
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    assert [e["path"] for e in r.get_json()["errors"]] == ["query.fromat"] and "fromat" in r.get_json()["title"]
    assert client.get("/api/v1/types?x=1").status_code == 400
    assert client.post("/api/v1/documents?format=docx", json=plan_doc).status_code == 200
    spec = client.get("/api/v1/openapi.json").get_json()
    for item in spec["paths"].values():
        for method, op in item.items():
            if method != "parameters":
                assert "400" in op["responses"], op["operationId"]
