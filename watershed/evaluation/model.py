"""The rating model and its fit: PG1 of Piech et al. (2013), with its priors learnt from the round.

    rating = upkeep(segment) + leniency(rater) + noise,
    noise ~ Normal(0, sd(rater)^2), or, for an occasional rating, Normal(0, (OUTLIER_SCALE sd)^2)

Nothing about how generous or careful households are is fixed in advance: each prior is a mixture
over a grid whose weights are learnt from the round itself (empirical Bayes), because villages
differ and a number tuned on one simulation does not carry to another.

- A rater's noise sd is one of NOISE_SDS (from a careful rater's 0.2 to 2, about random on a
  4-point scale); the share of raters at each is learnt. Three ratings cannot say much about one
  household, but a village's 1,000 ratings say a lot about how many are careful and how many are
  erratic, and that is what each household's few ratings are read against.
- A rater's leniency is Normal(0, s^2) with s one of LENIENCY_SDS, shares learnt likewise. The
  mixture puts the zero point at the *typical* household: if a third of the village never rates
  below 4, they are the generous ones, not everyone else harsh.
- A single rating may be an outlier (a favour for a friend, a grudge, a slip of the thumb): it is
  then read with OUTLIER_SCALE times the rater's sd and so weighs about a ninth.
- A segment's upkeep is Normal(m, s^2), with m the mean of its village (when ratings carry a
  village_id) or of the round, and m and s learnt.
- Earlier closed rounds (watershed.evaluation.history) may add, per rater, a measurement of their
  leniency and the residuals of their earlier ratings, which enter as more data about the rater.

Fitted by variational Bayes with the empirical-Bayes steps inside each sweep; the Gaussian part
(upkeeps and leniencies given the raters' sds) by belief propagation, which carries each rating's
uncertainty about the other side along (see the sweep). Every sweep is a handful of
`numpy.bincount` group sums, linear in the number of ratings, and nothing is random. The sweeps
stop when the upkeeps have settled (TOLERANCE); the raters' noise classes are damped so that they
settle rather than flip (DAMP_CLASSES), and the learnt shares are brought to their fixed point
inside each sweep (watershed.evaluation.mixture). The widget cannot record beyond 1 or 5, so a
rating at an end is read as censored (5 means "5 or better").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from watershed.evaluation.mixture import mixture
from watershed.evaluation.normal import SCORE_MAX, SCORE_MIN, truncated_above

NOISE_SDS = np.array([0.2, 0.3, 0.45, 0.65, 0.95, 1.4, 2.0])
LENIENCY_SDS = np.array([0.08, 0.2, 0.4, 0.7, 1.1, 1.7])
# An outlier is read with 3 times its rater's sd: a rating two points off from a careful rater
# is then ordinary for the outlier reading, and weighs a ninth of an ordinary rating.
OUTLIER_SCALE = 3.0
# The share of outliers is not learnt: when it may grow, "careful raters with many outliers"
# explains an erratic rater as well as "an erratic rater" does, and careful raters' ratings
# would all be doubted. One rating in fifty is rare enough to stay an exception.
OUTLIER_SHARE = 0.02
# A village's segments do differ; an upkeep sd below this would claim they are all alike.
MIN_UPKEEP_SD = 0.3
# The widget cannot record below 1 or above 5, so a 5.0 means "5 or better": the rating the
# household had in mind was at least 4.9, half a 0.2 step below the top; likewise a 1.0.
CENSORED_ABOVE = SCORE_MAX - 0.1
CENSORED_BELOW = SCORE_MIN + 0.1
# Sweeps stop when no segment's upkeep moves by more than TOLERANCE points in a sweep (a hundredth
# of the 0.1 the board shows). Where the fit would end is then 0.005-0.036 away at most on the
# benchmark's 25 one-round fits (tests/benchmarks/peer_scores.py prints each; the tests check it
# against a hundred times tighter tolerance). MAX_ITERATIONS only guards against a fit that no
# longer converges; tests/test_evaluation_convergence.py fails if it is ever what stops one.
TOLERANCE = 1e-3
MAX_ITERATIONS = 500
# A rater's noise classes move halfway to their new value each sweep. Undamped, a household
# whose ratings sit at the ends of the scale (in simulate_round seed 1, one that gave four 1s, a
# 3 and a 5) flipped for ever between two states, "careful, leniency -0.28" and "erratic,
# leniency -0.41": what its censored ratings are read to mean depends on its class, and its class
# on what they are read to mean (a cycle of period two, which moved 33 segments by up to 0.035
# each sweep). Moving halfway maps a step that overshoots by all of itself to none, so such a
# cycle settles. It is the textbook factor, not a figure fitted to a simulator.
DAMP_CLASSES = 0.5

# Unexplained drift of generosity since the earlier rounds, learnt in the fit; it starts at a
# tenth of a point's variance (sd 0.3) so that the earlier rounds neither rule nor vanish at once.
DRIFT_START = 0.1

NOISE_PRECISIONS = 1 / NOISE_SDS**2
LENIENCY_PRECISIONS = 1 / LENIENCY_SDS**2
OUTLIER_WEIGHT = 1 / OUTLIER_SCALE**2


@dataclass(frozen=True)
class RaterHistory:
    """What earlier closed rounds showed about each rater (index: rater id)."""

    leniency: pd.Series  # measured leniency
    leniency_precision: pd.Series  # 1 / its variance, drift between rounds included
    noise_loglik: pd.DataFrame  # per rater x NOISE_SDS: log-likelihood of their earlier ratings
    edges: pd.Series  # (rater id, custodian id) -> evidence that the one rated the other up
    rounds: int
    drift: float  # variance per round of the change in a household's leniency


@dataclass(frozen=True)
class Fit:
    """The fitted model; arrays per segment, per rater, or per rating (aligned with the input rows)."""

    segment_ids: pd.Index
    rater_ids: pd.Index
    segment: np.ndarray  # per rating: position of its segment
    rater: np.ndarray  # per rating: position of its rater
    score: np.ndarray  # per rating, as given
    latent: np.ndarray  # per rating: as meant (a 5.0 may stand for more than 5)
    latent_variance: np.ndarray
    weight: np.ndarray  # per rating: E[precision multiplier], 1 or less for a likely outlier
    outlier: np.ndarray  # per rating: probability it is an outlier
    n_ratings: np.ndarray  # per segment
    upkeep: np.ndarray  # per segment: posterior mean
    upkeep_precision: np.ndarray  # per segment: posterior precision (belief propagation)
    upkeep_variance: np.ndarray  # per segment: variance with the raters' uncertainty put back
    leniency: np.ndarray  # per rater
    leniency_precision: np.ndarray
    precision: np.ndarray  # per rater: E[1 / sd^2]
    noise_classes: np.ndarray  # per rater x NOISE_SDS: posterior probabilities
    noise_shares: np.ndarray  # learnt shares of NOISE_SDS
    excess: np.ndarray  # per rating: above what the others' ratings predict (see the sweep)
    spread: np.ndarray  # per rating: variance of that prediction
    consensus: np.ndarray  # per rating: the segment's upkeep fitted without it
    consensus_variance: np.ndarray
    iterations: int
    state: dict = field(default_factory=dict, repr=False, compare=False)  # for `start`


# What a sweep starts from; a fit keeps it so that a refit can start where it ended.
_STATE = ("latent", "latent_var", "noise_shares", "leniency_shares", "tau", "weight", "prior_mean",
          "prior_precision", "leniency_prior", "rater_cavity_mean", "rater_cavity_precision",
          "noise_classes", "drift", "known_precision", "upkeep")


def fit(ratings: pd.DataFrame, history: RaterHistory | None = None,
        doubt: np.ndarray | None = None, start: Fit | None = None) -> Fit:
    """Fit the model to validated, non-empty ratings (with an optional village_id column).

    `doubt`, per rating, is the probability that it is a favour (watershed.evaluation.collusion):
    such a rating says nothing about the segment, so it counts with weight 1 - doubt.
    `start`, a fit of the same ratings (same rows, same history), is where the sweeps start from:
    refitting with a little doubt then takes a few sweeps, not the whole climb.
    """
    segment, segment_ids = pd.factorize(ratings["segment_id"], sort=True)
    rater, rater_ids = pd.factorize(ratings["rater_id"], sort=True)
    z = ratings["score"].to_numpy(dtype=float)
    n_seg, n_rat = len(segment_ids), len(rater_ids)
    per_segment = np.bincount(segment, minlength=n_seg).astype(float)
    per_rater = np.bincount(rater, minlength=n_rat).astype(float)
    group = _segment_groups(ratings, segment, n_seg)
    known_loglik, known_mean, measured_precision = _history_arrays(history, rater_ids)
    has_history = measured_precision > 0
    drift = DRIFT_START if has_history.any() else 0.0
    known_precision = np.where(has_history, 1 / (1 / np.maximum(measured_precision, 1e-12) + drift), 0.0)

    def seg_sum(w):
        return np.bincount(segment, w, minlength=n_seg)

    def rat_sum(w):
        return np.bincount(rater, w, minlength=n_rat)

    trust = np.ones_like(z) if doubt is None else 1 - np.asarray(doubt, dtype=float)
    ends = _Ends(z, segment, rater)
    latent, latent_var = z.copy(), np.zeros_like(z)
    noise_shares = np.full(len(NOISE_SDS), 1 / len(NOISE_SDS))
    leniency_shares = np.full(len(LENIENCY_SDS), 1 / len(LENIENCY_SDS))
    tau = np.full(n_rat, 4.0)
    weight = np.ones_like(z)
    upkeep = seg_sum(z) / per_segment
    prior_mean, prior_precision = _upkeep_prior(upkeep, 1 / per_segment, group)
    upkeep_precision = prior_precision + per_segment * 4.0
    leniency = np.zeros(n_rat)
    leniency_prior = np.full(n_rat, 1 / 0.5**2) + known_precision
    leniency_precision = leniency_prior + 4.0 * per_rater
    # Each rating's rater as known from everything but this rating (its "cavity"), to start with
    # from the prior alone.
    rater_cavity_mean = known_mean.take(rater)
    rater_cavity_precision = leniency_prior.take(rater)
    noise_classes = None
    if start is not None:
        if len(start.score) != len(z):
            raise ValueError("start must be a fit of the same ratings")
        (latent, latent_var, noise_shares, leniency_shares, tau, weight, prior_mean,
         prior_precision, leniency_prior, rater_cavity_mean, rater_cavity_precision,
         noise_classes, drift, known_precision, upkeep) = (
            np.copy(start.state[k]) for k in _STATE)
        drift = float(drift)
    for iteration in range(1, MAX_ITERATIONS + 1):
        a = tau.take(rater) * weight * trust
        # Gaussian belief propagation rather than mean field: a rating tells its segment
        # "rating - leniency", with the leniency as known *without this rating*, and so with its
        # uncertainty added to the rating's noise (the precision a is lessened to pi); and
        # likewise to its rater. Mean field would treat the other side as known exactly: with
        # about three ratings a household, half of what a rating says is then taken up by the
        # household's own leniency, its residuals look half as large as they are, raters look
        # more careful than they are and intervals come out a third too narrow.
        pi = a * rater_cavity_precision / (a + rater_cavity_precision)
        told_segment = latent - rater_cavity_mean
        upkeep_precision = prior_precision + seg_sum(pi)
        said_of_segment = pi * told_segment
        upkeep_pull = prior_precision * prior_mean + seg_sum(said_of_segment)
        new_upkeep = upkeep_pull / upkeep_precision
        # The segment without this rating: what the others' ratings say of it.
        others = upkeep_precision.take(segment) - pi
        consensus = (upkeep_pull.take(segment) - said_of_segment) / others
        rho = a * others / (a + others)
        told_rater = latent - consensus
        leniency_precision = leniency_prior + rat_sum(rho)
        said_of_rater = rho * told_rater
        leniency_pull = known_precision * known_mean + rat_sum(said_of_rater)
        leniency = leniency_pull / leniency_precision
        rater_cavity_precision = leniency_precision.take(rater) - rho
        rater_cavity_mean = (leniency_pull.take(rater) - said_of_rater) / rater_cavity_precision
        # Each rating against the others' (so that a rating cannot vouch for itself): on a
        # tree of ratings this is exactly the leave-one-out prediction and its variance.
        excess = latent - consensus - rater_cavity_mean
        spread = 1 / others + 1 / rater_cavity_precision
        if len(ends.index):
            latent[ends.index], latent_var[ends.index] = ends.as_meant(new_upkeep, leniency, tau)
        uncertain = spread + latent_var
        # An outlier is what an ordinary rating from this rater would rarely be.
        outlier = outlier_probability(excess, uncertain, (1 / tau).take(rater))
        weight = 1 - outlier * (1 - OUTLIER_WEIGHT)
        # Each rater's sd, read against the village's learnt mix of careful and erratic raters:
        # how well each sd predicts their ordinary ratings from everyone else's (so that a
        # rating cannot vouch for itself).
        noise_loglik = class_loglik(excess, uncertain, outlier, rater, n_rat) + known_loglik
        noise_shares, fresh = mixture(noise_loglik, noise_shares)
        if noise_classes is not None:
            fresh = DAMP_CLASSES * fresh + (1 - DAMP_CLASSES) * noise_classes
        noise_classes = fresh
        # A rater who may be erratic weighs as their expected variance says (not the mean of
        # their possible precisions, which the mere chance of being careful would dominate).
        tau = 1 / np.einsum("nk,k->n", noise_classes, NOISE_SDS**2)
        second = leniency**2 + 1 / leniency_precision
        leniency_shares, leniency_classes = mixture(
            0.5 * np.log(LENIENCY_PRECISIONS) - 0.5 * second[:, None] * LENIENCY_PRECISIONS, leniency_shares)
        if has_history.any():
            # How far this round's generosity moved from the earlier rounds' (empirical Bayes).
            moved_sq = (leniency - known_mean) ** 2 + 1 / leniency_precision - 1 / np.maximum(measured_precision, 1e-12)
            drift = max(float(moved_sq[has_history].mean()), 0.0)
            known_precision = np.where(has_history, 1 / (1 / np.maximum(measured_precision, 1e-12) + drift), 0.0)
        leniency_prior = np.einsum("nk,k->n", leniency_classes, LENIENCY_PRECISIONS) + known_precision
        prior_mean, prior_precision = _upkeep_prior(new_upkeep, 1 / upkeep_precision, group)
        moved = np.abs(new_upkeep - upkeep).max()
        upkeep = new_upkeep
        if moved < TOLERANCE:
            break

    variance = _upkeep_variance(segment, pi, weight, tau.take(rater), upkeep_precision)
    return Fit(
        segment_ids=pd.Index(segment_ids, name="segment_id"),
        rater_ids=pd.Index(rater_ids, name="rater_id"),
        segment=segment, rater=rater, score=z, latent=latent, latent_variance=latent_var,
        weight=weight, outlier=outlier, n_ratings=per_segment.astype(np.int64), upkeep=upkeep,
        upkeep_precision=upkeep_precision, upkeep_variance=variance, leniency=leniency,
        leniency_precision=leniency_precision, precision=tau, noise_classes=noise_classes,
        noise_shares=noise_shares, excess=excess,
        spread=uncertain, consensus=consensus, consensus_variance=1 / others,
        iterations=iteration, state=dict(zip(_STATE, (
            latent, latent_var, noise_shares, leniency_shares, tau, weight, prior_mean,
            prior_precision, leniency_prior, rater_cavity_mean, rater_cavity_precision,
            noise_classes, drift, known_precision, upkeep))),
    )


def _log_normal_ratio(x, variance_a, variance_b):
    """log N(x; 0, variance_a) - log N(x; 0, variance_b)."""
    return 0.5 * (np.log(variance_b / variance_a) + x * x * (1 / variance_b - 1 / variance_a))


def outlier_probability(excess, spread, variance) -> np.ndarray:
    """Per rating: the probability that it is an outlier, given its rater's expected variance."""
    # In single precision, which is ample for a probability: on a million ratings 14 ms a sweep
    # instead of 24 (the logarithm and the exponential take a third of the time).
    excess, spread, variance = (np.asarray(x, dtype=np.float32) for x in (excess, spread, variance))
    ordinary = variance + spread
    wide = ordinary + variance * (1 / OUTLIER_WEIGHT - 1)
    odds = float(np.log(OUTLIER_SHARE / (1 - OUTLIER_SHARE))) + _log_normal_ratio(excess, wide, ordinary)
    return (1 / (1 + np.exp(-np.clip(odds, -50, 50)))).astype(float)


