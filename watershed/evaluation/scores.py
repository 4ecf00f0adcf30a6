"""One score per segment from residents' ratings: model PG1 of Piech et al. (2013).

    rating = true_upkeep(segment) + leniency(rater) + noise,   noise ~ Normal(0, 1 / precision(rater))

with priors

    true_upkeep ~ Normal(overall mean of the ratings, 1 / TRUE_SCORE_PRECISION)
    leniency    ~ Normal(0, 1 / LENIENCY_PRECISION)
    precision   ~ Gamma(shape=PRECISION_SHAPE, rate=PRECISION_RATE)

fitted by mean-field variational Bayes: coordinate ascent on a Normal factor per segment, a Normal
and a Gamma factor per rater. Each sweep is a few `numpy.bincount` group sums over the ratings, so
the cost is linear in the number of ratings, and nothing is random: the same ratings always give
the same scores.

One refinement of PG1: the widget cannot record beyond 1 or 5, so a rating at an end of the scale
is read as censored ("5 or more"), its expected value under the model taking the place of the
score (an EM step inside each sweep).

Reported per segment: `score`, the posterior mean of the true upkeep restricted to the 1-5 scale,
i.e. E[clip(upkeep, 1, 5)]; `ci_low`-`ci_high`, the central 90% posterior interval (mean ± 1.645
sd, clipped to 1-5). Mean-field fits are known to be overconfident, so the variance puts back the
remaining uncertainty in each rater's leniency and noise. On the simulated village
(tests/benchmarks/peer_scores.py) the 90% interval still holds the true upkeep for only about 87%
of segments: colluders' and lazy raters' ratings are not the noise the model assumes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

REQUIRED_COLUMNS = ("rater_id", "segment_id", "custodian_id", "score")
OUTPUT_COLUMNS = ("score", "ci_low", "ci_high", "n_ratings")
SCORE_MIN, SCORE_MAX = 1.0, 5.0

# Prior on a segment's true upkeep: Normal(overall mean, sd 1.4). Weakly informative on purpose:
# upkeep really ranges over the whole 4-point scale, and a segment should be judged on its own
# ratings. In weight the prior counts as an eighth of one typical rating (rater precision about 4),
# so in a round averaging 3 a lone 4.6 from a consistent rater becomes about 4.5 with a 90%
# interval about ±0.55 wide, while twenty such ratings give 4.6 ± 0.16. On the benchmark, sd 1 or
# 2 instead change the error by about 1%.
TRUE_SCORE_PRECISION = 0.5

# Prior on a rater's leniency: Normal(0, sd 0.35): most households rate within about a third of a
# point of fair, nearly all within 0.7. A household with 8 ratings brings a data precision of about
# 8 x 4 = 32, which outweighs this prior fourfold, while one with a single rating is taken as fair
# (one rating cannot tell leniency from upkeep). Firmer than the spread of leniency might suggest
# because each household rates only 5-10 segments: on the benchmark a looser prior (sd 0.5) is no
# more accurate and needs twice the sweeps, a firmer one (sd 0.25) is about 2% less accurate.
# The zero point is the average household: if everyone is lenient, nothing can tell.
LENIENCY_PRECISION = 8.0

# Prior on a rater's precision: Gamma(shape 3, rate 0.75), mean 4, i.e. a typical rating lies
# about 0.5 points from the truth after leniency. Shape 3 is worth 6 ratings' worth of evidence,
# about one round's ratings per household, so a rater's weight is only lowered (or raised) when
# their own ratings disagree with the consensus repeatedly, not because of one odd rating.
PRECISION_SHAPE = 3.0
PRECISION_RATE = 0.75

# The widget cannot record below 1 or above 5, so a 5.0 (five stars on all five dimensions) means
# "5 or better": the rating the household had in mind was at least 4.9, half a 0.2 step below the
# top; likewise a 1.0 means at most 1.1. Without this, a harsh rater's 1 on a neglected segment
# would be "corrected" upwards as if it were a deliberate 1 and not the floor of the scale.
CENSORED_ABOVE = SCORE_MAX - 0.1
CENSORED_BELOW = SCORE_MIN + 0.1

# Coordinate ascent stops when no segment's upkeep moves by more than TOLERANCE points in a sweep
# (a hundredth of the 0.1 the board shows). A village round takes 10-20 sweeps, a million ratings
# about 60; MAX_ITERATIONS bounds the time on a poorly connected round.
TOLERANCE = 1e-3
MAX_ITERATIONS = 200

# Abramowitz & Stegun 7.1.26: erfc(x) ~ t (a1 + a2 t + ... + a5 t^4) exp(-x^2), t = 1 / (1 + p x),
# x >= 0, absolute error below 1.5e-7 (numpy has no erfc and scipy is not a dependency).
_ERFC_P = 0.3275911
_ERFC_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
SQRT_2PI = float(np.sqrt(2 * np.pi))

# Standard normal quantile for a central 90% interval (scipy.stats.norm.ppf(0.95)).
Z_90 = 1.6448536269514722


@dataclass(frozen=True)
class Fit:
    """The fitted model; arrays per segment, per rater, or per rating (aligned with the input rows)."""

    segment_ids: pd.Index
    rater_ids: pd.Index
    segment: np.ndarray  # per rating: position of its segment in segment_ids
    rater: np.ndarray  # per rating: position of its rater in rater_ids
    score: np.ndarray  # per rating, as given
    latent: np.ndarray  # per rating: as meant (a 5.0 may stand for more than 5), posterior mean
    latent_variance: np.ndarray  # per rating: zero unless the score is at an end of the scale
    overall_mean: float
    n_ratings: np.ndarray  # per segment
    upkeep: np.ndarray  # per segment: posterior mean of the true upkeep
    upkeep_precision: np.ndarray  # per segment: its mean-field posterior precision
    upkeep_variance: np.ndarray  # per segment: variance, with the raters' remaining uncertainty
    leniency: np.ndarray  # per rater: posterior mean
    leniency_precision: np.ndarray  # per rater
    rater_precision: np.ndarray  # per rater: the weight of each of their ratings in the final sweep
    precision_shape: np.ndarray  # per rater: Gamma posterior of that precision
    precision_rate: np.ndarray
    iterations: int


def validate_ratings(ratings: pd.DataFrame) -> pd.DataFrame:
    """The ratings with a float `score`; ValueError naming the column for anything unusable."""
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a pandas DataFrame, not {type(ratings).__name__}")
    missing = [c for c in REQUIRED_COLUMNS if c not in ratings.columns]
    if missing:
        raise ValueError(f"ratings is missing column(s): {', '.join(missing)}")
    for column in ("rater_id", "segment_id", "custodian_id"):
        blanks = int(ratings[column].isna().sum())
        if blanks:
            raise ValueError(f"column '{column}' has {blanks} missing value(s)")
    score = ratings["score"]
    numeric = pd.api.types.is_numeric_dtype(score) and not pd.api.types.is_bool_dtype(score)
    if not numeric and not ratings.empty:  # an empty frame built without dtypes is still empty
        raise ValueError(f"column 'score' must be numeric, got dtype {score.dtype}")
    values = score.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError(f"column 'score' has {int(np.isnan(values).sum())} missing value(s)")
    outside = (values < SCORE_MIN) | (values > SCORE_MAX)
    if outside.any():
        raise ValueError(
            f"column 'score' must lie within {SCORE_MIN:g}-{SCORE_MAX:g}; {int(outside.sum())} row(s) "
            f"do not (e.g. {values[outside][0]:g})"
        )
    return ratings.assign(score=values)


def fit(ratings: pd.DataFrame) -> Fit:
    """Fit PG1 to validated, non-empty ratings."""
    segment, segment_ids = pd.factorize(ratings["segment_id"], sort=True)
    rater, rater_ids = pd.factorize(ratings["rater_id"], sort=True)
    z = ratings["score"].to_numpy(dtype=float)
    n_seg, n_rat = len(segment_ids), len(rater_ids)
    per_segment = np.bincount(segment, minlength=n_seg).astype(float)
    per_rater = np.bincount(rater, minlength=n_rat).astype(float)
    mean = float(z.mean())

    def seg_sum(weights: np.ndarray) -> np.ndarray:
        return np.bincount(segment, weights, minlength=n_seg)

    def rat_sum(weights: np.ndarray) -> np.ndarray:
        return np.bincount(rater, weights, minlength=n_rat)

    ends = _Ends(z, rater)
    latent = z.copy()
    tau = np.full(n_rat, PRECISION_SHAPE / PRECISION_RATE)
    shape = PRECISION_SHAPE + per_rater / 2
    # Start from the segment means (barely shrunk) and fair raters.
    upkeep_precision = TRUE_SCORE_PRECISION + seg_sum(tau[rater])
    leniency_precision = LENIENCY_PRECISION + tau * per_rater
    upkeep = (TRUE_SCORE_PRECISION * mean + seg_sum(tau[rater] * z)) / upkeep_precision
    leniency = np.zeros(n_rat)
    # `take` rather than fancy indexing: same result, half the time on a million ratings.
    for iteration in range(1, MAX_ITERATIONS + 1):
        leniency_i = leniency.take(rater)
        expected = upkeep.take(segment) + leniency_i
        latent[ends.index], latent_var = ends.as_meant(expected, tau)
        # A rater's precision from the expected squared distance of their ratings to what the
        # model expects: the squared residual plus the uncertainty of the rating as meant (at the
        # ends of the scale), of the segment's upkeep and of the rater's leniency.
        spread = rat_sum((latent - expected) ** 2 + (1 / upkeep_precision).take(segment))
        spread += np.bincount(ends.rater, latent_var, minlength=n_rat) + per_rater / leniency_precision
        tau = shape / (PRECISION_RATE + 0.5 * spread)
        tau_i = tau.take(rater)
        upkeep_precision = TRUE_SCORE_PRECISION + seg_sum(tau_i)
        pull = TRUE_SCORE_PRECISION * mean + seg_sum(tau_i * (latent - leniency_i))
        new_upkeep = pull / upkeep_precision
        leniency_precision = LENIENCY_PRECISION + tau * per_rater
        leniency = tau * rat_sum(latent - new_upkeep.take(segment)) / leniency_precision
        # Only the segment scores are reported; a rater who gave 5 to everything has a leniency
        # that creeps upwards for a long time without changing any score.
        moved = np.abs(new_upkeep - upkeep).max()
        upkeep = new_upkeep
        if moved < TOLERANCE:
            break

    full_latent_var = np.zeros_like(z)
    full_latent_var[ends.index] = latent_var
    return Fit(
        segment_ids=pd.Index(segment_ids, name="segment_id"),
        rater_ids=pd.Index(rater_ids, name="rater_id"),
        segment=segment, rater=rater, score=z, latent=latent, latent_variance=full_latent_var,
        overall_mean=mean, n_ratings=per_segment.astype(np.int64), upkeep=upkeep,
        upkeep_precision=upkeep_precision,
        upkeep_variance=_upkeep_variance(segment, rater, tau, shape, upkeep_precision, leniency_precision),
        leniency=leniency, leniency_precision=leniency_precision, rater_precision=tau,
        precision_shape=shape, precision_rate=PRECISION_RATE + 0.5 * spread, iterations=iteration,
    )


def _upkeep_variance(
    segment: np.ndarray, rater: np.ndarray, tau: np.ndarray, shape: np.ndarray,
    upkeep_precision: np.ndarray, leniency_precision: np.ndarray,
) -> np.ndarray:
    """Posterior variance of each segment's upkeep, with what mean-field leaves out put back.

    Mean-field treats each rater's precision and leniency as known when weighing the ratings,
    which makes intervals too narrow. The expected noise variance of a rater is rate/(shape-1),
    not 1/precision = rate/shape; and the leniency subtracted from a rating has its own variance.
    Each enters in proportion to the square of the rating's weight in the segment's score.
    """
    tau_i = tau.take(rater)
    weight = tau_i / upkeep_precision.take(segment)
    noise = (shape / (shape - 1)).take(rater) / tau_i
    uncertain = weight**2 * (noise + 1 / leniency_precision.take(rater))
    spread = np.bincount(segment, uncertain, minlength=len(upkeep_precision))
    return TRUE_SCORE_PRECISION / upkeep_precision**2 + spread


class _Ends:
    """The ratings at the ends of the scale (1 or 5), and what their raters meant by them.

    A 5 stands for a Normal(expected, 1/precision) rating known to be above CENSORED_ABOVE; a 1,
    by symmetry (negated), for one below CENSORED_BELOW.
    """

    def __init__(self, z: np.ndarray, rater: np.ndarray) -> None:
        self.index = np.flatnonzero((z >= SCORE_MAX) | (z <= SCORE_MIN))
        self.rater = rater[self.index]
        top = z[self.index] >= SCORE_MAX
        self.sign = np.where(top, 1.0, -1.0)
        self.bound = np.where(top, CENSORED_ABOVE, -CENSORED_BELOW)

    def as_meant(self, expected: np.ndarray, precision: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and variance of each of these ratings."""
        sd = 1 / np.sqrt(precision.take(self.rater))
        mean, variance = _truncated_above(self.sign * expected.take(self.index), sd, self.bound)
        return self.sign * mean, variance


