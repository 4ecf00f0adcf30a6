"""The map layer: hostile text stays text, nothing is fetched from a CDN, the payload stays small,
and Gaode gets its GCJ-02 shift."""

import html
import shutil
from contextlib import contextmanager

import folium
import pytest
import shapely
from pyproj import Geod
from shapely import LineString, Polygon

from tests.browser import served_app, wait_for_app
from watershed import palette
from watershed.maps import colourings, layers
from watershed.maps.assets import LEAFLET_DIR, leaflet_present
from watershed.maps.basemaps import add_basemap, display_coords, query_bbox
from watershed.maps.escaping import safe_text
from watershed.maps.fetch_assets import fetch
from watershed.services.geometry.mapdata import PondOnMap, SegmentOnMap, basin_view, segments_in_view
from watershed.store.database import Database

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "</script><script>alert(1)</script>",
    "`);alert(1);(`",
)


@pytest.fixture(scope="module")
def leaflet():
    """Leaflet's files, fetched once (`make install` has normally done it already)."""
    fetch()
    assert leaflet_present()
    return LEAFLET_DIR


@pytest.fixture(scope="module")
def demo(demo_sqlite_url):
    database = Database(demo_sqlite_url)
    yield database
    database.dispose()


def _segment(i: int, name: str, note: str = "") -> SegmentOnMap:
    west = 112.070 + 0.002 * i
    return SegmentOnMap(id=i, code=f"ZQ-{i:03d}", channel_code="ZQ", channel_name=note,
                        length_m=190.0,
                        geometry=LineString([(west, 30.370), (west + 0.002, 30.3702)]),
                        custodian_code=f"H-{i:03d}", custodian_name=name, kept=i % 2 == 0,
                        village=name)


def _hostile_rows() -> tuple[list[SegmentOnMap], list[PondOnMap]]:
    segments = [_segment(i, HOSTILE[i % len(HOSTILE)], HOSTILE[(i + 1) % len(HOSTILE)])
                for i in range(8)]
    ponds = [PondOnMap(id=i, code=f"YT-{i}", name=text, owner=text, status="occupying",
                       area_m2=5000.0, geometry=Polygon([(112.07 + 0.003 * i, 30.372),
                                                         (112.072 + 0.003 * i, 30.372),
                                                         (112.072 + 0.003 * i, 30.373)]))
             for i, text in enumerate(HOSTILE)]
    return segments, ponds


def test_safe_text_leaves_no_tag_no_interpolation_and_no_backtick_and_reads_the_same():
    for text in HOSTILE:
        escaped = safe_text(text)
        assert "<" not in escaped and ">" not in escaped
        assert "${" not in escaped and "`" not in escaped and "\\" not in escaped
        assert html.unescape(escaped) == text
    assert safe_text("a\\u0041'\"&") == "a&#92;u0041&#x27;&quot;&amp;"
    assert safe_text(None) == "" and safe_text(7) == "7" and safe_text("张大山") == "张大山"


@contextmanager
def _isolated_page(chromium, allowed=("file://", "http://127.0.0.1")):
    """A Chromium page of a profile of its own that lets only local requests through; records
    the rest and any dialog."""
    context = chromium.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    seen = {"requests": [], "blocked": [], "dialogs": [], "errors": []}

    def route(request_route):
        url = request_route.request.url
        seen["requests"].append(url)
        if url.startswith(allowed) or url.startswith("data:"):
            request_route.continue_()
        else:
            seen["blocked"].append(url)
            request_route.abort()

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.route("**/*", route)
    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    try:
        yield page, seen
    finally:
        context.close()


_OPEN_EVERYTHING = """() => {
    const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
    const tooltips = [], popups = [];
    map.eachLayer(layer => {
        if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); }
        if (layer.getPopup && layer.getPopup()) {
            layer.openPopup();
            popups.push(layer.getPopup()._contentNode.textContent);
        }
    });
    document.querySelectorAll('.leaflet-tooltip').forEach(t => tooltips.push(t.textContent));
    const legend = document.querySelector('.watershed-legend');
    return {tooltips, popups, legend: legend ? legend.textContent : null,
            images: document.querySelectorAll('img[src="x"]').length, leaflet: L.version};
}"""


