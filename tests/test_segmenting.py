"""Cutting channels into custody segments: geodesic lengths, confluences, equal pieces."""

import json
import math
from pathlib import Path

import numpy as np
import pyproj
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString

from watershed.domain.geodesy import (
    GEOD,
    cumulative_m,
    line_length_m,
    local_metres,
)
from watershed.domain.segmenting import (
    MIN_SEGMENT_M,
    Piece,
    confluence_points,
    cut,
    cut_many,
    segment_code,
)

MM = 0.001
ORIGIN = (112.08, 30.37)  # the Meihuai area of the Taihu Port basin

# A main channel about 1.1 km long, digitised west to east, and a ditch leaving it mid-edge.
MAIN = LineString(
    [(112.0800, 30.3700), (112.0840, 30.3702), (112.0875, 30.3699), (112.0915, 30.3701)]
)
BRANCH_START = (112.0820, 30.3701)  # halfway along MAIN's first edge
BRANCH = LineString([BRANCH_START, (112.0821, 30.3725), (112.0830, 30.3760)])


def walk(start, legs):
    """A line from `start` along (azimuth°, metres) legs, each leg a geodesic."""
    points = [start]
    for azimuth, metres in legs:
        lon, lat, _ = GEOD.fwd(*points[-1], azimuth, metres)
        points.append((lon, lat))
    return LineString(points)


def point_at(line, metres):
    """The point `metres` along a line, on the geodesic edge it falls in."""
    coords = np.asarray(line.coords)
    along = cumulative_m(coords)
    i = min(int(np.searchsorted(along, metres, side="right")) - 1, len(coords) - 2)
    azimuth, _, _ = GEOD.inv(*coords[i], *coords[i + 1])
    lon, lat, _ = GEOD.fwd(*coords[i], azimuth, metres - along[i])
    return (lon, lat)


def boundaries(pieces):
    return [pieces[0].start_m] + [p.end_m for p in pieces]


# --- Hypothesis strategies -------------------------------------------------------------------

legs = st.tuples(st.floats(0, 360), st.floats(5, 400))
starts = st.tuples(st.floats(-0.02, 0.02), st.floats(-0.02, 0.02)).map(
    lambda d: (ORIGIN[0] + d[0], ORIGIN[1] + d[1])
)
polylines = st.builds(walk, starts, st.lists(legs, min_size=1, max_size=29))
# Eastward legs only: such a line never comes back near itself.
eastward_legs = st.tuples(st.floats(30, 150), st.floats(5, 400))
eastward_polylines = st.builds(walk, starts, st.lists(eastward_legs, min_size=1, max_size=29))
targets = st.floats(50, 500)
split_fractions = st.lists(st.floats(0, 1), max_size=6)


def splits_for(line, fractions):
    """Split distances at least MIN_SEGMENT_M (plus a metre) from the ends and from each other,
    so every part is one the cut keeps."""
    length = line_length_m(line)
    gap = MIN_SEGMENT_M + 1.0
    kept = []
    for d in sorted(f * length for f in fractions):
        if d >= gap and length - d >= gap and (not kept or d - kept[-1] >= gap):
            kept.append(d)
    return kept


def pieces_for(part, target):
    """How many pieces a part is cut into: round(part / target), but none under MIN_SEGMENT_M."""
    return max(1, min(round(part / target), math.floor(part / MIN_SEGMENT_M)))


def parts_of(pieces, splits):
    """The pieces grouped by the split-bounded part they lie in."""
    groups = [[] for _ in range(len(splits) + 1)]
    for p in pieces:
        groups[int(np.searchsorted(splits, (p.start_m + p.end_m) / 2))].append(p)
    return groups


property_settings = settings(max_examples=150, deadline=None)


# --- Geodesy ---------------------------------------------------------------------------------


def test_a_kilometre_walked_on_the_ellipsoid_measures_a_kilometre():
    assert line_length_m(walk(ORIGIN, [(90, 400), (0, 600)])) == pytest.approx(1000, abs=MM)


def test_cumulative_distance_starts_at_zero_and_ends_at_the_line_length():
    along = cumulative_m(np.asarray(MAIN.coords))
    assert along[0] == 0
    assert np.all(np.diff(along) > 0)
    assert along[-1] == pytest.approx(line_length_m(MAIN), abs=1e-9)


