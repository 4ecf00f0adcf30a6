"""The end-to-end journeys of the product issue, in a real Chromium against `streamlit run app.py`.

One app serves a fresh copy of the demo basin (with a photo folder of its own, loaded as the
`watershed` command loads it) for the whole module. Each journey opens its own page in Chromium
set to Chinese, logs in with the login form as a demo account, and counts every JavaScript dialog
the page opens: a hostile note that ran would show up as an alert. Every page of every role is
also read for English words that are not data (tests/chinese_only.py): each page is opened once
for both.

Screenshots of every page each role can open, at desktop (1280x800) and phone (375x740) width,
are saved as `<role>-<page>-<width>.png` in the folder named by WATERSHED_SCREENSHOTS
(WATERSHED_SCREENSHOTS=docs/screenshots makes the ones kept in the repository); without it they go
to a temporary folder, so a test run never rewrites the repository.
"""

import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser import (DESKTOP, EXCEPTION, MAP_FRAME, NAV_LINKS, go_to, log_in, logged_in,
                           open_app, resize, served_demo_copy, settle, wait_for_app)
from tests.chinese_only import (as_loaded_by_the_command_line, chinese_page, data_words,
                                english_on, english_on_details, english_on_page)
from watershed.catalogue import text
from watershed.domain.checks import DIMENSIONS
from watershed.store.database import Database
from watershed.store.tables import Check
from watershed.ui.main import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

HOSTILE = "<img src=x onerror=alert(1)>${alert(1)}</script><script>alert(1)</script>"
SEGMENT = "THG-001"  # the demo custodian's household keeps THG-001 and THG-002
PROBLEM = ("water", "rubbish")  # the one item answered 有问题, and its category
PHONE = {"width": 375, "height": 740}
APP_TITLE = text("ui.app_title", "zh")
MAP_TITLE = text("leader.title", "zh")  # 包保与巡查进度


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


@pytest.fixture(scope="module")
def journey_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("journeys"),
                          prepare=as_loaded_by_the_command_line) as app:
        yield app


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WATERSHED_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def titles(role: str) -> list[str]:
    return [zh(title) for _, title, _ in PAGES[role]]


def photograph(page, shots: Path, name: str) -> None:
    """`name`-1280.png and `name`-375.png of the page as it is now; back at desktop width after.
    Streamlit folds the sidebar away at phone width, as a phone would first show the page."""
    settle(page)
    page.screenshot(path=str(shots / f"{name}-{DESKTOP['width']}.png"), type="png")
    resize(page, PHONE)
    page.screenshot(path=str(shots / f"{name}-{PHONE['width']}.png"), type="png")
    resize(page, DESKTOP)



def chinese_login(chromium, address: str, username: str) -> tuple:
    """(page, dialogs): logged in as `username` in a browser set to Chinese."""
    return logged_in(chromium, address, username, page=chinese_page(chromium)[1])


def walk_every_page(page, role: str, shots: Path, url: str) -> None:
    """Every page of the role, found in main.PAGES, opened from the sidebar, read for English
    that is not data (with what opens within it) and photographed."""
    known, english = data_words(url), []
    for _, title, path in PAGES[role]:
        page.evaluate("() => window.drawn.splice(0)")  # the last page's, read already
        if len(PAGES[role]) > 1:
            go_to(page, zh(title))
        english += english_on_page(page, f"{role}/{path}", path, known)
        photograph(page, shots, f"{role}-{path}")
        english += english_on_details(page, f"{role}/{path}", path, known)
    assert not english, "\n".join(english)


def the_nav_shows_exactly_the_pages_of(page, role: str) -> None:
    """The sidebar lists the role's pages and no other; a role with one page gets no list."""
    expect(page.locator(NAV_LINKS)).to_have_text(titles(role) if len(PAGES[role]) > 1 else [])


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 160)).save(out, "JPEG", quality=85)
    return out.getvalue()


def tap(page, choice) -> None:
    """Tap a segmented-control or pill choice and wait until the app has taken it."""
    choice.click()
    expect(choice).to_have_attribute("aria-checked", "true")
    wait_for_app(page)


