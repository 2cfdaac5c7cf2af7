"""The crafted inputs of issue 13 (items 1–8), built in code: shared by tests/test_hostile.py and
bench/bench_hostile.py, which send each one to the service and expect the documented answer.

Each case is a `Case(name, method, path, kwargs, expect)`: `kwargs` go to the Flask test client or to `requests`
-like calls (`data`, `json_body`, `files`, `headers`), `expect` is the set of acceptable status codes.
"""
from __future__ import annotations

import copy
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def plan() -> dict:
    return json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))


def docx_package(document_body: str, extra_parts: dict[str, bytes] | None = None, doc_rels: str = "",
                 sect: str = "") -> bytes:
    """A minimal but well-formed .docx: content types, package relationships, the main part and any extra parts."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="{CT}"><Default Extension="xml" '
                    'ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.'
                    'openxmlformats-package.relationships+xml"/></Types>')
        zf.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                    f"<w:body>{document_body}{sect}</w:body></w:document>")
        if doc_rels:
            zf.writestr("word/_rels/document.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">'
                        f"{doc_rels}</Relationships>")
        for name, data in (extra_parts or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx_shared_header(references: int = 20, header_mb: int = 5) -> bytes:
    """Item 1: many header relationships all pointing at one multi-megabyte header part."""
    para = b"<w:p/>"
    header = (f'<?xml version="1.0"?><w:hdr xmlns:w="{W_NS}">'.encode() + para * (header_mb * 1024 * 1024
                                                                                   // len(para)) + b"</w:hdr>")
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/header" Target="header1.xml"/>' for i in range(references))
    refs = "".join(f'<w:headerReference w:type="default" r:id="rId{i}"/>' for i in range(references))
    return docx_package("<w:p><w:r><w:t>x</w:t></w:r></w:p>", {"word/header1.xml": header}, rels,
                        f"<w:sectPr>{refs}</w:sectPr>")


def docx_many_paragraphs(count: int = 200_000) -> bytes:
    """Item 1: a small .docx with 200,000 empty paragraphs."""
    return docx_package("<w:p/>" * count)


def docx_deep(depth: int = 1500) -> bytes:
    """Item 7: a .docx whose body nests elements 1,500 deep."""
    return docx_package("<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth)


def xlsx_workbook(sheet_xml: str, doctype: str = "") -> bytes:
    """A minimal .xlsx with one worksheet given as XML (inline strings, no shared strings part)."""
    buf = io.BytesIO()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="{CT}"><Default Extension="rels" '
                    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
                    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                    'spreadsheetml.worksheet+xml"/></Types>')
        zf.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{R_NS}"><sheets>'
                    '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">'
                    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                    "</Relationships>")
        zf.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?>{doctype}<worksheet xmlns="{main}">'
                    f"{sheet_xml}</worksheet>")
    return buf.getvalue()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_declared_dimension() -> bytes:
    """Item 2: a tiny workbook declaring A1:XFD1048576 with one cell at XFD3."""
    rows = (f'<row r="1">{_inline("A1", "summary")}</row><row r="2">{_inline("A2", "Kế hoạch")}</row>'
            f'<row r="3">{_inline("XFD3", "x")}</row>')
    return xlsx_workbook(f'<dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData>')


def xlsx_with_dtd() -> bytes:
    """Item 7: a workbook whose sheet declares a DTD with nested entities (a billion-laughs attempt)."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    rows = f'<row r="1">{_inline("A1", "summary")}</row><row r="2">{_inline("A2", "&i;")}</row>'
    return xlsx_workbook(f"<sheetData>{rows}</sheetData>", f"<!DOCTYPE worksheet [{entities}]>")


def csv_rows(count: int = 100_000) -> bytes:
    """Item 3: a CSV of 100,000 rows."""
    return ("summary\n" + "".join(f"Kế hoạch số {i}\n" for i in range(count))).encode()


def text_lines(count: int = 80_000) -> bytes:
    """Item 5: an 80,000-line text file for the importer."""
    lines = ["ỦY BAN NHÂN DÂN", "KẾ HOẠCH", "Tổ chức thực hiện", "I. MỤC ĐÍCH"]
    lines += [f"{i % 9 + 1}. Việc {i}." if i % 4 == 0 else f"- Ý {i};" for i in range(count)]
    return "\n".join(lines).encode()


def plan_with_tables(tables: int, rows: int = 2000, cols: int = 20) -> dict:
    """Item 6: the plan with `tables` tables of rows × cols cells in its first section."""
    doc = plan()
    table = {"title": "Số liệu", "columns": [f"Cột {c + 1}" for c in range(cols)],
             "rows": [[f"{r}.{c}" for c in range(cols)] for r in range(rows)]}
    doc["body"]["sections"][0]["tables"] = [copy.deepcopy(table) for _ in range(tables)]
    return doc