def test_lengths_are_not_measured_in_web_mercator():
    east = walk(ORIGIN, [(90, 1000)])
    to_mercator = pyproj.Transformer.from_crs(4326, 3857, always_xy=True)
    planar = LineString([to_mercator.transform(*c) for c in east.coords]).length
    assert line_length_m(east) == pytest.approx(1000, abs=MM)
    # Web Mercator stretches lengths by 1/cos(latitude): about 16% here.
    assert planar / 1000 == pytest.approx(1 / math.cos(math.radians(ORIGIN[1])), rel=1e-3)
    assert planar > 1150


def test_local_metres_agree_with_geodesic_distance_within_a_kilometre():
    far = walk(ORIGIN, [(37, 800)]).coords[-1]
    east, north = local_metres(far[0], far[1], *ORIGIN)
    assert math.hypot(east, north) == pytest.approx(800, rel=1e-4)


# --- Cutting: examples -----------------------------------------------------------------------


def test_a_kilometre_long_line_is_cut_into_five_pieces_of_200_m():
    pieces = cut(walk(ORIGIN, [(90, 250)] * 4), target_m=200)
    assert [p.length_m for p in pieces] == pytest.approx([200] * 5, abs=MM)
    assert boundaries(pieces) == pytest.approx([0, 200, 400, 600, 800, 1000], abs=MM)


def test_a_line_shorter_than_one_and_a_half_targets_stays_whole():
    line = walk(ORIGIN, [(90, 140), (120, 140)])
    [piece] = cut(line, target_m=200)
    assert piece.geometry.equals_exact(line, 0)
    assert piece.start_m == 0 and piece.end_m == piece.length_m == line_length_m(line)


def test_a_remainder_is_spread_over_all_pieces_rather_than_left_as_a_runt():
    pieces = cut(walk(ORIGIN, [(90, 1130)]), target_m=200)
    assert [p.length_m for p in pieces] == pytest.approx([1130 / 6] * 6, abs=MM)


def test_a_cut_on_a_vertex_uses_the_vertex_and_adds_no_point():
    line = walk(ORIGIN, [(90, 200), (45, 200)])
    first, second = cut(line, target_m=200)
    assert first.geometry.coords[:] == line.coords[:2]
    assert second.geometry.coords[:] == line.coords[1:]


def test_a_cut_between_vertices_lies_on_the_geodesic_edge():
    line = walk(ORIGIN, [(60, 300)])
    first, second = cut(line, target_m=100, split_at_m=[123.4])[:2]
    a, b = line.coords
    joint = first.geometry.coords[-1]
    _, _, to_joint = GEOD.inv(*a, *joint)
    _, _, from_joint = GEOD.inv(*joint, *b)
    assert to_joint == pytest.approx(123.4, abs=1e-6)
    assert to_joint + from_joint == pytest.approx(300, abs=1e-6)


def test_a_split_within_a_millimetre_of_an_end_or_of_another_split_is_ignored():
    line = walk(ORIGIN, [(90, 300)])
    pieces = cut(line, target_m=500, split_at_m=[0.0005, 100, 100.0004, 299.9995])
    assert boundaries(pieces) == pytest.approx([0, 100, 300], abs=MM)


def test_a_stretch_shorter_than_50_m_between_confluences_joins_its_shorter_neighbour():
    line = walk(ORIGIN, [(90, 1000)])
    # Stretches of 300, 20, 80, 570 and 30 m: the 20 m one joins the 80 m one below it (not
    # the 300 m one above), and the last 30 m join the 570 m above them.
    pieces = cut(line, target_m=1000, split_at_m=[300, 320, 400, 970])
    assert boundaries(pieces) == pytest.approx([0, 300, 400, 1000], abs=MM)
    assert min(p.length_m for p in pieces) >= MIN_SEGMENT_M


def test_a_short_first_stretch_joins_the_one_below_it():
    line = walk(ORIGIN, [(90, 400)])
    pieces = cut(line, target_m=1000, split_at_m=[20])
    assert boundaries(pieces) == pytest.approx([0, 400], abs=MM)


def test_a_line_shorter_than_50_m_stays_one_piece_whatever_its_confluences():
    line = walk(ORIGIN, [(90, 30)])
    [piece] = cut(line, target_m=20, split_at_m=[10, 20])
    assert piece.length_m == pytest.approx(30, abs=MM)


