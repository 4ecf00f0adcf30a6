"""Proposing custodians for open segments (watershed.domain.assignment).

Small hand-made cases with answers worked out on paper, then properties over random basins,
including a plain restatement of the rules (`rules_by_hand`) that the fast version must match.
"""

import math
import random
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watershed.domain import nearest_homes
from watershed.domain.assignment import (
    DEFAULT_MAX_DISTANCE_M,
    LONGER_THAN_CAPACITY,
    NO_CAPACITY,
    TOO_FAR,
    Assignment,
    Household,
    OpenSegment,
    Unassigned,
    propose,
)


def segment(id, x=0.0, y=0.0, length=100.0, village=1):
    return OpenSegment(id=id, x=x, y=y, length_m=length, village=village)


def household(id, x=0.0, y=0.0, village=1, members=3, load=0.0):
    return Household(id=id, x=x, y=y, village=village, members=members, load_m=load)


def keeper(proposal, segment_id):
    found = [a for a in proposal.assignments if a.segment_id == segment_id]
    return found[0].household_id if found else None


def metres_kept(proposal, segments, households):
    length = {s.id: s.length_m for s in segments}
    kept = {h.id: h.load_m for h in households}
    for a in proposal.assignments:
        kept[a.household_id] += length[a.segment_id]
    return kept


# --- hand-made cases ---------------------------------------------------------------------------


def test_a_segment_goes_to_the_nearest_household_of_its_village_when_loads_are_equal():
    homes = [
        household(1, x=300),
        household(2, x=100),
        household(3, x=-200),
        household(4, x=10, village=2),  # nearer, but another village
    ]
    proposal = propose([segment(7)], homes)
    assert proposal.assignments == [
        Assignment(segment_id=7, household_id=2, distance_m=100.0, same_village=True)
    ]
    assert proposal.unassigned == []


def test_a_bigger_household_takes_more_metres_than_a_smaller_one_next_door():
    # Each 100 m segment goes to whoever then keeps the fewest metres per member:
    # 4 people vs 1 person ends at 800 m vs 200 m, 200 m a head each.
    homes = [household(1, x=50, members=4), household(2, x=-50, members=1)]
    segments = [segment(i, length=100) for i in range(1, 11)]
    kept = metres_kept(propose(segments, homes), segments, homes)
    assert kept == {1: 800.0, 2: 200.0}


def test_a_lighter_household_takes_the_segment_even_when_a_heavier_one_is_nearer():
    homes = [household(1, x=10, load=300), household(2, x=900, load=0)]
    assert keeper(propose([segment(1)], homes), 1) == 2


def test_equal_load_and_equal_distance_go_to_the_lower_household_id():
    homes = [household(9, x=100), household(4, x=-100), household(6, y=100)]
    assert keeper(propose([segment(1)], homes), 1) == 4


def test_a_near_household_is_preferred_to_a_lighter_one_beyond_nearby_metres():
    homes = [household(1, x=1000, load=500), household(2, x=2000, load=0)]
    assert keeper(propose([segment(1)], homes), 1) == 1
    assert keeper(propose([segment(1)], homes, nearby_m=2500), 1) == 2


def test_with_nobody_near_the_nearest_household_of_the_village_takes_it_up_to_the_reach():
    homes = [household(1, x=9000), household(2, x=5000), household(3, x=20, village=2)]
    proposal = propose([segment(1)], homes, max_distance_m=10_000)
    assert proposal.assignments == [Assignment(1, 2, 5000.0, True)]
    # Within the default 3 km only household 3 lives near enough, though of another village.
    assert propose([segment(1)], homes).assignments == [Assignment(1, 3, 20.0, False)]


def test_a_household_is_never_given_more_than_the_limit():
    segments = [segment(1, length=400), segment(2, length=400), segment(3, length=400)]
    proposal = propose(segments, [household(1)], max_metres_per_household=1000)
    assert [a.segment_id for a in proposal.assignments] == [1, 2]
    assert proposal.unassigned == [Unassigned(3, NO_CAPACITY)]


def test_metres_already_kept_count_toward_the_limit():
    homes = [household(1, load=700)]
    proposal = propose([segment(1, length=400)], homes, max_metres_per_household=1000)
    assert proposal.unassigned == [Unassigned(1, NO_CAPACITY)]
    proposal = propose([segment(1, length=300)], homes, max_metres_per_household=1000)
    assert keeper(proposal, 1) == 1


