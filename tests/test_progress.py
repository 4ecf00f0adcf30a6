"""The leadership's progress map: its figures, who may see them, and the page in zh and en."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from tests.factories import RESIDENT, STAFF, channels_file
from tests.pages import page_app
from watershed.catalogue import text
from watershed.domain.freshness import RECENT_DAYS
from watershed.errors import PermissionDenied
from watershed.maps.colourings import FRESHNESS_BINS, PEER_BINS, freshness_bin, peer_bin
from watershed.services.common.actors import Actor
from watershed.domain.localtime import day_start
from watershed.services.checks.checks import submit_check
from watershed.services.common.clock import now, today
from watershed.services.custody.custody import assign
from watershed.services.geometry.imports import import_layer
from watershed.services.geometry.mapdata import days_since_check, segments_in_view
from watershed.services.checks.progress import progress_figures
from watershed.services.geometry.segmenting import segment_channels
from watershed.services.places.stats import basin_stats
from watershed.store.database import Database
from watershed.store.tables import Household

LEADER = Actor("test-leader", "leader")
CUSTODIAN = Actor("test-custodian", "custodian", household_id=1)
GOOD = {d: "good" for d in ("flow", "water", "banks", "scenery", "harmony")}



def _checked(db, code: str, days_ago: int, hour: int = 9) -> None:
    # `hour` o'clock Beijing time, `days_ago` Beijing days ago (the days the figures count).
    at = day_start(today() - timedelta(days=days_ago)) + timedelta(hours=hour)
    submit_check(db, STAFF, code, GOOD, {}, at=min(at, now()))


def test_the_figures_count_kept_recently_checked_and_never_checked_segments(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    assign(basin, STAFF, "ZQ-002", "H-002")
    assign(basin, STAFF, "ZQ-003", "H-003", role="deputy")  # a deputy alone keeps nothing
    _checked(basin, "ZQ-001", 40)
    _checked(basin, "ZQ-001", 2)  # the latest check counts
    _checked(basin, "ZQ-003", 7, hour=0)  # seven days ago is still within seven days
    _checked(basin, "ZQ-002", 10)
    _checked(basin, "ZQ-Z01-001", 31)
    figures = progress_figures(basin, LEADER)
    total = basin_stats(basin)["segments"]
    assert figures["segments"] == total >= 4
    assert (figures["kept"], figures["kept_share"]) == (2, pytest.approx(2 / total))
    assert (figures["checked_recently"], figures["checked_share"]) == (2, pytest.approx(2 / total))
    assert figures["never_checked"] == total - 4
    assert figures["freshness"] == {7: 2, 14: 1, 30: 0, None: total - 3}
    assert figures["channel_km"] == pytest.approx(basin_stats(basin)["channel_length_km"])
    assert figures["ponds"] == {"occupying": 1}
    assert figures["today"] == today()
    later = progress_figures(basin, LEADER, today=today() + timedelta(days=12))
    assert (later["checked_recently"], later["freshness"][14], later["freshness"][30]) == (0, 1, 2)


def test_the_freshness_counts_agree_with_the_colours_on_the_map(basin):
    for code, days_ago in (("ZQ-001", 0), ("ZQ-002", 8), ("ZQ-003", 15), ("ZQ-Z01-001", 30)):
        _checked(basin, code, days_ago, hour=0)
    days = days_since_check(basin)
    on_map = Counter(freshness_bin(days.get(row.id)).max_days
                     for row in segments_in_view(basin, None))
    assert progress_figures(basin, STAFF)["freshness"] == {
        state.max_days: on_map[state.max_days] for state in FRESHNESS_BINS}


def test_re_cut_segments_count_once_and_an_empty_database_gives_zeros(db, tmp_path):
    empty = progress_figures(db, LEADER)
    assert (empty["segments"], empty["kept_share"], empty["checked_share"]) == (0, 0.0, 0.0)
    assert empty["ponds"] == {} and set(empty["freshness"].values()) == {0}
    import_layer(db, STAFF, "channels", channels_file(tmp_path))
    segment_channels(db, STAFF)
    segment_channels(db, STAFF, target_m=100.0)
    figures = progress_figures(db, LEADER)
    assert figures["segments"] == len(segments_in_view(db, None)) == figures["never_checked"]


@pytest.mark.parametrize("actor", [CUSTODIAN, RESIDENT], ids=["custodian", "resident"])
def test_only_the_leadership_and_the_staff_may_see_the_figures(db, actor):
    with pytest.raises(PermissionDenied) as refused:
        progress_figures(db, actor)
    assert refused.value.key == "error.permission"


# The page, on the shared demo database.

def _map_script(app: AppTest) -> str:
    return app.get("component_instance")[0].proto.json_args


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("username", ["leader", "staff"])
def test_the_progress_map_shows_the_figures_beside_the_map(monkeypatch, demo_sqlite_url, username,
                                                           language):
    app = page_app(monkeypatch, demo_sqlite_url, "progress_map", username, language)
    assert not app.exception and not app.error
    assert app.title[0].value == text("leader.title", language)
    database = Database(demo_sqlite_url)
    figures = progress_figures(database, LEADER)
    database.dispose()
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics[text("ui.segments", language)] == f"{figures['segments']:,}"
    assert metrics[text("leader.kept", language)] == f"{figures['kept_share']:.1%}"
    assert text("leader.checked_recently", language, days=RECENT_DAYS) in metrics
    assert metrics[text("leader.never_checked", language)] == text(
        "leader.segment_count", language, count=figures["never_checked"])
    assert metrics[text("pond.status.occupying", language)] == f"{figures['ponds']['occupying']:,}"
    assert text("ui.channels", language) in metrics
    (chart,) = app.get("vega_lite_chart")
    bars = json.loads(chart.proto.spec)["encoding"]["y"]["sort"]
    assert bars == [text(state.key, language) for state in FRESHNESS_BINS]
    assert len(app.get("component_instance")) == 1  # the map


def test_nothing_on_the_progress_map_can_be_edited(monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "progress_map", "leader")
    assert [radio.label for radio in app.radio] == [text("map.colouring", "zh")]
    # what the map shows may be chosen: the colouring, and whether the problems are drawn
    assert [toggle.label for toggle in app.toggle] == [text("map.problems.show", "zh")]
    for kind in ("button", "text_input", "text_area", "number_input", "date_input",
                 "file_uploader", "checkbox", "form"):
        assert not app.get(kind), kind


def test_switching_the_colouring_redraws_the_map_by_check_freshness(monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "progress_map", "leader", "en")
    never = text("map.fresh.stale", "en")
    assert app.radio[0].value == "custody" and never not in _map_script(app)
    app.radio[0].set_value("freshness").run()
    assert not app.exception
    assert app.radio[0].value == "freshness" and never in _map_script(app)
    app.radio[0].set_value("custody").run()
    assert not app.exception and never not in _map_script(app)


def test_the_peer_score_colouring_draws_the_latest_rounds_scores_with_their_legend(
        monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "progress_map", "leader", "en")
    app.radio[0].set_value("peer").run()
    script = _map_script(app)
    assert not app.exception and text("map.peer.excellent", "en") in script
    used = {state.colour for state in PEER_BINS if state.colour.lower() in script.lower()}
    assert len(used) >= 4  # the demo's scores spread over the bands


def test_peer_bins_follow_the_board_bands():
    assert [peer_bin(score).key for score in (5, 4.5, 4.49, 4.0, 3.0, 2.99, 2.0, 1.0, None)] == [
        "map.peer.excellent", "map.peer.excellent", "map.peer.good", "map.peer.good",
        "map.peer.fair", "map.peer.poor", "map.peer.poor", "map.peer.bad", "map.peer.none"]


def test_a_custodian_who_reaches_the_page_gets_a_refusal_not_an_exception(monkeypatch,
                                                                         demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "progress_map", "custodian", "en")
    assert not app.exception
    assert app.error[0].value == text("error.permission", "en", who="custodian",
                                      action=text("action.view_progress", "en"))
    assert not app.get("component_instance") and not app.metric


# The base-map selector.

def _selector_script() -> None:
    from watershed.ui.widgets_basemap import basemap_selector

    basemap_selector()


def _selector(monkeypatch, language: str, key: str = "") -> AppTest:
    monkeypatch.setenv("WATERSHED_LANGUAGE", language)
    monkeypatch.setenv("WATERSHED_TIANDITU_KEY", key)
    monkeypatch.delenv("WATERSHED_BASEMAP", raising=False)
    return AppTest.from_function(_selector_script, default_timeout=30).run()


def test_the_base_map_selector_offers_tianditu_only_with_a_key(monkeypatch):
    app = _selector(monkeypatch, "zh")
    (box,) = app.selectbox
    assert box.label == "底图" and box.value == "osm"
    assert box.options == ["OpenStreetMap", "高德 (GCJ-02 偏移已校正)", "无底图"]
    assert app.session_state["basemap"] == "osm"
    keyed = _selector(monkeypatch, "en", key="secret")
    assert keyed.selectbox[0].options == ["OpenStreetMap", "Tianditu (天地图)",
                                          "Gaode (高德, GCJ-02 offset corrected)", "No base map"]


def test_the_chosen_base_map_is_kept_for_the_session_and_drawn(monkeypatch, demo_sqlite_url):
    app = _selector(monkeypatch, "en")
    app.selectbox[0].set_value("gaode").run()
    assert app.session_state["basemap"] == "gaode"
    app.run()
    assert app.selectbox[0].value == "gaode" and app.session_state["basemap"] == "gaode"
    page = page_app(monkeypatch, demo_sqlite_url, "progress_map", "leader", "en")
    assert "autonavi" not in _map_script(page)
    page.session_state["basemap"] = "gaode"
    page.run()
    assert not page.exception and "autonavi" in _map_script(page)


def test_the_shared_figures_and_map_are_drawn_anew_after_a_write(monkeypatch, demo_copy):
    # The figures and the whole-basin drawing are shared across sessions (ui.wiring.shared):
    # a segment taken on in another session must show on the next run, in both.
    app = page_app(monkeypatch, demo_copy, "progress_map", "leader", "en")
    kept = lambda: {m.label: m.value for m in app.metric}[text("leader.kept", "en")]  # noqa: E731
    database = Database(demo_copy)
    open_segment = next(row for row in segments_in_view(database, None, limit=None)
                        if not row.kept)
    before, script = kept(), _map_script(app)
    assert f"{open_segment.code} " not in script  # no keeper's name beside its code
    with database.read() as session:
        code, name = session.execute(select(Household.code, Household.head_name)
                                     .order_by(Household.id).limit(1)).one()
    assign(database, STAFF, open_segment.code, code)
    app.run()
    assert not app.exception
    assert kept() == f"{progress_figures(database, LEADER)['kept_share']:.1%}" != before
    assert json.dumps(f"{open_segment.code} {name}")[1:-1] in _map_script(app)
    database.dispose()
