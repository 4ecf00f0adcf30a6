"""Phones, in a real Chromium at 375 px: every tap target on every custodian and resident page is
at least 44 px each way (WCAG 2.5.5; an elderly custodian's finger), and a menu as wide as the
screen leads between pages without the sidebar."""

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo_copy, settle, wait_for_app
from watershed.catalogue import text
from watershed.ui.main import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

PHONE = {"width": 375, "height": 740}
SMALLEST = 44

# What a finger can tap in the page itself (maps are measured apart: they are frames).
_MEASURE = """(smallest) => {
  const taps = document.querySelectorAll(
    'button, a[href], input:not([type=hidden]), textarea, select, [role=button], [role=tab], ' +
    '[role=checkbox], [role=radio], [role=switch], [role=combobox], [data-baseweb=select], ' +
    'summary, label:has(input[type=checkbox]), label:has(input[type=radio])');
  const small = [];
  for (const element of taps) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    // Nothing drawn, or a skip link drawn 1 px until a keyboard focuses it.
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
    if (element.closest('[data-testid=stSidebar]')) continue;  // closed on a phone
    if (element.closest('[style*="clip"]')) continue;  // drawn for screen readers only
    // A native checkbox or radio is drawn by its label, which is measured instead.
    if (element.matches('input[type=checkbox], input[type=radio]')) continue;
    if (box.width < smallest || box.height < smallest) {
      const name = (element.innerText || element.getAttribute('aria-label') ||
                    element.getAttribute('data-testid') || element.tagName).trim().slice(0, 40);
      small.push(`${name} ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


@pytest.fixture(scope="module")
def app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("taps")) as served:
        yield served


@pytest.mark.parametrize("role", ["custodian", "resident"])
def test_every_tap_target_on_a_phone_is_at_least_44_px(app, chromium, role):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(app.address)
    wait_for_app(page)
    log_in(page, role)
    too_small = {}
    for _, _, path in PAGES[role]:  # typed as links: the home page's path is an alias of /
        page.goto(f"{app.address}/{path}")
        settle(page)
        if path == "rate":  # a chosen star keeps its size: choose one before measuring
            page.locator('[class*="st-key-rate_star_"] button').nth(2).click()
        found = page.evaluate(_MEASURE, SMALLEST)
        if found:
            too_small[path] = found
    context.close()
    assert not too_small, "\n".join(f"{path}: {', '.join(found)}"
                                     for path, found in too_small.items())


def test_a_phone_moves_between_pages_with_the_menu_not_the_sidebar(app, chromium):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(app.address)
    wait_for_app(page)
    log_in(page, "custodian")
    settle(page)
    menu = page.get_by_role("button", name=text("ui.menu", "zh"))
    box = menu.bounding_box()
    assert box["width"] > 300 and box["height"] >= SMALLEST
    menu.click()
    page.locator('[data-testid="stPopoverBody"]').get_by_role(
        "link", name=text("ui.page.my_history", "zh")).click()
    settle(page)
    expect(page).to_have_url(f"{app.address}/my_history")
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(
        text("ui.page.my_history", "zh"))
    expect(page.locator('[data-testid="stSidebar"]')).not_to_be_in_viewport()
    context.close()


def test_the_menu_is_hidden_where_the_sidebar_shows(app, chromium):
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(app.address)
    wait_for_app(page)
    log_in(page, "custodian")
    settle(page)
    expect(page.get_by_role("button", name=text("ui.menu", "zh"))).to_be_hidden()
    page.close()
