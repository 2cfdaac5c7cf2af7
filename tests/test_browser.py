"""A real browser (Debian's headless Chromium through Playwright) fills the Kế hoạch form and downloads the file.

The app runs on a real HTTP server (werkzeug, 127.0.0.1, free port) in a thread. Playwright only drives the
system's /usr/bin/chromium; it never downloads a browser.
"""
import io
import json
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from browser_support import ARTIFACTS, chromium, serving
from form_values import without_nulls
from service.document.naming import document_filename
from service.web.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECTIONS = [
    ("Mục đích, yêu cầu", ["Đẩy mạnh phát triển Phong trào trong toàn ngành.",
                           "Tăng cường các hoạt động phối hợp với các cơ quan, ban, ngành đoàn thể."]),
    ("Tổ chức thực hiện", ["Văn phòng Sở theo dõi, kiểm tra, đôn đốc thực hiện kế hoạch này."]),
]
RECIPIENTS = ["Sở Văn hóa – TT&DL", "Lãnh đạo Sở"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("web")
    app = create_app({"DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'v.db'}"})
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == []


def field(pg, path):
    return pg.locator(f'#fields [data-path="{path}"] [data-input]')


def add(pg, list_path):
    pg.locator(f'#fields [data-path="{list_path}"]').locator('xpath=./button[@data-op="add"]').click()


def test_fill_the_plan_form_preview_and_download(server, page):
    pg = page
    pg.goto(f"{server}/form/ke_hoach")
    expect(pg.locator("h1")).to_have_text("Soạn kế hoạch")

    field(pg, "issuer.parent").fill("UBND TỈNH BẮC GIANG")
    field(pg, "issuer.name").fill("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    expect(field(pg, "place")).to_have_value("Bắc Giang")  # proposed from the parent agency's province
    field(pg, "issuer.abbr").fill("LĐTBXH")
    field(pg, "date").fill("2024-02")
    field(pg, "summary").fill("Triển khai thực hiện Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” năm 2024")
    add(pg, "opening")
    field(pg, "opening[0]").fill("Sở Lao động - Thương binh và Xã hội xây dựng kế hoạch như sau:")

    for si, (title, items) in enumerate(SECTIONS):
        add(pg, "body.sections")
        field(pg, f"body.sections[{si}].title").fill(title)
        for ii, text in enumerate(items):
            add(pg, f"body.sections[{si}].items")
            add(pg, f"body.sections[{si}].items[{ii}].paragraphs")
            field(pg, f"body.sections[{si}].items[{ii}].paragraphs[0]").fill(text)

    for i, name in enumerate(RECIPIENTS):
        add(pg, "noi_nhan")
        field(pg, f"noi_nhan[{i}]").fill(name)
    add(pg, "luu")
    field(pg, "luu[1]").fill("VP")
    field(pg, "signer.authority").select_option("KT.")
    field(pg, "signer.head_title").fill("GIÁM ĐỐC")
    field(pg, "signer.position").fill("PHÓ GIÁM ĐỐC")
    field(pg, "signer.name").fill("Trương Đức Huấn")

    # the live preview, composed on the server from the same context as the .docx
    preview = pg.frame_locator("#preview")
    expect(preview.locator(".vb-section").first).to_have_text("I. MỤC ĐÍCH, YÊU CẦU", timeout=10_000)
    expect(preview.locator(".vb-section")).to_have_text(["I. MỤC ĐÍCH, YÊU CẦU", "II. TỔ CHỨC THỰC HIỆN"])
    expect(preview.locator(".vb-blocks .vb-body")).to_have_text([
        "Sở Lao động - Thương binh và Xã hội xây dựng kế hoạch như sau:",
        "1. Đẩy mạnh phát triển Phong trào trong toàn ngành.",
        "2. Tăng cường các hoạt động phối hợp với các cơ quan, ban, ngành đoàn thể.",
        "1. Văn phòng Sở theo dõi, kiểm tra, đôn đốc thực hiện kế hoạch này./.",
    ])
    expect(preview.locator(".vb-noi-nhan")).to_have_text(["- Sở Văn hóa – TT&DL;", "- Lãnh đạo Sở;", "- Lưu: VT, VP."])
    expect(preview.locator(".vb-authority")).to_have_text("KT. GIÁM ĐỐC")
    expect(pg.locator("#form-errors")).to_be_hidden()

    # moving an item renumbers the form and the preview alike
    pg.locator('#fields [data-path="body.sections[0].items[1]"]').locator(
        'xpath=./span[@class="item-tools"]/button[@data-op="up"]').click()
    expect(field(pg, "body.sections[0].items[0].paragraphs[0]")).to_have_value(SECTIONS[0][1][1])
    expect(preview.locator(".vb-blocks .vb-body").nth(1)).to_have_text(
        "1. Tăng cường các hoạt động phối hợp với các cơ quan, ban, ngành đoàn thể.")
    pg.locator('#fields [data-path="body.sections[0].items[1]"]').locator(
        'xpath=./span[@class="item-tools"]/button[@data-op="up"]').click()
    expect(preview.locator(".vb-blocks .vb-body").nth(1)).to_have_text(
        "1. Đẩy mạnh phát triển Phong trào trong toàn ngành.")

    ARTIFACTS.mkdir(exist_ok=True)
    pg.locator('#fields [data-path="body.sections"]').scroll_into_view_if_needed()
    pg.locator("#step-noi-dung").evaluate("el => el.scrollIntoView({block: 'start'})")
    pg.screenshot(path=str(ARTIFACTS / "form-ke-hoach.png"))  # the form beside its live preview
    pg.screenshot(path=str(ARTIFACTS / "form-ke-hoach-full.png"), full_page=True)

    # what the browser sends is what a plain POST of the same form means on the server
    sent = pg.evaluate("window.vanban.serialize()")
    with pg.expect_download() as saved_json:
        pg.get_by_role("button", name="Lưu tệp JSON").click()
    assert json.loads(Path(saved_json.value.path()).read_text(encoding="utf-8")) == sent

    with pg.expect_download() as download:
        pg.get_by_role("button", name="Tải .docx").click()
    assert download.value.suggested_filename == document_filename(sent, "docx") == \
        "ke-hoach_du-thao-KH-LDTBXH_2024-02.docx"
    doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    body = [p.text for p in doc.paragraphs]
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "KẾ HOẠCH" in body
    assert "I. MỤC ĐÍCH, YÊU CẦU" in body and "II. TỔ CHỨC THỰC HIỆN" in body
    assert "1. Đẩy mạnh phát triển Phong trào trong toàn ngành." in body
    assert "2. Tăng cường các hoạt động phối hợp với các cơ quan, ban, ngành đoàn thể." in body
    assert "1. Văn phòng Sở theo dõi, kiểm tra, đôn đốc thực hiện kế hoạch này./." in body
    assert {"SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "- Sở Văn hóa – TT&DL;", "- Lãnh đạo Sở;", "- Lưu: VT, VP.",
            "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trương Đức Huấn"} <= set(cells)
    assert any(c.startswith("Bắc Giang, ngày") and c.endswith("tháng 02 năm 2024") for c in cells)


def test_errors_show_next_to_fields_and_in_the_summary(server, page):
    pg = page
    pg.goto(f"{server}/form/ke_hoach")
    field(pg, "issuer.abbr").fill("LĐ TB")  # a space is not allowed in the abbreviation
    field(pg, "issuer.abbr").blur()
    expect(pg.locator("#f-issuer-abbr-err")).to_contain_text("không đúng dạng")
    expect(field(pg, "issuer.abbr")).to_have_attribute("aria-invalid", "true")
    pg.get_by_role("button", name="Tải .docx").click()
    summary = pg.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a")).to_contain_text(["Tên cơ quan ban hành", "Chữ viết tắt của cơ quan"])
    expect(pg.locator("#f-signer-name-err")).to_contain_text("Họ và tên người ký")
    summary.locator('a[href="#f-signer-name"]').click()
    expect(field(pg, "signer.name")).to_be_focused()
    # a server-only rule (a date that does not exist) lands next to its field by path
    field(pg, "date").fill("2024-02-30")
    expect(pg.locator("#f-date-err")).to_contain_text("không tồn tại", timeout=10_000)


def test_keyboard_only_add_and_remove(server, page):
    pg = page
    pg.goto(f"{server}/form/ke_hoach")
    add_button = pg.locator('#fields [data-path="noi_nhan"] > button[data-op="add"]')
    add_button.focus()
    pg.keyboard.press("Enter")
    expect(field(pg, "noi_nhan[0]")).to_be_focused()
    pg.keyboard.type("Lãnh đạo Sở")
    add_button.focus()
    pg.keyboard.press("Enter")
    pg.keyboard.type("BBT Website")
    expect(field(pg, "noi_nhan[1]")).to_have_value("BBT Website")
    # Shift+Tab from the text box reaches its row's buttons (remove is the nearest)
    pg.keyboard.press("Shift+Tab")
    expect(pg.locator(":focus")).to_have_attribute("aria-label", "Xóa Nơi nhận 2")
    pg.keyboard.press("Shift+Tab")
    pg.keyboard.press("Shift+Tab")
    expect(pg.locator(":focus")).to_have_attribute("aria-label", "Chuyển Nơi nhận 2 lên trên")
    pg.keyboard.press("Enter")
    expect(field(pg, "noi_nhan[0]")).to_have_value("BBT Website")
    expect(pg.locator(":focus")).to_have_attribute("aria-label", "Chuyển Nơi nhận 1 lên trên")
    # Enter inside a text box checks the document; it never presses a list button
    field(pg, "noi_nhan[0]").press("Enter")
    expect(pg.locator('#fields [data-path^="noi_nhan["]')).to_have_count(2)


def test_draft_is_kept_in_the_browser_and_restored(server, page):
    pg = page
    pg.goto(f"{server}/form/ke_hoach")
    expect(pg.locator("#draft-banner")).to_be_hidden()
    field(pg, "summary").fill("Bản nháp thử")
    add(pg, "noi_nhan")
    field(pg, "noi_nhan[0]").fill("Lãnh đạo Sở")
    saved = None
    for _ in range(100):  # the draft is saved with the next check, shortly after typing stops
        saved = pg.evaluate("() => JSON.parse(localStorage.getItem('vanban.draft.ke_hoach') || 'null')")
        if saved and saved["doc"].get("noi_nhan"):
            break
        pg.wait_for_timeout(100)
    assert saved["doc"]["summary"] == "Bản nháp thử" and saved["doc"]["noi_nhan"] == ["Lãnh đạo Sở"]
    pg.goto(f"{server}/form/ke_hoach")
    expect(pg.locator("#draft-banner")).to_be_visible()
    expect(pg.locator("#draft-text")).to_contain_text("Bản nháp thử")
    pg.get_by_role("button", name="Khôi phục bản nháp").click()
    expect(field(pg, "summary")).to_have_value("Bản nháp thử")
    expect(field(pg, "noi_nhan[0]")).to_have_value("Lãnh đạo Sở")
    expect(field(pg, "luu[0]")).to_have_value("VT")


def test_example_prefill_and_home_search(server, page):
    pg = page
    pg.goto(server)
    pg.get_by_label("Tìm loại văn bản").fill("to trinh")
    expect(pg.locator("#type-list li:visible")).to_have_count(1)
    expect(pg.locator("#type-list li:visible a").first).to_contain_text("Tờ trình")
    pg.get_by_label("Tìm loại văn bản").fill("")
    pg.locator("#type-list li").first.get_by_role("link", name="Mở với văn bản mẫu").click()
    expect(field(pg, "summary")).to_have_value(
        "Triển khai thực hiện Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” năm 2024")
    expect(pg.frame_locator("#preview").locator(".vb-section")).to_have_count(3, timeout=10_000)


def test_the_browser_sends_each_example_unchanged(server, page):
    """For every type, the document app.js builds from the prefilled form is the example itself."""
    from service.rules.types import TYPES
    from service.web import catalog

    for type_id in TYPES:
        page.goto(f"{server}/form/{type_id}?example=1")
        assert page.evaluate("window.vanban.serialize()") == without_nulls(catalog.example(type_id)), type_id
