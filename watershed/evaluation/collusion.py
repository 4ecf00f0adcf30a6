"""Households that rate each other's segments up, and raters who rate everyone alike.

Rater ids and custodian ids are the same households: household A "rates B" when A rates a segment
whose custodian is B. Whether A rated B up is judged against the consensus, not the raw score:
each rating's *excess* is how far it lies above what everyone else's ratings predict for it (the
segment's upkeep fitted without it, plus A's generosity measured on A's *other* ratings), and its
variance counts A's own noisiness measured without it (an erratic rater is not suspected for being
erratic). A segment everyone rates 5 gives no excess to a friend's 5, so genuinely well-kept
segments are never evidence.

A single rating per direction is the usual case, so the evidence is weighed, not thresholded: each
rating gives a log-likelihood ratio, "a favour of about FAVOUR_MEAN points" against "an honest
rating", and an edge A -> B sums its ratings' ratios (and those of the same edge in earlier
closed rounds, when given: a pair that favours each other every round is surer than one that did
once). Then:

- `reciprocal`: A -> B and B -> A. Among all pairs that rated each other this round, the share
  that trade favours is learnt from the round (empirical Bayes), and a pair is flagged when its
  posterior probability of trading favours is at least FLAG_PROBABILITY. One row per pair,
  rater_a < rater_b.
- `ring`: a cycle of 3 to MAX_RING households, each link rated up (ratio above RING_LINK_MIN),
  weighed the same way with the prior of a pair spread over the many more possible cycles. One
  row per link, rater_a rates rater_b's segments; a link on several rings is listed once.
- `uniform`: a rater who gave (nearly) the same score to at least UNIFORM_MIN_RATINGS segments that
  the other raters tell apart. rater_b equals rater_a.

A flagged household is told to staff, and a false flag costs a person's reputation: hence a high
FLAG_PROBABILITY, and flags that need both directions (or the whole ring) to look rigged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from watershed.evaluation.mixture import posterior
from watershed.evaluation.model import NOISE_SDS, OUTLIER_SHARE, Fit
from watershed.evaluation.normal import SCORE_MAX, SCORE_MIN

REASONS = ("reciprocal", "ring", "uniform")
COLUMNS = ("rater_a", "rater_b", "reason")

# A favour worth doing lifts a rating by about one to three points (five to fifteen
# dimension-stars). What the excess shows of it is less: the fit has already moved the segment and
# the rater a little towards the favour. Normal(1.5, 1) puts 95% of its weight on -0.5 to 3.5.
FAVOUR_MEAN, FAVOUR_SD = 1.5, 1.0
# Posterior probability at which a pair or ring is told to staff: nine in ten, so that flags are
# wrong about one time in ten at most, if the model holds.
FLAG_PROBABILITY = 0.9
# Prior share of favour-trading pairs among pairs that rated each other: learnt, but never
# below one in a hundred or above one in two (a round is not evidence of a world of cheats).
PAIR_SHARE_BOUNDS = (0.01, 0.5)
# A ring link must be at least this likelier a favour than honest (e^1 ~ 2.7 times), or the
# search would wander through every cycle of ordinary ratings.
RING_LINK_MIN = 1.0
MAX_RING = 4  # _short_cycles looks no further
# "Same score to everyone" needs enough ratings to mean anything; a spread of one dimension-star
# (0.2) is still "the same"; and the segments must differ by a point in the others' eyes.
UNIFORM_MIN_RATINGS = 4
UNIFORM_SPREAD_MAX = 0.2 + 1e-9
UNIFORM_CONSENSUS_SPREAD_MIN = 1.0


@dataclass(frozen=True)
class Suspicion:
    """What the detection found: the flagged rows and, per rating, its probability of being a favour."""

    rows: pd.DataFrame  # rater_a, rater_b, reason (and probability, for pairs and rings)
    doubt: np.ndarray  # per rating of the fit
    edges: pd.Series  # (rater id, custodian id) -> summed log-likelihood ratio this round
    candidates: pd.DataFrame  # every reciprocal pair and ring considered, with its probability


def rating_evidence(model: Fit) -> np.ndarray:
    """Per rating: log-likelihood ratio of "a favour" against "an honest rating"."""
    # The rater's noise read without this rating, so that a big favour does not make its giver
    # look erratic and so excuse itself.
    own = NOISE_SDS[None, :] ** 2 + model.spread[:, None]
    this = -0.5 * (1 - model.outlier)[:, None] * (np.log(own) + (model.excess**2)[:, None] / own)
    without = posterior(np.log(model.noise_classes.take(model.rater, axis=0) + 1e-300) - this)
    variance = np.einsum("nk,k->n", without, NOISE_SDS**2) + model.spread
    honest = -0.5 * (np.log(variance) + model.excess**2 / variance)
    favour_var = variance + FAVOUR_SD**2
    favour = -0.5 * (np.log(favour_var) + (model.excess - FAVOUR_MEAN) ** 2 / favour_var)
    # Not trading favours does not mean every rating is honest: a one-off favour (or slip) is an
    # outlier like any other. So one rating can lift an edge by log(1 / OUTLIER_SHARE), about 4,
    # at most, and a pair needs both directions.
    alone = np.logaddexp(np.log(1 - OUTLIER_SHARE) + honest, np.log(OUTLIER_SHARE) + favour)
    return favour - alone


def suspect(model: Fit, households: pd.Index, rater: np.ndarray, custodian: np.ndarray,
            earlier_edges: pd.Series | None = None) -> Suspicion:
    """Reciprocal pairs, rings and uniform raters of a fitted round (codes index `households`)."""
    evidence = rating_evidence(model)
    other = rater != custodian
    width = len(households) + 1
    key = rater.astype(np.int64) * width + custodian
    keys, edge = np.unique(key[other], return_inverse=True)
    llr = np.bincount(edge, evidence[other], minlength=len(keys))
    edges = pd.Series(llr, index=keys)
    this_round = pd.Series(llr, index=pd.MultiIndex.from_arrays(
        [households.take(keys // width), households.take(keys % width)]))
    total = edges.copy()
    if earlier_edges is not None and len(earlier_edges):
        codes = pd.Series(np.arange(len(households)), index=households)
        known = earlier_edges[earlier_edges.index.get_level_values(0).isin(households)
                              & earlier_edges.index.get_level_values(1).isin(households)]
        past = pd.Series(known.to_numpy(), index=codes.reindex(known.index.get_level_values(0)).to_numpy()
                         * width + codes.reindex(known.index.get_level_values(1)).to_numpy())
        total = total.add(past.groupby(level=0).sum().reindex(total.index).fillna(0.0))
    pairs = _pairs(total, width)
    rings = _rings(total, width, pairs)
    rows = [(a, b, "reciprocal", p) for a, b, p in pairs.itertuples(index=False) if p >= FLAG_PROBABILITY]
    on_rings: dict[tuple[int, int], float] = {}
    for cycle, p in rings:
        if p >= FLAG_PROBABILITY:
            for link in zip(cycle, cycle[1:] + cycle[:1]):
                on_rings[link] = max(on_rings.get(link, 0.0), p)
    rows += [(a, b, "ring", p) for (a, b), p in sorted(on_rings.items())]
    rows += [(r, r, "uniform", np.nan) for r in _uniform(rater, model.score, model.consensus)]
    doubt = _doubt(key, other, width, pairs, rings)
    candidates = pd.DataFrame(
        [(tuple(households.take([a, b])), "reciprocal", p) for a, b, p in pairs.itertuples(index=False)]
        + [(tuple(households.take(list(c))), "ring", p) for c, p in rings],
        columns=["households", "kind", "probability"])
    return Suspicion(_rows(rows, households), doubt, this_round, candidates)


def _pairs(total: pd.Series, width: int) -> pd.DataFrame:
    """Every pair that rated each other, with its posterior probability of trading favours."""
    a, b = total.index // width, total.index % width
    back = pd.Series(total.to_numpy(), index=b * width + a)
    both = (a < b) & back.index.isin(total.index)  # each pair once, from its smaller household
    forward = total[both]
    backward = total.reindex(back.index[both].to_numpy()) if both.any() else forward
    evidence = forward.to_numpy() + backward.to_numpy()
    probability = _learnt_posterior(evidence, PAIR_SHARE_BOUNDS)
    return pd.DataFrame({"a": a[both], "b": b[both], "p": probability})


def _learnt_posterior(evidence: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    """Posterior probabilities with the prior share learnt by EM from the candidates themselves."""
    share, evidence = 0.1, np.clip(evidence, -60, 60)
    for _ in range(100):
        odds = share / (1 - share) * np.exp(evidence)
        probability = odds / (1 + odds)
        new = float(np.clip((probability.sum() + 1) / (len(evidence) + 2), *bounds))
        if abs(new - share) < 1e-6:
            break
        share = new
    return probability if len(evidence) else np.zeros(0)


def _rings(total: pd.Series, width: int, pairs: pd.DataFrame) -> list[tuple[list[int], float]]:
    """Cycles of 3 to MAX_RING strongly rated-up links, each with its posterior probability."""
    strong = total[total >= RING_LINK_MIN]
    llr = dict(zip(zip((strong.index // width).tolist(), (strong.index % width).tolist()), strong.to_numpy()))
    cycles = _short_cycles(llr)
    if not cycles:
        return []
    # A ring is as rare as a pair, but there are far more cycles than reciprocal pairs to look
    # at: the prior of one cycle is the pairs' learnt share spread over them.
    expected_pairs = max(float(pairs["p"].sum()), 1.0)
    share = min(expected_pairs / (len(cycles) + len(pairs)), PAIR_SHARE_BOUNDS[1])
    out = []
    for cycle in sorted(cycles):
        start = cycle.index(min(cycle))
        cycle = [int(h) for h in cycle[start:] + cycle[:start]]
        evidence = sum(llr[link] for link in zip(cycle, cycle[1:] + cycle[:1]))
        odds = share / (1 - share) * np.exp(min(evidence, 60))
        out.append((cycle, odds / (1 + odds)))
    return out


def _short_cycles(links) -> list[list[int]]:
    """Every directed cycle of 3 or 4 households over `links` ((a, b) pairs), each once, from its
    smallest household. (Cycles this short need no graph library: networkx's search, graph
    building included, took 1.5 s of CPU on a million ratings, this a tenth of a second.)"""
    after: dict[int, list[int]] = {}
    for a, b in links:
        after.setdefault(a, []).append(b)
    out = []
    for a, firsts in after.items():
        for b in firsts:
            if b < a:
                continue
            for c in after.get(b, ()):
                if c <= a or c == b:
                    continue
                seconds = after.get(c, ())
                if a in seconds:
                    out.append([a, b, c])
                out += [[a, b, c, d] for d in seconds if d > a and d != b and a in after.get(d, ())]
    return out


def _doubt(key, other, width, pairs: pd.DataFrame, rings) -> np.ndarray:
    """Per rating: the probability that it was a favour (that of its pair or ring)."""
    link_probability: dict[int, float] = {}
    for a, b, p in pairs.itertuples(index=False):
        for k in (a * width + b, b * width + a):
            link_probability[k] = max(link_probability.get(k, 0.0), p)
    for cycle, p in rings:
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            link_probability[a * width + b] = max(link_probability.get(a * width + b, 0.0), p)
    doubt = pd.Series(key).map(link_probability).fillna(0.0).to_numpy()
    return np.where(other, doubt, 0.0)


def _uniform(rater: np.ndarray, score: np.ndarray, consensus: np.ndarray) -> list[int]:
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
    return [int(r) for r in uniform.index]


def _rows(rows: list[tuple], households: pd.Index) -> pd.DataFrame:
    codes = np.array([(a, b) for a, b, _, _ in rows], dtype=np.int64).reshape(-1, 2)
    frame = pd.DataFrame({
        "rater_a": households.take(codes[:, 0]),
        "rater_b": households.take(codes[:, 1]),
        "reason": pd.Series([r for _, _, r, _ in rows], dtype=object),
        "probability": pd.Series([p for _, _, _, p in rows], dtype=float),
    })
    return frame.sort_values(["reason", "rater_a", "rater_b"], kind="mergesort").reset_index(drop=True)
