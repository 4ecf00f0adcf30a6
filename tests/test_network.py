"""Live water (活水): junctions joined within a tolerance, water flowing downstream from sources,
ponds blocking the segments they cross."""

import networkx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, Point

from watershed.domain.geodesy import GEOD
from watershed.domain.network.flow import (
    SOURCE_SNAP_M,
    Reach,
    dead_causes,
    flow_graph,
    live_reaches,
    reaches_from_lines,
)
from watershed.domain.segmenting import cut_many

ORIGIN = (112.08, 30.37)  # the Meihuai area of the Taihu Port basin


def chain(points, first_id=1):
    """Reaches along consecutive points, ids counting up from `first_id`."""
    return [Reach(first_id + k, a, b) for k, (a, b) in enumerate(zip(points, points[1:]))]


def live(reaches, sources, blocked=(), tolerance_m=1.0, **kw):
    """The ids of the live reaches, after checking every reach has an answer."""
    answer = live_reaches(flow_graph(reaches, tolerance_m), sources, blocked, **kw)
    assert sorted(answer) == sorted(r.id for r in reaches)
    return {i for i, wet in answer.items() if wet}


# --- Hand-made networks ----------------------------------------------------------------------

THREE = chain([(0.0, 0.0), (100.0, 0.0), (200.0, 0.0), (300.0, 0.0)])  # ids 1, 2, 3


def test_a_chain_fed_at_its_head_is_live_throughout():
    assert live(THREE, [(0.0, 0.0)]) == {1, 2, 3}


def test_a_pond_on_the_middle_reach_kills_it_and_everything_below():
    assert live(THREE, [(0.0, 0.0)], blocked={2}) == {1}


def test_a_pond_on_the_first_reach_kills_everything():
    assert live(THREE, [(0.0, 0.0)], blocked={1}) == set()


def test_a_pond_on_the_last_reach_kills_only_it():
    assert live(THREE, [(0.0, 0.0)], blocked={3}) == {1, 2}


def test_water_does_not_flow_upstream_at_a_confluence():
    fed = Reach(1, (0.0, 100.0), (100.0, 0.0))
    unfed = Reach(2, (0.0, -100.0), (100.0, 0.0))
    below = Reach(3, (100.0, 0.0), (200.0, 0.0))
    assert live([fed, unfed, below], [(0.0, 100.0)]) == {1, 3}


def test_a_source_mid_chain_feeds_only_what_lies_below_it():
    assert live(THREE, [(100.0, 0.0)]) == {2, 3}


# The main channel, cut at 100 m where a branch leaves it; the branch was digitised 0.6 m off the
# cut, as happens when the cut is computed on the main channel and the branch keeps its own vertex.
MAIN_REACHES = chain([(0.0, 0.0), (100.0, 0.0), (200.0, 0.0), (300.0, 0.0)])  # 1, 2, 3
BRANCH_REACHES = chain([(100.0, 0.6), (100.0, 100.0), (100.0, 200.0)], first_id=11)  # 11, 12
DISTRIBUTARY = MAIN_REACHES + BRANCH_REACHES


def test_a_branch_starting_within_the_tolerance_leaves_the_main_channel():
    assert live(DISTRIBUTARY, [(0.0, 0.0)]) == {1, 2, 3, 11, 12}
    # 0.6 m is more than half a metre: without the tolerance the branch would be cut off.
    assert live(DISTRIBUTARY, [(0.0, 0.0)], tolerance_m=0.5) == {1, 2, 3}


def test_a_pond_on_a_branch_blocks_only_the_branch_below_it():
    assert live(DISTRIBUTARY, [(0.0, 0.0)], blocked={11}) == {1, 2, 3}
    assert live(DISTRIBUTARY, [(0.0, 0.0)], blocked={12}) == {1, 2, 3, 11}


def test_a_pond_on_the_main_channel_below_the_fork_spares_the_branch():
    assert live(DISTRIBUTARY, [(0.0, 0.0)], blocked={2}) == {1, 11, 12}


# Two parallel reaches between the same junctions (a braid), then a longer second way round.
BRAID = [
    Reach(1, (0.0, 0.0), (100.0, 0.0)),
    Reach(2, (100.0, 0.0), (200.0, 0.0)),
    Reach(3, (100.0, 0.0), (200.0, 0.0)),
    Reach(4, (200.0, 0.0), (300.0, 0.0)),
]
LOOP = [
    Reach(1, (0.0, 0.0), (100.0, 0.0)),
    Reach(2, (100.0, 0.0), (200.0, 0.0)),
    Reach(3, (100.0, 0.0), (150.0, 80.0)),
    Reach(5, (150.0, 80.0), (200.0, 0.0)),
    Reach(4, (200.0, 0.0), (300.0, 0.0)),
]


