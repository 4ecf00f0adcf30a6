"""A round's result: its scores and its warnings, from one fit (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from watershed.evaluation.collusion import COLUMNS, Suspicion, suspect
from watershed.evaluation.history import rater_history
from watershed.evaluation.likelihood import LENIENCY_SDS, Uniforms
from watershed.evaluation.model import Fit, RaterHistory, fit
from watershed.evaluation.scores import empty_scores, scores_of, validate_ratings

# A rating doubted less than this is left at full weight: refitting for it would change no score
# the board shows.
DOUBT_MIN = 0.05


@dataclass(frozen=True)
class Evaluation:
    scores: pd.DataFrame  # as `aggregate` returns
    flags: pd.DataFrame  # as `detect_collusion` returns, plus `probability` (NaN for uniform)
    candidates: pd.DataFrame  # every pair and ring weighed, with its probability (for benchmarks)
    history_rounds: int  # how many earlier rounds were read


def evaluate(ratings: pd.DataFrame, history: pd.DataFrame | RaterHistory | None = None) -> Evaluation:
    """Score a round and look for rigged ratings, with one fit (see `aggregate`, `detect_collusion`).

    Ratings that are probably favours (a flagged pair's or ring's) count in the scores with weight
    one minus that probability: a favour says nothing about the segment's upkeep.
    """
    ratings = validate_ratings(ratings).reset_index(drop=True)
    if history is not None and not isinstance(history, RaterHistory):
        history = rater_history(history)
    households, codes = _households(ratings)
    if ratings.empty:
        flags = pd.DataFrame({"rater_a": households, "rater_b": households,
                              "reason": pd.Series([], dtype=object), "probability": pd.Series([], dtype=float)})
        return Evaluation(empty_scores(ratings), flags, pd.DataFrame(), 0)
    # The first fit stops once the segments still moving are few enough to be settled in blocks
    # (watershed.evaluation.blocks): the evidence of favours is read from it as it stands (on the
    # benchmark's 30 one-round fits its segments lie within 0.05 of where the whole fit ends in 26,
    # 0.28 at worst, where a household's class still turns), and the second fit, started there,
    # settles them together with those whose ratings are doubted. A fit's last sweeps, in which a
    # few segments at a time still move by about the tolerance, are so paid once, not twice: on a
    # million ratings (simulate_round, seed 1) 13 + 9 full sweeps where they were 20 + 13, and on
    # simulate_round(2000, 3000, seed=1) 14 + 9 where they were 18 + 11 (before blocks, 31 + 9
    # and 55 + 49 on the million; 15 + 11 and 13 + 7 on 7 December 2026, where the million's
    # refit spent its last 4 full sweeps on one to thirteen segments each, moving by about the
    # tolerance; 13 + 9 and 13 + 8 once the centring's step was left out of what a sweep moves,
    # villages.centre); of the flags of the 55 worlds of
    # tests/benchmarks/peer_scores.py, one pair's moved. A looser stop for the second fit is not
    # free: at 1e-2 the million-rating refit took 8 sweeps (before blocks), but the model's gain
    # over the plain mean on the floor4 rounds of the benchmark fell by 0.5 points (0.2 at
    # 3e-3), every seed the same way. The scores so made stop further from where the whole
    # pipeline run to 1e-6 ends than a fit alone does (the benchmark's convergence table prints
    # both): 0.185 at most on its 90 one-round worlds of seeds 1-15 (drifting generosity, seed 14),
    # more than 0.05 in 6, where a household's class still turns in the refit (a fit alone:
    # 0.059, 1).
    model = fit(ratings, history, settle=False)
    n = len(ratings)
    found: Suspicion = suspect(model, households, codes[:n], codes[n:],
                               history.edges if history is not None else None)
    # Households that give one score whatever the segment are read from the first fit too, and
    # held through the second: learnt inside its sweeps, they could turn it (likelihood.Uniforms).
    doubt = 1 - (1 - found.doubt) * (1 - uniform_chance(model))
    doubt = np.where(doubt >= DOUBT_MIN, doubt, 0.0)
    model = fit(ratings, history, doubt=doubt, start=model)
    return Evaluation(scores_of(model), found.rows, found.candidates,
                      history.rounds if history is not None else 0)


def uniform_chance(model: Fit) -> np.ndarray:
    """Per rating: the chance that its rater gives one score whatever the segment (likelihood.
    Uniforms), read from the round's first fit; such a rating says nothing about the segment."""
    p, s = model.problem, model.state
    uniforms = Uniforms(p.score, p.rater, p.n_rat, p.step)
    if not len(uniforms.index):
        return np.zeros(len(p.score))
    _, uniform = uniforms.classes(s.consensus, s.others, p.known_mean, s.known_precision, LENIENCY_SDS,
                                  s.leniency_shares, s.noise_shares, p.known_loglik, p.rounding,
                                  s.floor_share, s.floored)
    return uniform.take(p.rater)


def aggregate(ratings: pd.DataFrame, history: pd.DataFrame | RaterHistory | None = None) -> pd.DataFrame:
    """Score every rated segment, correcting for lenient, harsh and noisy raters.

    `ratings` has columns rater_id, segment_id, custodian_id and score (1-5, may be fractional),
    and optionally village_id (a segment with few ratings is pulled towards its village's level;
    without it, the households and segments joined through ratings are read as villages).
    `history`, optional, holds the ratings of earlier *closed* rounds (the same columns plus
    `round_id`, later rounds larger), or what `rater_history` made of them: what they showed about
    each rater's generosity and care is used as more evidence about the raters, never about the
    segments.
    Returns one row per segment_id (the index, sorted) with `score` (the posterior mean of the true
    upkeep on the 1-5 scale), `ci_low` and `ci_high` (the 90% posterior interval on the 1-5
    scale: central, or from an end where more than 5% lies beyond it) and `n_ratings`. Raises
    ValueError, naming the column, for missing columns, missing values or scores outside 1-5.
    Deterministic.
    """
    return evaluate(ratings, history).scores


def detect_collusion(ratings: pd.DataFrame, history: pd.DataFrame | RaterHistory | None = None) -> pd.DataFrame:
    """Suspicious pairs, rings and uniform raters; columns rater_a, rater_b, reason.

    Same input as `aggregate`; the same ValueError for bad input. Deterministic, sorted by reason,
    rater_a, rater_b (see watershed.evaluation.collusion).
    """
    return evaluate(ratings, history).flags[list(COLUMNS)]


def _households(ratings: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """One code per household over raters and custodians together; codes follow the ids' order."""
    both = pd.concat([ratings["rater_id"], ratings["custodian_id"]], ignore_index=True)
    codes, households = pd.factorize(both, sort=True)
    if both.empty:  # keep the id dtype, so that an empty answer looks like a full one
        households = pd.Index([], dtype=ratings["rater_id"].dtype)
    return pd.Index(households), codes
