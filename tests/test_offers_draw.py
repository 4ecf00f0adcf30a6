"""The draw of the segments each household is offered in a round (domain.rating.draw_offers):
only from its own pool, as many as asked, spread evenly, the same for the same seed."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from watershed.domain.rating import draw_offers

pools = st.dictionaries(st.integers(1, 400), st.lists(st.integers(1, 60), max_size=30),
                        max_size=60)


def _each_gets_what_it_may_rate(eligible, per_household, seed) -> None:
    """Every household, in id order, as many distinct segments of its own pool as asked (or its
    whole pool), sorted, as plain ints; the same again for the same seed."""
    drawn = draw_offers(eligible, per_household, seed)
    assert list(drawn) == sorted(eligible)
    for household, segments in drawn.items():
        pool = set(eligible[household])
        assert len(segments) == len(set(segments)) == min(per_household, len(pool))
        assert set(segments) <= pool and segments == sorted(segments)
        assert all(isinstance(segment, int) for segment in segments)
    assert draw_offers(eligible, per_household, seed) == drawn


@settings(max_examples=200, deadline=None)
@given(pools, st.integers(0, 8), st.integers(0, 2**32 - 1))
def test_each_household_gets_what_it_may_rate_as_many_as_asked_and_the_same_for_a_seed(
        eligible, per_household, seed):
    _each_gets_what_it_may_rate(eligible, per_household, seed)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 200), st.integers(1, 60), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_households_sharing_a_village_spread_over_its_segments_within_one_offer(
        households, segments, per_household, seed):
    village = list(range(1, segments + 1))
    drawn = draw_offers({h: village for h in range(households)}, per_household, seed)
    times = Counter(segment for offers in drawn.values() for segment in offers)
    counts = [times.get(segment, 0) for segment in village]
    assert max(counts) - min(counts) <= 1


def test_ties_are_broken_at_random_not_by_id():
    """With 100 segments and one offer each for 20 households, a draw by id would always give
    the first 20; different seeds give different segments."""
    village = list(range(100))
    draws = {tuple(sorted(s for offers in draw_offers(dict.fromkeys(range(20), village), 1,
                                                        seed).values() for s in offers))
             for seed in range(5)}
    assert len(draws) > 1 and tuple(range(20)) not in draws


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(0, 30), st.sets(st.integers(1, 40))),
                min_size=1, max_size=5),
       st.integers(0, 6), st.integers(0, 2**32 - 1))
def test_a_village_shared_by_most_and_cut_for_its_keepers_is_drawn_within_each_pool(
        villages, per_household, seed):
    """As the round service gives it: the households of a village that keep nothing share one
    list object (drawn together), a keeper gets the list without its own segments (drawn one
    by one after them)."""
    eligible, household = {}, 0
    for number, (segments, sharing, kept) in enumerate(villages):
        village = [100 * number + s for s in range(1, segments + 1)]
        for _ in range(sharing):
            household += 1
            eligible[household] = village
        household += 1
        eligible[household] = [s for s in village if s - 100 * number not in kept]
    _each_gets_what_it_may_rate(eligible, per_household, seed)
