"""The campaign journey in a real Chromium: staff record the last of a segment's silt as done on
清淤填报 and accept it; the leadership's 清淤进度 then shows the larger volume removed, one more
accepted segment beside the map, and the burndown ending that much lower."""

import pytest
from playwright.sync_api import expect

from tests.browser import MAP_FRAME, go_to, logged_in, served_demo_copy, wait_for_app
from tests.factories import STAFF
from watershed.catalogue import text
from watershed.maps.colourings import DREDGING_STATES
from watershed.services.campaign.figures import campaign_figures

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


@pytest.fixture(scope="module")
def campaign_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("campaign")) as app:
        yield app


def drawn_colour(page, code: str) -> str:
    """The colour the Leaflet map in the page draws segment `code` in (its tooltip starts with
    the code), asked of the live map in the map's frame."""
    expect(page.frame_locator(MAP_FRAME).first.locator(".leaflet-container")).to_be_visible(
        timeout=30_000)
    for frame in page.frames:
        colour = frame.evaluate("""code => {
            const maps = Object.values(window).filter(v => window.L && v instanceof window.L.Map);
            for (const map of maps) {
                let found = null;
                map.eachLayer(layer => {
                    const tip = layer.getTooltip && layer.getTooltip();
                    const text = tip && String(tip.getContent());
                    if (text && text.split(/\\s/)[0] === code) { found = layer.options.color; }
                });
                if (found) { return found; }
            }
            return null;
        }""", code)
        if colour:
            return colour
    raise AssertionError(f"{code} is not drawn on the map")


def metric(page, label: str) -> str:
    """The value of the figure whose label is exactly `label`."""
    name = page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    box = page.locator('[data-testid="stMetric"]').filter(has=name).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_staff_finish_and_accept_a_segment_and_leadership_sees_it(campaign_app, chromium):
    before = campaign_figures(campaign_app.db, STAFF)
    work = next(w for w in before.works if w.status == "in_progress" and w.code != "THG-001")
    rest = round(work.planned_m3 - work.removed_m3, 1)

    page, dialogs = logged_in(chromium, campaign_app.address, "leader")
    expect(page.get_by_role("heading", name=zh("ui.campaign.title"))).to_be_visible()
    colour_before = drawn_colour(page, work.code)
    page.close()

    page, dialogs = logged_in(chromium, campaign_app.address, "staff")
    go_to(page, zh("ui.works.title"))
    segment = page.get_by_role("combobox", name=zh("ui.works.segment"))
    segment.click()
    segment.fill(work.code)
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("spinbutton", name=zh("ui.works.m3")).fill(str(rest))
    page.get_by_test_id("stCheckbox").get_by_text(zh("ui.works.done"), exact=True).click()
    page.get_by_role("button", name=zh("ui.works.save")).click()
    wait_for_app(page)
    expect(page.get_by_text(work.code, exact=False).first).to_be_visible()
    page.get_by_role("button", name=zh("ui.works.accept"), exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(zh("ui.works.is_accepted", segment=work.code)).first).to_be_visible()
    assert dialogs == []
    page.close()

    after = campaign_figures(campaign_app.db, STAFF)
    line = next(w for w in after.works if w.code == work.code)
    assert line.status == "accepted" and line.removed_m3 == pytest.approx(work.planned_m3, abs=0.1)
    assert after.removed_m3 == pytest.approx(before.removed_m3 + rest, abs=0.1)
    assert after.burndown[-1].remaining_m3 == pytest.approx(
        before.burndown[-1].remaining_m3 - rest, abs=0.1)

    page, dialogs = logged_in(chromium, campaign_app.address, "leader")
    expect(page.get_by_role("heading", name=zh("ui.campaign.title"))).to_be_visible()
    assert metric(page, zh("ui.campaign.m3")) == zh("ui.campaign.m3_value", m3=after.removed_m3)
    accepted = zh("dredging.status.accepted")
    assert metric(page, accepted) == f"{before.statuses['accepted'] + 1:,}"
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()  # burndown
    colours = {state.key: state.colour for state in DREDGING_STATES}
    assert colour_before == colours["map.dredging.in_progress"]
    assert drawn_colour(page, work.code) == colours["map.dredging.accepted"]
    assert dialogs == []
    page.close()
