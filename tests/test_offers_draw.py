"""The draw of the segments each household is offered in a round (domain.rating.draw_offers):
only from its own pool, as many as asked, spread evenly, the same for the same seed."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from watershed.domain.rating import draw_offers

pools = st.dictionaries(st.integers(1, 400), st.lists(st.integers(1, 60), max_size=30),
                        max_size=60)


@settings(max_examples=200, deadline=None)
@given(pools, st.integers(0, 8), st.integers(0, 2**32 - 1))
def test_each_household_gets_what_it_may_rate_as_many_as_asked_and_the_same_for_a_seed(
        eligible, per_household, seed):
    drawn = draw_offers(eligible, per_household, seed)
    assert set(drawn) == set(eligible)
    for household, segments in drawn.items():
        pool = set(eligible[household])
        assert len(segments) == len(set(segments)) == min(per_household, len(pool))
        assert set(segments) <= pool and segments == sorted(segments)
        assert all(isinstance(segment, int) for segment in segments)
    assert draw_offers(eligible, per_household, seed) == drawn


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