def test_a_household_exactly_at_the_limit_after_the_segment_still_takes_it():
    homes = [household(1, load=600)]
    proposal = propose([segment(1, length=400)], homes, max_metres_per_household=1000)
    assert keeper(proposal, 1) == 1


def test_a_segment_goes_to_another_village_only_when_its_own_has_no_room():
    homes = [household(1, x=2800, village=1), household(2, x=10, village=2)]
    own_has_room = propose([segment(1, village=1)], homes, max_metres_per_household=500)
    assert own_has_room.assignments == [Assignment(1, 1, 2800.0, True)]

    full = [household(1, x=2800, village=1, load=450), household(2, x=10, village=2)]
    own_is_full = propose([segment(1, village=1)], full, max_metres_per_household=500)
    assert own_is_full.assignments == [Assignment(1, 2, 10.0, False)]


def test_a_segment_of_an_unknown_village_goes_to_the_nearest_household_of_any_village():
    homes = [household(1, x=300, village=1), household(2, x=-200, village=2)]
    proposal = propose([segment(1, village=None)], homes)
    assert proposal.assignments == [Assignment(1, 2, 200.0, False)]


def test_a_segment_of_a_village_without_households_goes_to_the_nearest_household():
    homes = [household(1, x=300, village=1), household(2, x=-200, village=2)]
    proposal = propose([segment(1, village=3)], homes)
    assert proposal.assignments == [Assignment(1, 2, 200.0, False)]


def test_a_village_serves_its_own_segments_before_others_may_use_its_room():
    # Segment 1 (village 2, the longest, so handled first in a single pass) has no household
    # of its own; it must not take the room that village 1's own segment needs.
    homes = [household(1, village=1)]
    segments = [segment(1, length=600, village=2), segment(2, length=500, village=1)]
    proposal = propose(segments, homes, max_metres_per_household=1000)
    assert proposal.assignments == [Assignment(2, 1, 0.0, True)]
    assert proposal.unassigned == [Unassigned(1, NO_CAPACITY)]


def test_a_segment_longer_than_the_limit_is_left_open_as_longer_than_capacity():
    segments = [segment(1, length=1200), segment(2, length=300)]
    proposal = propose(segments, [household(1)], max_metres_per_household=1000)
    assert proposal.unassigned == [Unassigned(1, LONGER_THAN_CAPACITY)]
    assert keeper(proposal, 2) == 1


def test_without_households_every_segment_is_left_open_for_lack_of_capacity():
    proposal = propose([segment(2), segment(1, village=None)], [])
    assert proposal.assignments == []
    assert proposal.unassigned == [Unassigned(1, NO_CAPACITY), Unassigned(2, NO_CAPACITY)]


def test_without_a_limit_nothing_is_left_open_while_there_is_a_household():
    segments = [segment(i, length=5000, village=i % 3) for i in range(20)]
    proposal = propose(segments, [household(1, village=1)])
    assert len(proposal.assignments) == 20 and proposal.unassigned == []


def test_the_longest_segments_are_handed_out_first_so_more_fit():
    # By id, the two 500 m segments would go one to each household and the 1000 m one would
    # fit nowhere; longest first, it takes one household and the 500s share the other.
    homes = [household(1), household(2)]
    segments = [segment(1, length=500), segment(2, length=500), segment(3, length=1000)]
    proposal = propose(segments, homes, max_metres_per_household=1000)
    assert proposal.unassigned == []
    assert keeper(proposal, 3) == 1
    assert {keeper(proposal, 1), keeper(proposal, 2)} == {2}


def test_assignments_and_open_segments_are_listed_by_segment_id():
    segments = [segment(i, length=100 * i) for i in (5, 3, 9, 1, 7)]
    proposal = propose(segments, [household(1)], max_metres_per_household=800)
    # Longest first: 900 m is over the limit, 700 m fits, 500 and 300 m do not, 100 m does.
    assert [a.segment_id for a in proposal.assignments] == [1, 7]
    assert [u.segment_id for u in proposal.unassigned] == [3, 5, 9]


