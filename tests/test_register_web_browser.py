"""A clerk in a real browser (Debian's headless Chromium through Playwright): log in, open the plan form with its
example, press Ban hành, get number 01, find the row in the register. Playwright only drives /usr/bin/chromium."""

import pytest
from playwright.sync_api import expect, sync_playwright

from browser_support import ARTIFACTS, launch_chromium, serving
from service.register import auth
from service.web.register_state import state
from service.web.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "mat-khau-van-thu"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("staff")
    app = create_app({"DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'v.db'}"})
    auth.create_user(state(app).engine, "van.thu", PASSWORD, "clerk")
    with serving(app) as url:
        yield url


@pytest.fixture
def page():
    with sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
        pg = context.new_page()
        errors = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        yield pg
        context.close()
        browser.close()
        assert errors == []


def test_clerk_logs_in_issues_the_plan_and_finds_it_in_the_register(server, page):
    pg = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{server}/form/ke_hoach?example=1")
    expect(pg.get_by_role("button", name="Ban hành")).to_be_disabled()
    pg.locator(".issue-bar").get_by_role("link", name="Đăng nhập").click()
    expect(pg.locator("h1")).to_have_text("Đăng nhập")
    pg.get_by_label("Tên đăng nhập").fill("van.thu")
    pg.get_by_label("Mật khẩu").fill("mat-khau-sai")
    pg.get_by_role("button", name="Đăng nhập").click()
    expect(pg.locator("#login-error")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    pg.screenshot(path=str(ARTIFACTS / "login-wrong-password.png"))
    pg.get_by_label("Mật khẩu").fill(PASSWORD)
    pg.get_by_role("button", name="Đăng nhập").click()
    expect(pg.locator("h1")).to_have_text("Soạn kế hoạch")  # back to the page that sent us to log in
    expect(pg.locator(".site-nav__user")).to_contain_text("van.thu")

    pg.goto(f"{server}/form/ke_hoach?example=1")
    expect(pg.frame_locator("#preview").locator(".vb-section")).to_have_count(3, timeout=10_000)
    issue_button = pg.get_by_role("button", name="Ban hành")
    expect(issue_button).to_be_enabled()
    issue_button.scroll_into_view_if_needed()
    pg.screenshot(path=str(ARTIFACTS / "form-ban-hanh.png"))
    issue_button.dblclick()  # a double click still issues one number
    expect(pg.locator(".issued-banner")).to_contain_text("Đã ban hành", timeout=15_000)
    expect(pg.locator("[data-number]")).to_have_text("01/KH-LĐTBXH")
    pg.screenshot(path=str(ARTIFACTS / "register-issued.png"), full_page=True)

    pg.get_by_role("link", name="Về Sổ văn bản đi").click()
    rows = pg.locator("table.register-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text("01/KH-LĐTBXH")
    expect(rows.first).to_contain_text("Trương Đức Huấn")
    pg.screenshot(path=str(ARTIFACTS / "register-page.png"), full_page=True)

    with pg.expect_download() as download:
        rows.first.get_by_role("link", name="docx").click()
    assert download.value.suggested_filename.endswith("-01-KH-LĐTBXH.docx")

    rows.first.get_by_role("link", name="Hủy số").click()
    pg.get_by_label("Lý do hủy số").fill("Ký nhầm người ký")
    pg.get_by_label("Tôi xác nhận hủy số").check()
    pg.screenshot(path=str(ARTIFACTS / "register-void.png"), full_page=True)
    pg.get_by_role("button", name="Hủy số 01/KH-LĐTBXH").click()
    expect(pg.locator(".notice--ok")).to_contain_text("Đã hủy số 01/KH-LĐTBXH")
    expect(rows.first).to_contain_text("Đã hủy: Ký nhầm người ký")

    pg.get_by_role("button", name="Đăng xuất").click()
    expect(pg.locator(".notice--ok")).to_have_text("Bạn đã đăng xuất.")
