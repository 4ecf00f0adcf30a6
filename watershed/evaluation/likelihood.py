"""How one rating is read against the others (watershed.evaluation.sweep): the chance that it is an
outlier, how likely its rater's noise classes make it, and what a rating at an end of the scale
meant. Per rating, and so much of what a sweep costs: each is worked on whole arrays, in
single precision where a probability or a log-likelihood needs no more.
"""

from __future__ import annotations

import numpy as np

from watershed.evaluation.normal import SCORE_MAX, SCORE_MIN, truncated_above

NOISE_SDS = np.array([0.2, 0.3, 0.45, 0.65, 0.95, 1.4, 2.0])
# An outlier is read with 3 times its rater's sd: a rating two points off from a careful rater
# is then ordinary for the outlier reading, and weighs a ninth of an ordinary rating.
OUTLIER_SCALE = 3.0
# The share of outliers is not learnt: when it may grow, "careful raters with many outliers"
# explains an erratic rater as well as "an erratic rater" does, and careful raters' ratings
# would all be doubted. One rating in fifty is rare enough to stay an exception.
OUTLIER_SHARE = 0.02
# The widget cannot record below 1 or above 5, so a 5.0 means "5 or better": the rating the
# household had in mind was at least 4.9, half a 0.2 step below the top; likewise a 1.0.
CENSORED_ABOVE = SCORE_MAX - 0.1
CENSORED_BELOW = SCORE_MIN + 0.1
OUTLIER_WEIGHT = 1 / OUTLIER_SCALE**2


def outlier_probability(excess, spread, variance) -> np.ndarray:
    """Per rating: the probability that it is an outlier, given its rater's expected variance."""
    # In single precision, which is ample for a probability, and as 1 / (1 + the odds against),
    # N(x; 0, ordinary) / N(x; 0, wide) = sqrt(wide / ordinary) exp(-x^2 (1 / ordinary - 1 / wide) / 2):
    # a square root where a logarithm was (on a million ratings 10 ms of CPU a sweep; 13 with the
    # logarithm, 24 in double). The exponent is never positive, so nothing overflows.
    # (In place where a result is new, as in the sweep.)
    excess, spread, variance = (np.asarray(x, dtype=np.float32) for x in (excess, spread, variance))
    ordinary = variance + spread
    wide = variance * np.float32(1 / OUTLIER_WEIGHT - 1)
    wide += ordinary
    against = np.float32(-0.5) * excess
    against *= excess
    narrower = 1 / ordinary
    narrower -= 1 / wide
    against *= narrower
    np.exp(against, out=against)
    np.divide(wide, ordinary, out=wide)
    against *= np.sqrt(wide, out=wide) * np.float32((1 - OUTLIER_SHARE) / OUTLIER_SHARE)
    against += 1
    return np.divide(1, against, out=against).astype(float)


def class_loglik(excess, spread, outlier, rater, n_rat) -> np.ndarray:
    """NOISE_SDS x raters: log-likelihood of each rater's ordinary ratings' excesses under each sd
    (a rating that is probably an outlier says little about its rater's usual care)."""
    ordinary = (1 - outlier).astype(np.float32)
    square = (excess * excess).astype(np.float32)
    spread = np.asarray(spread, dtype=np.float32)
    # Two buffers for every class, and a row per class: fresh arrays for each step of each class
    # took a sixth more time than the arithmetic on them.
    variance, term = np.empty_like(spread), np.empty_like(spread)
    out = np.empty((len(NOISE_SDS), n_rat))
    for k, sd in enumerate(NOISE_SDS):
        np.add(np.float32(sd * sd), spread, out=variance)
        np.divide(square, variance, out=term)
        term += np.log(variance, out=variance)
        term *= ordinary
        out[k] = np.bincount(rater, term, minlength=n_rat)
    out *= -0.5
    return out


class Ends:
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