def submit_the_hostile_check(page) -> None:
    """As the custodian, from 我的河段: check THG-001 with one problem, a photo and the note."""
    expect(page.get_by_role("heading", name=zh("ui.page.my_segments"))).to_be_visible()
    settle(page)
    page.wait_for_timeout(1000)  # the map's first report back to Streamlit reruns the page
    page.locator(f".st-key-check_{SEGMENT}").get_by_role("button").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=zh("ui.page.submit_check"))).to_be_visible()
    expect(page.get_by_role("combobox", name=zh("ui.custodian.segment"))) \
        .to_have_value(re.compile(SEGMENT))  # opened with the segment already chosen
    for dimension in DIMENSIONS:
        answer = "problem" if dimension == PROBLEM[0] else "good"
        tap(page, page.locator(f".st-key-answer_{dimension}_0")
            .get_by_role("radio", name=zh(f"ui.custodian.answer.{answer}")))
    tap(page, page.locator(f".st-key-category_{PROBLEM[0]}_0")
        .get_by_role("radio", name=zh(f"check.category.{PROBLEM[1]}")))
    uploader = page.locator(".st-key-files_0")
    # A rerun still in flight (the map reporting back) can swallow an upload; offer it again.
    for attempt in range(3):
        wait_for_app(page)
        uploader.locator('input[type="file"]').set_input_files(
            files=[{"name": "river.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
        try:
            expect(uploader.get_by_text("river.jpg")).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    wait_for_app(page)
    page.locator(".st-key-note_0 textarea").fill(HOSTILE)
    page.get_by_role("button", name=zh("ui.custodian.submit")).click()
    wait_for_app(page)
    expect(page.get_by_text(zh("check.submitted", segment=SEGMENT))).to_be_visible()


def hostile_checks(url: str) -> int:
    database = Database(url)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).select_from(Check)
                                  .where(Check.note == HOSTILE))
    finally:
        database.dispose()


def test_the_login_page_on_a_desktop_and_a_phone(journey_app, chromium, shots):
    page, dialogs = open_app(chromium, journey_app.address, page=chinese_page(chromium)[1])
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.get_by_text("demo1234", exact=False).first).to_be_visible()
    data, usernames = data_words(journey_app.url)  # the demo's login page lists its accounts
    assert not english_on(page, data | usernames)
    photograph(page, shots, "public-login")
    assert dialogs == []
    page.context.close()


def test_the_custodian_submits_a_check_with_a_photo_and_a_hostile_note_that_stays_text(
        journey_app, chromium, shots):
    page, dialogs = chinese_login(chromium, journey_app.address, "custodian")
    the_nav_shows_exactly_the_pages_of(page, "custodian")
    before = hostile_checks(journey_app.url)
    submit_the_hostile_check(page)
    assert hostile_checks(journey_app.url) == before + 1
    assert [p for p in journey_app.photos.rglob("*") if p.suffix == ".jpg"], "no photo stored"

    go_to(page, zh("ui.page.my_history"))
    expect(page.get_by_role("heading", name=SEGMENT).first).to_be_visible()
    # The note is shown as the very characters typed: no <img>, no <script> made of it.
    expect(page.get_by_text(HOSTILE, exact=True)).to_be_visible()
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    assert page.locator('[data-testid="stMain"] script').count() == 0
    problem = zh("ui.custodian.problem", dimension=zh(f"check.dimension.{PROBLEM[0]}"),
                 category=zh(f"check.category.{PROBLEM[1]}"))
    expect(page.get_by_text(problem).first).to_be_visible()
    expect(page.locator('[data-testid="stMain"] [data-testid="stImage"] img').first).to_be_visible()

    walk_every_page(page, "custodian", shots, journey_app.url)
    assert dialogs == [], f"a dialog opened: {dialogs}"
    page.context.close()