def test_a_map_of_hostile_names_and_notes_shows_them_as_text_and_runs_nothing(leaflet, chromium,
                                                                              tmp_path):
    segments, ponds = _hostile_rows()
    fmap = layers.base_map((30.371, 112.078), 15, "none", assets_url=leaflet.as_uri())
    legend = [(palette.GREEN, HOSTILE[0]), (palette.RED, HOSTILE[1])]
    layers.ponds_layer(ponds, popup_of=lambda p: [p.owner, p.name]).add_to(fmap)
    layers.segments_layer(segments, zoom=15, popup_of=lambda s: [s.channel_name, s.village],
                          legend_entries=legend, legend_title=HOSTILE[2]).add_to(fmap)
    layers.flow_arrows(segments, 15).add_to(fmap)
    # folium's own Tooltip is a JS template literal: the helper must hold there too.
    marker_tip = folium.Tooltip(safe_text(HOSTILE[3]))
    folium.CircleMarker((30.3705, 112.071), tooltip=marker_tip).add_to(fmap)
    page_file = tmp_path / "map.html"
    fmap.save(str(page_file))

    with _isolated_page(chromium) as (page, seen):
        page.goto(page_file.as_uri())
        page.wait_for_selector(".leaflet-container")
        shown = page.evaluate(_OPEN_EVERYTHING)
        page.wait_for_timeout(300)

    assert seen["dialogs"] == [] and seen["errors"] == []
    assert seen["blocked"] == [], "the map asked a host other than this machine"
    assert shown["leaflet"] == "1.9.4" and shown["images"] == 0
    tooltips = " ".join(shown["tooltips"])
    popups = " ".join(shown["popups"])
    for text in HOSTILE:
        assert text in tooltips, f"tooltip lost {text!r}"
        assert text in popups, f"popup lost {text!r}"
    assert HOSTILE[0] in shown["legend"] and HOSTILE[2] in shown["legend"]


def test_the_scale_bar_is_in_metres_only():
    page = layers.base_map((30.37, 112.08), 14, "none").get_root().render()
    assert page.count("L.control.scale(") == 1 and "L.control.scale({imperial: false})" in page


def test_a_map_links_only_the_apps_own_leaflet():
    page = layers.base_map((30.37, 112.08), 14, "none").get_root().render()
    assert "/app/static/vendor/leaflet/leaflet.js" in page
    assert "/app/static/vendor/leaflet/leaflet.css" in page
    for cdn in ("jsdelivr", "cdnjs", "jquery", "bootstrap", "fontawesome", "http://", "https://"):
        assert cdn not in page


def test_the_whole_demo_basin_arrives_in_well_under_a_megabyte(demo):
    center, bounds = basin_view(demo)
    rows = segments_in_view(demo, None)
    assert len(rows) > 500
    for zoom in (layers.fit_zoom(bounds), 16):  # zoomed in, every segment also gets an arrow
        fmap = layers.base_map(center, zoom, "osm")
        layers.segments_layer(rows, zoom=zoom).add_to(fmap)
        layers.flow_arrows(rows, zoom).add_to(fmap)
        size = len(fmap.get_root().render().encode("utf-8"))
        assert size < 1_000_000, f"{size} bytes at zoom {zoom}"


def test_a_window_returns_exactly_the_segments_that_meet_it(demo):
    (lat, lon), _ = basin_view(demo)
    window = (lon - 0.005, lat - 0.004, lon + 0.005, lat + 0.004)
    everything = segments_in_view(demo, None)
    seen = segments_in_view(demo, window)
    box = shapely.box(*window)
    expected = {s.code for s in everything if shapely.box(*s.geometry.bounds).intersects(box)}
    assert 0 < len(seen) < len(everything) / 5
    assert {s.code for s in seen} == expected
    assert all(s.geometry.intersects(box) or shapely.box(*s.geometry.bounds).intersects(box)
               for s in seen)
    assert len(segments_in_view(demo, window, limit=3)) == 3


def test_gaode_shifts_the_data_about_six_hundred_metres_and_the_others_not_at_all():
    lon, lat = [112.08, 112.0805], [30.37, 30.3705]
    shifted_lon, shifted_lat = display_coords("gaode")(lon, lat)
    _, _, metres = Geod(ellps="WGS84").inv(lon, lat, shifted_lon, shifted_lat)
    assert all(600 < m < 650 for m in metres)
    for choice in ("osm", "tianditu", "none"):
        same_lon, same_lat = display_coords(choice)(lon, lat)
        assert list(same_lon) == lon and list(same_lat) == lat
    window = {"_southWest": {"lat": float(shifted_lat[0]), "lng": float(shifted_lon[0])},
              "_northEast": {"lat": float(shifted_lat[1]), "lng": float(shifted_lon[1])}}
    west, south, east, north = query_bbox(window, "gaode", margin=0)
    assert abs(west - lon[0]) < 1e-4 and abs(north - lat[1]) < 1e-4