def test_a_small_target_gives_pieces_of_50_m_rather_than_shorter():
    pieces = cut(walk(ORIGIN, [(90, 99)]), target_m=20)
    assert [p.length_m for p in pieces] == pytest.approx([99], abs=MM)
    pieces = cut(walk(ORIGIN, [(90, 1000)]), target_m=20)
    assert [p.length_m for p in pieces] == pytest.approx([50] * 20, abs=MM)


def test_a_branch_leaving_20_m_from_the_head_does_not_cut_off_a_20_m_segment():
    main = walk(ORIGIN, [(90, 600)])
    branch = walk(point_at(main, 20), [(0, 200)])
    main_pieces, _ = cut_many([main, branch], target_m=200)
    assert confluence_points([main, branch])[0] == pytest.approx([20], abs=0.01)
    assert [p.length_m for p in main_pieces] == pytest.approx([200] * 3, abs=MM)


def test_a_split_off_the_line_is_refused():
    with pytest.raises(ValueError, match="off line"):
        cut(walk(ORIGIN, [(90, 300)]), split_at_m=[301])


@pytest.mark.parametrize(
    "line",
    [LineString([ORIGIN, ORIGIN]), LineString([ORIGIN, ORIGIN, ORIGIN]), LineString()],
    ids=["two equal points", "three equal points", "empty"],
)
def test_a_line_without_two_distinct_points_is_refused(line):
    with pytest.raises(ValueError):
        cut(line)


def test_a_target_below_one_metre_is_refused():
    with pytest.raises(ValueError, match="target_m"):
        cut(MAIN, target_m=0.5)


def test_repeated_vertices_do_not_disturb_the_cut():
    a, b, c = walk(ORIGIN, [(90, 300), (90, 300)]).coords
    pieces = cut(LineString([a, b, b, c]), target_m=200)
    assert [p.length_m for p in pieces] == pytest.approx([200] * 3, abs=MM)


def test_pieces_are_frozen():
    piece = cut(MAIN)[0]
    assert isinstance(piece, Piece)
    with pytest.raises(AttributeError):
        piece.length_m = 1.0


# --- Confluences -----------------------------------------------------------------------------


def test_a_branch_starting_on_the_middle_of_a_main_line_is_a_confluence():
    main_found, branch_found = confluence_points([MAIN, BRANCH])
    expected = GEOD.inv(*MAIN.coords[0], *BRANCH_START)[2]
    assert main_found == pytest.approx([expected], abs=0.05)
    assert branch_found == []


def test_a_tributary_ending_on_a_main_line_is_a_confluence():
    tributary = LineString(BRANCH.coords[::-1])
    assert confluence_points([tributary, MAIN])[1] == pytest.approx(
        confluence_points([MAIN, BRANCH])[0]
    )


def test_lines_joined_end_to_end_have_no_confluences():
    upstream = walk(ORIGIN, [(90, 300), (80, 300)])
    downstream = walk(upstream.coords[-1], [(100, 400)])
    side = walk(upstream.coords[-1], [(0, 250)])
    assert confluence_points([upstream, downstream, side]) == [[], [], []]


def test_an_end_within_the_tolerance_is_a_confluence_and_one_beyond_it_is_not():
    main = walk(ORIGIN, [(90, 600)])
    on_main = point_at(main, 250)
    near = walk(walk(on_main, [(0, 0.6)]).coords[-1], [(0, 100)])
    far = walk(walk(point_at(main, 400), [(0, 1.4)]).coords[-1], [(0, 100)])
    found = confluence_points([main, near, far], tolerance_m=1.0)[0]
    assert found == pytest.approx([250], abs=0.01)
    assert confluence_points([main, far], tolerance_m=2.0)[0] == pytest.approx([400], abs=0.01)


def test_a_touch_within_a_metre_of_the_lines_own_end_is_not_a_confluence():
    main = walk(ORIGIN, [(90, 600)])
    branch = walk(point_at(main, 0.7), [(0, 100)])
    assert confluence_points([main, branch]) == [[], []]


def test_a_line_is_not_a_confluence_of_itself():
    loop = walk(ORIGIN, [(90, 300), (0, 100), (270, 150), (180, 100)])
    assert confluence_points([loop, walk((112.2, 30.5), [(0, 100)])]) == [[], []]


