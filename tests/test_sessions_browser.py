"""Logins that survive a reload and a link, in a real Chromium: a phone reloads and stays on its
page, a link opens after login on the page asked for, a page of another role says so in Chinese,
logging out in one tab logs out the other, a cookie copied before logout opens nothing, and a
half-filled check comes back after a pull-to-refresh."""

import pytest
from playwright.sync_api import expect

from tests.browser import (DESKTOP, NAV_LINKS, log_in, served_demo_copy, settle, wait_for_app)
from watershed.catalogue import text
from watershed.domain.checks import DIMENSIONS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

PHONE = {"width": 375, "height": 740}
HEADING = '[data-testid="stMain"] h1'


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


@pytest.fixture(scope="module")
def app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("sessions")) as served:
        yield served


@pytest.fixture
def browser_context(chromium):
    """A browser of its own (cookies shared by its tabs); every dialog is noted and dismissed."""
    contexts, dialogs = [], []

    def new(viewport=DESKTOP, cookies=()):
        context = chromium.new_context(viewport=viewport)
        context.add_cookies(list(cookies))
        context.on("page", lambda page: page.on(
            "dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())))
        contexts.append(context)
        return context

    yield new
    assert dialogs == []
    for context in contexts:
        context.close()


def opened(context, address: str, path: str = ""):
    page = context.new_page()
    page.goto(f"{address}/{path}")
    wait_for_app(page)
    return page


def expect_login_form(page) -> None:
    expect(page.get_by_label(zh("ui.password"))).to_be_visible()
    expect(page.locator(NAV_LINKS)).to_have_count(0)


def session_cookie(context) -> dict:
    [cookie] = [c for c in context.cookies() if c["name"] == "watershed_session"]
    return cookie


def test_a_phone_reloads_and_is_still_on_the_same_page(app, browser_context):
    phone = browser_context(PHONE)
    page = opened(phone, app.address)
    log_in(page, "custodian")
    page.goto(f"{app.address}/my_history")
    settle(page)
    expect(page.locator(HEADING).first).to_have_text(zh("ui.page.my_history"))
    cookie = session_cookie(phone)
    assert cookie["sameSite"] == "Strict" and cookie["expires"] > 0
    for _ in range(2):
        page.reload()
        settle(page)
        expect(page).to_have_url(f"{app.address}/my_history")
        expect(page.locator(HEADING).first).to_have_text(zh("ui.page.my_history"))
        expect(page.get_by_label(zh("ui.password"))).to_have_count(0)


def test_a_link_opens_after_login_on_the_page_asked_for(app, browser_context):
    page = opened(browser_context(), app.address, "problems")
    expect_login_form(page)
    expect(page).to_have_url(f"{app.address}/problems")
    log_in(page, "staff")
    settle(page)
    expect(page).to_have_url(f"{app.address}/problems")
    expect(page.locator(HEADING).first).to_have_text(zh("problems.title"))


def test_a_page_of_another_role_says_so_in_chinese(app, browser_context):
    page = opened(browser_context(), app.address, "geometry")
    log_in(page, "resident")
    settle(page)
    expect(page.get_by_text(zh("ui.not_for_role", role=zh("ui.role.resident")))).to_be_visible()
    page.get_by_role("link", name=zh("ui.go_home")).click()
    settle(page)
    expect(page.locator(HEADING).first).to_be_visible()
    expect(page.get_by_text(zh("ui.not_for_role", role=zh("ui.role.resident")))).to_have_count(0)


def test_logging_out_in_one_tab_logs_out_the_other(app, browser_context):
    context = browser_context()
    first = opened(context, app.address)
    log_in(first, "staff")
    second = opened(context, app.address, "households")  # the cookie: no login asked
    settle(second)
    expect(second.locator(HEADING).first).to_have_text(zh("staff.page.households"))
    first.get_by_role("button", name=zh("ui.log_out")).click()
    wait_for_app(first)
    expect_login_form(first)
    second.locator(NAV_LINKS).filter(has_text=zh("ui.rounds.title")).first.click()
    wait_for_app(second)
    expect_login_form(second)
    second.reload()
    wait_for_app(second)
    expect_login_form(second)


def test_a_cookie_copied_before_logout_is_refused_after_it(app, browser_context):
    owner = browser_context()
    page = opened(owner, app.address)
    log_in(page, "leader")
    cookie = session_cookie(owner)
    thief = opened(browser_context(cookies=[cookie]), app.address, "problems")
    settle(thief)  # while the owner is logged in, the copy works: the cookie is the login
    expect(thief.locator(HEADING).first).to_have_text(zh("problems.title"))
    page.get_by_role("button", name=zh("ui.log_out")).click()
    wait_for_app(page)
    expect_login_form(page)
    assert not [c for c in owner.cookies() if c["name"] == "watershed_session"]
    replay = opened(browser_context(cookies=[cookie]), app.address, "problems")
    expect_login_form(replay)


def test_a_half_filled_check_survives_a_pull_to_refresh(app, browser_context):
    page = opened(browser_context(PHONE), app.address)
    log_in(page, "custodian")
    page.goto(f"{app.address}/submit_check")
    settle(page)
    first, second = DIMENSIONS[:2]
    for dimension, answer in ((first, "good"), (second, "problem")):
        choice = page.locator(f".st-key-answer_{dimension}_0").get_by_role(
            "radio", name=zh(f"ui.custodian.answer.{answer}"))
        choice.click()
        expect(choice).to_have_attribute("aria-checked", "true")
        wait_for_app(page)
    note = page.locator(".st-key-note_0 textarea")
    note.fill("岸边有垃圾，明天再来看")
    note.press("Control+Enter")  # a text area sends its value on Ctrl+Enter or leaving it
    page.wait_for_timeout(500)  # the run with the note starts
    wait_for_app(page)
    page.reload()
    settle(page)
    expect(page.get_by_text(zh("ui.custodian.draft_restored"))).to_be_visible()
    expect(page.locator(".st-key-note_0 textarea")).to_have_value("岸边有垃圾，明天再来看")
    for dimension, answer in ((first, "good"), (second, "problem")):
        expect(page.locator(f".st-key-answer_{dimension}_0").get_by_role(
            "radio", name=zh(f"ui.custodian.answer.{answer}"))).to_have_attribute(
            "aria-checked", "true")
    expect(page.locator(f".st-key-answer_{DIMENSIONS[2]}_0").get_by_role(
        "radio", name=zh("ui.custodian.answer.good"))).to_have_attribute("aria-checked", "false")


def test_an_address_no_page_has_is_said_in_chinese(app, browser_context):
    page = opened(browser_context(PHONE), app.address, "no-such-page")
    expect(page.get_by_role("dialog")).to_contain_text(zh("ui.not_found.title"))
    expect(page.get_by_role("dialog")).to_contain_text(zh("ui.not_found.body"))
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_text("does not seem to exist")).to_have_count(0)