def _truncated_above(
    mean: np.ndarray, sd: np.ndarray, bound: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of Normal(mean, sd) restricted to values >= bound."""
    a = (bound - mean) / sd
    ratio = _hazard(a)
    return mean + sd * ratio, sd**2 * np.maximum(1 + a * ratio - ratio**2, 0.0)


def _erfc_scaled(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(poly, gauss) with 1 - Phi(|a|) = poly * gauss / 2 and gauss = exp(-a^2 / 2)."""
    t = 1 / (1 + _ERFC_P / np.sqrt(2) * np.abs(a))
    a1, a2, a3, a4, a5 = _ERFC_A
    return t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5)))), np.exp(-0.5 * a * a)


def _upper_tail(a: np.ndarray) -> np.ndarray:
    """1 - Phi(a), the standard normal probability of exceeding a (absolute error < 1e-7)."""
    poly, gauss = _erfc_scaled(a)
    half = 0.5 * poly * gauss
    return np.where(a >= 0, half, 1 - half)


def _hazard(a: np.ndarray) -> np.ndarray:
    """phi(a) / (1 - Phi(a)) for the standard normal: relative error < 1e-4, no overflow for any a."""
    poly, gauss = _erfc_scaled(a)
    # erfc's exp(-x^2) factor cancels against phi's, so nothing under- or overflows.
    out = np.where(a >= 0, 2 / (SQRT_2PI * poly), gauss / (SQRT_2PI * (1 - 0.5 * poly * gauss)))
    # Far in the tail the approximation loses accuracy (0.2% at a = 5) and the continued fraction
    # phi/Q = a + 1/(a + 2/(a + 3/(a + ...))) converges fast (12 terms: 1e-7 at a = 3).
    far = np.flatnonzero(a > 3.0)
    x, fraction = a[far], np.zeros(len(far))
    for k in range(12, 0, -1):
        fraction = k / (x + fraction)
    out[far] = x + fraction
    return out


