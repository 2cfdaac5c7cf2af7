"""Fuzz campaign (issue 13): Hypothesis mutates .docx packages, spreadsheets, CSV, JSON Lines, text files and JSON
documents and sends them through every reader and the endpoints. Only documented outcomes are allowed: a result,
the readers' documented exceptions (NotADocx, UnreadableInput, LimitExceeded, BatchInputError/InvalidDocument), or
a 4xx problem from the app — never an unhandled exception, never a 500.

CI runs the bounded `ci` profile; `make fuzz` runs the `fuzz` profile (HYPOTHESIS_PROFILE=fuzz) with many more.
"""
from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_inputs as h
from service import limits
from service.batch.errors import BatchInputError
from service.batch.rows import expand
from service.batch.table import read_table
from service.check import check_docx
from service.importer import UnreadableInput, import_file
from service.reading.package import NotADocx
from service.validate import InvalidDocument
from service.web.app import create_app

settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.slow

READER_ERRORS = (NotADocx, UnreadableInput, limits.LimitExceeded)
DOCUMENTED_STATUS = {200, 201, 303, 400, 401, 403, 404, 406, 413, 415, 422}

# Fragments that stress XML readers: structure, entities, DTDs, deep nesting, odd characters.
XML_TOKENS = [b"<w:p>", b"</w:p>", b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>", b"<w:r><w:t>x</w:t></w:r>",
              b"<!DOCTYPE x [<!ENTITY e \"ee\">]>", b"&e;", b"&#0;", b"&#xD800;", b"<w:sdt><w:sdtContent>" * 40,
              b"<![CDATA[x]]>", b"\xff\xfe", b"\x00", b"<w:numPr><w:numId w:val=\"99999\"/></w:numPr>",
              b"<w:gridSpan w:val=\"999999999\"/>", b'<w:sz w:val="-1"/>', b"<w:br/>" * 50, b"{{ x }}", b"{_{",
              "Tiếng Việt ✓ \ud83d".encode("utf-8", "surrogatepass")]


def mutate_bytes(data: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (kind, position, payload) edits: 0 overwrite, 1 insert, 2 delete len(payload)+1 bytes, 3 truncate."""
    out = bytearray(data)
    for kind, pos, payload in ops:
        if not out:
            out += payload
            continue
        pos %= len(out)
        if kind == 0:
            out[pos:pos + len(payload)] = payload
        elif kind == 1:
            out[pos:pos] = payload
        elif kind == 2:
            del out[pos:pos + len(payload) + 1]
        else:
            del out[pos:]
    return bytes(out)


edits = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1 << 30),
                           st.one_of(st.sampled_from(XML_TOKENS), st.binary(min_size=1, max_size=16))),
                 min_size=1, max_size=6)


def mutate_package(data: bytes, member_pick: int, ops) -> bytes:
    """Re-zip the package with one member's bytes mutated (meaningful XML damage, not only a broken zip)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    target = names[member_pick % len(names)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name in names:
            raw = src.read(name)
            out.writestr(name, mutate_bytes(raw, ops) if name == target else raw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz")
    app = create_app({"DATA_DIR": str(path), "DATABASE_URL": f"sqlite:///{path / 'v.db'}"})
    from csrf_client import CsrfClient

    app.test_client_class = CsrfClient
    return app


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    from service.render import render_docx

    doc = h.plan()
    doc["body"]["sections"] = doc["body"]["sections"][:1]
    return render_docx(doc)


def upload(client, path: str, field: str, data: bytes, name: str, **form):
    return client.post(path, data={field: (io.BytesIO(data), name), **form}, content_type="multipart/form-data")


def _reader_ok(fn, *args) -> None:
    try:
        fn(*args)
    except READER_ERRORS:
        pass


@given(member=st.integers(0, 100), ops=edits, whole=st.booleans())
def test_mutated_docx_through_the_readers_and_the_check_endpoint(app, small_docx, member, ops, whole):
    data = mutate_bytes(small_docx, ops) if whole else mutate_package(small_docx, member, ops)
    _reader_ok(check_docx, data)
    _reader_ok(import_file, data, "docx")
    client = app.test_client()
    resp = client.post("/api/v1/check", data=data, content_type="application/octet-stream")
    assert resp.status_code in DOCUMENTED_STATUS, resp.get_data()[:300]
    for page in ("/kiem-tra-the-thuc", "/nhap-tu-word"):
        resp = upload(client, page, "file", data, "van-ban.docx")
        assert resp.status_code in DOCUMENTED_STATUS, (page, resp.get_data()[:300])


@given(member=st.integers(0, 100), ops=edits)
def test_mutated_xlsx_through_the_table_reader(member, ops):
    rows = (f'<row r="1">{h._inline("A1", "summary")}</row><row r="2">{h._inline("A2", "Kế hoạch")}</row>'
            f'<row r="3"><c r="B3"><v>12.5</v></c></row>')
    data = mutate_package(h.xlsx_workbook(f"<sheetData>{rows}</sheetData>"), member, ops)
    try:
        table = read_table(data, "t.xlsx")
    except BatchInputError:
        return
    try:
        expand(h.plan(), table)
    except InvalidDocument:
        pass


cells = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(["\ud800", "\r", '"']),
                max_size=30)


@given(rows=st.lists(st.lists(cells, max_size=4), max_size=5), kind=st.sampled_from(["csv", "jsonl"]),
       pattern=st.sampled_from(["{stt:02}-{symbol}", "{stt:x>9}", "{unit:.3}{row}", "{stt!r}", "{", "{stt:%}"]))
def test_tables_through_the_batch_page(app, rows, kind, pattern):
    if kind == "csv":
        data = "\n".join(",".join(r) for r in [["summary", "don_vi"], *rows]).encode("utf-8", "surrogatepass")
    else:
        data = "\n".join(json.dumps({**h.plan(), "summary": "".join(r)}) for r in rows).encode()
    client = app.test_client()  # the job belongs to this browser's session
    resp = client.post("/batch/", data={"table": (io.BytesIO(data), f"t.{kind}"), "pattern": pattern,
                                        "base": (io.BytesIO(json.dumps(h.plan()).encode()), "b.json")},
                       content_type="multipart/form-data")
    assert resp.status_code in DOCUMENTED_STATUS, resp.get_data()[:300]
    if resp.status_code == 303:
        assert client.get(resp.headers["Location"]).status_code == 200


@given(header=st.lists(st.sampled_from(["summary", "stt", "don_vi", "date", "signer.name", "body", "bad[",
                                        "noi_nhan", ""]), min_size=1, max_size=5),
       rows=st.lists(st.lists(cells, max_size=6), max_size=8), sep=st.sampled_from([",", ";", "\t"]))
def test_csv_through_the_table_reader_and_rows(header, rows, sep):
    text = "\n".join(sep.join(line) for line in [header, *rows])
    try:
        table = read_table(text.encode("utf-8", "surrogatepass"), "t.csv")
        expand(h.plan(), table)
    except InvalidDocument:  # BatchInputError included: a whole-batch problem named for the clerk
        pass


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | cells,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(cells, inner, max_size=4),
                           max_leaves=20)


