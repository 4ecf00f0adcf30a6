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
    """For each household (in id order), up to `per_household` of its eligible segments: the
    segments offered least so far, ties broken at random, which spreads the raters evenly over
    the segments. Same input and seed, same draw.

    Households that share one pool object (a village's list, as the round service gives it to
    every household that keeps nothing there) are drawn together (`_shared_draw`); the others
    (keepers, whose own segments are taken out, or pools within a radius of each home) one at a
    time after them, from what is then offered least (`_one_by_one`). A district has hundreds of
    thousands of households: drawn one at a time, that took about 12 s a round at 100 times the
    demo (48 s for the demo's four rounds)."""
    rng = np.random.default_rng(seed)
    members: dict[int, list[int]] = {}  # id of a pool object -> its households
    pools: dict[int, np.ndarray] = {}  # id of a pool object -> its distinct segments, sorted
    for household in sorted(eligible):
        pool = eligible[household]
        if id(pool) not in pools:
            pools[id(pool)] = np.unique(np.asarray(pool, dtype=np.int64))
            members[id(pool)] = []
        members[id(pool)].append(household)
    # Times offered so far, indexed by segment id (ids are a table's keys: small and dense).
    offered = np.zeros(1 + max((int(pool[-1]) for pool in pools.values() if len(pool)),
                               default=0), dtype=np.int64)
    drawn: dict[int, list[int]] = {}
    singles = []
    for key, households in members.items():
        pool = pools[key]
        if len(households) > 1 and not offered[pool].any():
            drawn.update(_shared_draw(households, pool, per_household, offered, rng))
        else:
            singles += [(household, pool) for household in households]
    _one_by_one(singles, per_household, offered, rng, drawn)
    return {household: drawn[household] for household in sorted(drawn)}


def _shared_draw(households: list[int], pool: np.ndarray, per_household: int,
                 offered: np.ndarray, rng: np.random.Generator) -> dict[int, list[int]]:
    """What drawing one household at a time, in random order, would give a pool offered to
    nobody yet: passes over the pool, each in a new random order, handed out `per_household` at
    a time. A household whose share runs past the end of a pass takes the pass's last segments
    and, from the next pass, the first ones that are not among them (which is what the least
    offered, ties at random, means there); the next pass then goes on without those."""
    k = min(per_household, len(pool))
    if k == 0:
        return {household: [] for household in households}
    m, needed = len(pool), len(households) * k
    stream = [rng.permutation(pool)]
    done = m
    while done < needed:
        following = rng.permutation(pool)
        behind = done % k  # the segments a household took from the pass before this one
        if behind:
            taken = stream[-1][m - behind:]
            outside = ~np.isin(following, taken)
            first = np.flatnonzero(outside)[:k - behind]
            rest = np.ones(m, dtype=bool)
            rest[first] = False
            following = np.concatenate([following[first], following[rest]])
        stream.append(following)
        done += m
    shares = np.concatenate(stream)[:needed].reshape(len(households), k)
    np.add.at(offered, shares.ravel(), 1)
    order = rng.permutation(len(households))  # which household has which share
    return dict(zip((households[i] for i in order), np.sort(shares, axis=1).tolist()))


def _one_by_one(households: list[tuple[int, np.ndarray]], per_household: int,
                offered: np.ndarray, rng: np.random.Generator, drawn: dict[int, list[int]]) -> None:
    """Each household in random order takes the `per_household` segments of its pool offered
    least so far: the times offered plus a uniform draw in [0, 1) as the tie-break, lowest kept."""
    for at in rng.permutation(len(households)):
        household, pool = households[at]
        if len(pool) > per_household:
            rank = offered[pool] + rng.random(len(pool))
            pool = pool[rank.argpartition(per_household)[:per_household]]
        offered[pool] += 1
        drawn[household] = sorted(pool.tolist())
