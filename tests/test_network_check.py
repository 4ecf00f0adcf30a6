"""The network check: what a survey file's channels would do to the flow model, each finding on a
small network of its own, beside the drawing that does not have it."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, Point

from watershed.domain.network.check import (
    Crossing,
    Dangle,
    NearMiss,
    Overlap,
    Reversed,
    Ring,
    Short,
    Unreached,
    check_network,
)


def check(channels, sources=(), **kw):
    """The check of {code: points}, in the order given."""
    return check_network(list(channels), [LineString(p) for p in channels.values()], sources, **kw)


def found(result):
    """The kinds of finding a check has, by name."""
    return {name for name, count in result.counts().items() if count}


# --- Junctions -------------------------------------------------------------------------------

MAIN = [(0.0, 0.0), (100.0, 0.0), (200.0, 0.0)]  # a vertex at 100 m, as OpenStreetMap draws


def test_a_branch_leaving_at_a_vertex_inside_its_parent_is_joined_and_reached():
    result = check({"M": MAIN, "B": [(100.0, 0.0), (100.0, 100.0)]}, [(0.0, 0.0)])
    assert result.dangles == (
        Dangle("B", "end", 100.0, 100.0),
        Dangle("M", "start", 0.0, 0.0),
        Dangle("M", "end", 200.0, 0.0),
    )
    assert found(result) == {"dangles"}
    # Drawn 30 m away, the branch joins nothing and no water reaches it.
    apart = check({"M": MAIN, "B": [(100.0, 30.0), (100.0, 100.0)]}, [(0.0, 0.0)])
    assert Dangle("B", "start", 100.0, 30.0) in apart.dangles
    assert apart.unreached == (Unreached("B", 0.0, 1.0),)


def test_a_mouth_1_5_m_off_its_parent_is_a_near_miss_until_the_snap_reaches_it():
    channels = {"M": [(0.0, 0.0), (200.0, 0.0)], "B": [(100.0, 1.5), (100.0, 100.0)]}
    result = check(channels, [(0.0, 0.0)])
    assert result.near_misses == (NearMiss("B", "start", "M", 1.5),)
    assert result.unreached == (Unreached("B", 0.0, 1.0),)
    assert Dangle("B", "start", 100.0, 1.5) in result.dangles
    joined = check(channels, [(0.0, 0.0)], snap_m=2.0)
    assert found(joined) == {"dangles"}
    assert [d.channel for d in joined.dangles] == ["B", "M", "M"]  # B's end only
    assert check(channels, [(0.0, 0.0)], near_m=1.2).near_misses == ()


def test_a_near_miss_names_the_nearest_line():
    result = check({
        "A": [(0.0, 0.0), (200.0, 0.0)],
        "B": [(0.0, 10.0), (200.0, 10.0)],
        "C": [(100.0, 4.0), (100.0, 5.0), (100.0, 100.0)],  # 4 m above A, crossing B
    }, [(0.0, 0.0)])
    assert [m for m in result.near_misses if m.channel == "C"] == [NearMiss("C", "start", "A", 4.0)]


def test_a_crossing_without_a_shared_vertex_is_listed_and_not_joined():
    channels = {"A": [(0.0, 0.0), (200.0, 0.0)], "B": [(100.0, -100.0), (100.0, 100.0)]}
    result = check(channels, [(0.0, 0.0)])
    assert result.crossings == (Crossing(("A", "B"), 100.0, 0.0),)
    assert result.unreached == (Unreached("B", 0.0, 1.0),)  # no water passes the aqueduct
    assert result.reversed == ()


def test_an_x_where_both_lines_share_the_vertex_is_a_junction():
    channels = {"A": MAIN, "B": [(100.0, -100.0), (100.0, 0.0), (100.0, 100.0)]}
    both_fed = check(channels, [(0.0, 0.0), (100.0, -100.0)])
    assert found(both_fed) == {"dangles"}
    # Fed only from A, water enters B at the junction: its lower half is reached, the upper not.
    one_fed = check(channels, [(0.0, 0.0)])
    assert one_fed.crossings == ()
    assert one_fed.unreached == (Unreached("B", 0.0, 0.5),)


def test_a_branch_drawn_past_its_parent_by_less_than_the_snap_is_joined_there():
    result = check({"M": MAIN, "B": [(150.0, 0.6), (150.0, -0.6), (150.0, -100.0)]}, [(0, 0)])
    assert result.crossings == () and result.unreached == ()


# --- Direction -------------------------------------------------------------------------------


def test_a_branch_drawn_towards_its_parent_is_fed_from_below():
    drawn_up = check({"M": MAIN, "B": [(100.0, 100.0), (100.0, 0.0)]}, [(0.0, 0.0)])
    assert drawn_up.reversed == (Reversed("B", "fed_from_below", None),)
    assert drawn_up.unreached == (Unreached("B", 0.0, 1.0),)
    drawn_down = check({"M": MAIN, "B": [(100.0, 0.0), (100.0, 100.0)]}, [(0.0, 0.0)])
    assert drawn_down.reversed == drawn_down.unreached == ()


def test_a_line_drawn_up_to_its_own_source_is_fed_from_below():
    result = check({"A": [(100.0, 0.0), (0.0, 0.0)]}, [(0.0, 0.0)])
    assert result.reversed == (Reversed("A", "fed_from_below", None),)
    assert check({"A": [(0.0, 0.0), (100.0, 0.0)]}, [(0.0, 0.0)]).reversed == ()


def test_lines_pointing_at_each_other_meet_head_on():
    channels = {"A": [(0.0, 0.0), (100.0, 0.0)], "B": [(200.0, 0.0), (100.0, 0.0)]}
    result = check(channels, [(0.0, 0.0), (200.0, 0.0)])
    assert result.reversed == (Reversed("A", "head_on", "B"), Reversed("B", "head_on", "A"))
    # Fed from A alone, B is also fed from below: once for each reason.
    assert check(channels, [(0.0, 0.0)]).reversed == (
        Reversed("A", "head_on", "B"),
        Reversed("B", "fed_from_below", None),
        Reversed("B", "head_on", "A"),
    )
    # With a way out it is a confluence, and one line's end is the network's outlet.
    outflow = {**channels, "C": [(100.0, 0.0), (100.0, -100.0)]}
    assert check(outflow, [(0.0, 0.0), (200.0, 0.0)]).reversed == ()
    assert check({"A": channels["A"]}, [(0.0, 0.0)]).reversed == ()


# --- Shapes ----------------------------------------------------------------------------------


def test_duplicates_and_shared_stretches_overlap_and_do_not_cross_or_meet_head_on():
    result = check({"A": MAIN, "A2": MAIN, "B": [(50.0, 0.0), (110.0, 0.0), (110.0, 50.0)]},
                   [(0.0, 0.0)])
    assert result.overlaps == (Overlap(("A", "A2"), 200.0), Overlap(("A", "B"), 60.0),
                               Overlap(("A2", "B"), 60.0))
    assert result.crossings == result.reversed == ()
    touching = check({"A": MAIN, "B": [(100.0, 50.0), (100.0, 0.0), (100.5, 0.0)]}, [(0, 0)])
    assert touching.overlaps == ()  # 0.5 m in common is within the snap


def test_a_20_m_stub_is_short():
    result = check({"M": MAIN, "S": [(200.0, 0.0), (220.0, 0.0)]}, [(0.0, 0.0)])
    assert result.short == (Short("S", 20.0),)
    assert check({"M": MAIN, "S": [(200.0, 0.0), (220.0, 0.0)]}, short_m=20.0).short == ()


def test_a_closed_line_and_a_two_line_cycle_are_rings():
    closed = check({"R": [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 0.3)]}, [(0.0, 0.0)])
    assert closed.rings == (Ring(("R",)),)
    assert closed.dangles == ()  # its ends meet each other
    cycle = {"A": [(0.0, 0.0), (50.0, 50.0), (100.0, 0.0)], "B": [(100.0, 0.0), (0.0, 0.0)]}
    assert check(cycle).rings == (Ring(("A", "B")),)


def test_a_closed_line_is_reached_all_round_from_a_source_on_it_and_not_at_all_without():
    # Exactly closed, as a moat is drawn in OpenStreetMap: its two ends are one vertex.
    moat = {"R": [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0), (0.0, 0.0)]}
    assert check(moat, [(0.0, 0.0)]).unreached == ()
    assert check(moat).unreached == (Unreached("R", 0.0, 1.0),)


def test_a_braid_is_not_a_ring():
    # A second channel leaves the main one and a third brings it back lower down, all joined at
    # vertices inside the main channel: every line reaches every other, but water never comes
    # back to where it was.
    result = check({
        "M": [(0.0, 0.0), (100.0, 0.0), (200.0, 0.0), (300.0, 0.0)],
        "B": [(100.0, 0.0), (100.0, 100.0), (150.0, 100.0)],
        "T": [(150.0, 100.0), (200.0, 100.0), (200.0, 0.0)],
        "P": [(0.0, 0.0), (0.0, -50.0), (50.0, -50.0), (50.0, 0.0)],  # two ways to one point
    }, [(0.0, 0.0)])
    assert result.rings == () and result.unreached == () and result.reversed == ()


def test_without_sources_nothing_is_reached():
    result = check({"M": MAIN, "B": [(100.0, 0.0), (100.0, 100.0)]})
    assert result.unreached == (Unreached("B", 0.0, 1.0), Unreached("M", 0.0, 1.0))
    assert result.counts() == {"reversed": 0, "near_misses": 0, "crossings": 0, "unreached": 2,
                               "dangles": 3, "short": 0, "overlaps": 0, "rings": 0}
    assert found(check({})) == set()


def test_a_line_of_no_length_is_short_and_upsets_nothing_else():
    result = check({"M": MAIN, "Z": [(100.0, 0.0), (100.0, 0.0)]}, [(0.0, 0.0)])
    assert result.short == (Short("Z", 0.0),)
    assert found(result) == {"short", "dangles"} and len(result.dangles) == 2


# --- Order and input -------------------------------------------------------------------------

MESSY = {
    "K9": [(0.0, 0.0), (100.0, 0.0), (200.0, 0.0), (300.0, 0.0)],
    "K1": [(100.0, 100.0), (100.0, 0.0)],  # fed from below
    "K5": [(200.0, 1.5), (200.0, 80.0)],  # a near miss
    "K3": [(250.0, -50.0), (250.0, 50.0)],  # a crossing
    "K7": [(300.0, 0.0), (310.0, 0.0)],  # short
    "K2": [(0.0, 0.0), (100.0, 0.0)],  # a duplicate piece
    "K4": [(400.0, 0.0), (310.0, 0.0)],  # head on with K7
}


def test_every_finding_comes_sorted_whatever_the_order_of_the_lines():
    first = check(MESSY, [(0.0, 0.0), (400.0, 0.0)])
    assert found(first) == {"reversed", "near_misses", "crossings", "unreached", "dangles",
                            "short", "overlaps"}
    for seed in range(5):
        codes = list(MESSY)
        random.Random(seed).shuffle(codes)
        assert check({c: MESSY[c] for c in codes}, [(400.0, 0.0), (0.0, 0.0)]) == first
    assert [r.channel for r in first.reversed] == ["K1", "K4", "K7"]
    assert [(d.channel, d.end) for d in first.dangles][:3] == [
        ("K1", "start"), ("K3", "start"), ("K3", "end")]


with np.errstate(invalid="ignore"):  # shapely warns of the NaN it is asked for
    NAN_LINE = LineString([(0, 0), (float("nan"), 1)])


@pytest.mark.parametrize(("codes", "lines", "kw", "message"), [
    (["A", "A"], [LineString(MAIN), LineString(MAIN)], {}, "unique"),
    (["A"], [LineString(MAIN), LineString(MAIN)], {}, "codes for"),
    (["A"], [Point(0, 0)], {}, "not a LineString"),
    (["A"], [LineString()], {}, "fewer than 2"),
    (["A"], [NAN_LINE], {}, "finite"),
    (["A"], [LineString(MAIN)], {"snap_m": -1.0}, "snap_m"),
    (["A"], [LineString(MAIN)], {"near_m": float("inf")}, "near_m"),
    (["A"], [LineString(MAIN)], {"short_m": float("nan")}, "short_m"),
    (["A"], [LineString(MAIN)], {"snap_m": 5.0, "near_m": 2.0}, "near_m"),
])
def test_bad_input_is_refused(codes, lines, kw, message):
    with pytest.raises(ValueError, match=message):
        check_network(codes, lines, [], **kw)


def test_a_source_must_be_two_finite_numbers():
    with pytest.raises(ValueError, match="source"):
        check_network(["A"], [LineString(MAIN)], [(0.0, float("nan"))])


# --- Random trees ----------------------------------------------------------------------------

STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1))


@st.composite
def trees(draw):
    """Lines on a 100 m grid, each leaving a vertex already drawn (the source at the origin, or
    the end or a middle vertex of a line) for one to three steps to vertices not yet drawn, so
    that lines meet only where one leaves another. Returns the lines' grid points and, for each
    grid point, the line that drew it (-1 for the source)."""
    drawn, lines = {(0, 0): -1}, []
    for _ in range(draw(st.integers(1, 12))):
        path = [draw(st.sampled_from(sorted(drawn)))]
        for _ in range(draw(st.integers(1, 3))):
            dx, dy = draw(st.sampled_from(STEPS))
            step = (path[-1][0] + dx, path[-1][1] + dy)
            if step in drawn:
                break
            path.append(step)
            drawn[step] = len(lines)
        if len(path) > 1:
            lines.append(path)
    return lines, drawn


def below(k, lines, drawn):
    """Line k and every line that leaves it or a line below it."""
    dry = {k}
    for j, path in enumerate(lines):  # a line only leaves lines drawn before it
        if drawn[path[0]] in dry:
            dry.add(j)
    return dry


@settings(max_examples=80, deadline=None)
@given(trees(), st.data())
def test_a_tree_drawn_downstream_has_nothing_reversed_until_one_line_is_turned(tree, data):
    """Drawn downstream from one source, every line is reached. Turning line k round leaves it
    and every line below it dry, and it, and only it, is fed from below at the vertex it left:
    even a headwater line, because its source's junction counts as wet with nothing leaving it.
    If it left the end of another line and nothing else leaves there, the two meet head on."""
    lines, drawn = tree
    codes = [f"C{k:02d}" for k in range(len(lines))]
    geometry = [[(100.0 * x, 100.0 * y) for x, y in path] for path in lines]
    result = check(dict(zip(codes, geometry)), [(0.0, 0.0)])
    assert found(result) <= {"dangles"}
    loose = {p for p in drawn if sum(p in path for path in lines) == 1}
    assert {(d.x / 100, d.y / 100) for d in result.dangles} == {
        p for path in lines for p in (path[0], path[-1]) if p in loose}

    k = data.draw(st.integers(0, len(lines) - 1), label="turned")
    turned = check(dict(zip(codes, geometry[:k] + [geometry[k][::-1]] + geometry[k + 1:])),
                   [(0.0, 0.0)])
    assert turned.unreached == tuple(Unreached(codes[j], 0.0, 1.0)
                                     for j in sorted(below(k, lines, drawn)))
    left, parent = lines[k][0], drawn[lines[k][0]]
    others_leave = any(path[0] == left for j, path in enumerate(lines) if j != k)
    head_on = parent >= 0 and lines[parent][-1] == left and not others_leave
    expected = [Reversed(codes[k], "fed_from_below", None)]
    if head_on:
        expected += [Reversed(codes[k], "head_on", codes[parent]),
                     Reversed(codes[parent], "head_on", codes[k])]
    assert turned.reversed == tuple(sorted(expected, key=lambda r: (r.channel, r.why)))


# --- Orienting -------------------------------------------------------------------------------

def oriented(channels, sources=()):
    from watershed.domain.network.orient import orient

    return orient(list(channels), [LineString(p) for p in channels.values()], sources)


def test_orient_turns_a_branch_drawn_backwards_and_reaches_all_of_it():
    result = oriented({"M": MAIN, "B": [(100.0, -100.0), (100.0, 0.0)]}, [(0.0, 0.0)])
    assert result.flipped == ("B",) and not result.undecided
    assert result.reached_m_before == pytest.approx(200.0)
    assert result.reached_m_after == pytest.approx(300.0)


def test_orient_leaves_a_line_whose_start_just_misses_to_the_office():
    # F starts 1.5 m short of the main canal and ends where L, fed by a source of its own, ends:
    # water reaches F only from below, yet it may be drawn right and cut off, not backwards.
    channels = {"M": MAIN, "F": [(100.0, -1.5), (100.0, -100.0)],
                "L": [(0.0, -100.0), (100.0, -100.0)]}
    assert "fed_from_below" in [i.why for i in check(channels, [(0.0, 0.0), (0.0, -100.0)])
                                .reversed if i.channel == "F"]
    result = oriented(channels, [(0.0, 0.0), (0.0, -100.0)])
    assert result.flipped == ()
    assert ("F", "fed_from_below") in [(i.channel, i.why) for i in result.undecided]


def test_orient_does_not_choose_between_two_lines_leaving_one_dry_junction():
    # Water reaches A's and B's far ends by other ways; either turned would water the junction
    # they both leave, and then the other: which is drawn wrong is not the data's to say.
    square = {"W": [(0.0, 0.0), (0.0, 100.0)], "S": [(0.0, 0.0), (100.0, 0.0)],
              "A": [(100.0, 100.0), (0.0, 100.0)], "B": [(100.0, 100.0), (100.0, 0.0)]}
    result = oriented(square, [(0.0, 0.0)])
    assert result.flipped == ()
    assert {item.channel for item in result.undecided if item.why == "fed_from_below"} == {"A", "B"}