def test_touches_closer_than_a_metre_along_the_line_are_one_confluence():
    main = walk(ORIGIN, [(90, 600)])
    leaving = [(300, 0), (300.5, 180), (320, 0)]
    branches = [walk(point_at(main, d), [(azimuth, 100)]) for d, azimuth in leaving]
    assert confluence_points([main, *branches])[0] == pytest.approx([300, 320], abs=0.01)


def test_cut_many_cuts_the_main_line_where_the_branch_leaves():
    main_pieces, branch_pieces = cut_many([MAIN, BRANCH], target_m=200)
    [confluence] = confluence_points([MAIN, BRANCH])[0]
    assert confluence in boundaries(main_pieces)
    assert branch_pieces == cut(BRANCH, target_m=200)


def test_cut_many_gives_what_cut_gives_line_by_line():
    lines = [MAIN, BRANCH, walk(MAIN.coords[-1], [(100, 900)])]
    splits = confluence_points(lines)
    expected = [cut(line, 150, s) for line, s in zip(lines, splits)]
    got = cut_many(lines, 150)
    assert [[(p.start_m, p.end_m) for p in ps] for ps in got] == [
        [pytest.approx((p.start_m, p.end_m), abs=1e-6) for p in ps] for ps in expected
    ]


def test_nothing_to_cut_gives_nothing():
    assert cut_many([]) == [] and confluence_points([]) == []


# --- Segment codes ---------------------------------------------------------------------------


def test_segment_codes_count_from_one_in_three_digits():
    assert [segment_code("GZQ", i) for i in (1, 7, 120, 1000)] == [
        "GZQ-001",
        "GZQ-007",
        "GZQ-120",
        "GZQ-1000",
    ]


def test_a_segment_index_below_one_is_refused():
    with pytest.raises(ValueError):
        segment_code("GZQ", 0)


# --- Cutting: properties ---------------------------------------------------------------------


@property_settings
@given(polylines, targets, split_fractions)
def test_piece_lengths_add_up_to_the_line_length(line, target, fractions):
    pieces = cut(line, target, splits_for(line, fractions))
    assert sum(p.length_m for p in pieces) == pytest.approx(line_length_m(line), abs=MM)


@property_settings
@given(polylines, targets, split_fractions)
def test_each_piece_length_is_its_measured_geodesic_length(line, target, fractions):
    for p in cut(line, target, splits_for(line, fractions)):
        assert p.length_m == pytest.approx(line_length_m(p.geometry), abs=1e-6)
        assert p.length_m == pytest.approx(p.end_m - p.start_m, abs=1e-9)


@property_settings
@given(polylines, targets, split_fractions)
def test_pieces_are_contiguous_and_run_from_the_first_vertex_to_the_last(line, target, fractions):
    pieces = cut(line, target, splits_for(line, fractions))
    assert pieces[0].geometry.coords[0] == line.coords[0]
    assert pieces[-1].geometry.coords[-1] == line.coords[-1]
    assert pieces[0].start_m == 0
    for before, after in zip(pieces, pieces[1:]):
        assert after.geometry.coords[0] == before.geometry.coords[-1]
        assert after.start_m == before.end_m
        assert after.start_m > before.start_m


@property_settings
@given(polylines, targets, split_fractions)
def test_every_original_vertex_is_kept_in_order(line, target, fractions):
    pieces = cut(line, target, splits_for(line, fractions))
    walked = list(pieces[0].geometry.coords)
    for p in pieces[1:]:
        walked.extend(p.geometry.coords[1:])
    remaining = iter(walked)
    assert all(vertex in remaining for vertex in line.coords)  # a subsequence, exactly


@property_settings
@given(polylines, targets, split_fractions)
def test_splits_are_piece_boundaries(line, target, fractions):
    splits = splits_for(line, fractions)
    ends = boundaries(cut(line, target, splits))
    for d in splits:
        assert min(abs(d - b) for b in ends) <= 1e-6


@property_settings
@given(polylines, targets, split_fractions)
def test_each_part_is_cut_into_round_part_over_target_pieces_of_equal_length(
    line, target, fractions
):
    splits = splits_for(line, fractions)
    for group in parts_of(cut(line, target, splits), splits):
        part = group[-1].end_m - group[0].start_m
        assert len(group) == pieces_for(part, target)
        assert max(p.length_m for p in group) - min(p.length_m for p in group) <= MM


