"""Agency profiles end to end: a short document (agency, signer id, type, summary, body) renders with the
profile's letterhead, place, signer block and footer; explicit fields win; unknown references are 422 naming the
field; two agencies in one instance number independently and a clerk of one cannot reach the other's entries,
export or batches (404/403, audited); a dash variant of a name never starts a second register."""
from __future__ import annotations

import copy
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from docx_helpers import full_text, part, paragraph_text, q
from service.register import agencies as store
from service.agency.expand import expand
from service.agency.profile import profile_problems
from service.register import audit, auth
from service.register.issue import issue
from service.register.models import AuditEvent, Register
from service.web.register_state import state
from service.rules.agency_names import agency_name_key, name_key
from service.validate import InvalidDocument, validate
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2024, 2, 5, 2, 0, tzinfo=dt.timezone.utc)
PROFILE = json.loads((ROOT / "fixtures" / "agency" / "sldtbxh-bg.json").read_text(encoding="utf-8"))
SHORT = json.loads((ROOT / "fixtures" / "agency" / "ke-hoach-ngan.json").read_text(encoding="utf-8"))
OTHER = {"code": "stp-bg", "parent": "UBND TỈNH BẮC GIANG", "name": "SỞ TƯ PHÁP", "abbr": "STP",
         "place": "Bắc Giang", "signers": [{"id": "lan", "name": "Nguyễn Thị Lan", "position": "GIÁM ĐỐC"}],
         "recipient_groups": [], "units": []}


def footer_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if n.startswith("word/footer")]
    return "\n".join(paragraph_text(p) for n in names for p in part(data, n).iter(q("w:p")))


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}",
                      "REGISTER_CLOCK": lambda: NOW, "OPEN_DRAFTING": True})
    engine = state(app).engine
    store.add_agency(engine, PROFILE, actor="test")
    store.add_agency(engine, OTHER, actor="test")
    yield app
    engine.dispose()


@pytest.fixture
def engine(app):
    return state(app).engine


def ids(engine, *codes):
    return store.ids_for_codes(engine, codes)


@pytest.fixture
def tokens(engine) -> dict[str, str]:
    a, b = ids(engine, "sldtbxh-bg", "stp-bg")
    return {"clerk_a": auth.create_token(engine, "clerk", "a", agencies=[a]),
            "clerk_b": auth.create_token(engine, "clerk", "b", agencies=[b]),
            "drafter_a": auth.create_token(engine, "drafter", "da", agencies=[a]),
            "admin_a": auth.create_token(engine, "admin", "admin-a", agencies=[a]),
            "admin": auth.create_token(engine, "admin", "root")}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- the parse step -------------------------------------------------------------------------------------------

def test_short_document_renders_with_the_profiles_letterhead_place_signer_and_footer(app):
    r = app.test_client().post("/api/v1/documents", json=SHORT)
    assert r.status_code == 200, r.get_data(as_text=True)
    text = full_text(r.data)
    for line in ("UBND TỈNH BẮC GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "/KH-LĐTBXH", "Bắc Giang, ngày",
                 "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trương Đức Huấn"):
        assert line in text, line
    footer = footer_text(r.data)
    assert "Nguyễn Văn Cừ" in footer and "0204.3854.336" in footer and "sldtbxh@bacgiang.gov.vn" in footer


def test_explicit_fields_win_and_groups_come_before_own_lines(app):
    doc = dict(copy.deepcopy(SHORT), place="Lục Nam", issuer={"name": "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"},
               signer={"position": "GIÁM ĐỐC", "name": "Nguyễn Văn Thắng"},
               noi_nhan_groups=["lanh-dao"], noi_nhan=["Sở Tài chính", "BBT Website"])
    out = expand(doc, {PROFILE["code"]: PROFILE}.get)
    assert out["place"] == "Lục Nam"
    assert out["issuer"] == {"parent": "UBND TỈNH BẮC GIANG", "name": "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI",
                             "abbr": "LĐTBXH", "name_text": "Sở Lao động - Thương binh và Xã hội"}
    assert out["signer"] == {"position": "GIÁM ĐỐC", "name": "Nguyễn Văn Thắng"}
    assert out["noi_nhan"] == ["Giám đốc, các Phó Giám đốc Sở", "BBT Website", "Sở Tài chính"]
    assert "noi_nhan_groups" not in out and out["agency"] == "sldtbxh-bg"
    r = app.test_client().post("/api/v1/documents", json=doc)
    assert r.status_code == 200
    text = full_text(r.data)
    assert "Lục Nam, ngày" in text and "Nguyễn Văn Thắng" in text and "Trương Đức Huấn" not in text
    assert "KT. GIÁM ĐỐC" not in text and "- Sở Tài chính;" in text


