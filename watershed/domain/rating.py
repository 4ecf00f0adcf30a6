"""The rules of peer evaluation (群众评群众) that need no database.

A household rates a segment on the five aims of the campaign, 1 to 5 stars each; the overall
score is their mean. Each household is offered a few segments, drawn at random among those it may
rate, favouring the segments offered least so far, so every segment gets about as many raters as
any other and nobody chooses whom to rate.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np

from watershed.domain.checks import DIMENSIONS
from watershed.domain.numbers import Limits

STARS = (1, 2, 3, 4, 5)
DEFAULT_OFFERS = 5  # segments offered to each household per round
MIN_RATINGS = 3  # fewer and a segment is "not enough ratings", not ranked
BOARD_SIZE = 5  # best and worst segments per village on the red/black board
MAX_COMMENT = 500


def star_faults(stars: Mapping[str, object]) -> list[tuple[str, object]]:
    """(dimension, value) for each of DIMENSIONS without a whole number of stars from 1 to 5,
    and for each name that is no dimension; empty if the rating is whole."""
    faults = [(name, stars[name]) for name in stars if name not in DIMENSIONS]
    for dimension in DIMENSIONS:
        value = stars.get(dimension)
        if isinstance(value, bool) or not isinstance(value, int) or value not in STARS:
            faults.append((dimension, value))
    return faults


def overall(stars: Mapping[str, int]) -> float:
    return sum(stars[d] for d in DIMENSIONS) / len(DIMENSIONS)


# The ranges of the numbers a person gives peer evaluation (read by watershed.domain.numbers).
OFFERS = Limits(1, 20, 0)  # segments offered to each household in a round
# Segments offered within this distance of a home, in metres; the basin is some 10 km across.
RADIUS_M = Limits(0, 50_000, 1, above_low=True)
BOARD_SIZES = Limits(1, 100, 0)  # of the board's best and worst lists, when staff choose


def monthly(day: date) -> tuple[date, date]:
    """The default round: the calendar month of `day`, where `day` is a day in Beijing (the
    services pass clock.today()). So at 01:30 on 1 January in Jingzhou, still 31 December in UTC,
    the default round is January's; February's ends on the 29th in a leap year."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def round_name(start: date) -> str:
    """A round's default name: the month it starts in, as an office writes it (2026年11月)."""
    return f"{start.year}年{start.month}月"


def draw_offers(eligible: Mapping[int, Sequence[int]], per_household: int,
                seed: int) -> dict[int, list[int]]:
    """For each household, up to `per_household` of its eligible segments. Households are taken
    in a random order; each gets the eligible segments offered least so far (ties broken at
    random), which spreads the raters evenly over the segments. Same input and seed, same draw.

    A household's pool is a whole village (hundreds of segments) and a district has hundreds of
    thousands of households, so the pool is ranked in numpy: the times each segment was offered
    plus a uniform draw in [0, 1) as the tie-break, and the `per_household` lowest kept."""
    rng = np.random.default_rng(seed)
    households = sorted(eligible)
    # Households of a village share one pool object: sorted and deduplicated once per object.
    unique: dict[int, np.ndarray] = {}
    pools = {}
    for household in households:
        pool = eligible[household]
        if id(pool) not in unique:
            unique[id(pool)] = np.unique(np.asarray(pool, dtype=np.int64))
        pools[household] = unique[id(pool)]
    # Times offered so far, indexed by segment id (ids are a table's keys: small and dense).
    offered = np.zeros(1 + max((int(pool[-1]) for pool in pools.values() if len(pool)),
                               default=0), dtype=np.int64)
    drawn = {}
    for at in rng.permutation(len(households)):
        household = households[at]
        pool = pools[household]
        if len(pool) > per_household:
            rank = offered[pool] + rng.random(len(pool))
            pool = pool[rank.argpartition(per_household)[:per_household]]
        offered[pool] += 1
        drawn[household] = sorted(pool.tolist())
    return drawn