def test_parallel_reaches_between_the_same_junctions_are_both_kept():
    graph = flow_graph(BRAID)
    assert graph.number_of_nodes() == 4
    assert sorted(r for _, _, r in graph.edges(data="reach")) == [1, 2, 3, 4]
    assert sorted(graph[1][2]) == [2, 3]


@pytest.mark.parametrize("network", [BRAID, LOOP], ids=["braid", "loop"])
def test_a_reach_reached_two_ways_lives_while_either_way_is_open(network):
    assert live(network, [(0.0, 0.0)], blocked={2}) == {1, 3, 4, 5} & {r.id for r in network}
    assert live(network, [(0.0, 0.0)], blocked={3}) == {1, 2, 4}
    assert live(network, [(0.0, 0.0)], blocked={2, 3}) == {1}


def test_the_loop_dies_below_a_pond_on_its_second_leg():
    assert live(LOOP, [(0.0, 0.0)], blocked={2, 5}) == {1, 3}


def test_a_source_beyond_the_snapping_distance_feeds_nothing():
    assert live(THREE, [(0.0, SOURCE_SNAP_M + 10.0)]) == set()
    assert live(THREE, [(-(SOURCE_SNAP_M - 10.0), 0.0)]) == {1, 2, 3}
    assert live(THREE, [(0.0, 30.0)], snap_m=20.0) == set()


def test_a_source_feeds_the_nearest_junction_only():
    assert live(THREE, [(140.0, 20.0)]) == {2, 3}  # 100 m is nearer than 200 m


def test_no_sources_means_no_live_water():
    assert live(THREE, []) == set()
    assert live_reaches(flow_graph([]), [(0.0, 0.0)], ()) == {}


def test_ends_farther_apart_than_the_tolerance_are_not_joined():
    gap = [Reach(1, (0.0, 0.0), (100.0, 0.0)), Reach(2, (101.5, 0.0), (200.0, 0.0))]
    assert flow_graph(gap, 1.0).number_of_nodes() == 4
    assert live(gap, [(0.0, 0.0)], tolerance_m=1.0) == {1}
    assert flow_graph(gap, 2.0).number_of_nodes() == 3
    assert live(gap, [(0.0, 0.0)], tolerance_m=2.0) == {1, 2}


def test_ends_are_joined_through_a_chain_of_near_neighbours():
    # Three ends 0.8 m apart in a row: the outer two are 1.6 m apart, but one junction.
    reaches = [
        Reach(1, (-100.0, 0.0), (0.0, 0.0)),
        Reach(2, (0.8, 0.0), (0.8, 100.0)),
        Reach(3, (1.6, 0.0), (100.0, 0.0)),
    ]
    graph = flow_graph(reaches)
    assert graph.number_of_nodes() == 4
    assert graph.graph["xy"][1].tolist() == pytest.approx([0.8, 0.0])
    assert live(reaches, [(-100.0, 0.0)]) == {1, 2, 3}


@settings(max_examples=60, deadline=None)
@given(st.permutations(range(12)), st.integers(1, 11))
def test_a_row_of_ends_0_9_m_apart_is_one_junction_in_any_order(order, gap_after):
    """Twelve reach starts in a row, 0.9 m apart but 1.5 m apart after the `gap_after`-th: two
    junctions, whatever order the reaches come in."""
    xs = [0.9 * k + (0.6 if k >= gap_after else 0.0) for k in range(12)]
    reaches = [Reach(i, (xs[k], 0.0), (xs[k], 500.0 + 100.0 * i)) for i, k in enumerate(order)]
    graph = flow_graph(reaches)
    assert graph.number_of_nodes() == 2 + 12
    start = {reach: u for u, _, reach in graph.edges(data="reach")}
    left = {start[i] for i, k in enumerate(order) if k < gap_after}
    right = {start[i] for i, k in enumerate(order) if k >= gap_after}
    assert len(left) == len(right) == 1 and left != right


def test_blocked_ids_not_in_the_network_are_ignored():
    assert live(THREE, [(0.0, 0.0)], blocked={99}) == {1, 2, 3}


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unique"):
        flow_graph([Reach(1, (0, 0), (1, 1)), Reach(1, (1, 1), (2, 2))])
    with pytest.raises(ValueError, match="finite"):
        flow_graph([Reach(1, (0, 0), (float("nan"), 1))])
    with pytest.raises(ValueError, match="tolerance"):
        flow_graph(THREE, -1.0)
    with pytest.raises(ValueError, match="snap"):
        live_reaches(flow_graph(THREE), [(0, 0)], (), snap_m=float("nan"))


# --- From lon/lat lines ----------------------------------------------------------------------