@pytest.mark.parametrize("change, field", [
    ({"agency": "khong-co"}, "agency"),
    ({"signer": "khong-co"}, "signer"),
    ({"noi_nhan_groups": ["phong-thuoc-so", "khong-co"]}, "noi_nhan_groups[1]"),
    ({"agency": "Sở LĐ"}, "agency"),
])
def test_unknown_agency_signer_or_group_is_a_422_naming_the_field(app, change, field):
    doc = {**SHORT, **change}
    for path in ("/api/v1/documents", "/api/v1/validate", "/api/v1/preview"):
        r = app.test_client().post(path, json=doc)
        assert r.status_code == 422 and r.mimetype == "application/problem+json", path
        assert [e["path"] for e in r.json["errors"]] == [field]
        assert r.json["errors"][0]["message_vi"] and r.json["errors"][0]["message_en"]


def test_signer_by_id_without_a_profile_source_is_named_not_crashed():
    with pytest.raises(InvalidDocument) as exc:
        expand(SHORT, None)
    assert [e.path for e in exc.value.errors] == ["agency"]
    no_agency = {k: v for k, v in SHORT.items() if k != "agency"}
    with pytest.raises(InvalidDocument) as exc:
        expand(no_agency, {}.get)
    assert [e.path for e in exc.value.errors] == ["agency"]
    # the validator, handed an unexpanded document, says so plainly
    assert {e.path for e in validate(SHORT)} >= {"signer"}


def test_profile_problems_are_listed_by_path():
    bad = copy.deepcopy(PROFILE)
    bad["code"] = "Sở LĐ"
    bad["signers"].append({"id": "huan", "name": "X", "position": "PHÓ GIÁM ĐỐC", "authority": "KT."})
    bad["units"][0]["abbr"] = "V P"
    paths = sorted(e.path for e in profile_problems(bad))
    assert paths == ["code", "signers[2].head_title", "signers[2].id", "units[0].abbr"]


def test_the_schema_and_openapi_describe_both_forms(app):
    client = app.test_client()
    schema = client.get("/api/v1/types/ke_hoach/schema").json
    assert schema["properties"]["agency"]["pattern"]
    assert [s.get("type") for s in schema["properties"]["signer"]["anyOf"]] == ["string", "object"]
    assert schema["properties"]["noi_nhan_groups"]["items"]["pattern"]
    assert {"required": ["agency"]} in schema["anyOf"]
    spec = client.get("/api/v1/openapi.json").json
    assert "agency" in json.dumps(spec["components"]["schemas"]["Doc_ke_hoach"])
    assert "/api/v1/agencies" in spec["paths"] and "/api/v1/agencies/{code}" in spec["paths"]


# --- registers by agency ----------------------------------------------------------------------------------------

def test_two_agencies_number_independently(engine, tmp_path):
    lookup = store.db_lookup(engine)
    other_doc = {"type": "ke_hoach", "agency": "stp-bg", "signer": "lan", "summary": "Phổ biến pháp luật năm 2024",
                 "body": SHORT["body"]}
    numbers = [issue(engine, tmp_path, d, actor="t", clock=lambda: NOW, lookup=lookup).entry.number_symbol
               for d in (SHORT, other_doc, SHORT, other_doc, other_doc)]
    assert numbers == ["01/KH-LĐTBXH", "01/KH-STP", "02/KH-LĐTBXH", "02/KH-STP", "03/KH-STP"]


def test_a_dash_variant_of_the_name_cannot_start_a_second_register(engine, tmp_path, plan_doc):
    assert name_key("SỞ LAO ĐỘNG – THƯƠNG BINH  VÀ xã hội") == name_key("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    assert agency_name_key("UBND TỈNH BẮC GIANG", "SỞ TƯ PHÁP") != agency_name_key(None, "SỞ TƯ PHÁP")
    hyphen = dict(copy.deepcopy(plan_doc), number=None, date=None)  # issuer typed with a hyphen, no agency code
    en_dash = copy.deepcopy(hyphen)
    en_dash["issuer"]["name"] = "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"
    coded = dict(copy.deepcopy(en_dash), agency="sldtbxh-bg")
    got = [issue(engine, tmp_path, d, actor="t", clock=lambda: NOW).entry for d in (hyphen, en_dash, coded)]
    assert [e.number for e in got] == [1, 2, 3]
    assert len({e.register_id for e in got}) == 1
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Register)) == 1
        assert session.get(Register, got[0].register_id).agency.code == "sldtbxh-bg"
    # and an admin cannot add a second profile under the variant name
    from service.register.errors import Conflict

    with pytest.raises(Conflict):
        store.add_agency(engine, {**PROFILE, "code": "ldtbxh-2", "name": "Sở Lao động – Thương binh và Xã hội"},
                         actor="t")


# --- access across agencies -------------------------------------------------------------------------------------

def _issue(client, token, doc):
    r = client.post("/api/v1/documents/issue", json=doc, headers=bearer(token))
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.json