def nested_json(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def deep_document(depth: int = 900) -> dict:
    doc = plan()
    inner: object = "x"
    for _ in range(depth):
        inner = {"paragraphs": [inner]} if isinstance(inner, dict) else [inner]
    doc["details"] = inner
    return doc


def big_integer_json(digits: int = 4301) -> bytes:
    return b'{"type": "ke_hoach", "number": ' + b"9" * digits + b"}"


def surrogate_body() -> bytes:
    """Item 7: the plan with a lone surrogate in its summary, as a JSON encoder that split a pair would send."""
    text = json.dumps(plan(), ensure_ascii=True)
    return text.replace('"summary": "', '"summary": "\\ud800', 1).encode()


def jsonl_with_surrogate() -> bytes:
    good = json.dumps(plan(), ensure_ascii=False)
    return (good + "\n" + surrogate_body().decode() + "\n" + good + "\n").encode()


@dataclass
class Case:
    name: str
    method: str
    path: str
    expect: set[int]
    data: bytes | None = None
    content_type: str | None = None
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # field → (bytes, file name)
    form: dict[str, str] = field(default_factory=dict)


def _json(name: str, path: str, body: bytes, expect: set[int]) -> Case:
    return Case(name, "POST", path, expect, data=body, content_type="application/json")


def cases() -> list[Case]:
    """Every crafted input of the issue with the answers the service may give."""
    table_plan = json.dumps(plan_with_tables(1), ensure_ascii=False).encode()
    base = json.dumps(plan(), ensure_ascii=False).encode()
    return [
        Case("docx_shared_header", "POST", "/api/v1/check", {413, 422}, data=docx_shared_header(),
             content_type="application/octet-stream"),
        Case("docx_200k_paragraphs", "POST", "/api/v1/check", {413, 422}, data=docx_many_paragraphs(),
             content_type="application/octet-stream"),
        Case("docx_200k_paragraphs_import", "POST", "/nhap-tu-word", {413, 422},
             files={"file": (docx_many_paragraphs(), "a.docx")}),
        Case("docx_deep_1500", "POST", "/api/v1/check", {413, 422}, data=docx_deep(),
             content_type="application/octet-stream"),
        Case("xlsx_declared_dimension", "POST", "/batch/", {413, 422},
             files={"table": (xlsx_declared_dimension(), "t.xlsx"), "base": (base, "base.json")}),
        Case("xlsx_dtd", "POST", "/batch/", {413, 422},
             files={"table": (xlsx_with_dtd(), "t.xlsx"), "base": (base, "base.json")}),
        Case("csv_100k_rows", "POST", "/batch/", {413, 422},
             files={"table": (csv_rows(), "t.csv"), "base": (base, "base.json")}),
        Case("pattern_width", "POST", "/batch/", {422}, form={"pattern": "{stt:x>20000000}"},
             files={"table": (csv_rows(3), "t.csv"), "base": (base, "base.json")}),
        Case("txt_80k_lines", "POST", "/nhap-tu-word", {413}, files={"file": (text_lines(), "a.txt")}),
        _json("two_tables_2000x20", "/api/v1/documents", json.dumps(plan_with_tables(2)).encode(), {422}),
        _json("table_2000x20_fields", "/form/ke_hoach/fields", table_plan, {422}),
        _json("table_2000x20_docx", "/api/v1/documents", table_plan, {200}),
        _json("table_2000x20_pdf", "/api/v1/documents?format=pdf", table_plan, {422}),
        _json("surrogate_documents", "/api/v1/documents", surrogate_body(), {422}),
        _json("surrogate_preview", "/api/v1/preview", surrogate_body(), {422}),
        _json("surrogate_issue", "/api/v1/documents/issue", surrogate_body(), {401, 403, 422}),
        Case("jsonl_surrogate_row", "POST", "/batch/", {303}, files={"table": (jsonl_with_surrogate(), "t.jsonl")}),
        _json("json_nested_990", "/api/v1/documents", nested_json(990), {422}),
        _json("json_nested_100k", "/api/v1/validate", nested_json(100_000), {413, 422}),
        _json("integer_4301_digits", "/api/v1/validate", big_integer_json(), {422}),
        _json("rollforward_deep_900", "/api/v1/roll-forward",
              json.dumps({"document": deep_document(900), "year": 2025}).encode(), {422}),
        Case("register_year_1e23", "GET", "/api/v1/register?year=1e23", {400, 401, 403, 422}),
        Case("rollforward_crlf_name", "GET", "/batch/roll-forward/" + "0" * 32 + "/a%0d%0aSet-Cookie:%20x=1.json",
             {400, 404}),
    ]