def test_reaches_from_lines_takes_the_first_and_last_points_in_metres():
    lon0, lat0 = ORIGIN
    east, north, _ = GEOD.fwd([lon0, lon0], [lat0, lat0], [90.0, 0.0], [100.0, 100.0])
    lines = [
        LineString([(lon0, lat0), (lon0 + 0.0005, lat0 + 0.0003), (east[0], north[0])]),
        LineString([(east[1], north[1]), (lon0, lat0)]),
    ]
    first, second = reaches_from_lines([7, 8], lines, ORIGIN)
    assert (first.id, second.id) == (7, 8)
    assert first.start == pytest.approx((0.0, 0.0), abs=1e-9)
    assert first.end == pytest.approx((100.0, 0.0), abs=0.01)
    assert second.start == pytest.approx((0.0, 100.0), abs=0.01)
    assert second.end == pytest.approx((0.0, 0.0), abs=1e-9)
    assert reaches_from_lines([], [], ORIGIN) == []
    with pytest.raises(ValueError, match="ids"):
        reaches_from_lines([1], lines, ORIGIN)
    with pytest.raises(ValueError, match="not a LineString"):
        reaches_from_lines([1], [Point(lon0, lat0)], ORIGIN)


# A main channel about 1.1 km long, digitised west to east, and a ditch leaving it halfway along
# its first edge (as in test_segmenting).
MAIN = LineString(
    [(112.0800, 30.3700), (112.0840, 30.3702), (112.0875, 30.3699), (112.0915, 30.3701)]
)
BRANCH = LineString([(112.0820, 30.3701), (112.0821, 30.3725), (112.0830, 30.3760)])


def test_segments_cut_at_a_confluence_join_the_branch_that_leaves_there():
    """The whole way from lon/lat channels: cut, take the ends, join, flow."""
    main, branch = cut_many([MAIN, BRANCH], target_m=200.0)
    lines = [p.geometry for p in main] + [p.geometry for p in branch]
    ids = list(range(1, len(lines) + 1))
    reaches = reaches_from_lines(ids, lines, ORIGIN)
    source = reaches[0].start
    on_branch = ids[len(main) :]
    assert live(reaches, [source]) == set(ids)
    # A pond on the first branch segment kills the branch and nothing on the main channel.
    assert live(reaches, [source], blocked={on_branch[0]}) == set(ids[: len(main)])


# --- Random networks -------------------------------------------------------------------------