def test_the_staff_sees_the_custodians_check_with_the_note_as_text(journey_app, chromium, shots):
    if not hostile_checks(journey_app.url):  # run alone, or on another xdist worker
        custodian, custodian_dialogs = logged_in(chromium, journey_app.address, "custodian")
        submit_the_hostile_check(custodian)
        custodian.close()
        assert custodian_dialogs == []
    page, dialogs = chinese_login(chromium, journey_app.address, "staff")
    the_nav_shows_exactly_the_pages_of(page, "staff")
    expect(page.get_by_role("heading", name=APP_TITLE)).to_be_visible()
    expect(page.get_by_text(zh("ui.synthetic_banner"), exact=False).first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    # The dashboard counts the problem the custodian reported.
    problems = page.locator('[data-testid="stMetric"]').filter(has_text=zh("staff.figure.problems"))
    expect(problems).to_be_visible()
    assert int(problems.locator('[data-testid="stMetricValue"]').inner_text().replace(",", "")) >= 1

    # 巡查记录: the custodian's check, its problem, and the note as the characters typed.
    checks_title = zh("staff.page.checks")
    go_to(page, checks_title)
    expect(page.get_by_role("heading", name=checks_title)).to_be_visible()
    # st.dataframe draws on a canvas; the cells it shows are also in a table for screen readers,
    # as text (hidden from the accessibility tree here, hence CSS rather than roles).
    row = page.locator('[data-testid="stDataFrame"] tr').filter(
        has=page.locator("td").filter(has_text=re.compile(f"^{SEGMENT}$")))
    expect(row.first).to_be_attached(timeout=30_000)
    note = row.locator("td").filter(has_text=HOSTILE)
    expect(note).to_have_count(1)
    expect(note).to_have_text(HOSTILE)
    expect(row).to_contain_text(zh(f"check.category.{PROBLEM[1]}"))
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0

    walk_every_page(page, "staff", shots, journey_app.url)
    assert dialogs == [], f"a dialog opened: {dialogs}"
    page.context.close()


def test_the_leader_sees_the_progress_map_and_its_legend(journey_app, chromium, shots):
    page, dialogs = chinese_login(chromium, journey_app.address, "leader")
    the_nav_shows_exactly_the_pages_of(page, "leader")
    go_to(page, zh("leader.page.progress_map"))  # the leader opens on the dredging progress
    expect(page.get_by_text(MAP_TITLE).first).to_be_visible()
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=30_000)
    expect(frame.locator(".leaflet-overlay-pane canvas").first).to_be_attached()  # segments
    legend = frame.locator(".watershed-legend")
    expect(legend).to_contain_text(zh("map.state.kept"))  # 已包保
    expect(legend).to_contain_text(zh("map.state.open"))  # 未包保
    walk_every_page(page, "leader", shots, journey_app.url)
    assert dialogs == [], f"a dialog opened: {dialogs}"
    page.context.close()


def test_the_resident_lands_on_the_basin_page_without_an_error(journey_app, chromium, shots):
    page, dialogs = chinese_login(chromium, journey_app.address, "resident")
    the_nav_shows_exactly_the_pages_of(page, "resident")
    expect(page.get_by_role("heading", name=APP_TITLE)).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    walk_every_page(page, "resident", shots, journey_app.url)
    assert dialogs == [], f"a dialog opened: {dialogs}"
    page.context.close()


def test_a_page_the_role_may_not_use_cannot_be_reached_by_its_address(journey_app, chromium):
    # Typing the address opens a new session: the login form at that address, then a sentence
    # in Chinese that the page is not the custodian's (no Streamlit "page not found").
    not_mine = zh("ui.not_for_role", role=zh("ui.role.custodian"))
    page, dialogs = open_app(chromium, journey_app.address, "progress_map")
    log_in(page, "custodian")
    settle(page)
    expect(page.get_by_text(not_mine)).to_be_visible()
    expect(page.get_by_text(MAP_TITLE)).to_have_count(0)
    expect(page.locator(MAP_FRAME)).to_have_count(0)

    # Within the session, as the browser's back and forward buttons do: a page of the role opens,
    # the leader's map does not.
    def visit(path: str) -> None:
        page.evaluate("path => { history.pushState({}, '', path);"
                      " window.dispatchEvent(new PopStateEvent('popstate')); }", f"/{path}")
        page.wait_for_timeout(300)  # the rerun starts
        wait_for_app(page)

    visit("my_history")
    expect(page.get_by_role("heading", name=zh("ui.page.my_history"))).to_be_visible()
    visit("progress_map")
    expect(page.get_by_text(not_mine)).to_be_visible()
    expect(page.get_by_text(MAP_TITLE)).to_have_count(0)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(
        f"（{zh('ui.role.custodian')}）")  # still logged in, as the custodian
    assert dialogs == []
    page.close()
