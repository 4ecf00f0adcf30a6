"""A resident reporting a problem on a phone starts from where they stand: nothing is chosen for
them, and the map's ◎ button (the browser's position) puts the nearest segment first."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser import MAP_FRAME, log_in, served_demo_copy, settle, wait_for_app
from watershed.catalogue import text
from watershed.services.common.actors import Actor
from watershed.services.problems.figures import report_segments
from watershed.store.tables import Segment, User

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("near")) as served:
        yield served


def a_segment_of_the_residents_village(db) -> tuple[str, float, float]:
    """The last segment the resident may report on (far down the list without a position), and
    the middle of its bounding box."""
    with db.read() as session:
        user = session.scalars(select(User).where(User.username == "resident")).one()
    code = report_segments(db, Actor("resident", "resident", user.household_id))[-1][0]
    with db.read() as session:
        segment = session.scalars(select(Segment).where(Segment.code == code)).one()
        return code, (segment.minx + segment.maxx) / 2, (segment.miny + segment.maxy) / 2


def test_the_map_finds_the_phone_and_the_nearest_segment_comes_first(app, chromium):
    code, lon, lat = a_segment_of_the_residents_village(app.db)
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                   geolocation={"longitude": lon, "latitude": lat},
                                   permissions=["geolocation"])
    page = context.new_page()
    page.goto(app.address)
    wait_for_app(page)
    log_in(page, "resident")
    page.goto(f"{app.address}/report_problem")
    settle(page)
    picker = page.get_by_role("combobox", name=text("problems.form.segment", "zh"))
    expect(picker).to_have_value("")  # nothing chosen for them
    locate = page.frame_locator(MAP_FRAME).first.locator(".watershed-locate")
    box = locate.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    locate.click()
    page.wait_for_timeout(1_500)  # the map flies there, then reports its view: a rerun
    settle(page)
    picker.click()
    first = page.get_by_role("option").first
    expect(first).to_contain_text(code)
    expect(first).to_contain_text("约")
    context.close()