def class_loglik(excess, spread, outlier, rater, n_rat) -> np.ndarray:
    """Per rater x NOISE_SDS: log-likelihood of their ordinary ratings' excesses under each sd
    (a rating that is probably an outlier says little about its rater's usual care)."""
    ordinary = (1 - outlier).astype(np.float32)
    square = (excess * excess).astype(np.float32)
    spread = spread.astype(np.float32)
    out = np.empty((n_rat, len(NOISE_SDS)))
    for k, sd in enumerate(NOISE_SDS):
        variance = np.float32(sd * sd) + spread
        out[:, k] = np.bincount(rater, ordinary * (np.log(variance) + square / variance), minlength=n_rat)
    return -0.5 * out


def _segment_groups(ratings: pd.DataFrame, segment: np.ndarray, n_seg: int) -> np.ndarray:
    """Per segment: the position of its village (all 0 when the ratings name no village)."""
    if "village_id" not in ratings.columns:
        return np.zeros(n_seg, dtype=np.int64)
    codes, _ = pd.factorize(ratings["village_id"].fillna(-1), sort=True)
    group = np.zeros(n_seg, dtype=np.int64)
    group[segment] = codes
    return group


def _upkeep_prior(upkeep: np.ndarray, variance: np.ndarray, group: np.ndarray):
    """Per segment: (prior mean, prior precision), learnt from the current estimates.

    The village's mean is itself pulled towards the round's mean, by as much as the villages'
    means differ beyond what their few segments would make them differ by chance.
    """
    overall = upkeep.mean()
    spread = max(float(np.mean((upkeep - overall) ** 2 + variance)), MIN_UPKEEP_SD**2)
    n_groups = int(group.max()) + 1
    if n_groups == 1:
        return np.full(len(upkeep), overall), np.full(len(upkeep), 1 / spread)
    count = np.bincount(group, minlength=n_groups).astype(float)
    means = np.bincount(group, upkeep, minlength=n_groups) / count
    within = max(float(np.mean((upkeep - means[group]) ** 2 + variance)), MIN_UPKEEP_SD**2)
    between = max(float(np.mean((means - overall) ** 2 - within / count)), 0.0)
    pulled = overall + (means - overall) * between / (between + within / count)
    return pulled[group], np.full(len(upkeep), 1 / within)


