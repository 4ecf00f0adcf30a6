"""Hostile text in every free-text field, through every page of every role, in a real Chromium.

A copy of the demo has each name, note, reason, owner and file name replaced with the issue's
three hostile strings (a code column gets a shorter one that fits). Each role opens each of its
pages, and the pages that take typed text get it too (searches, a segment code, uploaded file
names). Nothing may run: no dialog, no element made of the text, in the page or in a map's frame;
and where the text is shown as text it reads exactly as typed.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from tests.browser import go_to, logged_in, pick, served_demo_copy, settle, wait_for_app
from watershed.catalogue import text
from watershed.domain.checks import DIMENSIONS
from watershed.services.common.clock import now
from watershed.store.database import Database
from watershed.store.tables import (Basin, Channel, Check, CheckPhoto, Contribution, Custody,
                                    Distribution, EvaluationRound, Group, Household, Income, Pond,
                                    Problem, ProblemStep, Rating, Segment, Source, User, Village)
from watershed.ui.main import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

HOSTILE = "<img src=x onerror=alert(1)>${alert(1)}</script><script>alert(1)</script>"
SHORT = "<img src=x onerror=alert(2)>"  # fits a code column
FILE_NAME = "<img src=x onerror=alert(3)>${alert(3)}"  # a file name cannot hold "/"
HOSTILE_SEGMENT = "GZQ-003"  # its code becomes SHORT


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


def _make_hostile(url: str) -> None:
    database = Database(url)
    try:
        with database.write() as session:
            session.execute(update(Basin).values(name=HOSTILE))
            for model in (Village, Group):  # names are unique within their parent
                for index, row in enumerate(session.scalars(select(model).order_by(model.id))):
                    row.name = f"{HOSTILE}{index}"
            session.execute(update(Household).values(head_name=HOSTILE))
            for model in (Channel, Source):
                session.execute(update(model).values(name=HOSTILE))
            session.execute(update(Pond).values(name=HOSTILE, owner=HOSTILE))
            session.execute(update(Custody).where(Custody.end_date.is_not(None))
                            .values(end_reason=HOSTILE))
            session.execute(update(Check).values(note=HOSTILE, user_name=HOSTILE))
            session.execute(update(EvaluationRound).values(name=HOSTILE))
            session.execute(update(Rating).values(comment=HOSTILE))
            session.execute(update(Problem).values(note=HOSTILE, user_name=HOSTILE))
            session.execute(update(ProblemStep).values(note=HOSTILE))
            session.execute(update(Contribution).values(note=HOSTILE, description=HOSTILE,
                                                        machine=HOSTILE))
            session.execute(update(Income).values(description=HOSTILE))
            session.execute(update(Distribution).values(note=HOSTILE))
            session.execute(update(User).values(display_name=HOSTILE))
            session.execute(update(Segment).where(Segment.code == HOSTILE_SEGMENT)
                            .values(code=SHORT))
            keeper = session.scalars(select(User).where(User.username == "custodian")).one()
            session.get(Household, keeper.household_id).code = SHORT
            # A check of the custodian's with a photo whose file is gone: its name is shown.
            segment = session.scalars(select(Segment).where(Segment.code == "THG-001")).one()
            check = Check(segment_id=segment.id, household_id=keeper.household_id,
                          user_name=HOSTILE, at=now() - timedelta(hours=1),
                          **dict.fromkeys(DIMENSIONS, "good"), problems={}, note=HOSTILE,
                          on_site=None, created_at=now())
            check.photos = [CheckPhoto(sha256="0" * 64, path="00/gone.jpg", filename=HOSTILE,
                                       reused=False)]
            session.add(check)
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def hostile_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("hostile"),
                          prepare=_make_hostile) as app:
        yield app


def nothing_ran(page, dialogs: list) -> None:
    """No dialog opened, and no element was made of the hostile text in any frame."""
    settle(page)
    assert dialogs == []
    for frame in page.frames:
        made = frame.evaluate(
            "() => document.querySelectorAll('img[src=\"x\"], [onerror], [onload]').length")
        assert made == 0, f"an element was made of the hostile text in {frame.url}"


def every_page(page, dialogs: list, role: str) -> None:
    """Each page of the role, opened from the sidebar: nothing runs on any of them."""
    for _, title, _ in PAGES[role]:
        if len(PAGES[role]) > 1:
            go_to(page, zh(title))
        nothing_ran(page, dialogs)


def shows_literally(page, typed: str) -> None:
    expect(page.get_by_text(typed, exact=True).first).to_be_visible()


def type_into(page, label: str, typed: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(typed)
    box.press("Enter")
    wait_for_app(page)


def households_listed(page) -> None:
    """The household list offered after a search shows head names as text. On a loaded machine
    the list can be opened from the page before the search's rerun: then it is opened again."""
    box = page.get_by_role("combobox", name=zh("staff.custody.household"))
    for attempt in range(3):
        wait_for_app(page)
        box.click()
        box.press("ArrowDown")
        try:
            expect(page.get_by_role("option").first).to_contain_text(HOSTILE, timeout=8_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
            if attempt == 2:
                raise
    page.keyboard.press("Escape")


def upload(page, key: str, suffix: str) -> None:
    page.locator(f".st-key-{key} input[type='file']").set_input_files(
        files=[{"name": FILE_NAME + suffix, "mimeType": "application/octet-stream",
                 "buffer": b"not a real file"}])
    wait_for_app(page)


def test_staff_pages_show_hostile_names_notes_reasons_and_file_names_as_text(hostile_app,
                                                                              chromium):
    page, dialogs = logged_in(chromium, hostile_app.address, "staff")
    shows_literally(page, HOSTILE)  # the basin's name under the title
    for name in ("open", "overdue", "problems"):
        pick(page, zh("staff.dashboard.show_list"), zh(f"staff.list.{name}"))
        nothing_ran(page, dialogs)

    go_to(page, zh("staff.page.segments"))
    type_into(page, zh("staff.filter.custodian"), HOSTILE)
    type_into(page, zh("staff.segments.selected"), SHORT)
    expect(page.get_by_role("heading", name=zh("staff.custody.history", segment=SHORT))) \
        .to_be_visible()
    type_into(page, zh("staff.custody.find_household"), "MH")
    households_listed(page)
    nothing_ran(page, dialogs)

    go_to(page, zh("staff.page.households"))
    type_into(page, zh("staff.households.search"), HOSTILE[:10])
    upload(page, "households_file_0", ".csv")
    expect(page.get_by_text(FILE_NAME + ".csv", exact=False).first).to_be_visible()
    nothing_ran(page, dialogs)

    go_to(page, zh("staff.page.geometry"))
    upload(page, "layer_file", ".geojson")
    page.get_by_role("button", name=zh("staff.geometry.import")).click()
    wait_for_app(page)
    expect(page.get_by_text(FILE_NAME + ".geojson", exact=False).first).to_be_visible()
    nothing_ran(page, dialogs)

    every_page(page, dialogs, "staff")  # checks, the map, rounds (with the review), the board
    page.close()


def test_the_custodian_sees_hostile_names_notes_and_photo_names_as_text(hostile_app, chromium):
    page, dialogs = logged_in(chromium, hostile_app.address, "custodian")
    expect(page.get_by_role("heading", name=HOSTILE).first).to_be_visible()  # the channel
    nothing_ran(page, dialogs)
    go_to(page, zh("ui.page.submit_check"))
    expect(page.get_by_role("combobox", name=zh("ui.custodian.segment"))) \
        .to_have_value(re.compile(re.escape(HOSTILE)))  # the channel's name, as text
    nothing_ran(page, dialogs)
    go_to(page, zh("ui.page.my_history"))
    shows_literally(page, HOSTILE)  # the note
    shows_literally(page, zh("ui.custodian.no_photo_file", file=HOSTILE))
    nothing_ran(page, dialogs)
    go_to(page, zh("ui.scores.title"))
    shows_literally(page, HOSTILE)  # a rater's comment
    every_page(page, dialogs, "custodian")  # rating, the board
    page.close()


@pytest.mark.parametrize("role", ["resident", "leader"])
def test_the_resident_and_leader_pages_show_hostile_names_as_text(hostile_app, chromium, role):
    page, dialogs = logged_in(chromium, hostile_app.address, role)
    if role == "resident":
        shows_literally(page, HOSTILE)  # the basin's name
    every_page(page, dialogs, role)
    page.close()
