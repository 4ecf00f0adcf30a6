"""What the map draws of a view holding more segments than it may draw: an overview of the whole
window (the longest segment of each cell of a grid), never its first segments by id; a view
zoomed in far enough draws every segment in it; a window holding the whole basin draws it as the
first run did."""

import json
from collections import defaultdict

import pytest

from tests.pages import page_app
from watershed.maps import layers
from watershed.services.geometry import mapdata
from watershed.services.geometry.mapdata import (basin_view, cell_of, grid, segment_boxes,
                                                 segments_in_view, segments_to_draw)
from watershed.store.database import Database
from watershed.ui import map_view

LIMIT = 120


def whole(db):
    _, ((south, west), (north, east)) = basin_view(db)
    return west, south, east, north


def by_cell(bbox, cells, rows):
    boxes = [row.geometry.bounds for row in rows]
    found = cell_of(bbox, cells, *zip(*boxes))
    grouped = defaultdict(list)
    for cell, row in zip(found, rows):
        grouped[int(cell)].append(row)
    return grouped


def test_the_whole_basin_zoomed_out_is_an_overview_of_every_cell_that_has_segments(demo_db):
    bbox = whole(demo_db)
    everything = segments_in_view(demo_db, None, limit=None)
    drawn = segments_to_draw(demo_db, bbox, limit=LIMIT)
    assert drawn.cells >= LIMIT and drawn.total == len(everything) > LIMIT
    assert LIMIT / 2 < len(drawn.rows) <= LIMIT  # as close to the limit as a grid gets
    wanted, got = by_cell(bbox, drawn.cells, everything), by_cell(bbox, drawn.cells, drawn.rows)
    assert set(got) == set(wanted)  # every cell with segments shows one, and only one
    assert all(len(rows) == 1 for rows in got.values())
    for cell, (row,) in got.items():  # the longest of its cell
        assert row.length_m == max(other.length_m for other in wanted[cell])
    first_by_id = {row.id for row in everything[:LIMIT]}
    assert {row.id for row in drawn.rows} != first_by_id
    # Chosen from the boxes a page shares, it is the same overview.
    assert segments_to_draw(demo_db, bbox, limit=LIMIT, boxes=segment_boxes(demo_db)) == drawn


def test_the_overview_spans_the_basin_from_edge_to_edge(demo_db):
    west, south, east, north = bbox = whole(demo_db)
    drawn = segments_to_draw(demo_db, bbox, limit=LIMIT).rows
    xs = [x for row in drawn for x in (row.geometry.bounds[0], row.geometry.bounds[2])]
    ys = [y for row in drawn for y in (row.geometry.bounds[1], row.geometry.bounds[3])]
    assert (max(xs) - min(xs)) > 0.9 * (east - west) and (max(ys) - min(ys)) > 0.9 * (north - south)


def test_a_view_zoomed_in_draws_every_segment_in_it_with_its_keeper(demo_db):
    west, south, east, north = whole(demo_db)
    middle = ((west + east) / 2, (south + north) / 2)
    window = (middle[0] - 0.01, middle[1] - 0.01, middle[0] + 0.01, middle[1] + 0.01)
    drawn = segments_to_draw(demo_db, window, limit=LIMIT)
    assert not drawn.cells and 0 < drawn.total == len(drawn.rows) <= LIMIT
    assert drawn.rows == segments_in_view(demo_db, window, limit=None)
    assert segments_to_draw(demo_db, window, limit=LIMIT, boxes=segment_boxes(demo_db)) == drawn


def test_the_grid_has_at_most_the_limit_of_cells_and_follows_the_windows_shape():
    assert grid((0, 0, 1, 1), 100) == (10, 10)
    columns, rows = grid((0, 0, 4, 1), 100)
    assert columns * rows <= 100 and columns == 20 and rows == 5
    assert grid((0, 0, 1, 1), 1) == (1, 1)
    # A segment reaching in from outside the window is counted in the nearest cell.
    assert list(cell_of((0, 0, 1, 1), 4, [-5, 0.9], [0.1, 0.9], [-4, 1.0], [0.2, 1.0])) == [0, 3]


def test_segments_piled_on_one_spot_still_give_an_overview_of_at_most_the_limit(basin):
    every = segments_to_draw(basin, None, limit=1000)
    assert not every.cells and every.total == len(every.rows) > 3
    drawn = segments_to_draw(basin, (0.0, 0.0, 180.0, 90.0), limit=3)  # all in one corner
    assert drawn.cells and 1 <= len(drawn.rows) <= 3 and drawn.total == every.total


def drawn_with_a_small_limit(session, bbox, **options):
    """segments_to_draw at LIMIT, so that the demo's whole basin is an overview."""
    return mapdata.segments_to_draw(session, bbox, limit=LIMIT, **options)


def _window(west, south, east, north) -> dict:
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def test_a_window_holding_the_whole_basin_is_drawn_as_the_first_run_drew_it(monkeypatch,
                                                                              demo_sqlite_url):
    # The map's first report (the browser fitted it to the basin, with some room around) must
    # not draw another overview: the same drawing is sent as a reference to what the browser
    # has. A window on part of the basin is drawn for itself.
    monkeypatch.setattr(map_view, "segments_to_draw", drawn_with_a_small_limit)
    app = page_app(monkeypatch, demo_sqlite_url, "progress_map", "staff")
    drawn = lambda: json.loads(app.get("component_instance")[0].proto.json_args)  # noqa: E731
    first = drawn()["feature_group"]
    west, south, east, north = whole(Database(demo_sqlite_url))
    zoom = layers.fit_zoom(((south, west), (north, east)), 700, 520)
    wide, high = east - west, north - south
    app.session_state["progress_map"] = {"bounds": _window(west - wide / 3, south - high / 9,
                                                           east + wide / 5, north + high / 4),
                                         "zoom": zoom}
    app.run()
    assert not app.exception and drawn()["feature_group"] == first
    app.session_state["progress_map"] = {"bounds": _window(west, south, (west + east) / 2,
                                                           (south + north) / 2), "zoom": zoom}
    app.run()
    assert not app.exception and drawn()["feature_group"] != first