@st.composite
def networks(draw):
    """A random network of junctions 100 m or more apart, reaches going from a junction to a
    later one (a new one, or an existing one for a confluence, so there are no cycles), each end
    off its junction by up to 0.42 m; sources within 30 m of some junctions; some ponds.

    Returns (reaches, sources, blocked, edges, fed) with edges[i] = (from, to) junction of
    reaches[i] and fed the junctions the sources feed."""
    n = draw(st.integers(1, 30))
    edges, count = [], 1
    for _ in range(n):
        u = draw(st.integers(0, count - 1))
        if u < count - 1 and draw(st.booleans()):
            v = draw(st.integers(u + 1, count - 1))
        else:
            v, count = count, count + 1
        edges.append((u, v))

    def junction(k):
        return (100.0 * (k % 6), 100.0 * (k // 6))

    jitter = st.floats(-0.3, 0.3)

    def near(k, spread):
        x, y = junction(k)
        return (x + draw(spread), y + draw(spread))

    reaches = [
        Reach(1000 + 7 * i, near(u, jitter), near(v, jitter)) for i, (u, v) in enumerate(edges)
    ]
    fed = draw(st.sets(st.integers(0, count - 1), max_size=3))
    sources = [near(k, st.floats(-21.0, 21.0)) for k in sorted(fed)]
    blocked = draw(st.sets(st.sampled_from([r.id for r in reaches])))
    return reaches, sources, blocked, edges, fed


def oracle(edges, ids, fed, blocked):
    """Live ids by plain reachability on the abstract network, geometry left out."""
    open_graph = networkx.DiGraph()
    open_graph.add_nodes_from(range(len(edges) + 1))
    open_graph.add_edges_from(e for e, i in zip(edges, ids) if i not in blocked)
    wet = set(fed).union(*(networkx.descendants(open_graph, k) for k in fed))
    return {i for (u, _), i in zip(edges, ids) if i not in blocked and u in wet}


@settings(max_examples=60, deadline=None)
@given(networks())
def test_random_networks_agree_with_plain_reachability(network):
    reaches, sources, blocked, edges, fed = network
    assert flow_graph(reaches).number_of_nodes() == len({k for e in edges for k in e})
    ids = [r.id for r in reaches]
    assert live(reaches, sources, blocked) == oracle(edges, ids, fed, blocked)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_with_nothing_blocked_every_reach_below_a_source_is_live(network):
    reaches, sources, _, edges, fed = network
    graph = networkx.DiGraph(edges)
    below = set(fed).union(*(networkx.descendants(graph, k) for k in fed))
    expected = {r.id for r, (u, _) in zip(reaches, edges) if u in below}
    assert live(reaches, sources) == expected


@settings(max_examples=60, deadline=None)
@given(networks(), st.data())
def test_clearing_ponds_only_ever_brings_water_back(network, data):
    reaches, sources, blocked, _, _ = network
    cleared = data.draw(st.sets(st.sampled_from(sorted(blocked))) if blocked else st.just(set()))
    before = live(reaches, sources, blocked)
    after = live(reaches, sources, blocked - cleared)
    assert before <= after
    assert not (after - before) & (blocked - cleared)


# --- A large network -------------------------------------------------------------------------


def test_a_network_of_80000_reaches():
    """A trunk of 400 reaches, each of its 400 upstream junctions the head of a 199-reach branch
    whose first point is 0.6 m off the trunk; ponds on trunk reach 300 and branch 10's 51st."""
    trunk, branches, length = 400, 400, 199
    reaches = [Reach(k, (200.0 * k, 0.0), (200.0 * (k + 1), 0.0)) for k in range(trunk)]
    for b in range(branches):
        x, first = 200.0 * b, trunk + b * length
        ys = [0.6] + [200.0 * j for j in range(1, length + 1)]
        reaches += [Reach(first + j, (x, ys[j]), (x, ys[j + 1])) for j in range(length)]
    assert len(reaches) == 80_000
    pond_on_branch = trunk + 10 * length + 50
    answer = live_reaches(flow_graph(reaches), [(0.0, 0.0)], {300, pond_on_branch})

    assert len(answer) == 80_000
    wet = {i for i, w in answer.items() if w}
    # Trunk 0..299 live; branches from junctions 0..300 live, but branch 10 only above its pond.
    assert len(wet) == 300 + 301 * length - (length - 50)
    assert set(range(300)) <= wet and not wet & set(range(300, trunk))
    assert trunk + 300 * length in wet and trunk + 301 * length not in wet
    assert pond_on_branch - 1 in wet and pond_on_branch not in wet


# --- Why dead water is dead -----------------------------------------------------------------

def causes(reaches, sources, ponds=None, suspects=None):
    """dead_causes on a hand-made network, `ponds` reach -> pond code."""
    graph = flow_graph(reaches)
    ponds = ponds or {}
    return dead_causes(graph, live_reaches(graph, sources, ponds),
                       live_reaches(graph, sources, ()), ponds, suspects or {})


FIVE = chain([(x * 100.0, 0.0) for x in range(6)])  # ids 1..5 along one line


def test_a_pond_is_the_cause_on_its_reach_and_below_it_the_nearest_pond_above_is():
    assert causes(FIVE, [(0.0, 0.0)], {2: "YT-01", 4: "YT-02"}) == {
        2: "pond:YT-01", 3: "pond:YT-01", 4: "pond:YT-02", 5: "pond:YT-02"}


def test_without_a_source_above_the_cause_is_no_source_even_below_a_pond():
    assert causes(FIVE, [], {2: "YT-01"}) == {
        1: "no_source", 2: "pond:YT-01", 3: "no_source", 4: "no_source", 5: "no_source"}


def test_what_a_reversed_line_cut_off_is_put_down_to_it_on_either_side():
    head = Reach(1, (0.0, 0.0), (100.0, 0.0))
    turned = Reach(2, (200.0, 0.0), (100.0, 0.0))  # drawn against the flow
    below = Reach(3, (200.0, 0.0), (300.0, 0.0))
    elsewhere = Reach(4, (0.0, 500.0), (100.0, 500.0))
    assert causes([head, turned, below, elsewhere], [(0.0, 0.0)], suspects={2: "reversed"}) == {
        2: "reversed", 3: "reversed", 4: "no_source"}


def test_a_gap_is_the_cause_below_the_line_whose_end_misses():
    head = Reach(1, (0.0, 0.0), (100.0, 0.0))
    missed = Reach(2, (101.5, 0.0), (200.0, 0.0))  # 1.5 m off: not joined at 1 m
    below = Reach(3, (200.0, 0.0), (300.0, 0.0))
    assert causes([head, missed, below], [(0.0, 0.0)], suspects={2: "gap"}) == {
        2: "gap", 3: "gap"}


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(1, 5)), st.booleans())
def test_every_dead_reach_has_one_cause_and_no_live_reach_has_one(ponds, fed):
    sources = [(0.0, 0.0)] if fed else []
    graph = flow_graph(FIVE)
    blocked = {reach: f"P{reach}" for reach in ponds}
    live = live_reaches(graph, sources, blocked)
    found = dead_causes(graph, live, live_reaches(graph, sources, ()), blocked, {})
    assert set(found) == {reach for reach, wet in live.items() if not wet}
    assert all(cause == f"pond:P{reach}" for reach, cause in found.items() if reach in ponds)
