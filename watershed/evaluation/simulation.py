"""A seeded simulation of one rating round, with the truth known, for tests, benchmarks and demos.

Households 1..n_raters rate segments 1..n_segments; each segment has a custodian household, and
households hold segments as evenly as the numbers allow. Every household draws a number of
segments in the `ratings_per_rater` range at random (never its own; a segment drawn twice is rated
once). A rating
is what the phone's widget records: five whole stars (one per dimension, 河畅 水清 岸绿 景美 人和),
averaged, so a multiple of 0.2 in 1-5. Behind the stars:

    latent = true upkeep + leniency(rater) + Normal(0, sd(rater));  star = clip(round(latent + jitter))

- honest raters: leniency Normal(0, 0.15), sd 0.4;
- lenient raters: leniency uniform in +0.5..+1, sd 0.4;   harsh: -1..-0.5, sd 0.4;
- noisy raters: sd 1.2;
- uniform raters give one score (3, 4 or 5) to every segment they rate;
- colluders (custodians all) form groups: half of the groups pairs, the rest rings of 3 or 4
  households. Besides their ordinary ratings, each rates every segment of the next member of its
  group (in a pair: of the other) 5.0.

True upkeep is 1 + 4 x Beta(2, 2): spread over the scale, most segments middling. By default the
colluders' own segments are neglected (upkeep uniform in 1-3.5), since a well-kept segment has no
need of friends; pass colluder_upkeep=None to draw them like everyone else's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

HONEST_SD, NOISY_SD = 0.4, 1.2
HONEST_LENIENCY_SD = 0.15
LENIENCY_RANGE = (0.5, 1.0)
STAR_JITTER_SD = 0.5  # how far one dimension's stars stray from the overall impression
UNIFORM_CHOICES = (3.0, 4.0, 5.0)
COLLUSION_SCORE = 5.0


@dataclass(frozen=True)
class SimulatedRound:
    """Ratings (rater_id, segment_id, custodian_id, score) and the truth behind them."""

    ratings: pd.DataFrame
    true_scores: pd.Series  # index segment_id
    colluders: frozenset[int]
    uniform_raters: frozenset[int]
    collusion_groups: tuple[tuple[int, ...], ...]  # each group in rating order: a rates b rates ...


def simulate_round(
    n_segments: int = 2000,
    n_raters: int = 3000,
    ratings_per_rater: tuple[int, int] = (5, 10),
    seed: int = 0,
    *,
    lenient_share: float = 0.2,
    harsh_share: float = 0.2,
    noisy_share: float = 0.15,
    uniform_share: float = 0.03,
    colluder_share: float = 0.04,
    colluder_upkeep: tuple[float, float] | None = (1.0, 3.5),
) -> SimulatedRound:
    """Simulate one round. Same arguments, same round. Shares are fractions of the households."""
    rng = np.random.default_rng(seed)
    custodian = _custodians(n_segments, n_raters, rng)
    truth = 1 + 4 * rng.beta(2, 2, size=n_segments)
    kind = rng.choice(4, size=n_raters, p=_kind_shares(lenient_share, harsh_share, noisy_share))
    leniency, sd = _rater_traits(kind, rng)

    holders = np.unique(custodian)
    n_colluders = min(round(colluder_share * n_raters), len(holders))
    colluders = rng.choice(holders, size=n_colluders, replace=False)
    others = np.setdiff1d(np.arange(n_raters), colluders)
    uniform = rng.choice(others, size=min(round(uniform_share * n_raters), len(others)), replace=False)
    if colluder_upkeep is not None:
        neglected = np.isin(custodian, colluders)
        truth[neglected] = rng.uniform(*colluder_upkeep, size=int(neglected.sum()))

    rater, segment = _ordinary_pairs(custodian, n_raters, ratings_per_rater, rng)
    score = _stars(truth[segment] + leniency[rater] + sd[rater] * rng.standard_normal(len(rater)), rng)
    uniform_score = np.zeros(n_raters)
    uniform_score[uniform] = rng.choice(UNIFORM_CHOICES, size=len(uniform))
    score = np.where(np.isin(rater, uniform), uniform_score[rater], score)

    groups = _groups(colluders, rng)
    rater, segment, score = _add_collusion(rater, segment, score, groups, custodian)
    ratings = pd.DataFrame({
        "rater_id": rater + 1,
        "segment_id": segment + 1,
        "custodian_id": custodian[segment] + 1,
        "score": score,
    })
    return SimulatedRound(
        ratings=ratings,
        true_scores=pd.Series(
            truth, index=pd.RangeIndex(1, n_segments + 1, name="segment_id"), name="true_score"
        ),
        colluders=frozenset(int(h) + 1 for g in groups for h in g),
        uniform_raters=frozenset(int(h) + 1 for h in uniform),
        collusion_groups=tuple(tuple(int(h) + 1 for h in g) for g in groups),
    )


def _kind_shares(lenient: float, harsh: float, noisy: float) -> list[float]:
    honest = 1 - lenient - harsh - noisy
    if honest < 0:
        raise ValueError("lenient_share + harsh_share + noisy_share must not exceed 1")
    return [honest, lenient, harsh, noisy]


def _rater_traits(kind: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Leniency and noise sd per household, from its kind (0 honest, 1 lenient, 2 harsh, 3 noisy)."""
    n = len(kind)
    leniency = rng.normal(0, HONEST_LENIENCY_SD, size=n)
    magnitude = rng.uniform(*LENIENCY_RANGE, size=n)
    leniency = np.select([kind == 1, kind == 2], [magnitude, -magnitude], leniency)
    sd = np.where(kind == 3, NOISY_SD, HONEST_SD)
    return leniency, sd


