"""The clerks' pages through Flask's test client: staff login, CSRF on every page POST, roles, Ban hành from the
document form, the register page (search, files, void, export), the check and import pages."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from flask.testing import FlaskClient
from lxml import html as lxml_html
from openpyxl import load_workbook
from werkzeug.datastructures import MultiDict

from csrf_client import CsrfClient
from docx_helpers import xml_texts
from service import config as config_module
from service import store
from service.register import audit, auth
from service.register.columns import HEADINGS_VI
from service.register.entries import get_entry
from service.register.issue import issue
from service.web.register_state import state
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2024, 2, 5, 9, 30, tzinfo=VN)
PASSWORDS = {"van.thu": "mat-khau-van-thu", "soan.thao": "mat-khau-soan-thao", "van.thu.2": "mat-khau-thu-hai"}
ROLES = {"van.thu": "clerk", "soan.thao": "drafter", "van.thu.2": "clerk"}


def make_app(tmp_path, **extra):
    app = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}", "TESTING": True,
                      "REGISTER_CLOCK": lambda: NOW, **extra})
    app.test_client_class = CsrfClient
    engine = state(app).engine
    for name, password in PASSWORDS.items():
        auth.create_user(engine, name, password, ROLES[name])
    return app


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, username="van.thu"):
    r = client.post("/login", data={"username": username, "password": PASSWORDS[username]})
    assert r.status_code == 303, r.data
    return r


def page(r):
    return lxml_html.fromstring(r.data)


def text_of(r) -> str:
    return " ".join(page(r).text_content().split())


def form_pairs(r, form_id="doc-form") -> list[tuple[str, str]]:
    """What a browser without JavaScript sends for the form as rendered (buttons excluded)."""
    form = page(r).get_element_by_id(form_id)
    return [(k, v) for k, v in form.form_values() if k != "_action"]


def issue_form(client, type_id, pairs):
    return client.post(f"/form/{type_id}/ban-hanh", data=MultiDict([*pairs, ("_action", "issue")]),
                       content_type="application/x-www-form-urlencoded")


def plan() -> dict:
    return json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))


# --- login ------------------------------------------------------------------------------------------------------------

def test_login_then_logout(client):
    r = client.get("/login")
    assert r.status_code == 200 and page(r).xpath('//form[@action="/login"]//input[@name="_csrf"]/@value')
    r = login(client)
    assert r.headers["Location"].endswith("/so-van-ban-di")  # a clerk lands on the register
    assert "Expires=" in r.headers["Set-Cookie"]  # a working day's session, then log in again
    r = client.get("/so-van-ban-di")
    assert r.status_code == 200
    assert "van.thu · văn thư" in text_of(r) and "Đăng xuất" in text_of(r)
    r = client.post("/logout")
    assert r.status_code == 303 and "da_dang_xuat=1" in r.headers["Location"]
    assert "Bạn đã đăng xuất" in text_of(client.get(r.headers["Location"]))
    again = client.get("/so-van-ban-di?year=2024")
    assert again.status_code == 303 and again.headers["Location"] == "/login?next=/so-van-ban-di?year%3D2024"


def test_login_returns_to_the_page_asked_for_and_never_to_another_site(client):
    r = client.post("/login", data={"username": "soan.thao", "password": PASSWORDS["soan.thao"],
                                    "next": "/form/ke_hoach"})
    assert r.headers["Location"] == "/form/ke_hoach"
    r = client.post("/login", data={"username": "soan.thao", "password": PASSWORDS["soan.thao"],
                                    "next": "//evil.example/x"})
    assert r.headers["Location"] == "/"  # a drafter without a safe target goes to the type list


def test_wrong_password_is_refused_in_vietnamese_and_locks_no_one_out(app, client):
    for _ in range(6):
        r = client.post("/login", data={"username": "van.thu", "password": "sai-mat-khau"})
        assert r.status_code == 422
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in text_of(r)
        assert page(r).get_element_by_id("username").get("value") == "van.thu"
    r = client.post("/login", data={"username": "khong.co", "password": "gi-cung-duoc"})
    assert r.status_code == 422 and "Tên đăng nhập hoặc mật khẩu không đúng" in text_of(r)
    assert client.post("/login", data={"username": "", "password": ""}).status_code == 422
    other = app.test_client()
    login(other, "van.thu.2")  # another clerk is not affected
    login(client, "van.thu")  # nor the account that was tried: the right password still works
    assert client.get("/so-van-ban-di").status_code == 200


def test_session_cookie_is_httponly_lax_and_secure_when_configured(tmp_path):
    r = make_app(tmp_path / "a").test_client().get("/login")
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = config_module.from_env({"VANBAN_SECURE_COOKIES": "1", "VANBAN_DATA_DIR": str(tmp_path / "b")})
    assert secure["SESSION_COOKIE_SECURE"] is True
    r = make_app(tmp_path / "b", SESSION_COOKIE_SECURE=secure["SESSION_COOKIE_SECURE"]).test_client().get("/login")
    assert "Secure" in r.headers["Set-Cookie"]


# --- CSRF -------------------------------------------------------------------------------------------------------------

def test_page_posts_without_the_csrf_token_are_refused_with_a_vietnamese_400(app):
    plain = FlaskClient(app, use_cookies=True)
    plain.get("/login")  # a session exists, but the forged request does not know its token
    attempts = [
        ("/login", {"username": "van.thu", "password": PASSWORDS["van.thu"]}),
        ("/form/ke_hoach", {"summary": "x", "_action": "docx"}),
        ("/form/ke_hoach/ban-hanh", {"summary": "x"}),
        ("/batch/", {}),
        ("/kiem-tra-the-thuc", {}),
        ("/nhap-tu-word", {}),
        ("/so-van-ban-di/xuat", {"year": "2024"}),
        ("/logout", {}),
    ]
    for path, data in attempts:
        r = plain.post(path, data=data)
        assert r.status_code == 400, path
        assert "thiếu mã chống giả mạo CSRF" in text_of(r), path
    wrong = plain.post("/login", data={**attempts[0][1], "_csrf": "x" * 43})
    assert wrong.status_code == 400
    js = plain.post("/form/ke_hoach/fields", json=plan(), headers={"Accept": "application/json"})
    assert js.status_code == 400 and js.mimetype == "application/problem+json"
    assert "CSRF" in js.get_json()["title"]
    # the JSON API authenticates with bearer tokens, never the session: no CSRF token there
    assert plain.post("/api/v1/validate", json=plan()).status_code == 200
    assert plain.post("/api/v1/documents/issue", json=plan()).status_code == 401


def test_every_post_form_of_the_pages_carries_the_token(app, client):
    login(client)
    issue(state(app).engine, state(app).store_root, plan(), actor="t", clock=lambda: NOW)
    token = client.csrf_token()
    for url in ("/", "/form/ke_hoach", "/form/ke_hoach?example=1", "/batch/", "/login", "/kiem-tra-the-thuc",
                "/nhap-tu-word", "/so-van-ban-di?year=2024", "/so-van-ban-di/1", "/so-van-ban-di/1/huy"):
        tree = page(client.get(url))
        assert tree.xpath('//meta[@name="csrf-token"]/@content') == [token], url
        forms = tree.xpath('//form[translate(@method, "POST", "post")="post"]')
        assert forms, url
        for form in forms:
            assert form.xpath('.//input[@name="_csrf"]/@value') == [token], (url, form.get("action"))
    # with the token (as the form's script sends it) the same request goes through
    assert client.post("/form/ke_hoach/fields", json=plan()).status_code == 200


# --- roles --------------------------------------------------------------------------------------------------------

def test_register_pages_need_a_clerk(app, client):
    for url in ("/so-van-ban-di", "/so-van-ban-di/1", "/so-van-ban-di/1/docx", "/so-van-ban-di/1/huy"):
        r = client.get(url)
        assert r.status_code == 303 and r.headers["Location"].startswith("/login?next="), url
    login(client, "soan.thao")
    r = client.get("/so-van-ban-di")
    assert r.status_code == 403 and "dành cho văn thư" in text_of(r) and "người soạn thảo" in text_of(r)
    assert client.post("/so-van-ban-di/xuat", data={"year": "2024"}).status_code == 403
    r = issue_form(client, "ke_hoach", [("summary", "x")])
    assert r.status_code == 403
    login(client, "van.thu")
    assert client.get("/so-van-ban-di").status_code == 200


def test_ban_hanh_button_is_live_only_for_clerks(client):
    def button(r):
        return page(r).xpath('//div[@class="issue-bar"]//button')[0]

    anonymous = client.get("/form/ke_hoach")
    assert button(anonymous).get("disabled") is not None
    assert "Chỉ văn thư được ban hành" in text_of(anonymous)
    assert page(anonymous).xpath('//div[@class="issue-bar"]//a/@href') == ["/login?next=/form/ke_hoach"]
    assert page(client.get("/form/ke_hoach?example=1")).xpath('//div[@class="issue-bar"]//a/@href') == [
        "/login?next=/form/ke_hoach?example%3D1"]
    login(client, "soan.thao")
    drafter = client.get("/form/ke_hoach")
    assert button(drafter).get("disabled") is not None
    assert "Tài khoản soan.thao có vai trò người soạn thảo" in text_of(drafter)
    login(client, "van.thu")
    clerk = button(client.get("/form/ke_hoach"))
    assert clerk.get("disabled") is None and clerk.get("formaction") == "/form/ke_hoach/ban-hanh"
    assert clerk.text == "Ban hành"


def test_closed_drafting_needs_a_login_for_the_drafting_pages(tmp_path):
    client = make_app(tmp_path, OPEN_DRAFTING=False).test_client()
    for url in ("/", "/form/ke_hoach", "/batch/", "/kiem-tra-the-thuc", "/nhap-tu-word"):
        r = client.get(url)
        assert r.status_code == 303 and r.headers["Location"].startswith("/login"), url
    assert client.get("/login").status_code == 200 and client.get("/healthz").status_code == 200
    login(client, "soan.thao")
    assert client.get("/form/ke_hoach").status_code == 200
    assert client.post("/api/v1/documents/issue", json=plan()).status_code == 401  # issuing: bearer tokens only


# --- Ban hành from the form -------------------------------------------------------------------------------------------

def test_issue_from_the_form_numbers_stores_and_shows_the_document(app, client):
    login(client)
    form = client.get("/form/ke_hoach?example=1")
    pairs = form_pairs(form)
    key = dict(pairs)["_issue_key"]
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    r = issue_form(client, "ke_hoach", pairs)
    assert r.status_code == 303 and r.headers["Location"] == "/so-van-ban-di/1?moi=1"
    shown = client.get(r.headers["Location"])
    assert shown.status_code == 200
    assert page(shown).xpath('//*[@data-number]/text()') == ["01/KH-LĐTBXH"]
    assert "Đã ban hành" in text_of(shown) and "ngày 05/02/2024" in text_of(shown)
    docx = client.get("/so-van-ban-di/1/docx")
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    assert "filename*=UTF-8''2024-01-KH-L%C4%90TBXH.docx" in docx.headers["Content-Disposition"]
    texts = xml_texts(docx.data)
    assert "Số: 01/KH-LĐTBXH" in texts and "Bắc Giang, ngày 05 tháng 02 năm 2024" in texts
    entry = get_entry(state(app).engine, 1)
    assert hashlib.sha256(docx.data).hexdigest() == entry.sha256 == store.digest_of(docx.data)
    assert entry.issued_by == "user:van.thu" and entry.idempotency_key == f"form:{key}"
    # a double click (the same form sent again) gets the same number, not a second one
    again = issue_form(client, "ke_hoach", pairs)
    assert again.headers["Location"] == "/so-van-ban-di/1?moi=1"
    # the form loaded again has a new key: the next document gets 02
    second = issue_form(client, "ke_hoach", form_pairs(client.get("/form/ke_hoach?example=1")))
    assert second.headers["Location"] == "/so-van-ban-di/2?moi=1"
    assert [e.action for e in audit.events(state(app).engine, action="issue")] == ["issue", "issue"]


def test_issue_from_the_form_refuses_bad_documents_without_spending_a_number(app, client):
    login(client)
    pairs = [(k, v) for k, v in form_pairs(client.get("/form/ke_hoach?example=1")) if k != "signer.name"]
    r = issue_form(client, "ke_hoach", pairs)
    assert r.status_code == 422 and "Chưa ban hành được" in text_of(r)
    assert page(r).xpath('//div[@id="form-errors"]//a[@href="#f-signer-name"]')
    numbered = [(k, "7" if k == "number" else v) for k, v in form_pairs(client.get("/form/ke_hoach?example=1"))]
    if "number" not in dict(numbered):
        numbered.append(("number", "7"))
    r = issue_form(client, "ke_hoach", numbered)
    assert r.status_code == 422 and "Văn bản đã có số" in text_of(r)
    ok = issue_form(client, "ke_hoach", form_pairs(client.get("/form/ke_hoach?example=1")))
    assert ok.headers["Location"] == "/so-van-ban-di/1?moi=1"  # nothing was burned


def test_the_same_form_key_with_a_changed_document_is_not_issued_twice(client):
    login(client)
    pairs = form_pairs(client.get("/form/ke_hoach?example=1"))
    assert issue_form(client, "ke_hoach", pairs).status_code == 303
    changed = [(k, "Một trích yếu khác" if k == "summary" else v) for k, v in pairs]
    r = issue_form(client, "ke_hoach", changed)
    assert r.status_code == 409 and "đã được dùng để ban hành" in text_of(r)


def test_a_copy_is_issued_from_the_copies_register(client):
    login(client)
    sao_y = (ROOT / "fixtures" / "thong-bao-sao-y.json").read_bytes()
    opened = client.post("/form/thong_bao/import", data={"file": (io.BytesIO(sao_y), "thong-bao-sao-y.json")},
                         content_type="multipart/form-data")  # "Nhập từ tệp JSON" on the form
    pairs = [(k, "" if k == "copy.number" else v) for k, v in form_pairs(opened)]
    assert ("number", "86") in pairs
    r = issue_form(client, "thong_bao", pairs)
    assert r.status_code == 303, text_of(r)
    shown = client.get(r.headers["Location"])
    assert page(shown).xpath('//*[@data-number]/text()') == ["01/SY-UBND"]
    assert "Sổ bản sao" in text_of(shown)
    texts = xml_texts(client.get("/so-van-ban-di/1/docx").data)
    assert "Số: 86/TB-UBND" in texts and "Số: 01/SY-UBND" in texts
    listed = client.get("/so-van-ban-di?year=2024&register=BS")
    assert [a.text for a in page(listed).xpath('//td[@class="register-table__number"]/a')] == ["01/SY-UBND"]


# --- the register page ----------------------------------------------------------------------------------------------

@pytest.fixture
def issued(app):
    """Three documents issued in 2024 and one in 2023."""
    st = state(app)
    docs = [plan(), dict(plan(), summary="Tổ chức Tháng hành động vì trẻ em năm 2024"),
            dict(plan(), type="bao_cao", summary="Kết quả công tác 6 tháng đầu năm 2024")]
    out = [issue(st.engine, st.store_root, d, actor="t", clock=lambda: NOW).entry for d in docs]
    out.append(issue(st.engine, st.store_root, plan(), actor="t",
                     clock=lambda: dt.datetime(2023, 12, 29, 10, tzinfo=VN)).entry)
    return out


def rows(r) -> list[list[str]]:
    return [[" ".join(td.text_content().split()) for td in tr.xpath("./td")]
            for tr in page(r).xpath('//table[contains(@class, "register-table")]/tbody/tr')]


def test_register_lists_the_ten_columns_and_searches(client, issued):
    login(client)
    r = client.get("/so-van-ban-di")  # this year in Vietnam (the app clock: 2024)
    headings = [" ".join(th.xpath("./text()")).strip() for th in page(r).xpath('//table//thead//th')]
    assert headings[:10] == list(HEADINGS_VI) and len(headings) == 11
    listed = rows(r)
    assert [row[0] for row in listed] == ["01/KH-LĐTBXH", "02/KH-LĐTBXH", "03/BC-LĐTBXH"]
    assert listed[0][1:7] == ["05/02/2024", listed[0][2], "Trương Đức Huấn", listed[0][4], "VT, VP", ""]
    assert listed[0][2].startswith("Kế hoạch Triển khai thực hiện Phong trào")
    assert "3 văn bản" in text_of(r)
    assert [row[0] for row in rows(client.get("/so-van-ban-di?year=2024&q=tre+em"))] == ["02/KH-LĐTBXH"]
    assert [row[0] for row in rows(client.get("/so-van-ban-di?year=2024&type=bao_cao"))] == ["03/BC-LĐTBXH"]
    assert [row[0] for row in rows(client.get("/so-van-ban-di?year=2023"))] == ["01/KH-LĐTBXH"]
    empty = client.get("/so-van-ban-di?year=2024&q=khong+co+dau")
    assert rows(empty) == [] and "Chưa có văn bản nào khớp điều kiện tìm" in text_of(empty)
    assert client.get("/so-van-ban-di?year=abc&type=khong_co").status_code == 200  # junk filters are ignored


def test_register_downloads_the_exact_stored_bytes(app, client, issued):
    login(client)
    r = client.get(f"/so-van-ban-di/{issued[1].id}/docx")
    assert hashlib.sha256(r.data).hexdigest() == issued[1].sha256
    assert client.get("/so-van-ban-di/999/docx").status_code == 404
    assert client.get("/so-van-ban-di/999").status_code == 404


def test_void_needs_a_reason_and_a_confirmation(app, client, issued):
    login(client)
    first = issued[0]
    confirm = client.get(f"/so-van-ban-di/{first.id}/huy")
    assert confirm.status_code == 200 and "không bao giờ được cấp lại" in text_of(confirm)
    url = f"/so-van-ban-di/{first.id}/huy"
    r = client.post(url, data={"reason": "Ký nhầm người ký"})
    assert r.status_code == 422 and "Hãy đánh dấu ô xác nhận" in text_of(r)
    r = client.post(url, data={"reason": "  ", "confirm": "1"})
    assert r.status_code == 422 and "Phải ghi lý do hủy số" in text_of(r)
    r = client.post(url, data={"reason": "Ký nhầm người ký", "confirm": "1"})
    assert r.status_code == 303 and r.headers["Location"] == f"/so-van-ban-di?year=2024&da_huy={first.id}"
    listed = client.get(r.headers["Location"])
    assert "Đã hủy số 01/KH-LĐTBXH" in text_of(listed)
    row = rows(listed)[0]
    assert row[0] == "01/KH-LĐTBXH Đã hủy" and row[9] == "Đã hủy: Ký nhầm người ký"
    assert page(listed).xpath('//tr[@class="is-void"]')
    events = audit.events(state(app).engine, entry_id=first.id, action="void")
    assert [(e.actor, e.detail["reason"]) for e in events] == [("user:van.thu", "Ký nhầm người ký")]
    again = client.post(url, data={"reason": "lần nữa", "confirm": "1"})
    assert again.status_code == 409 and "đã bị hủy" in text_of(again)


def test_export_of_a_year_as_xlsx_and_docx(app, client, issued):
    login(client)
    r = client.post("/so-van-ban-di/xuat", data={"year": "2024", "format": "xlsx"})
    assert r.status_code == 200 and "so-di-2024.xlsx" in r.headers["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.data)).active
    assert [c.value for c in ws[4]] == list(HEADINGS_VI)
    assert [ws.cell(row, 1).value for row in range(6, ws.max_row + 1)] == ["01/KH-LĐTBXH", "02/KH-LĐTBXH",
                                                                         "03/BC-LĐTBXH"]
    r = client.post("/so-van-ban-di/xuat", data={"year": "2023", "format": "docx"})
    table = Document(io.BytesIO(r.data)).tables[0]
    assert [c.text for c in table.rows[0].cells] == list(HEADINGS_VI)
    assert table.rows[-1].cells[0].text == "01/KH-LĐTBXH"
    bad = client.post("/so-van-ban-di/xuat", data={"year": "2024", "format": "pdf"})
    assert bad.status_code == 422 and "không hỗ trợ" in text_of(bad)
    assert [e.actor for e in audit.events(state(app).engine, action="export")] == ["user:van.thu"] * 2


@pytest.mark.libreoffice
def test_register_pdf_is_the_stored_docx_converted(client, issued):
    login(client)
    r = client.get(f"/so-van-ban-di/{issued[0].id}/pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF") and r.mimetype == "application/pdf"
    assert "2024-01-KH-L%C4%90TBXH.pdf" in r.headers["Content-Disposition"]


# --- check and import pages ---------------------------------------------------------------------------------------

def test_check_page_reports_a_conforming_document_and_refuses_junk(client, plan_docx):
    r = client.post("/kiem-tra-the-thuc", data={"file": (io.BytesIO(plan_docx), "ke-hoach.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and "Kết quả: ke-hoach.docx" in text_of(r)
    assert "Không có lỗi" in text_of(r) or "Đúng thể thức" in text_of(r)
    junk = client.post("/kiem-tra-the-thuc", data={"file": (io.BytesIO(b"not a docx"), "x.docx")},
                       content_type="multipart/form-data")
    assert junk.status_code == 422 and page(junk).get_element_by_id("check-error").text
    assert client.post("/kiem-tra-the-thuc", data={}, content_type="multipart/form-data").status_code == 422


def test_import_page_opens_the_form_prefilled_and_lists_what_it_could_not_place(client, seed_text):
    source = seed_text + "\n\nGhi chú: gửi kèm thư điện tử"
    r = client.post("/nhap-tu-word", data={"file": (io.BytesIO(source.encode("utf-8")), "ke-hoach.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 200
    tree = page(r)
    assert tree.xpath("//h1/text()") == ["Soạn kế hoạch"]
    summary = tree.xpath('//*[@name="summary"]')[0]
    assert "Toàn dân đoàn kết xây dựng đời sống văn hóa" in (summary.text or summary.get("value") or "")
    assert "Đã nhập ke-hoach.txt" in text_of(r)
    assert "1 dòng trong ke-hoach.txt chưa xếp được vào biểu mẫu" in text_of(r)
    assert tree.xpath('//details[contains(@class, "unplaced")]//li/text()') == ["Ghi chú: gửi kèm thư điện tử"]
    junk = client.post("/nhap-tu-word", data={"file": (io.BytesIO(b"PK junk"), "x.docx")},
                       content_type="multipart/form-data")
    assert junk.status_code == 422 and "Không đọc được tệp x.docx" in text_of(junk)
    unknown = client.post("/nhap-tu-word", data={"file": (io.BytesIO("Xin chào".encode()), "thu.txt")},
                          content_type="multipart/form-data")
    assert unknown.status_code == 422 and "hãy chọn loại văn bản" in text_of(unknown)
    chosen = client.post("/nhap-tu-word", data={"file": (io.BytesIO("Xin chào\nDòng thứ hai".encode()), "thu.txt"),
                                                "type": "cong_van"}, content_type="multipart/form-data")
    assert chosen.status_code == 200 and page(chosen).xpath("//h1/text()") == ["Soạn công văn"]
    assert "chưa xếp được" not in text_of(chosen)
