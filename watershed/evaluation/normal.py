"""The few standard-normal functions the model needs (numpy has no erfc; scipy is not a dependency)."""

from __future__ import annotations

import numpy as np

SCORE_MIN, SCORE_MAX = 1.0, 5.0

# Abramowitz & Stegun 7.1.26: erfc(x) ~ t (a1 + a2 t + ... + a5 t^4) exp(-x^2), t = 1 / (1 + p x),
# x >= 0, absolute error below 1.5e-7.
_ERFC_P = 0.3275911
_ERFC_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
SQRT_2PI = float(np.sqrt(2 * np.pi))

# Standard normal quantile for a central 90% interval (scipy.stats.norm.ppf(0.95)), and for a
# one-sided one (scipy.stats.norm.ppf(0.9)).
Z_90 = 1.6448536269514722
Z_90_ONE_SIDED = 1.2815515655446004


def _erfc_scaled(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(poly, gauss) with 1 - Phi(|a|) = poly * gauss / 2 and gauss = exp(-a^2 / 2)."""
    t = 1 / (1 + _ERFC_P / np.sqrt(2) * np.abs(a))
    a1, a2, a3, a4, a5 = _ERFC_A
    return t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5)))), np.exp(-0.5 * a * a)


def upper_tail(a: np.ndarray) -> np.ndarray:
    """1 - Phi(a), the standard normal probability of exceeding a (absolute error < 1e-7)."""
    poly, gauss = _erfc_scaled(a)
    half = 0.5 * poly * gauss
    return np.where(a >= 0, half, 1 - half)


def hazard(a: np.ndarray) -> np.ndarray:
    """phi(a) / (1 - Phi(a)) for the standard normal: relative error < 1e-4, no overflow for any a."""
    a = np.asarray(a, dtype=float)
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


def log_below(z: np.ndarray) -> np.ndarray:
    """log Phi(z), also far below zero, where Phi(z) = phi(-z) / hazard(-z). Each reading is worked
    out only where it is taken (most of a round's favour readings lie above zero)."""
    a = -np.atleast_1d(np.asarray(z, dtype=float))
    above = a > 0
    out, far, near = np.empty_like(a), np.flatnonzero(above), np.flatnonzero(~above)
    x = a.take(far)
    out[far] = -0.5 * x * x - np.log(SQRT_2PI) - np.log(hazard(x))
    out[near] = np.log(upper_tail(a.take(near)))
    return out


def truncated_above(mean: np.ndarray, sd: np.ndarray, bound) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of Normal(mean, sd) restricted to values >= bound."""
    a = (bound - mean) / sd
    ratio = hazard(a)
    return mean + sd * ratio, sd**2 * np.maximum(1 + a * ratio - ratio**2, 0.0)


def mean_on_the_scale(mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """E[clip(X, 1, 5)] for X ~ Normal(mean, sd): the expected upkeep where upkeep can only be 1-5.

    Uses E[(X - c)+] = (mean - c) (1 - Phi(d)) + sd phi(d), d = (c - mean) / sd, at both ends.
    """
    def excess_over(c: float, m: np.ndarray) -> np.ndarray:
        d = (c - m) / sd
        return (m - c) * upper_tail(d) + sd * np.exp(-0.5 * d * d) / SQRT_2PI

    return mean - excess_over(SCORE_MAX, mean) + excess_over(-SCORE_MIN, -mean)


# Borjesson & Sundberg (1979): 1 - Phi(x) ~ phi(x) / ((1 - a) x + a sqrt(x^2 + b)), x >= 0, with a
# relative error below 0.3% (a hundredth of a nat or less in a log-likelihood), and no tail to lose
# precision in: the logarithm is taken before the exponential.
_TAIL_A, _TAIL_B = np.float32(0.339), np.float32(5.51)


def log_upper_tail(a: np.ndarray) -> np.ndarray:
    """log(1 - Phi(a)) in single precision, for a log-likelihood (relative error of 1 - Phi below
    0.3%), at any a: far in the upper tail it is about -a^2 / 2, far in the lower about 0."""
    x = np.abs(np.asarray(a, dtype=np.float32))
    beyond = np.float32(1 - _TAIL_A) * x
    beyond += _TAIL_A * np.sqrt(x * x + _TAIL_B)
    log_beyond = np.log(beyond, out=beyond)
    log_beyond += np.float32(np.log(SQRT_2PI))
    x *= x
    x *= np.float32(-0.5)
    x -= log_beyond  # log(1 - Phi(|a|))
    # 1 - Phi(a) = 1 - (1 - Phi(|a|)) below nought. 1 - Phi(|a|) is 1/2 at most, so the subtraction
    # loses no precision and a plain logarithm serves, where log1p's single-precision loop took
    # three times as long; and the positions are looked up by index, where a boolean mask took
    # three times as long again (on a million ratings, a third of its end ratings lie below:
    # 6 ms of CPU a sweep, of 150, with both).
    below = np.flatnonzero(np.asarray(a) < 0)
    np.put(x, below, np.log(1 - np.exp(x.take(below))))
    return x
