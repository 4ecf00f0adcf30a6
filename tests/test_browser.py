"""End-to-end in a real Chromium: a newcomer opens the app on the demo basin, on a phone too."""

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo_copy, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def newcomer_app(demo_sqlite_url, tmp_path_factory):
    # A copy: logging in writes (the login session, the audit), and the shared demo stays
    # unwritten. Each test opens a page of its own, a profile with no cookie of the other's.
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("newcomer")) as app:
        yield app


def test_a_newcomer_sees_the_demo_basin_and_its_figures_in_chinese(newcomer_app, chromium,
                                                                   tmp_path):
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(newcomer_app.address)
    wait_for_app(page)
    expect(page.get_by_text("demo1234", exact=False).first).to_be_visible()
    log_in(page, "staff")
    expect(page.get_by_text("河渠共治 · 分段包保").first).to_be_visible()
    expect(page.get_by_text("合成演示数据", exact=False).first).to_be_visible()
    expect(page.get_by_text("逾期未巡查").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "home.png"))
    page.close()


def test_the_first_page_fits_a_375_pixel_phone_screen(newcomer_app, chromium):
    page = chromium.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page.goto(newcomer_app.address)
    wait_for_app(page)
    log_in(page, "custodian")
    expect(page.get_by_text("我的河段").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.close()