def test_base_maps_carry_their_tiles_and_tianditu_its_key():
    def tiles(choice, key=""):
        fmap = folium.Map(tiles=None)
        add_basemap(fmap, choice, key)
        return [c.tiles for c in fmap._children.values() if isinstance(c, folium.TileLayer)]

    assert tiles("osm") == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    tianditu = tiles("tianditu", "k&y")
    assert [("vec_w" in t, "cva_w" in t, t.endswith("tk=k%26y")) for t in tianditu] == [
        (True, False, True), (False, True, True)]
    assert "autonavi.com" in tiles("gaode")[0] and "style=7" in tiles("gaode")[0]
    assert tiles("none") == []
    with pytest.raises(ValueError):
        add_basemap(folium.Map(tiles=None), "tianditu", "")


def test_freshness_bins_cover_every_age_and_never_checked():
    assert [colourings.freshness_bin(d).colour for d in (0, 7, 8, 14, 15, 30, 31, None)] == [
        palette.GREEN, palette.GREEN, palette.AMBER, palette.AMBER, palette.ORANGE, palette.ORANGE,
        palette.RED, palette.RED]
    colour = colourings.freshness_colour({1: 3})
    assert colour(_segment(1, "x")) == palette.GREEN and colour(_segment(2, "y")) == palette.RED


def test_arrows_appear_only_close_up_and_point_downstream():
    rows = [_segment(1, "a")]
    assert not layers.flow_arrows(rows, 14)._children and layers.flow_arrows(rows, 15)._children
    (head,) = layers.chevrons([rows[0].geometry], arm_m=10)
    left, tip, right = head.coords
    assert tip[0] > left[0] and tip[0] > right[0]  # the line runs east


# --- the real thing: Streamlit serving Leaflet itself, st_folium showing the layers ---------------

_APP = '''
import streamlit as st
from streamlit_folium import st_folium
from tests.test_maps import HOSTILE, _hostile_rows
from watershed import palette
from watershed.maps import layers

segments, ponds = _hostile_rows()
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
zoom = (st.session_state.get("map") or {}).get("zoom") or 15
groups = [
    layers.ponds_layer(ponds),
    layers.segments_layer(segments, zoom=zoom,
                          legend_entries=[(palette.GREEN, HOSTILE[0]),
                                          (palette.RED, f"zoom {zoom}")]),
    layers.flow_arrows(segments, zoom),
]
st_folium(layers.base_map((30.371, 112.078), 15, "none"), key="map", feature_group_to_add=groups,
          returned_objects=["bounds", "zoom"], height=400, width=700)
st.write(f"runs {st.session_state['runs']}")
'''


@pytest.mark.browser
def test_st_folium_draws_from_the_apps_own_leaflet_and_swaps_layers_in_place(leaflet, chromium,
                                                                             tmp_path):
    shutil.copytree(leaflet, tmp_path / "static" / "vendor" / "leaflet")
    (tmp_path / "app.py").write_text(_APP, encoding="utf-8")
    with served_app(None, script=tmp_path / "app.py") as address, \
            _isolated_page(chromium, allowed=("http://127.0.0.1",)) as (page, seen):
        page.goto(address)
        wait_for_app(page)
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator(".watershed-legend").wait_for()
        page.evaluate("() => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
                      ".contentWindow.__mounted = 'first'")
        assert HOSTILE[0] in frame.locator(".watershed-legend").text_content()
        runs = page.get_by_text("runs ", exact=False).text_content()

        frame.locator(".leaflet-control-zoom-in").click()  # zoom 16: a rerun with new layers
        frame.locator(".watershed-legend", has_text="zoom 16").wait_for(timeout=20_000)
        wait_for_app(page)
        assert page.get_by_text("runs ", exact=False).text_content() != runs
        assert frame.locator(".watershed-legend").count() == 1
        assert page.evaluate("() => document.querySelector('iframe[title=\"streamlit_folium."
                             "st_folium\"]').contentWindow.__mounted") == "first"

    assert seen["dialogs"] == [] and seen["blocked"] == []
    assert any(url.endswith("/app/static/vendor/leaflet/leaflet.js") for url in seen["requests"])