def _history_arrays(history: RaterHistory | None, rater_ids) -> tuple[np.ndarray, ...]:
    n = len(rater_ids)
    if history is None:
        return np.zeros((n, len(NOISE_SDS))), np.zeros(n), np.zeros(n)
    index = pd.Index(rater_ids)

    def aligned(series: pd.Series) -> np.ndarray:
        return series.reindex(index).fillna(0.0).to_numpy(dtype=float)

    loglik = history.noise_loglik.reindex(index).fillna(0.0).to_numpy(dtype=float)
    return loglik, aligned(history.leniency), aligned(history.leniency_precision)


def _upkeep_variance(segment, pi, weight, tau, upkeep_precision) -> np.ndarray:
    """Posterior variance of each segment's upkeep: 1 / precision, plus what outliers add.

    The fit weighs a rating by weight / E[sd^2] (tau = 1 / E[sd^2]), as if it were an ordinary
    rating of reduced precision; but a likely outlier is either ordinary or one with 9 times
    the variance, and brings the mean of those variances, E[1 / multiplier] / tau, which is
    more than 1 / (weight tau). Each rating's share of the score is pi / precision.
    """
    doubtful = (1 - weight) / (1 - OUTLIER_WEIGHT)  # the chance that it is read as an outlier
    brought = (1 - doubtful + doubtful / OUTLIER_WEIGHT) / tau
    share = pi / upkeep_precision.take(segment)
    extra = np.maximum(brought - 1 / (tau * weight), 0.0)
    return 1 / upkeep_precision + np.bincount(segment, share**2 * extra, minlength=len(upkeep_precision))


class _Ends:
    """The ratings at the ends of the scale (1 or 5), and what their raters meant by them."""

    def __init__(self, z: np.ndarray, segment: np.ndarray, rater: np.ndarray) -> None:
        self.index = np.flatnonzero((z >= SCORE_MAX) | (z <= SCORE_MIN))
        self.segment = segment[self.index]
        self.rater = rater[self.index]
        top = z[self.index] >= SCORE_MAX
        self.sign = np.where(top, 1.0, -1.0)
        self.bound = np.where(top, CENSORED_ABOVE, -CENSORED_BELOW)

    def as_meant(self, upkeep: np.ndarray, leniency: np.ndarray, precision: np.ndarray):
        """(mean, variance) of each end rating as meant, given the segments' upkeeps and the raters'
        leniencies and precisions."""
        sd = 1 / np.sqrt(precision.take(self.rater))
        expected = upkeep.take(self.segment) + leniency.take(self.rater)
        mean, variance = truncated_above(self.sign * expected, sd, self.bound)
        return self.sign * mean, variance