def test_the_inputs_are_not_changed():
    homes = [household(1, load=50.0)]
    segments = [segment(1)]
    propose(segments, homes, max_metres_per_household=1000)
    assert homes == [household(1, load=50.0)] and segments == [segment(1)]


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: propose([segment(1), segment(1)], [household(1)]), "segment id 1"),
        (lambda: propose([segment(1)], [household(1), household(1)]), "household id 1"),
        (lambda: propose([segment(1)], [household(1, members=0)]), "household 1"),
        (lambda: propose([segment(1)], [household(1, load=-5)]), "household 1"),
        (lambda: propose([segment(1, length=-1)], [household(1)]), "segment 1"),
        (lambda: propose([segment(1, x=math.nan)], [household(1)]), "segment 1"),
        (lambda: propose([segment(1)], [household(1, y=math.inf)]), "household 1"),
        (lambda: propose([segment(1)], [household(1)], 0), "max_metres_per_household"),
        (lambda: propose([segment(1)], [household(1)], -10), "max_metres_per_household"),
        (lambda: propose([segment(1)], [household(1)], nearby_m=-1), "nearby_m"),
        (lambda: propose([segment(1)], [household(1)], max_distance_m=0), "max_distance_m"),
        (lambda: propose([segment(1)], [household(1)], max_distance_m=math.nan), "max_distance_m"),
    ],
)
def test_input_the_caller_should_have_refused_raises_value_error_naming_it(call, word):
    with pytest.raises(ValueError, match=word):
        call()


# --- the rules, restated plainly -----------------------------------------------------------------


def _distance(s, h):
    dx, dy = h.x - s.x, h.y - s.y
    return math.sqrt(dx * dx + dy * dy)


def rules_by_hand(segments, households, limit=None, nearby_m=1500.0, reach=DEFAULT_MAX_DISTANCE_M):
    """The module docstring's rules, one segment at a time, with no index and no arrays."""
    kept = {h.id: h.load_m for h in households}

    def has_room(h, s):  # within reach, with room
        fits = limit is None or kept[h.id] + s.length_m <= limit
        return fits and (reach is None or _distance(s, h) <= reach)

    def per_member_after(h, s):
        return (kept[h.id] + s.length_m) / h.members

    found, reasons, left = {}, {}, []
    for s in sorted(segments, key=lambda s: (-s.length_m, s.id)):
        if limit is not None and s.length_m > limit:
            reasons[s.id] = (LONGER_THAN_CAPACITY, None)
            continue
        own = [h for h in households if s.village is not None and h.village == s.village]
        roomy = [h for h in own if has_room(h, s)]
        near = [h for h in roomy if _distance(s, h) <= nearby_m]
        if near:
            h = min(near, key=lambda h: (per_member_after(h, s), _distance(s, h), h.id))
        elif roomy:
            h = min(roomy, key=lambda h: (_distance(s, h), h.id))
        else:
            left.append(s)
            continue
        kept[h.id] += s.length_m
        found[s.id] = Assignment(s.id, h.id, _distance(s, h), True)
    for s in left:  # already longest first
        roomy = [h for h in households if has_room(h, s)]
        if not roomy:
            nearest = min((_distance(s, h) for h in households), default=math.inf)
            far = households and reach is not None and nearest > reach
            reasons[s.id] = (TOO_FAR, nearest) if far else (NO_CAPACITY, None)
            continue
        h = min(roomy, key=lambda h: (_distance(s, h), h.id))
        kept[h.id] += s.length_m
        found[s.id] = Assignment(s.id, h.id, _distance(s, h), h.village == s.village)
    return (
        [found[i] for i in sorted(found)],
        [Unassigned(i, *reasons[i]) for i in sorted(reasons)],
    )


# --- properties ----------------------------------------------------------------------------------

def ids(n):
    return st.lists(st.integers(1, 10**6), min_size=n, max_size=n, unique=True)


@st.composite
def basins(draw, most=25, scales=(1,)):
    """Households and open segments in up to three villages, ids in no particular order, up to
    3 km off in whole metres (so that ties really happen) times one of `scales`."""
    scale = draw(st.sampled_from(scales))
    coordinate = st.integers(-3000, 3000).map(lambda metres: float(metres * scale))
    n_homes = draw(st.integers(0, most))
    n_segments = draw(st.integers(0, most))
    home_ids = draw(ids(n_homes))
    segment_ids = draw(ids(n_segments))
    homes = [
        Household(
            id=i,
            x=draw(coordinate),
            y=draw(coordinate),
            village=draw(st.integers(1, 3)),
            members=draw(st.integers(1, 6)),
            load_m=draw(st.sampled_from([0.0, 0.0, 0.0, 100.0, 250.0, 700.0])),
        )
        for i in home_ids
    ]
    segments = [
        OpenSegment(
            id=i,
            x=draw(coordinate),
            y=draw(coordinate),
            length_m=float(draw(st.integers(0, 60)) * 10),
            village=draw(st.one_of(st.none(), st.integers(1, 4))),
        )
        for i in segment_ids
    ]
    return segments, homes