def test_a_clerk_of_one_agency_cannot_reach_the_others_register(app, engine, tokens):
    client = app.test_client()
    mine = _issue(client, tokens["clerk_a"], SHORT)
    other_doc = {"type": "ke_hoach", "agency": "stp-bg", "signer": "lan", "summary": "Phổ biến pháp luật",
                 "body": SHORT["body"]}
    theirs = _issue(client, tokens["clerk_b"], other_doc)
    assert mine["columns"]["number_symbol"] == "01/KH-LĐTBXH" and theirs["columns"]["number_symbol"] == "01/KH-STP"
    a = tokens["clerk_a"]
    before = len(audit.events(engine, action="cross_agency"))
    tid = theirs["id"]
    assert client.get(f"/api/v1/register/{tid}", headers=bearer(a)).status_code == 404
    assert client.get(f"/api/v1/register/{tid}/file", headers=bearer(a)).status_code == 404
    assert client.post(f"/api/v1/register/{tid}/void", json={"reason": "x"}, headers=bearer(a)).status_code == 404
    assert client.post(f"/api/v1/register/{tid}/delivery", json={"date_sent": "2024-02-06", "received_by": "Lan"},
                       headers=bearer(a)).status_code == 404
    assert client.get("/api/v1/register/export?year=2024&agency=stp-bg", headers=bearer(a)).status_code == 403
    refused = client.post("/api/v1/documents/issue", json=other_doc, headers=bearer(a))
    assert refused.status_code == 403 and refused.json["errors"][0]["path"] == "issuer"
    denied = audit.events(engine, action="cross_agency")
    assert len(denied) - before == 6
    assert {e.detail["what"] for e in denied} == {"read", "void", "deliver", "export", "issue"}
    assert all(e.actor.endswith(":a") for e in denied)
    # the search and the drafter's view show only the own agency; their entry is untouched
    listed = client.get("/api/v1/register?year=2024", headers=bearer(tokens["drafter_a"])).json
    assert [i["columns"]["number_symbol"] for i in listed["items"]] == ["01/KH-LĐTBXH"]
    assert client.get(f"/api/v1/register/{tid}", headers=bearer(tokens["drafter_a"])).status_code == 404
    assert client.get(f"/api/v1/register/{tid}", headers=bearer(tokens["admin"])).json["void"] is None
    # the export of the own agency holds only its rows
    from openpyxl import load_workbook

    xlsx = client.get("/api/v1/register/export?year=2024", headers=bearer(a))
    assert xlsx.status_code == 200
    cells = [c.value for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows() for c in row]
    assert "01/KH-LĐTBXH" in cells and "01/KH-STP" not in cells


def test_agencies_api(app, engine, tokens):
    client = app.test_client()
    listed = client.get("/api/v1/agencies", headers=bearer(tokens["drafter_a"])).json["agencies"]
    assert [p["code"] for p in listed] == ["sldtbxh-bg"]
    assert client.get("/api/v1/agencies/sldtbxh-bg", headers=bearer(tokens["drafter_a"])).json["abbr"] == "LĐTBXH"
    assert client.get("/api/v1/agencies/stp-bg", headers=bearer(tokens["drafter_a"])).status_code == 404
    assert client.get("/api/v1/agencies/stp-bg", headers=bearer(tokens["admin"])).status_code == 200
    new = {**OTHER, "code": "snv-bg", "name": "SỞ NỘI VỤ", "abbr": "SNV"}
    assert client.post("/api/v1/agencies", json=new, headers=bearer(tokens["clerk_a"])).status_code == 403
    assert client.post("/api/v1/agencies", json=new, headers=bearer(tokens["admin_a"])).status_code == 403
    created = client.post("/api/v1/agencies", json=new, headers=bearer(tokens["admin"]))
    assert created.status_code == 201 and created.headers["Location"].endswith("/api/v1/agencies/snv-bg")
    again = client.post("/api/v1/agencies", json=new, headers=bearer(tokens["admin"]))
    assert again.status_code == 409
    bad = client.post("/api/v1/agencies", json={**new, "code": "x y", "signers": [{"id": "a"}]},
                      headers=bearer(tokens["admin"]))
    assert bad.status_code == 422
    assert {e["path"] for e in bad.json["errors"]} == {"code", "signers[0].name", "signers[0].position"}
    changed = {**PROFILE, "place": "TP Bắc Giang"}
    assert client.put("/api/v1/agencies/sldtbxh-bg", json=changed, headers=bearer(tokens["admin_a"])).status_code \
        == 200
    assert store.get_profile(engine, "sldtbxh-bg")["place"] == "TP Bắc Giang"
    assert client.put("/api/v1/agencies/stp-bg", json=OTHER, headers=bearer(tokens["admin_a"])).status_code == 404
    assert client.put("/api/v1/agencies/sldtbxh-bg", json={**PROFILE, "code": "khac"},
                      headers=bearer(tokens["admin"])).status_code == 422


def test_only_admins_may_span_several_agencies(engine):
    a, b = ids(engine, "sldtbxh-bg", "stp-bg")
    from service.register.errors import BadInput

    with pytest.raises(BadInput):
        auth.create_user(engine, "mai", "mật khẩu dài đủ", "clerk", agencies=[a, b])
    auth.create_user(engine, "quan-tri", "mật khẩu dài đủ", "admin", agencies=[a, b])
    assert auth.authenticate(engine, "quan-tri", "mật khẩu dài đủ").agencies == tuple(sorted([a, b]))
