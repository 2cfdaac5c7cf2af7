"""The agency on the staff pages: a drafter's new form opens with the agency's letterhead; the signer picker,
recipient-group chips and unit picker fill the document (without JavaScript through the form's POST, with it
through the fields endpoint); the admin page per agency; a clerk of one agency gets 404 on the other's entries."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from batch_support import wait_done
from csrf_client import CsrfClient
from form_values import profile_edit_form
from service.register import agencies as store
from service.register import audit, auth
from service.register.issue import issue
from service.web.register_state import state
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2024, 2, 5, 2, 0, tzinfo=dt.timezone.utc)
PROFILE = json.loads((ROOT / "fixtures" / "agency" / "sldtbxh-bg.json").read_text(encoding="utf-8"))
OTHER = {"code": "stp-bg", "parent": "UBND TỈNH BẮC GIANG", "name": "SỞ TƯ PHÁP", "abbr": "STP", "place": "Bắc Giang",
         "signers": [{"id": "lan", "name": "Nguyễn Thị Lan", "position": "GIÁM ĐỐC"}]}
PASSWORD = "mật khẩu dài đủ"


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
                      "REGISTER_CLOCK": lambda: NOW, "OPEN_DRAFTING": True})
    app.test_client_class = CsrfClient
    engine = state(app).engine
    store.add_agency(engine, PROFILE, actor="test")
    store.add_agency(engine, OTHER, actor="test")
    a, b = store.ids_for_codes(engine, ["sldtbxh-bg", "stp-bg"])
    auth.create_user(engine, "soan", PASSWORD, "drafter", agencies=[a])
    auth.create_user(engine, "thu-a", PASSWORD, "clerk", agencies=[a])
    auth.create_user(engine, "thu-b", PASSWORD, "clerk", agencies=[b])
    auth.create_user(engine, "qt-a", PASSWORD, "admin", agencies=[a])
    auth.create_user(engine, "qt", PASSWORD, "admin")
    yield app
    engine.dispose()


def logged_in(app, username):
    client = app.test_client()
    r = client.post("/login", data={"username": username, "password": PASSWORD})
    assert r.status_code == 303, r.get_data(as_text=True)
    return client


def value(page, name):
    found = page.xpath(f'//*[@name="{name}"]')
    return found[0].get("value") if found and found[0].tag == "input" else (found[0].text_content() if found else None)


def test_a_drafters_new_form_opens_with_the_agencys_letterhead(app):
    page = lxml_html.fromstring(logged_in(app, "soan").get("/form/ke_hoach").data)
    assert value(page, "agency") == "sldtbxh-bg"
    assert value(page, "issuer.name") == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert value(page, "issuer.parent") == "UBND TỈNH BẮC GIANG" and value(page, "issuer.abbr") == "LĐTBXH"
    assert value(page, "place") == "Bắc Giang" and value(page, "address.phone") == "0204.3854.336"
    signers = page.xpath('//select[@name="_signer"]/option/@value')
    assert signers == ["", "huan", "giam-doc"]
    assert page.xpath('//input[@name="_groups"]/@value') == ["phong-thuoc-so", "lanh-dao"]
    # nobody logged in: a blank form, no pickers
    anon = lxml_html.fromstring(app.test_client().get("/form/ke_hoach").data)
    assert not value(anon, "issuer.name") and not anon.xpath('//select[@name="_signer"]')


def test_pickers_fill_signer_recipients_and_unit_without_javascript(app):
    client = logged_in(app, "soan")
    form = {"agency": "sldtbxh-bg", "issuer.name": PROFILE["name"], "issuer.abbr": "LĐTBXH",
            "issuer.parent": PROFILE["parent"], "place": "Bắc Giang", "summary": "Tháng hành động vì trẻ em",
            "noi_nhan[0]": "Sở Tài chính", "luu[0]": "VT", "_signer": "huan", "_groups": ["lanh-dao"],
            "_groups_shown": "1", "_unit": "PL", "_action": "profile"}
    page = lxml_html.fromstring(client.post("/form/ke_hoach", data=form).data)
    assert value(page, "signer.name") == "Trương Đức Huấn" and value(page, "signer.position") == "PHÓ GIÁM ĐỐC"
    assert page.xpath('//select[@name="signer.authority"]/option[@selected]/@value') == ["KT."]
    assert [value(page, f"noi_nhan[{i}]") for i in range(3)] == ["Giám đốc, các Phó Giám đốc Sở", "BBT Website",
                                                                 "Sở Tài chính"]
    assert [value(page, f"luu[{i}]") for i in range(2)] == ["VT", "PL"] and value(page, "drafter.symbol") == "PL."
    assert page.xpath('//input[@name="_groups"][@checked]/@value') == ["lanh-dao"]
    unknown = client.post("/form/ke_hoach", data={**form, "agency": "khong-co", "_action": "docx"})
    assert unknown.status_code == 422 and "khong-co" in unknown.get_data(as_text=True)
    # unticking the group takes its lines out again, the hand-typed line stays
    doc = {"type": "ke_hoach", "agency": "sldtbxh-bg", "noi_nhan": ["Giám đốc, các Phó Giám đốc Sở", "BBT Website",
                                                                      "Sở Tài chính"]}
    fragment = client.post("/form/ke_hoach/fields?_groups_shown=1&_groups=phong-thuoc-so", json=doc)
    frag = lxml_html.fromstring(fragment.get_data(as_text=True))
    assert [value(frag, f"noi_nhan[{i}]") for i in range(2)] == ["Các phòng, đơn vị trực thuộc Sở", "Sở Tài chính"]
    assert not frag.xpath('//*[@name="noi_nhan[2]"]')


def test_admin_page_per_agency(app):
    admin_a = logged_in(app, "qt-a")
    page = admin_a.get("/co-quan/sldtbxh-bg")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for words in ("Văn phòng Sở", "Trương Đức Huấn", "Các phòng, đơn vị trực thuộc Sở", "Nguyễn Văn Cừ"):
        assert words in text
    assert admin_a.get("/co-quan/stp-bg").status_code == 404
    assert audit.events(state(app).engine, action="cross_agency")[0].detail["what"] == "agency_page"
    listing = admin_a.get("/co-quan/").get_data(as_text=True)
    assert "sldtbxh-bg" in listing and "stp-bg" not in listing
    bad = admin_a.post("/co-quan/sldtbxh-bg", data={"profile": json.dumps({**PROFILE, "abbr": ""})})
    assert bad.status_code == 422 and "abbr" in bad.get_data(as_text=True)
    saved = admin_a.post("/co-quan/sldtbxh-bg", data={"profile": json.dumps({**PROFILE, "place": "Lục Nam"})})
    assert saved.status_code == 303
    assert store.get_profile(state(app).engine, "sldtbxh-bg")["place"] == "Lục Nam"
    # the field form: the page's own inputs sent back, a unit added in an empty row, a signer row cleared
    form = profile_edit_form(page.data)
    form.update({"units[3].abbr": "TCKT", "units[3].name": "Phòng Tài chính - Kế toán",
                 "signers[1].id": "", "signers[1].name": "", "signers[1].position": ""})
    form["signers[0].head_title"] = ""
    bad = admin_a.post("/co-quan/sldtbxh-bg", data=form)
    assert bad.status_code == 422
    shown = lxml_html.fromstring(bad.data)
    assert shown.xpath('//input[@name="signers[0].head_title"]/@aria-invalid') == ["true"]
    assert "GIÁM ĐỐC" in shown.xpath('string(//*[@id="p-signers-0-head-title-err"])')
    form["signers[0].head_title"] = "GIÁM ĐỐC"
    assert admin_a.post("/co-quan/sldtbxh-bg", data=form).status_code == 303
    saved = store.get_profile(state(app).engine, "sldtbxh-bg")
    assert saved["units"][-1] == {"abbr": "TCKT", "name": "Phòng Tài chính - Kế toán"}
    assert [s["id"] for s in saved["signers"]] == ["huan"] and saved["signers"][0]["authority"] == "KT."
    assert saved["recipient_groups"] == PROFILE["recipient_groups"] and saved["footer"] == PROFILE["footer"]
    assert logged_in(app, "thu-a").get("/co-quan/sldtbxh-bg").status_code == 403
    root = logged_in(app, "qt")
    assert root.get("/co-quan/stp-bg").status_code == 200
    new = {**OTHER, "code": "snv-bg", "name": "SỞ NỘI VỤ", "abbr": "SNV"}
    assert root.post("/co-quan/moi", data={"profile": json.dumps(new)}).status_code == 303
    assert admin_a.post("/co-quan/moi", data={"profile": json.dumps(new)}).status_code == 403


def test_a_clerk_sees_only_the_own_agencys_register(app):
    engine = state(app).engine
    body = {"sections": [{"title": "Mục đích", "items": [{"paragraphs": ["Nội dung."]}]}]}
    theirs = issue(engine, state(app).store_root, {"type": "ke_hoach", "agency": "stp-bg", "signer": "lan",
                                                   "summary": "Phổ biến pháp luật", "body": body},
                   actor="t", clock=lambda: NOW).entry
    mine = issue(engine, state(app).store_root, {"type": "ke_hoach", "agency": "sldtbxh-bg", "signer": "huan",
                                                 "summary": "Trẻ em", "body": body}, actor="t", clock=lambda: NOW).entry
    clerk = logged_in(app, "thu-a")
    listing = clerk.get("/so-van-ban-di?year=2024").get_data(as_text=True)
    assert mine.number_symbol in listing and theirs.number_symbol not in listing
    for path in (f"/so-van-ban-di/{theirs.id}", f"/so-van-ban-di/{theirs.id}/docx", f"/so-van-ban-di/{theirs.id}/huy"):
        assert clerk.get(path).status_code == 404, path
    assert clerk.post(f"/so-van-ban-di/{theirs.id}/huy", data={"reason": "x", "confirm": "1"}).status_code == 404
    assert clerk.post("/so-van-ban-di/xuat", data={"year": "2024", "agency": "stp-bg"}).status_code == 403
    assert clerk.get(f"/so-van-ban-di/{mine.id}").status_code == 200
    assert len(audit.events(engine, action="cross_agency")) == 5


def test_batches_use_the_profile_and_stay_with_their_agency(app):
    import io

    app.config["REDIS_URL"] = None
    base = {"type": "ke_hoach", "agency": "sldtbxh-bg", "signer": "huan", "noi_nhan_groups": ["lanh-dao"],
            "summary": "Kế hoạch năm 2025",
            "body": {"sections": [{"title": "Mục đích", "items": [{"paragraphs": ["Nội dung."]}]}]}}
    table = "stt,summary\n1,Tháng hành động vì trẻ em\n2,Phòng chống đuối nước\n".encode()
    clerk_a = logged_in(app, "thu-a")
    r = clerk_a.post("/batch/", content_type="multipart/form-data",
                     data={"base": (io.BytesIO(json.dumps(base).encode()), "base.json"),
                           "table": (io.BytesIO(table), "rows.csv")})
    assert r.status_code == 303, r.get_data(as_text=True)
    job_url = r.headers["Location"]
    assert clerk_a.post(f"{job_url}/start", data={"issue": "1"}).status_code == 303
    status = wait_done(clerk_a, job_url)
    assert (status["state"], status["ok"], status["failed"]) == ("done", 2, 0), status
    page = clerk_a.get(job_url).get_data(as_text=True)
    assert "01/KH-LĐTBXH" in page and "02/KH-LĐTBXH" in page
    engine = state(app).engine
    from service.register.entries import search

    docs = [e.document for e in search(engine).entries]
    assert {d["signer"]["name"] for d in docs} == {"Trương Đức Huấn"}
    assert all(d["noi_nhan"][:2] == ["Giám đốc, các Phó Giám đốc Sở", "BBT Website"] for d in docs)
    # the other agency's clerk does not get to the job, its progress or its zip
    clerk_b = logged_in(app, "thu-b")
    before = len(audit.events(engine, action="cross_agency"))
    for path in (job_url, f"{job_url}/status", status["download"]):
        assert clerk_b.get(path).status_code == 404, path
    assert clerk_b.post(f"{job_url}/start", data={"issue": "1"}).status_code == 404
    denied = audit.events(engine, action="cross_agency")
    assert len(denied) - before == 4 and {e.detail["what"] for e in denied[:4]} == {"batch"}


def test_roll_forward_keeps_the_profile_references(app):
    doc = {"type": "ke_hoach", "agency": "sldtbxh-bg", "signer": "huan", "noi_nhan_groups": ["lanh-dao"],
           "date": "2024-02-05", "number": 15, "summary": "Công tác trẻ em năm 2024",
           "body": {"sections": [{"title": "Mục đích", "items": [{"paragraphs": ["Nội dung."]}]}]}}
    r = app.test_client().post("/api/v1/roll-forward", json={"document": doc, "year": 2025})
    assert r.status_code == 200, r.get_data(as_text=True)
    rolled = r.json["document"]
    assert (rolled["agency"], rolled["signer"], rolled["noi_nhan_groups"]) == ("sldtbxh-bg", "huan", ["lanh-dao"])
    assert rolled["summary"] == "Công tác trẻ em năm 2025" and rolled["number"] is None
    # next year's draft renders with the profile as it is then
    store.update_agency(state(app).engine, "sldtbxh-bg", {**PROFILE, "place": "Thành phố Bắc Giang"}, actor="t")
    docx = app.test_client().post("/api/v1/documents", json=rolled)
    assert docx.status_code == 200
    from docx_helpers import full_text

    assert "Thành phố Bắc Giang, ngày" in full_text(docx.data)


def test_a_short_json_document_imports_into_the_form_expanded(app):
    import io

    short = json.loads((ROOT / "fixtures" / "agency" / "ke-hoach-ngan.json").read_text(encoding="utf-8"))
    r = app.test_client().post("/form/ke_hoach/import", content_type="multipart/form-data",
                               data={"file": (io.BytesIO(json.dumps(short).encode()), "ngan.json")})
    assert r.status_code == 200
    page = lxml_html.fromstring(r.data)
    assert value(page, "signer.name") == "Trương Đức Huấn" and value(page, "issuer.abbr") == "LĐTBXH"
    unknown = app.test_client().post("/form/ke_hoach/import", content_type="multipart/form-data",
                                     data={"file": (io.BytesIO(json.dumps({**short, "signer": "ai"}).encode()),
                                                    "ngan.json")})
    assert unknown.status_code == 422 and "ai" in unknown.get_data(as_text=True)
