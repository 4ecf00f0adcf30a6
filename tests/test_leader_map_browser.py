"""End-to-end in a real Chromium: the leader logs in and sees the progress map, on a phone too.

Screenshots go to the folder in WATERSHED_SCREENSHOTS (default: the test's tmp_path).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import launch_chromium, log_in, served_app, wait_for_app

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"], iframe[data-testid="stCustomComponentV1"]'


@pytest.fixture
def leader_app(demo_sqlite_url):
    with served_app(demo_sqlite_url) as address:
        yield address


def _shows_the_map_and_its_legend(page) -> None:
    expect(page.get_by_text("包保与巡查进度").first).to_be_visible()
    expect(page.get_by_text("从未巡查").first).to_be_visible()
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=30_000)
    legend = frame.locator(".watershed-legend")
    expect(legend).to_contain_text("已包保")
    expect(legend).to_contain_text("未包保")


def test_the_leader_lands_on_the_progress_map_on_a_desktop_and_a_phone(leader_app, tmp_path):
    shots = Path(os.environ.get("WATERSHED_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        page.goto(leader_app)
        wait_for_app(page)
        log_in(page, "leader")
        _shows_the_map_and_its_legend(page)
        page.screenshot(path=str(shots / "leader-progress-map-1280.png"))
        page.set_viewport_size({"width": 375, "height": 740})
        wait_for_app(page)
        _shows_the_map_and_its_legend(page)
        page.screenshot(path=str(shots / "leader-progress-map-375.png"))
        chromium.close()
