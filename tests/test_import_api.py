"""POST /api/v1/import and the import page: the model, what is still to complete, where each field came from,
and the form opened with those fields highlighted."""
from __future__ import annotations

import io

from lxml import html as lxml_html

from corpus_support import clerk_docx, source
from csrf_client import CsrfClient


def test_api_import_returns_model_warnings_found_and_unplaced(client):
    data = source("tw-doan-kh-225-2024").encode("utf-8")
    r = client.post("/api/v1/import", data={"file": (io.BytesIO(data), "ke-hoach-he.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 200, r.data
    body = r.get_json()
    doc = body["document"]
    assert (doc["type"], doc["number"], doc["symbol"], doc["date"]) == ("ke_hoach", 225, "KH/TWĐTN-CTTN",
                                                                        "2024-05-16")
    assert body["errors"] == []
    assert {w["path"] for w in body["warnings"]} == {"signer", "symbol"}  # the excerpt has no signature
    assert body["found"]["number"] == "Số: 225 - KH/TWĐTN-CTTN"
    assert body["unplaced"] == [] and body["confidence"] == {}
    assert any("225" in n["message_vi"] for n in body["notes"])  # "225 -" read as 225, said so


def test_api_import_reads_a_docx_by_its_content(client):
    r = client.post("/api/v1/import", data={"file": (io.BytesIO(clerk_docx("lai-chau-qd-20-2015")), "qd.docx")},
                    content_type="multipart/form-data")
    body = r.get_json()
    assert r.status_code == 200 and body["errors"] == [] and body["warnings"] == []
    assert body["document"]["signer"]["name"] == "Đỗ Ngọc An"


def test_api_import_refuses_clearly(client):
    missing = client.post("/api/v1/import", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and missing.mimetype == "application/problem+json"
    assert missing.get_json()["errors"][0]["path"] == "file"
    junk = client.post("/api/v1/import", data={"file": (io.BytesIO(b"PK not a zip"), "x.docx")},
                       content_type="multipart/form-data")
    problem = junk.get_json()
    assert junk.status_code == 422 and problem["title_vi"].startswith("Không đọc được tệp")
    assert problem["title"].startswith("cannot read the file")
    bad_pdf = client.post("/api/v1/import", data={"file": (io.BytesIO(b"%PDF-1.4 broken"), "x.pdf")},
                          content_type="multipart/form-data")
    assert bad_pdf.status_code == 422


def test_openapi_describes_the_import(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    op = spec["paths"]["/api/v1/import"]["post"]
    assert "multipart/form-data" in op["requestBody"]["content"]
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"document", "warnings", "unplaced", "found"} <= set(schema["required"])


def test_import_page_highlights_what_the_source_lacks(app):
    app.test_client_class = CsrfClient
    client = app.test_client()
    data = source("bac-ninh-kh-155-2017").encode("utf-8")
    r = client.post("/nhap-tu-word", data={"file": (io.BytesIO(data), "kh-155.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 200
    tree = lxml_html.fromstring(r.data)
    assert tree.xpath('//*[@id="form-errors"]//li//text()') == ["Cần bổ sung: Thiếu trường bắt buộc “Người ký”"]
    assert tree.xpath('//*[@id="form-errors"]//a/@href') == ["#f-signer"]  # the link that takes the clerk there
    found = tree.xpath('//details[contains(@class, "imported-found")]//dd/text()')
    assert "Số: 155/KH-UBND" in found
