"""Maps people can read, in a real Chromium (staff on 进度地图): on a 375-px phone one legend,
folded, the basin in view, and a switch that takes the problem marks off the map; on a desktop
the legend open. 清淤进度's figures are never cut short, however narrow their columns."""

import pytest
from playwright.sync_api import expect

from tests.browser import (DESKTOP, MAP_FRAME, go_to, log_in, logged_in, resize,
                           served_demo_copy, settle, wait_for_app)
from watershed.catalogue import text

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]
PHONE = {"width": 375, "height": 740}

MARKS = ("() => window.map ? Object.values(window.map._layers)"
         ".filter(layer => layer.options.shape).length : -1")  # the problem marks drawn
FITS = """() => {
    let drawn = null;
    window.map.eachLayer(layer => {
        if (layer instanceof L.Polyline && layer.options.interactive !== false) {
            const box = layer.getBounds();
            drawn = drawn ? drawn.extend(box)
                          : L.latLngBounds(box.getSouthWest(), box.getNorthEast());
        }
    });
    return drawn !== null && window.map.getBounds().pad(0.01).contains(drawn);
}"""


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


@pytest.fixture(scope="module")
def maps_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("maps")) as app:
        yield app


def map_frame(page):
    """The map's frame, to ask the live Leaflet map (window.map, set by streamlit-folium)."""
    return page.locator(MAP_FRAME).first.element_handle().content_frame()


def test_on_a_phone_one_folded_legend_the_basin_in_view_and_the_problems_can_be_hidden(
        maps_app, chromium):
    page = chromium.new_page(viewport=PHONE)
    page.goto(maps_app.address)
    wait_for_app(page)
    log_in(page, "staff")
    page.goto(f"{maps_app.address}/progress_map")  # the menu is folded away on a phone
    settle(page)
    frame, inside = page.frame_locator(MAP_FRAME).first, map_frame(page)
    legend = frame.locator(".watershed-legend")
    expect(legend).to_have_count(1)
    inside.wait_for_function(f"() => ({MARKS})() > 0")  # drawn for the view the map reported
    expect(legend.locator("summary")).to_have_text(zh("map.legend"))
    expect(legend.locator(".watershed-legend-body")).to_be_hidden()  # folded
    # Measured in the frame itself: each rerun puts the legend back, and a box asked for in
    # between is None.
    assert legend.evaluate("legend => legend.getBoundingClientRect().height") < 60
    assert inside.evaluate(FITS), "the basin does not fit the phone's map"

    legend.locator("summary").click()  # a tap opens it: everything drawn is named
    expect(legend.locator(".watershed-legend-body")).to_be_visible()
    for key in ("map.colouring.custody", "map.legend.ponds", "pond.status.occupying",
                "problems.map_title"):
        expect(legend).to_contain_text(zh(key))

    page.get_by_text(zh("map.problems.show")).click()  # the switch above the map
    settle(page)
    inside.wait_for_function(f"() => ({MARKS})() === 0")
    expect(legend).to_have_count(1)
    expect(legend).not_to_contain_text(zh("problems.map_title"))
    expect(legend.locator(".watershed-legend-body")).to_be_visible()  # still as the user left it
    expect(page.locator(MAP_FRAME)).to_have_count(1)
    page.close()


def test_on_a_desktop_the_legend_is_open(maps_app, chromium):
    page, dialogs = logged_in(chromium, maps_app.address, "staff")
    go_to(page, zh("leader.page.progress_map"))
    legend = page.frame_locator(MAP_FRAME).first.locator(".watershed-legend")
    expect(legend).to_have_count(1)
    expect(legend.locator(".watershed-legend-body")).to_be_visible()
    expect(legend).to_contain_text(zh("problems.map_title"))
    inside = map_frame(page)
    assert inside.evaluate(FITS)
    # the fit is the first view only: zoomed in, the rerun that follows keeps the user's view
    zoom = inside.evaluate("() => window.map.getZoom()")
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-control-zoom-in").click()
    inside.wait_for_function(f"() => window.map.getZoom() === {zoom + 1}")
    settle(page)
    page.wait_for_timeout(1000)
    assert inside.evaluate("() => window.map.getZoom()") == zoom + 1
    expect(legend).to_have_count(1)
    assert dialogs == []
    page.close()


CUT = """() => [...document.querySelectorAll(
    '[data-testid=stMetricValue] div, [data-testid=stMetricDelta] div, '
    + '[data-testid=stMetricLabel] p')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""


def test_no_figure_on_the_campaign_page_is_cut_short(maps_app, chromium):
    page, _ = logged_in(chromium, maps_app.address, "staff")
    go_to(page, zh("ui.campaign.title"))
    for width in (DESKTOP["width"], 1024, 800, PHONE["width"]):
        resize(page, {"width": width, "height": 800})
        expect(page.locator('[data-testid="stMetricValue"]').first).to_be_visible()
        assert page.evaluate(CUT) == [], f"cut at {width} px"
    page.close()
