"""Households that rate each other's segments suspiciously high, and raters who rate everyone alike.

Rater ids and custodian ids are the same households: household A "rates B" when A rates a segment
whose custodian is B. Whether A rates B suspiciously high is judged against the consensus, not the
raw score: for each rating we compare it with what the other raters gave that segment (corrected
for their leniency, as in `scores.aggregate`) plus A's own leniency measured on A's *other*
ratings. The difference is the rating's *excess*. A segment everyone rates 5 gives no excess to a
friend's 5, so genuinely well-kept segments are never evidence.

The edge A -> B is *suspicious* when, over A's ratings of B's segments, the mean excess is at least
EXCESS_MIN points and at least EXCESS_Z standard errors (the error counts A's own noisiness, so an
erratic rater is not suspected for being erratic). Then:

- `reciprocal`: A -> B and B -> A are both suspicious. One row per pair, rater_a < rater_b.
- `ring`: a cycle of 3 to MAX_RING households, each suspicious of rating the next one's segments.
  One row per edge of the cycle, rater_a rates rater_b's segments; an edge on several rings is
  listed once.
- `uniform`: a rater who gave (nearly) the same score to at least UNIFORM_MIN_RATINGS segments that
  the other raters tell apart. rater_b equals rater_a.

Rows are sorted by reason, rater_a, rater_b. A household rating its own segment is not a pair and
is left out here (forbidding it is the service's job).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from watershed.evaluation.scores import (
    PRECISION_RATE,
    SCORE_MAX,
    SCORE_MIN,
    Fit,
    fit,
    validate_ratings,
)

REASONS = ("reciprocal", "ring", "uniform")
COLUMNS = ("rater_a", "rater_b", "reason")

# One point above the consensus is five dimension-stars; an honest rating strays that far now and
# then (sd about 0.5), while friends who give a neglected segment 5 are typically 1.5-3 above.
EXCESS_MIN = 1.0
# 1.5 standard errors. On the simulated village about 4% of honest edges pass both tests by chance
# and 99.5% of colluders' edges do; both edges of an honest pair pass together about 1 time in
# 700 and all three of an honest triangle about 1 in 18,000. At 2.0 only 1.7% of honest edges
# pass but 1.5% of colluders' edges fail, and a ring of four is lost when any one of its edges does.
EXCESS_Z = 1.5
# Rings longer than four households are rare, and the cycle search grows quickly with length.
MAX_RING = 4
# "Same score to everyone" needs enough ratings to mean anything; a spread of one dimension-star
# (0.2) is still "the same"; and the segments must differ by a point in the others' eyes (their
# consensus without this rater), so that someone who gave 5 to four excellent segments is not
# suspected.
UNIFORM_MIN_RATINGS = 4
UNIFORM_SPREAD_MAX = 0.2 + 1e-9
UNIFORM_CONSENSUS_SPREAD_MIN = 1.0


def detect_collusion(ratings: pd.DataFrame) -> pd.DataFrame:
    """Suspicious pairs, rings and uniform raters; columns rater_a, rater_b, reason (see module doc).

    Same input frame as `aggregate` (rater_id, segment_id, custodian_id, score); the same
    ValueError for bad input. Deterministic, sorted by reason, rater_a, rater_b.
    """
    ratings = validate_ratings(ratings)
    households, codes = _households(ratings)
    if ratings.empty:
        return _rows([], households)
    model = fit(ratings)
    excess, variance, consensus = _leave_one_out(model)
    n = len(ratings)
    rater, custodian = codes[:n], codes[n:]
    edges = _suspicious_edges(rater, custodian, excess, variance)
    rows = _reciprocal(edges) + _rings(edges) + _uniform(rater, model.score, consensus)
    return _rows(rows, households)


def _households(ratings: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """One code per household over raters and custodians together; codes follow the ids' order."""
    both = pd.concat([ratings["rater_id"], ratings["custodian_id"]], ignore_index=True)
    codes, households = pd.factorize(both, sort=True)
    if both.empty:  # keep the id dtype, so that an empty answer looks like a full one
        households = pd.Index([], dtype=ratings["rater_id"].dtype)
    return pd.Index(households), codes


