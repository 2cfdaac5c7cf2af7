"""In Debian's headless Chromium (Playwright): a logged-in drafter's form opens with the agency's letterhead,
picks a signer and a recipient group, and downloads a .docx that passes the checker; every page is clean under
axe-core's WCAG 2 A/AA rules (axe.min.js bundled with axe-playwright-python, installed with the dev extra — never
fetched at test time) at desktop and phone width, and nothing scrolls sideways at 390 px."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browser_support import ARTIFACTS, chromium, serving
from docx_helpers import full_text
from service.register import agencies as store
from service.agency.expand import expand
from service.render import render_docx
from service.check import check_docx
from service.register import auth
from service.register.issue import issue
from service.web.register_state import state
from service.web.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
PROFILE = json.loads((ROOT / "fixtures" / "agency" / "sldtbxh-bg.json").read_text(encoding="utf-8"))
SHORT = json.loads((ROOT / "fixtures" / "agency" / "ke-hoach-ngan.json").read_text(encoding="utf-8"))
PASSWORD = "mật khẩu dài đủ"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("agency-web")
    app = create_app({"DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'v.db'}"})
    engine = state(app).engine
    store.add_agency(engine, PROFILE, actor="test")
    (agency,) = store.ids_for_codes(engine, [PROFILE["code"]])
    auth.create_user(engine, "soan", PASSWORD, "drafter", agencies=[agency])
    auth.create_user(engine, "qt", PASSWORD, "admin")  # an admin of the whole instance
    entry = issue(engine, state(app).store_root, SHORT, actor="test").entry
    from service.batch import jobs

    rows = "stt,summary\n1,Tháng hành động vì trẻ em\n2,Kế hoạch phòng chống đuối nước\n".encode()
    job = jobs.create_job(data, table=rows, table_name="rows.csv", base=json.dumps(expand(SHORT, store.db_lookup(
        engine))).encode(), base_name="base.json", owner={"principal": "user:qt", "agency": [agency]})
    docx = data / "ke-hoach.docx"
    docx.write_bytes(render_docx(expand(SHORT, store.db_lookup(engine))))
    with serving(app) as url:
        yield {"url": url, "entry": entry.id, "job": job, "docx": docx}
    engine.dispose()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def new_page(browser, site, username=None, width=1280):
    context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    if username:
        pg.goto(f"{site['url']}/login")
        pg.fill("#username", username)
        pg.fill("#password", PASSWORD)
        pg.get_by_role("button", name="Đăng nhập").click()
        pg.wait_for_url(lambda u: "/login" not in u)
    return pg, errors


def field(pg, path):
    return pg.locator(f'#fields [data-path="{path}"] [data-input]')


def add(pg, list_path):
    pg.locator(f'#fields [data-path="{list_path}"]').locator('xpath=./button[@data-op="add"]').click()


def test_drafter_form_with_the_agency_profile_downloads_a_conforming_docx(browser, site):
    pg, errors = new_page(browser, site, "soan")
    pg.goto(f"{site['url']}/form/ke_hoach")
    expect(field(pg, "issuer.name")).to_have_value("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    expect(field(pg, "issuer.parent")).to_have_value("UBND TỈNH BẮC GIANG")
    expect(field(pg, "place")).to_have_value("Bắc Giang")
    pg.get_by_label("Người ký", exact=True).select_option("huan")
    expect(field(pg, "signer.name")).to_have_value("Trương Đức Huấn")
    expect(field(pg, "signer.authority")).to_have_value("KT.")
    pg.get_by_label("Lãnh đạo").check()
    expect(field(pg, "noi_nhan[0]")).to_have_value("Giám đốc, các Phó Giám đốc Sở")
    expect(field(pg, "noi_nhan[1]")).to_have_value("BBT Website")
    pg.get_by_label("Đơn vị soạn thảo (Lưu, ký hiệu người soạn thảo)").select_option("VP")
    expect(field(pg, "luu[1]")).to_have_value("VP")
    pg.locator("#step-khac > summary").click()
    expect(field(pg, "drafter.symbol")).to_have_value("VP.")
    field(pg, "drafter.copies").fill("30")  # the drafter mark is the unit's symbol and the copies: VP.(30)
    field(pg, "date").fill("2024-05")
    field(pg, "summary").fill("Tổ chức Tháng hành động vì trẻ em năm 2024")
    add(pg, "body.sections")
    field(pg, "body.sections[0].title").fill("Mục đích, yêu cầu")
    add(pg, "body.sections[0].items")
    add(pg, "body.sections[0].items[0].paragraphs")
    field(pg, "body.sections[0].items[0].paragraphs[0]").fill("Nâng cao nhận thức về công tác bảo vệ trẻ em.")
    expect(pg.frame_locator("#preview").locator(".vb-authority")).to_have_text("KT. GIÁM ĐỐC", timeout=10_000)
    with pg.expect_download() as download:
        pg.get_by_role("button", name="Tải .docx").click()
    data = Path(download.value.path()).read_bytes()
    text = full_text(data)
    for line in ("UBND TỈNH BẮC GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "KT. GIÁM ĐỐC", "Trương Đức Huấn",
                 "- Giám đốc, các Phó Giám đốc Sở;", "- Lưu: VT, VP.", "VP.(30)"):
        assert line in text, line
    report = check_docx(data)
    assert report.errors == [], [f.as_dict() for f in report.errors]
    assert errors == []


def pages(site) -> list[tuple[str | None, str]]:
    entry = site["entry"]
    return [(None, "/"), (None, "/form/ke_hoach"), (None, "/kiem-tra-the-thuc"), (None, "/nhap-tu-word"),
            (None, "/batch/"), (None, "/login"), (None, "/api/docs"), (None, "/khong-co-trang-nay"),
            ("soan", "/form/ke_hoach"), ("qt", "/so-van-ban-di"), ("qt", f"/so-van-ban-di/{entry}"),
            ("qt", f"/so-van-ban-di/{entry}/huy"), ("qt", "/co-quan/"), ("qt", f"/co-quan/{PROFILE['code']}"),
            ("qt", "/co-quan/moi"), ("qt", f"/batch/{site['job']}"),
            (None, "upload:/kiem-tra-the-thuc#check-file"), (None, "upload:/nhap-tu-word#import-word")]


def open_page(pg, site, path):
    """Go to the page; `upload:/page#input` uploads the sample .docx there and shows the result page."""
    if not path.startswith("upload:"):
        response = pg.goto(site["url"] + path)
        assert response.status == (404 if path == "/khong-co-trang-nay" else 200), path
    else:
        page, _, input_id = path.removeprefix("upload:").partition("#")
        pg.goto(site["url"] + page)
        pg.set_input_files(f"#{input_id}", str(site["docx"]))
        with pg.expect_navigation():
            pg.locator(f"#{input_id}").evaluate("el => el.form.requestSubmit()")
        assert "ke-hoach.docx" in pg.content()  # the result page, naming the file read
    pg.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_is_clean_under_axe_and_fits_the_screen(browser, site, width):
    axe = Axe()
    found = {}
    for user in (None, "soan", "qt"):
        pg, errors = new_page(browser, site, user, width)
        for who, path in pages(site):
            if who != user:
                continue
            open_page(pg, site, path)
            violations = axe.run(pg, options=WCAG).response["violations"]
            found[f"{user}:{path}"] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                                       for v in violations]
            scroll, client = pg.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert scroll <= client, f"{path} scrolls sideways at {width} px: {scroll} > {client}"
        assert errors == []
        pg.context.close()
    assert len(found) == len(pages(site))
    assert all(v == [] for v in found.values()), {k: v for k, v in found.items() if v}


def test_the_action_bar_is_one_row_at_phone_width(browser, site):
    pg, _ = new_page(browser, site, "soan", 390)
    pg.goto(f"{site['url']}/form/ke_hoach")
    tops = pg.evaluate("[...document.querySelectorAll('.actions button:not(.default-submit)')]"
                       ".map(b => Math.round(b.getBoundingClientRect().top))")
    assert len(tops) == 5 and len(set(tops)) == 1, tops
    bar = pg.evaluate("document.querySelector('.actions').getBoundingClientRect().height")
    assert bar < 844 / 8  # the sticky bar covers less than an eighth of the screen
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "form-390px.png"))
    pg.context.close()
