"""The staff pages through the Flask test client, without JavaScript: every button is a plain POST."""
import copy
import io
import json

import pytest
from lxml import html as lxml_html
from werkzeug.datastructures import MultiDict

from csrf_client import CsrfClient
from docx_helpers import normalize, texts
from form_values import without_nulls
from service.document.naming import document_filename
from service.model.schema import schema_for
from service.rules.types import TYPES
from service.web import catalog
from service.web.app import create_app
from service.web.defaults import place_from_issuer
from service.web.formdata import document_from_form, tokens

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def client(app):
    app.test_client_class = CsrfClient  # posts carry the session's CSRF token, as the pages' forms do
    return app.test_client()


def page(r):
    return lxml_html.fromstring(r.data)


def form_pairs(r, form_id="doc-form") -> list[tuple[str, str]]:
    """What a browser without JavaScript would send for the form as rendered (buttons excluded)."""
    form = page(r).get_element_by_id(form_id)
    return [(k, v) for k, v in form.form_values() if k != "_action"]


def submit(client, type_id, pairs, action):
    return client.post(f"/form/{type_id}", data=MultiDict([*pairs, ("_action", action)]),
                       content_type="application/x-www-form-urlencoded")


def by_class(tree, cls: str) -> list:
    return tree.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]')


# --- home ---------------------------------------------------------------------------------------------------------

def test_home_lists_every_type_with_a_link_to_its_form(client):
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    links = page(r).xpath('//ul[@id="type-list"]//a[@class="type-card__link"]/@href')
    assert links == [f"/form/{t}" for t in TYPES]
    assert "Content-Security-Policy" in r.headers


@pytest.mark.parametrize("q, expected", [("ke hoach", ["ke_hoach"]), ("Kế hoạch", ["ke_hoach"]),
                                         ("TTr", ["to_trinh"]), ("zzz", [])])
def test_home_search_without_js_ignores_accents(client, q, expected):
    tree = page(client.get("/", query_string={"q": q}))
    links = tree.xpath('//ul[@id="type-list"]//a[@class="type-card__link"]/@href')
    assert links == [f"/form/{t}" for t in expected]
    assert bool(tree.get_element_by_id("type-empty").get("hidden") is not None) == bool(expected)


# --- the generated form -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("type_id", list(TYPES))
def test_every_type_has_a_form_from_its_schema_with_labelled_inputs(client, type_id):
    r = client.get(f"/form/{type_id}")
    assert r.status_code == 200
    tree = page(r)
    form = tree.get_element_by_id("doc-form")
    schema = schema_for(type_id)
    names = [el.get("name") for el in form.xpath(".//input|.//textarea|.//select") if el.get("name") != "_action"]
    assert names and all(tokens(n) for n in names)
    for el in form.xpath('.//input[@type!="hidden"]|.//textarea|.//select'):
        if el.get("type") == "file":
            continue
        assert tree.xpath(f'//label[@for="{el.get("id")}"]'), el.get("name")
        assert el.get("aria-describedby")
    # every top-level property of the schema is in the form, titled as the schema titles it
    text = normalize(form.text_content())
    for key, sub in schema["properties"].items():
        if key != "type":
            assert sub["title"] in text, key
    assert form.xpath('.//input[@name="type"]/@value') == [type_id]


def test_form_fields_carry_the_schema_checks(client):
    tree = page(client.get("/form/ke_hoach"))
    name = tree.get_element_by_id("f-issuer-name").getparent()
    while name.get("data-node") != "field":
        name = name.getparent()
    assert name.get("data-required") == "1" and name.get("data-maxlength") == "300"
    abbr = tree.xpath('//*[@data-path="issuer.abbr"]')[0]
    assert abbr.get("data-pattern") == schema_for("ke_hoach")["properties"]["issuer"]["properties"]["abbr"]["pattern"]
    assert tree.get_element_by_id("f-issuer-name").get("aria-required") == "true"
    options = tree.xpath('//select[@name="signer.authority"]/option/@value')
    assert options[0] == "" and "KT." in options


def test_blank_form_defaults(client):
    r = client.get("/form/ke_hoach")
    pairs = dict(form_pairs(r))
    assert pairs["luu[0]"] == "VT"
    assert pairs["type"] == "ke_hoach"
    assert page(r).get_element_by_id("doc-form").get("data-fresh") == "1"