def _mean_on_the_scale(mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """E[clip(X, 1, 5)] for X ~ Normal(mean, sd): the expected upkeep where upkeep can only be 1-5.

    Uses E[(X - c)+] = (mean - c) (1 - Phi(d)) + sd phi(d), d = (c - mean) / sd, at both ends.
    """
    def excess_over(c: float, m: np.ndarray) -> np.ndarray:
        d = (c - m) / sd
        return (m - c) * _upper_tail(d) + sd * np.exp(-0.5 * d * d) / SQRT_2PI

    return mean - excess_over(SCORE_MAX, mean) + excess_over(-SCORE_MIN, -mean)


def _empty_scores(ratings: pd.DataFrame) -> pd.DataFrame:
    index = pd.Index([], dtype=ratings["segment_id"].dtype, name="segment_id")
    columns = {c: pd.Series([], dtype=float, index=index) for c in OUTPUT_COLUMNS[:-1]}
    return pd.DataFrame({**columns, "n_ratings": pd.Series([], dtype=np.int64, index=index)}, index=index)


def aggregate(ratings: pd.DataFrame) -> pd.DataFrame:
    """Score every rated segment, correcting for lenient, harsh and noisy raters.

    `ratings` has columns rater_id, segment_id, custodian_id and score (1-5, may be fractional).
    Returns one row per segment_id (the index, sorted) with `score` (the posterior mean of the true
    upkeep on the 1-5 scale), `ci_low` and `ci_high` (the central 90% posterior interval, clipped
    to 1-5) and `n_ratings`. Segments with few ratings are pulled towards the overall mean and get
    a wider interval. Raises ValueError, naming the column, for missing columns, missing values or
    scores outside 1-5. Deterministic.
    """
    ratings = validate_ratings(ratings)
    if ratings.empty:
        return _empty_scores(ratings)
    model = fit(ratings)
    sd = np.sqrt(model.upkeep_variance)
    score = np.clip(_mean_on_the_scale(model.upkeep, sd), SCORE_MIN, SCORE_MAX)
    # Clipping the quantiles is exact for upkeep restricted to 1-5. Where nearly all of the
    # posterior lies beyond an end, its mean can sit a hair inside the end while both quantiles
    # sit on it; widen the interval by that hair so that it always holds the score shown.
    low = np.minimum(np.clip(model.upkeep - Z_90 * sd, SCORE_MIN, SCORE_MAX), score)
    high = np.maximum(np.clip(model.upkeep + Z_90 * sd, SCORE_MIN, SCORE_MAX), score)
    return pd.DataFrame(
        {"score": score, "ci_low": low, "ci_high": high, "n_ratings": model.n_ratings},
        index=model.segment_ids,
    )
