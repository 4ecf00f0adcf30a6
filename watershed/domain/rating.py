"""The rules of peer evaluation (群众评群众) that need no database.

A household rates a segment on the five aims of the campaign, 1 to 5 stars each; the overall
score is their mean. Each household is offered a few segments, drawn at random among those it may
rate, favouring the segments offered least so far, so every segment gets about as many raters as
any other and nobody chooses whom to rate.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Mapping, Sequence
from datetime import date

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
    random), which spreads the raters evenly over the segments. Same input and seed, same draw."""
    rng = random.Random(seed)
    offered: dict[int, int] = {}
    households = sorted(eligible)
    rng.shuffle(households)
    drawn = {}
    for household in households:
        choices = sorted(set(eligible[household]))
        rng.shuffle(choices)
        choices.sort(key=lambda segment: offered.get(segment, 0))  # stable: ties stay shuffled
        drawn[household] = sorted(choices[:per_household])
        for segment in drawn[household]:
            offered[segment] = offered.get(segment, 0) + 1
    return drawn