def test_every_repeatable_group_has_its_buttons_and_template(client):
    r = client.get("/form/ke_hoach?example=1")
    tree = page(r)
    for key in ("body.sections", "body.sections[].items", "body.sections[].items[].points",
                "body.sections[].items[].points[].bullets", "body.sections[].items[].bullets", "noi_nhan"):
        assert tree.xpath(f'//template[@data-template-for="{key}"]'), key
    section = tree.get_element_by_id("f-body-sections-1")
    ops = section.xpath('./span[@class="item-tools"]/button/@value')
    assert ops == ["up:body.sections[1]", "down:body.sections[1]", "remove:body.sections[1]"]
    assert tree.xpath('//button[@value="add:body.sections[0].items"]')
    assert tree.xpath('//button[@value="add:noi_nhan"]')
    # templates live outside the form: a plain POST never sends them
    assert not tree.get_element_by_id("doc-form").xpath(".//template")


def test_place_suggestion(client):
    assert client.get("/form/place", query_string={"parent": "UBND TỈNH BẮC GIANG",
                                                   "name": "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"}).get_json() == \
        {"place": "Bắc Giang"}
    assert client.get("/form/place", query_string={"name": "BỘ NỘI VỤ"}).get_json() == {"place": None}


@pytest.mark.parametrize("name, parent, place", [
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "UBND TỈNH BẮC GIANG", "Bắc Giang"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", None, None),
    ("UBND HUYỆN LỤC NAM", "UBND TỈNH BẮC GIANG", "Lục Nam"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", None, "Thành phố Hồ Chí Minh"),
    ("UBND QUẬN 1", "UBND TP. HỒ CHÍ MINH", "Quận 1"),
    ("CÔNG AN TỈNH ĐẮK LẮK", None, "Đắk Lắk"),
    ("BỘ NỘI VỤ", None, None),
])
def test_place_from_issuer(name, parent, place):
    assert place_from_issuer(name, parent) == place


# --- plain POST round trips ---------------------------------------------------------------------------------------

def test_example_form_round_trips_to_the_same_document(client, plan_doc):
    pairs = form_pairs(client.get("/form/ke_hoach?example=1"))
    assert document_from_form(pairs, schema_for("ke_hoach")) == without_nulls(plan_doc)
    r = submit(client, "ke_hoach", pairs, "json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert json.loads(r.data) == without_nulls(plan_doc)
    assert document_filename(plan_doc, "json") in r.headers["Content-Disposition"]


@pytest.mark.parametrize("type_id", list(TYPES))
def test_every_types_example_survives_the_form(client, type_id):
    """Fill the form with the example, send it back as a browser would: the same document (numbers stay numbers)."""
    pairs = form_pairs(client.get(f"/form/{type_id}?example=1"))
    assert document_from_form(pairs, schema_for(type_id)) == without_nulls(catalog.example(type_id))


def test_download_docx_without_js_is_the_api_file(client, plan_doc):
    pairs = form_pairs(client.get("/form/ke_hoach?example=1"))
    r = submit(client, "ke_hoach", pairs, "docx")
    assert r.status_code == 200 and r.mimetype == DOCX
    assert document_filename(plan_doc, "docx") in r.headers["Content-Disposition"]
    assert texts(r.data) == texts(client.post("/api/v1/documents", json=plan_doc).data)


def test_pdf_without_converter_keeps_the_form_and_says_why(client, monkeypatch):
    from service import convert

    monkeypatch.setenv("VANBAN_SOFFICE", "/nonexistent/soffice")
    convert.shutdown()
    try:
        r = submit(client, "ke_hoach", form_pairs(client.get("/form/ke_hoach?example=1")), "pdf")
    finally:
        convert.shutdown()
    assert r.status_code == 503 and r.mimetype == "text/html"
    notice = normalize(by_class(page(r), "notice--error")[0].text_content())
    assert "PDF" in notice and ".docx" in notice
    assert dict(form_pairs(r))["summary"].startswith("Triển khai thực hiện")  # nothing typed is lost


def test_preview_without_js(client):
    r = submit(client, "ke_hoach", form_pairs(client.get("/form/ke_hoach?example=1")), "preview")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "I. MỤC ĐÍCH, YÊU CẦU" in normalize(page(r).text_content())


def test_invalid_submission_shows_errors_next_to_fields(client):
    pairs = [(k, v) for k, v in form_pairs(client.get("/form/ke_hoach?example=1"))
             if k not in ("signer.name", "body.sections[1].items[2].paragraphs[0]")]
    pairs.append(("body.sections[1].items[2].paragraphs[0]", "   "))
    pairs.append(("date", "2024-02-30"))
    r = submit(client, "ke_hoach", [(k, v) for k, v in pairs if k != "date"] + [("date", "2024-02-30")], "docx")
    assert r.status_code == 422 and r.mimetype == "text/html"
    tree = page(r)
    for field_id in ("f-signer-name", "f-body-sections-1-items-2-paragraphs-0", "f-date"):
        err = tree.get_element_by_id(f"{field_id}-err")
        assert err.get("hidden") is None and err.text_content().strip(), field_id
        assert tree.get_element_by_id(field_id).get("aria-invalid") == "true"
        assert tree.xpath(f'//div[@id="form-errors"]//a[@href="#{field_id}"]'), field_id
    assert "Họ và tên người ký" in tree.get_element_by_id("f-signer-name-err").text_content()
    # the clerk's text stays in the form
    assert dict(form_pairs(r))["summary"].startswith("Triển khai thực hiện")


def test_check_button_says_valid(client):
    r = submit(client, "ke_hoach", form_pairs(client.get("/form/ke_hoach?example=1")), "validate")
    assert r.status_code == 200
    assert "hợp lệ" in by_class(page(r), "notice--ok")[0].text_content()


# --- list buttons without JS --------------------------------------------------------------------------------------

def _sections(r):
    return [v for k, v in form_pairs(r) if k.startswith("body.sections[") and k.endswith("].title")
            and k.count("[") == 1]


def test_add_section_without_js(client):
    pairs = form_pairs(client.get("/form/ke_hoach?example=1"))
    r = submit(client, "ke_hoach", pairs, "add:body.sections")
    assert r.status_code == 200
    assert _sections(r) == ["Mục đích, yêu cầu", "Nội dung", "Tổ chức thực hiện", ""]
    assert page(r).get_element_by_id("f-body-sections-3-title").get("autofocus") is not None


def test_move_and_remove_without_js(client):
    pairs = form_pairs(client.get("/form/ke_hoach?example=1"))
    r = submit(client, "ke_hoach", pairs, "up:body.sections[2]")
    assert _sections(r) == ["Mục đích, yêu cầu", "Tổ chức thực hiện", "Nội dung"]
    r = submit(client, "ke_hoach", form_pairs(r), "down:body.sections[0]")
    assert _sections(r) == ["Tổ chức thực hiện", "Mục đích, yêu cầu", "Nội dung"]
    r = submit(client, "ke_hoach", form_pairs(r), "remove:body.sections[1]")
    assert _sections(r) == ["Tổ chức thực hiện", "Nội dung"]
    r = submit(client, "ke_hoach", form_pairs(r), "add:body.sections[0].items[2].points")
    assert "body.sections[0].items[2].points[0].title" in dict(form_pairs(r))


def test_add_recipient_and_paragraph_without_js(client):
    r = client.get("/form/ke_hoach")
    r = submit(client, "ke_hoach", form_pairs(r), "add:noi_nhan")
    r = submit(client, "ke_hoach", form_pairs(r), "add:noi_nhan")
    names = [k for k, _ in form_pairs(r) if k.startswith("noi_nhan[")]
    assert names == ["noi_nhan[0]", "noi_nhan[1]"]
    r = submit(client, "ke_hoach", form_pairs(r), "add:opening")
    assert "opening[0]" in dict(form_pairs(r))


def test_unknown_action_keeps_the_form(client):
    pairs = form_pairs(client.get("/form/ke_hoach?example=1"))
    for action in ("explode", "add:", "remove:body", "up:body.sections[99]", "add:signer.name"):
        r = submit(client, "ke_hoach", pairs, action)
        assert r.status_code == 200
        assert _sections(r) == ["Mục đích, yêu cầu", "Nội dung", "Tổ chức thực hiện"]


# --- prefill ------------------------------------------------------------------------------------------------------

def _upload(client, type_id, data: bytes, name="van-ban.json"):
    return client.post(f"/form/{type_id}/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_import_json_prefills_the_form(client, plan_doc):
    r = _upload(client, "ke_hoach", json.dumps(plan_doc, ensure_ascii=False).encode())
    assert r.status_code == 200
    assert document_from_form(form_pairs(r), schema_for("ke_hoach")) == without_nulls(plan_doc)
    assert "Đã nhập van-ban.json" in by_class(page(r), "notice--ok")[0].text_content()


def test_import_fills_the_place_from_the_issuer_and_shows_errors(client, plan):
    del plan["place"]
    del plan["signer"]["name"]
    r = _upload(client, "ke_hoach", json.dumps(plan).encode())
    pairs = dict(form_pairs(r))
    assert pairs["place"] == "Bắc Giang"
    tree = page(r)
    assert tree.get_element_by_id("f-signer-name-err").text_content().strip()
    assert "1 lỗi" in by_class(tree, "notice--error")[0].text_content()


def test_import_of_another_type_opens_that_form(client, plan):
    plan["type"] = "bao_cao"
    r = _upload(client, "ke_hoach", json.dumps(plan).encode())
    form = page(r).get_element_by_id("doc-form")
    assert form.get("action") == "/form/bao_cao" and form.xpath('.//input[@name="type"]/@value') == ["bao_cao"]


@pytest.mark.parametrize("data, words", [(b"{not json", "dòng 1"), (b"[1, 2]", "đối tượng JSON"),
                                         (b"\xff\xfe\x00", "UTF-8")])
def test_import_of_a_bad_file_says_why(client, data, words):
    r = _upload(client, "ke_hoach", data)
    assert r.status_code == 422
    assert words in by_class(page(r), "notice--error")[0].text_content()


def test_import_without_a_file(client):
    r = client.post("/form/ke_hoach/import", data={}, content_type="multipart/form-data")
    assert r.status_code == 422


def test_fields_fragment_for_a_saved_draft(client, plan):
    plan["signer"]["name"] = ""
    r = client.post("/form/ke_hoach/fields", json=plan)
    assert r.status_code == 200
    tree = lxml_html.fromstring("<div>" + r.get_data(as_text=True) + "</div>")
    assert tree.xpath('//div[@id="fields"]') and tree.xpath('//div[@id="templates"]')
    assert tree.xpath('//textarea[@name="summary"]')[0].text.startswith("Triển khai")
    assert tree.get_element_by_id("f-signer-name-err").text_content().strip()


def test_example_of_every_type_prefills(client):
    for type_id in TYPES:
        r = client.get(f"/form/{type_id}?example=1")
        assert r.status_code == 200
        assert dict(form_pairs(r))["type"] == type_id


# --- errors for people --------------------------------------------------------------------------------------------

def test_unknown_type_page_is_a_vietnamese_404(client):
    r = client.get("/form/khong_co")
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert "Không tìm thấy" in page(r).text_content()
    assert client.post("/form/khong_co", data={}).status_code == 404


def test_wrong_method_on_a_page_is_405_with_allow(client):
    r = client.delete("/form/ke_hoach")
    assert r.status_code == 405 and r.mimetype == "text/html" and "GET" in r.headers["Allow"]


def test_form_over_the_limit_is_413(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "MAX_CONTENT_LENGTH": 20_000, "TESTING": True})
    app.test_client_class = CsrfClient
    r = app.test_client().post("/form/ke_hoach", data={"summary": "x" * 30_000, "_action": "docx"})
    assert r.status_code == 413 and "quá lớn" in page(r).text_content()


def test_garbage_form_fields_never_500(client):
    pairs = [("type", "quyet_dinh"), ("number", "abc"), ("body.sections[x]", "1"), ("issuer", "flat"),
             ("noi_nhan[999]", "A"), ("noi_nhan[2]", "B"), ("signer.authority", "XX."), ("__proto__", "1"),
             ("body.sections[0].items[0].points[0].bullets[0]", "- a")]
    for action in ("docx", "validate", "preview", "json", "add:body.sections[0].items"):
        r = submit(client, "ke_hoach", copy.deepcopy(pairs), action)
        assert r.status_code in (200, 422), (action, r.status_code)