def _leave_one_out(model: Fit) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per rating: its excess over the consensus, the variance of that excess, and the consensus.

    The consensus is the segment's fitted score without this rating; the rater's leniency and
    precision are those fitted without it too, so that a friend's inflated 5 cannot excuse itself.
    Each is the fitted sum with this rating's own term taken out again.
    """
    seg, rat, z = model.segment, model.rater, model.latent
    tau = model.rater_precision.take(rat)
    upkeep, leniency = model.upkeep.take(seg), model.leniency.take(rat)
    upkeep_precision = model.upkeep_precision.take(seg)
    leniency_precision = model.leniency_precision.take(rat)
    others_precision = upkeep_precision - tau
    consensus = (upkeep_precision * upkeep - tau * (z - leniency)) / others_precision
    own_precision = leniency_precision - tau
    own_leniency = (leniency_precision * leniency - tau * (z - upkeep)) / own_precision
    residual = z - upkeep - leniency
    own_spread = (residual**2 + model.latent_variance + 1 / upkeep_precision + 1 / leniency_precision) / 2
    rate = np.maximum(model.precision_rate.take(rat) - own_spread, PRECISION_RATE)
    noise = rate / (model.precision_shape.take(rat) - 1.5)  # E[1/precision] without this rating
    excess = z - consensus - own_leniency
    return excess, noise + 1 / others_precision + 1 / own_precision, consensus


def _suspicious_edges(
    rater: np.ndarray, custodian: np.ndarray, excess: np.ndarray, variance: np.ndarray
) -> list[tuple[int, int]]:
    """(rater, custodian) household codes whose ratings stand well above the consensus, sorted."""
    other = rater != custodian
    rater, custodian, excess, variance = rater[other], custodian[other], excess[other], variance[other]
    width = int(max(rater.max(initial=0), custodian.max(initial=0))) + 1
    keys, edge = np.unique(rater.astype(np.int64) * width + custodian, return_inverse=True)
    total = np.bincount(edge, excess, minlength=len(keys))
    spread = np.sqrt(np.bincount(edge, variance, minlength=len(keys)))
    count = np.bincount(edge, minlength=len(keys))
    flagged = keys[(total >= EXCESS_MIN * count) & (total >= EXCESS_Z * spread)]
    return [(int(k // width), int(k % width)) for k in flagged]


def _reciprocal(edges: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    present = set(edges)
    return [(a, b, "reciprocal") for a, b in edges if a < b and (b, a) in present]


def _rings(edges: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    graph = nx.DiGraph(edges)
    on_rings = set()
    for cycle in nx.simple_cycles(graph, length_bound=MAX_RING):
        if len(cycle) >= 3:
            on_rings.update(zip(cycle, cycle[1:] + cycle[:1]))
    return [(a, b, "ring") for a, b in sorted(on_rings)]


def _uniform(rater: np.ndarray, score: np.ndarray, consensus: np.ndarray) -> list[tuple[int, int, str]]:
    # On the scale: a segment all others rate 5 has a fitted upkeep above 5, yet is just "a 5".
    consensus = np.clip(consensus, SCORE_MIN, SCORE_MAX)
    frame = pd.DataFrame({"rater": rater, "score": score, "consensus": consensus})
    stats = frame.groupby("rater").agg(
        n=("score", "size"), low=("score", "min"), high=("score", "max"),
        c_low=("consensus", "min"), c_high=("consensus", "max"),
    )
    uniform = stats[
        (stats["n"] >= UNIFORM_MIN_RATINGS)
        & (stats["high"] - stats["low"] <= UNIFORM_SPREAD_MAX)
        & (stats["c_high"] - stats["c_low"] >= UNIFORM_CONSENSUS_SPREAD_MIN)
    ]
    return [(int(r), int(r), "uniform") for r in uniform.index]


def _rows(rows: list[tuple[int, int, str]], households: pd.Index) -> pd.DataFrame:
    codes = np.array([(a, b) for a, b, _ in rows], dtype=np.int64).reshape(-1, 2)
    frame = pd.DataFrame({
        "rater_a": households.take(codes[:, 0]),
        "rater_b": households.take(codes[:, 1]),
        "reason": pd.Series([r for _, _, r in rows], dtype=object),
    })
    return frame.sort_values(["reason", "rater_a", "rater_b"], kind="mergesort").reset_index(drop=True)