limits = st.one_of(st.none(), st.integers(1, 20).map(lambda n: n * 100.0))
nearby = st.sampled_from([0.0, 500.0, 1500.0, 10_000.0])
# R: a few hundred metres (so that some segments are out of reach), the default, and no limit.
reaches = st.sampled_from([500.0, 1500.0, DEFAULT_MAX_DISTANCE_M, 100_000.0, None])


@settings(max_examples=150, deadline=None)
@given(basins(), limits, nearby, reaches)
def test_the_proposal_follows_the_rules_as_stated(basin, limit, nearby_m, reach):
    segments, homes = basin
    proposal = propose(segments, homes, limit, nearby_m=nearby_m, max_distance_m=reach)
    assert (proposal.assignments, proposal.unassigned) == rules_by_hand(
        segments, homes, limit, nearby_m, reach
    )


@settings(max_examples=80, deadline=None)
@given(basins(most=60, scales=(1, 5, 20)), limits, nearby, reaches)
def test_the_proposal_follows_the_rules_when_the_search_grid_is_fine(basin, limit, nearby_m, reach):
    # One home per grid cell, so that even with few homes the search for the nearest home with
    # room widens its window, meets the grid's edges, skips cells without room and stops at R;
    # up to 120 km across, so that R leaves most segments out of reach of any home.
    segments, homes = basin
    with mock.patch.multiple(nearest_homes, _PER_CELL=1, _GROUP=1):
        proposal = propose(segments, homes, limit, nearby_m=nearby_m, max_distance_m=reach)
    assert (proposal.assignments, proposal.unassigned) == rules_by_hand(
        segments, homes, limit, nearby_m, reach
    )


@settings(max_examples=100, deadline=None)
@given(basins(), limits)
def test_no_household_is_ever_given_more_than_the_limit(basin, limit):
    segments, homes = basin
    kept = metres_kept(propose(segments, homes, limit), segments, homes)
    for h in homes:  # one already past the limit (load_m) is given nothing more
        assert limit is None or kept[h.id] <= limit or kept[h.id] == h.load_m


@settings(max_examples=100, deadline=None)
@given(basins(), limits, reaches)
def test_nothing_is_left_open_while_any_household_within_reach_has_room_for_it(basin, limit, reach):
    segments, homes = basin
    proposal = propose(segments, homes, limit, max_distance_m=reach)
    kept = metres_kept(proposal, segments, homes)
    by_id = {s.id: s for s in segments}
    for open_segment in proposal.unassigned:
        s = by_id[open_segment.segment_id]
        within = [h for h in homes if reach is None or _distance(s, h) <= reach]
        assert all(limit is not None and kept[h.id] + s.length_m > limit for h in within)
        if limit is not None and s.length_m > limit:
            assert open_segment.reason == LONGER_THAN_CAPACITY
        elif homes and not within:
            assert open_segment.reason == TOO_FAR
        else:
            assert open_segment.reason == NO_CAPACITY
    assert len(proposal.assignments) + len(proposal.unassigned) == len(segments)


@settings(max_examples=100, deadline=None)
@given(basins(), limits, reaches)
def test_a_segment_goes_to_another_village_only_when_its_own_has_no_room_for_it(
        basin, limit, reach):
    segments, homes = basin
    proposal = propose(segments, homes, limit, max_distance_m=reach)
    kept = metres_kept(proposal, segments, homes)
    by_id = {s.id: s for s in segments}
    village_of = {h.id: h.village for h in homes}
    for a in proposal.assignments:
        s = by_id[a.segment_id]
        assert a.same_village == (village_of[a.household_id] == s.village)
        if not a.same_village and s.village is not None:
            own = [h for h in homes if h.village == s.village]
            for h in own:  # each is full, or out of reach
                full = limit is not None and kept[h.id] + s.length_m > limit
                assert full or (reach is not None and _distance(s, h) > reach)


@settings(max_examples=50, deadline=None)
@given(basins(), limits, st.randoms(use_true_random=False))
def test_the_same_input_in_any_order_gives_the_same_proposal(basin, limit, rng: random.Random):
    segments, homes = basin
    first = propose(segments, homes, limit)
    rng.shuffle(segments)
    rng.shuffle(homes)
    assert propose(segments, homes, limit) == first
    assert propose(segments, homes, limit) == first
