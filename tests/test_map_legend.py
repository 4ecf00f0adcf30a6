"""Maps people can read: one legend that names everything drawn (the colouring, the ponds by
status, the sources, the problems by stage) and folds away on a phone; problems as marks in
colours no colouring uses, on a layer of their own that the page can hide; the first view
fitted by the browser to what is shown."""

import json
import re
from types import SimpleNamespace

from shapely import Polygon

from tests.pages import page_app
from watershed.catalogue import text
from watershed.domain.ponds import KINDS, STATUSES
from watershed.domain.problems import STAGES
from watershed.maps import colourings, layers
from watershed.maps.colourings import (COLOURING_COLOURS, PROBLEM_STATES, SOURCE, pond_colour,
                                       pond_states, problem_states, water_states)
from watershed.maps.elements import MARK_SHAPES
from watershed.maps.legend import NARROW_PX, Section, legend_html, section
from watershed.services.geometry.mapdata import PondOnMap, sources_in_view
from watershed.store.database import Database

HOSTILE = ("<img src=x onerror=alert(1)>", "${alert(1)}", "</script><script>alert(1)</script>")


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _pond(status: str, kind: str = "pond", name: str = "鱼塘") -> PondOnMap:
    return PondOnMap(id=1, code="YT-1", name=name, owner="", status=status, area_m2=5000.0,
                     geometry=Polygon([(112.07, 30.37), (112.071, 30.37), (112.071, 30.371)]),
                     kind=kind)


def _every_colouring_colour() -> set[str]:
    """What the colourings actually paint, asked of their colour functions, not their tables."""
    row = SimpleNamespace(id=1, code="S-1", kept=True)
    painted = {colourings.custody_colour(row),
               colourings.custody_colour(SimpleNamespace(kept=False))}
    painted |= {colourings.freshness_colour({1: days})(row) for days in (0, 10, 20, 40, None)}
    painted |= {colourings.peer_colour({1: score})(row) for score in (5, 4.2, 3.5, 2.5, 1, None)}
    causes = {"S-1": "pond:YT-1", "S-2": "reversed", "S-3": "gap", "S-4": "no_source"}
    for code in causes:
        dead = SimpleNamespace(id=2, code=code)
        painted.add(colourings.water_colour(set(), None, causes)(dead))
    painted |= {colourings.water_colour({1}, None, {})(row),
                colourings.water_colour(set(), {1}, {})(row)}
    painted |= {colourings.dredging_colour({1: status})(row)
                for status in (*colourings.DREDGING_COLOURS, "elsewhere")}
    painted |= {pond_colour(_pond(status, kind)) for status in (*STATUSES, "odd") for kind in KINDS}
    return painted | {SOURCE.colour}


def test_the_problem_marks_use_no_colour_of_any_colouring_and_none_close_to_one():
    painted = _every_colouring_colour()
    assert painted <= COLOURING_COLOURS  # the table the marks keep clear of is complete
    marks = {state.colour for state in PROBLEM_STATES}
    assert not marks & {colour.lower() for colour in painted}
    for mark in marks:  # a yellow dot on a yellow line was the complaint: not even near
        nearest = min(sum((a - b) ** 2 for a, b in zip(_rgb(mark), _rgb(colour))) ** 0.5
                      for colour in painted)
        assert nearest > 60, f"{mark} is {nearest:.0f} from a colouring's colour"


def test_each_stage_has_its_own_mark_with_an_edge_that_stands_out_from_its_fill():
    assert [state.key for state in PROBLEM_STATES] == [f"problem.stage.{s}" for s in STAGES]
    assert len({(state.shape, state.colour) for state in PROBLEM_STATES}) == len(STAGES)
    assert {state.shape for state in PROBLEM_STATES} <= set(MARK_SHAPES)
    assert all(state.outline and state.outline != state.colour for state in PROBLEM_STATES)
    assert [s.key for s in problem_states({"handled", "found"})] == [
        "problem.stage.found", "problem.stage.handled"]


def test_every_pond_status_has_its_colour_and_the_legend_lists_the_statuses_there_are():
    colours = [pond_colour(_pond(status)) for status in STATUSES]
    assert len(set(colours)) == len(STATUSES)
    assert pond_colour(_pond("occupying", "lake")) == colourings.OTHER_WATER
    shown = pond_states([_pond("cleared"), _pond("occupying"), _pond("occupying", "reservoir")])
    assert [state.key for state in shown] == ["pond.status.occupying", "pond.status.cleared",
                                              "map.pond.other_water"]
    # the legend's swatch is the colour the map fills the pond with
    assert [state.colour for state in shown] == [pond_colour(_pond("occupying")),
                                                 pond_colour(_pond("cleared")),
                                                 colourings.OTHER_WATER]
    assert pond_states([]) == ()