def _custodians(n_segments: int, n_households: int, rng: np.random.Generator) -> np.ndarray:
    """Custodian (0-based household) of each segment; no household holds two more than another."""
    holders = np.arange(n_segments) % n_households
    return rng.permutation(n_households)[holders][rng.permutation(n_segments)]


def _ordinary_pairs(
    custodian: np.ndarray, n_raters: int, per_rater: tuple[int, int], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(rater, segment) pairs: a random handful of segments per household, none its own, no repeats."""
    counts = rng.integers(per_rater[0], per_rater[1] + 1, size=n_raters)
    rater = np.repeat(np.arange(n_raters), counts)
    segment = rng.integers(0, len(custodian), size=len(rater))
    keep = custodian[segment] != rater
    rater, segment = rater[keep], segment[keep]
    _, first = np.unique(rater.astype(np.int64) * len(custodian) + segment, return_index=True)
    return rater[first], segment[first]


def _stars(latent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The mean of five whole-star dimensions around the latent impression: a multiple of 0.2 in 1-5."""
    stars = np.clip(np.rint(latent[:, None] + rng.normal(0, STAR_JITTER_SD, size=(len(latent), 5))), 1, 5)
    return stars.sum(axis=1) / 5


def _groups(colluders: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    """Cut the colluders into groups: half of them pairs, the rest rings of 3 or 4."""
    order = rng.permutation(colluders)
    groups, start = [], 0
    while (left := len(order) - start) >= 2:
        size = left if left <= 4 else int(rng.choice([2, 2, 3, 4]))
        if left - size == 1:  # never leave one colluder alone
            size -= 1
        groups.append(order[start:start + size])
        start += size
    return groups


def _add_collusion(
    rater: np.ndarray, segment: np.ndarray, score: np.ndarray,
    groups: list[np.ndarray], custodian: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each member rates every segment of the next member 5.0, replacing any ordinary rating of it."""
    segments_of = pd.Series(np.arange(len(custodian))).groupby(custodian).agg(list)
    extra_rater, extra_segment = [], []
    for group in groups:
        for member, target in zip(group, np.roll(group, -1)):
            held = segments_of[target]
            extra_rater.extend([member] * len(held))
            extra_segment.extend(held)
    extra_rater = np.array(extra_rater, dtype=rater.dtype)
    extra_segment = np.array(extra_segment, dtype=segment.dtype)
    n_segments = len(custodian)
    replaced = extra_rater.astype(np.int64) * n_segments + extra_segment
    keep = ~np.isin(rater.astype(np.int64) * n_segments + segment, replaced)
    return (
        np.concatenate([rater[keep], extra_rater]),
        np.concatenate([segment[keep], extra_segment]),
        np.concatenate([score[keep], np.full(len(extra_rater), COLLUSION_SCORE)]),
    )