@property_settings
@given(polylines, targets, split_fractions)
def test_piece_lengths_stay_within_the_bound_rounding_allows(line, target, fractions):
    """With n = max(1, round(L/t)) pieces of L/n each:
    n = 1 happens for L < 1.5t, so the piece is L itself: at most 1.5t;
    n ≥ 2 means |L/t - n| ≤ 1/2, so L/n lies in [t(n-½)/n, t(n+½)/n] ⊆ [0.75t, 1.25t].
    Hence every piece is at most 1.5t, and at least min(L, 0.75t); both bounds are attained.
    Capping n at floor(L/m), m = MIN_SEGMENT_M, only makes pieces longer, and never longer
    than 2m (L/floor(L/m) < 2m when L ≥ m); it binds only when t < 2m."""
    splits = splits_for(line, fractions)
    for group in parts_of(cut(line, target, splits), splits):
        part = group[-1].end_m - group[0].start_m
        for p in group:
            assert p.length_m <= max(1.5 * target, 2 * MIN_SEGMENT_M) + MM
            assert p.length_m >= min(part, 0.75 * target, MIN_SEGMENT_M) - MM
            if len(group) >= 2 and target >= 2 * MIN_SEGMENT_M:
                assert 0.75 * target - MM <= p.length_m <= 1.25 * target + MM


@property_settings
@given(polylines, st.floats(1, 500), st.lists(st.floats(0, 1), max_size=12))
def test_no_piece_is_shorter_than_the_minimum_unless_the_line_is(line, target, fractions):
    length = line_length_m(line)
    pieces = cut(line, max(target, 1.0), [f * length for f in fractions])
    assert sum(p.length_m for p in pieces) == pytest.approx(length, abs=MM)
    for p in pieces:
        assert p.length_m >= min(length, MIN_SEGMENT_M) - 1e-6


@property_settings
@given(polylines, targets, st.lists(st.floats(0, 1), max_size=12))
def test_cutting_the_same_line_twice_gives_the_same_pieces(line, target, fractions):
    length = line_length_m(line)
    splits = [f * length for f in fractions]
    assert cut(line, target, splits) == cut(line, target, splits)


@property_settings
@given(eastward_polylines, st.floats(0, 1), st.floats(0, 360))
def test_a_branch_leaving_anywhere_but_the_ends_is_found_where_it_leaves(line, fraction, azimuth):
    length = line_length_m(line)
    d = 1.5 + fraction * (length - 3.0)
    branch = walk(point_at(line, d), [(azimuth, 50)])
    main_found, _ = confluence_points([line, branch])
    assert any(abs(found - d) <= 0.05 for found in main_found)


@property_settings
@given(eastward_polylines, st.floats(30, 150))
def test_a_line_continued_from_its_end_gains_no_confluence(line, azimuth):
    continued = walk(line.coords[-1], [(azimuth, 50)])
    assert confluence_points([line, continued]) == [[], []]


def test_two_lines_crossing_at_a_vertex_both_have_are_cut_there_and_a_bare_crossing_is_not():
    # OpenStreetMap draws canals that cross and both go on as two ways sharing one node.
    east = LineString([(112.07, 30.37), (112.075, 30.37), (112.08, 30.37)])
    north = LineString([(112.075, 30.365), (112.075, 30.37), (112.075, 30.375)])
    shared = confluence_points([east, north])
    assert shared[0] == [pytest.approx(cumulative_m(np.array(east.coords))[1])]
    assert shared[1] == [pytest.approx(cumulative_m(np.array(north.coords))[1])]
    # The same crossing without the shared vertex (an aqueduct, a culvert) is no confluence.
    bare = LineString([(112.075, 30.365), (112.075, 30.375)])
    assert confluence_points([east, bare]) == [[], []]


def test_on_real_osm_ways_the_shared_node_of_a_crossing_becomes_a_confluence_of_both():
    path = Path(__file__).parent / "data" / "nantong_jiangsu" / "channels.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    lines = [LineString(f["geometry"]["coordinates"]) for f in features]
    found = confluence_points(lines)
    # Features 10 (裤子港河) and 11 (二圩横河) cross at one OpenStreetMap node; neither ends there.
    [node] = set(lines[9].coords[1:-1]) & set(lines[10].coords[1:-1])
    for k in (9, 10):
        coords = np.array(lines[k].coords)
        at = cumulative_m(coords)[list(map(tuple, coords)).index(node)]
        assert any(abs(cut - at) < 0.01 for cut in found[k])