def test_the_water_legend_names_each_cause_of_dead_water_there_is_and_no_other():
    keys = [state.key for state in water_states({"A": "no_source", "B": "gap"})]
    assert keys == ["map.water.live", "map.water.dead_gap", "map.water.dead_no_source"]
    assert "map.water.dead" in [state.key for state in water_states({"A": "pond:YT-3"})]


def test_the_legend_is_one_folding_element_with_every_text_escaped():
    html = legend_html([
        Section(HOSTILE[0], ((colourings.BLUE, HOSTILE[1]),)),
        section(HOSTILE[2], pond_states([_pond("occupying")]), lambda key: HOSTILE[0]),
        section("问题", PROBLEM_STATES[:1], lambda key: "发现"),
        section("水源", (SOURCE,), lambda key: "水源"),
        Section("nothing", ()),
    ], summary=HOSTILE[1])
    assert html.count("<details") == 1 and html.count("<summary") == 1
    assert " open" not in html  # the script opens it on a wide map only
    assert "<img" not in html and "<script" not in html and "${" not in html
    assert html.count('class="watershed-legend-section"') == 4  # the empty one is left out
    assert "<polygon" in html and "<circle" in html  # a problem's mark, a source's
    assert f"background:{pond_colour(_pond('occupying'))}73" in html  # filled like the map
    assert "nothing" not in html


def _drawn(group) -> str:
    fmap = layers.base_map((30.37, 112.07), 15, "none")
    group.add_to(fmap)
    return fmap.get_root().render()


def test_the_problems_are_a_layer_of_their_own_drawn_as_marks_and_sources_as_round_ones():
    rows = [SimpleNamespace(lon=112.07, lat=30.37, stage=stage, label=HOSTILE[0])
            for stage in STAGES]
    script = _drawn(layers.problems_layer(rows, lambda row: row.label))
    assert "L.watershedMark(" in script and "L.control(" not in script  # no legend of its own
    marks = json.dumps([[state.shape, state.outline] for state in PROBLEM_STATES])
    assert marks.replace(" ", "") in script
    assert "<img" not in script
    sources = [SimpleNamespace(lon=112.07, lat=30.37, code="SY-1", name=HOSTILE[2])]
    script = _drawn(layers.sources_layer(sources))
    assert "L.circleMarker(" in script and SOURCE.colour in script
    assert "</script><script>alert" not in script


def test_the_base_map_lets_the_browser_fit_the_view_to_the_bounds_given():
    bounds = ((30.35, 112.05), (30.40, 112.10))
    page = layers.base_map((30.375, 112.075), 13, "osm", fit=bounds).get_root().render()
    assert re.search(r"fitBounds\(\s*\[\[30\.35, 112\.05\], \[30\.4, 112\.1\]\]", page)
    shifted = layers.base_map((30.375, 112.075), 13, "gaode", fit=bounds).get_root().render()
    assert "[[30.35, 112.05]" not in shifted and "fitBounds" in shifted  # GCJ-02 for Gaode
    assert "fitBounds" not in layers.base_map((30.375, 112.075), 13, "osm").get_root().render()


def _map_args(app) -> dict:
    return json.loads(app.get("component_instance")[0].proto.json_args)


def test_the_progress_map_has_one_legend_naming_ponds_and_problems_and_a_switch_hides_them(
        monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "progress_map", "staff")
    args = _map_args(app)
    groups = args["feature_group"]
    assert not app.exception and "fitBounds" in args["script"]
    assert groups.count("L.control(") == 1 and groups.count("\\u003cdetails") == 1
    in_legend = lambda label: json.dumps(label)[1:-1] in groups  # noqa: E731 (Jinja's tojson)
    assert in_legend(text("map.legend", "zh")) and in_legend(text("map.colouring.custody", "zh"))
    assert in_legend(text("map.legend.ponds", "zh"))
    assert in_legend(text("pond.status.occupying", "zh"))
    assert in_legend(text("problems.map_title", "zh")) and "L.watershedMark(" in groups
    assert in_legend(text("map.source", "zh")) and SOURCE.colour in groups  # the demo's sources
    assert f"size.x >= {NARROW_PX}" in groups  # folded on a phone

    app.toggle(key="progress_show_problems").set_value(False).run()
    groups = _map_args(app)["feature_group"]
    assert not app.exception and "L.watershedMark(" not in groups
    assert not in_legend(text("problems.map_title", "zh")) and groups.count("L.control(") == 1
    assert in_legend(text("pond.status.occupying", "zh"))


def test_the_sources_in_view_are_those_inside_the_window(demo_sqlite_url):
    db = Database(demo_sqlite_url)
    everywhere = sources_in_view(db, None)
    assert everywhere and all(source.code for source in everywhere)
    first = everywhere[0]
    around = (first.lon - 0.001, first.lat - 0.001, first.lon + 0.001, first.lat + 0.001)
    assert first in sources_in_view(db, around)
    assert sources_in_view(db, (first.lon + 1, first.lat + 1, first.lon + 2, first.lat + 2)) == []
    db.dispose()