@given(lines=st.lists(st.one_of(json_values.map(json.dumps), cells, st.just(json.dumps(h.plan()))), max_size=6))
def test_json_lines_through_the_table_reader(lines):
    try:
        table = read_table("\n".join(lines).encode("utf-8", "surrogatepass"), "t.jsonl")
    except BatchInputError:
        return
    rows = expand(None, table)
    assert len(rows) == len(table.rows)


@given(data=st.binary(max_size=2000) | cells.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_text_files_through_the_importer(app, data):
    _reader_ok(import_file, data, "txt")
    resp = upload(app.test_client(), "/nhap-tu-word", "file", data, "van-ban.txt", type="ke_hoach")
    assert resp.status_code in DOCUMENTED_STATUS, resp.get_data()[:300]


def _plan_with(path: list, value):
    doc = h.plan()
    node = doc
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else node
    if isinstance(node, dict):
        node[path[-1]] = value
    return doc


@given(path=st.sampled_from([["summary"], ["date"], ["number"], ["body", "sections"], ["signer", "name"],
                             ["noi_nhan"], ["type"], ["details"], ["body"], ["issuer", "abbr"]]),
       value=json_values, endpoint=st.sampled_from(["/api/v1/validate", "/api/v1/documents", "/api/v1/preview",
                                                   "/form/ke_hoach/fields"]))
def test_json_documents_through_the_endpoints(app, path, value, endpoint):
    body = json.dumps(_plan_with(path, value)).encode()
    resp = app.test_client().post(endpoint, data=body, content_type="application/json")
    assert resp.status_code in DOCUMENTED_STATUS, resp.get_data()[:300]


@given(raw=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()),
       endpoint=st.sampled_from(["/api/v1/validate", "/api/v1/roll-forward", "/api/v1/documents"]))
def test_raw_bodies_through_the_endpoints(app, raw, endpoint):
    client = app.test_client()
    resp = client.post(endpoint, data=raw, content_type="application/json")
    assert resp.status_code in DOCUMENTED_STATUS, resp.get_data()[:300]
    for page, field in (("/form/ke_hoach/import", "file"), ("/batch/roll-forward", "document")):
        resp = upload(client, page, field, raw, "van-ban.json", year="2025")
        assert resp.status_code in DOCUMENTED_STATUS, (page, resp.get_data()[:300])
