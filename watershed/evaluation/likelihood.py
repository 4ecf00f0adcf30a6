"""How one rating is read against the others (watershed.evaluation.sweep): the chance that it is an
outlier, how likely its rater's noise classes make it, and what a rating at an end of the scale
meant. Per rating, and so much of what a sweep costs: each is worked on whole arrays, in
single precision where a probability or a log-likelihood needs no more.
"""

from __future__ import annotations

import numpy as np

from watershed.evaluation.cores import each
from watershed.evaluation.mixture import PSEUDO_COUNT, SHARE_TOLERANCE
from watershed.evaluation.normal import (
    SCORE_MAX, SCORE_MIN, SQRT_2PI, log_upper_tail, truncated_above, upper_tail)

# The households' noise sds: each is read as one of these, and the round learns their shares.
# None finer than 0.3: with three ratings a household, each also off by the others' consensus
# (about 0.3 sd), sd 0.2 and 0.3 explain its ratings almost equally well, and the shares put 37-40%
# of households of sd 0.35 at 0.2, weighing them by chance 2.3 times those read at 0.3. Without
# 0.2 the gain over the plain mean rose on every simulator of tests/benchmarks/peer_scores.py
# (seeds 1-15, a round alone: 0.0-1.3 points), drifting generosity among them, where a twentieth
# of households rate with sd below 0.19, and on a simulator written apart from them (0.3-0.8).
NOISE_SDS = np.array([0.3, 0.45, 0.65, 0.95, 1.4, 2.0])
# The households' generosity: each is drawn from a mixture of Normals about the round's typical
# one, of these sds, whose shares the round learns too.
LENIENCY_SDS = np.array([0.08, 0.2, 0.4, 0.7, 1.1, 1.7])
LENIENCY_PRECISIONS = 1 / LENIENCY_SDS**2
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
    """Per rating: the probability that it is an outlier, given its rater's expected variance (in
    single precision, as `class_loglik` reads it)."""
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
    return np.divide(1, against, out=against)


def class_loglik(excess, spread, outlier, rater, n_rat, rounding=0.0, ends=None) -> np.ndarray:
    """NOISE_SDS x raters: log-likelihood of each rater's ordinary ratings' excesses under each sd
    (a rating that is probably an outlier says little about its rater's usual care), each rating
    `rounding` (`rounding_variance`) less exact than its rater's sd says; a rating at an end of the
    scale as `end_readings` reads it, given `ends` (the round's Ends, and per rating its latent value
    and latent variance as the fit reads them)."""
    ordinary = np.asarray(1 - outlier, dtype=np.float32)
    square = np.asarray(excess * excess, dtype=np.float32)
    spread = np.asarray(spread, dtype=np.float32)
    out = np.empty((len(NOISE_SDS), n_rat))
    at_end, end_terms = end_readings(excess, spread, rounding, ends)

    def fill(k: int) -> None:
        sd = NOISE_SDS[k]
        variance = np.add(np.float32(sd * sd + rounding), spread)
        term = np.divide(square, variance)
        term += np.log(variance, out=variance)
        term[at_end] = end_terms[k]
        term *= ordinary
        out[k] = np.bincount(rater, term, minlength=n_rat)

    each(fill, len(NOISE_SDS))
    out *= -0.5
    return out


def end_readings(excess, spread, rounding, ends) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the ratings at an end of the scale, and NOISE_SDS x those ratings: -2 x the
    log-likelihood of each, as `class_loglik` adds up a rating's (excess^2 / variance + log
    variance): read as what it says, "this end or beyond", under each sd, given what the others'
    ratings predict of it (`ends`: see class_loglik; None: no rating is read so).

    Not as the value imputed to it: that is the mean of what "5 or better" means under the rater's
    *current* sd, so it reads a careful household's 5 as a little above 4.9 and an erratic one's as
    far above, and whichever class a household was given, its 5s confirmed it. On the sparse rounds
    of tests/benchmarks/peer_scores.py, where the erratic raters' sd of 1.3 puts a quarter of their
    ratings at an end, the fit so learnt 16-18% of the raters erratic where 30% are (given the two
    true sds as its only classes; an exact posterior, sampled, 30-37%), and most careful ones' sd as
    0.2 where it is 0.4 (given the usual grid).
    """
    if ends is None or not len(ends[0].index):
        return np.zeros(0, dtype=np.int64), np.zeros((len(NOISE_SDS), 0), dtype=np.float32)
    at_end, latent, latent_var = ends[0].index, ends[1], ends[2]
    # How far the end lies beyond what the others' ratings predict, and that prediction's variance.
    margin = (ends[0].bound - ends[0].sign * (latent[at_end] - excess[at_end])).astype(np.float32)
    predicted = np.asarray(spread, dtype=np.float32)[at_end] - latent_var[at_end].astype(np.float32)
    terms = np.empty((len(NOISE_SDS), len(at_end)), dtype=np.float32)

    def fill(k: int) -> None:
        sd = NOISE_SDS[k]
        spread_k = np.sqrt(predicted + np.float32(sd * sd + rounding))
        terms[k] = np.float32(-2) * log_upper_tail(margin / spread_k)

    each(fill, len(NOISE_SDS))
    return at_end, terms


def rounding_variance(step: float) -> float:
    """The variance a rating carries from the widget's rounding: the mean of 1 / step whole-star
    answers (five dimensions, or one question), each rounded by up to half a star (variance 1/12),
    so step / 12 (a sixtieth for five dimensions, a twelfth for one question, nought for a rating
    given as it is meant). The noise sds are the households' own; without it, a household whose
    three whole stars happened to fall on the others' consensus was read as one of sd 0.2 (then the finest), and,
    weighed by its precision (watershed.evaluation.sweep), outweighed a segment's other raters."""
    return float(step) / 12


def answers_at_an_end(z: np.ndarray, step: float) -> np.ndarray:
    """Per rating: the least share of the answers behind it that lay at an end of the scale, where
    a rating is the mean of 1 / step whole-star answers (rounding_variance): a mean of five at 4.6
    holds three 5s at least, as five answers below 5 sum to 20 at most; so a share of z - 4 near
    the top, 2 - z near the bottom. Nought at an end (the fit reads that rating as censored as a
    whole) and where the ratings lie on no such grid (a rating given as it is meant)."""
    answers = z / step
    if not np.all(np.abs(answers - np.rint(answers)) <= 1e-6):  # np.allclose's test, in a third of the time
        return np.zeros_like(z)
    near = np.maximum(z - (SCORE_MAX - 1), SCORE_MIN + 1 - z)
    return np.where((z > SCORE_MIN) & (z < SCORE_MAX), np.maximum(near, 0.0), 0.0)


class Ends:
    """The ratings at the ends of the scale (1 or 5), and what their raters meant by them; or, given
    an `index`, those ratings, each read towards the end it lies nearer."""

    def __init__(self, z: np.ndarray, segment: np.ndarray, rater: np.ndarray, index: np.ndarray | None = None) -> None:
        self.index = np.flatnonzero((z >= SCORE_MAX) | (z <= SCORE_MIN)) if index is None else index
        self.segment = segment[self.index]
        self.rater = rater[self.index]
        top = z[self.index] > (SCORE_MIN + SCORE_MAX) / 2
        self.sign = np.where(top, 1.0, -1.0)
        self.bound = np.where(top, CENSORED_ABOVE, -CENSORED_BELOW)

    def as_meant(self, upkeep: np.ndarray, leniency: np.ndarray, precision: np.ndarray,
                 bound: np.ndarray | None = None):
        """(mean, variance) of each end rating as meant, given the segments' upkeeps and the raters'
        leniencies and precisions; read as the fit reads it, or beyond another `bound` (signed as
        `self.bound`: see `half_a_step_in`)."""
        sd = 1 / np.sqrt(precision.take(self.rater))
        expected = upkeep.take(self.segment) + leniency.take(self.rater)
        mean, variance = truncated_above(self.sign * expected, sd, self.bound if bound is None else bound)
        return self.sign * mean, variance

    def half_a_step_in(self, step: float) -> np.ndarray:
        """Per end rating, the bound of "this end or beyond" on a widget of resolution `step`: what
        rounds to the end lies no more than half a step inside it (a whole star's 5: 4.5 or better)."""
        return np.where(self.sign > 0, SCORE_MAX - step / 2, -(SCORE_MIN + step / 2))


# Some households never give less than 4 stars, however poor the segment: their 4 means "4 or
# worse", as a 1 means "1 or worse" for everybody. Whether a household does so is learnt from its
# own ratings (it never rated below FLOOR, its ratings at FLOOR are likelier as "that or worse"
# than as meant exactly, and its generosity is likelier one of theirs than the typical one),
# against the share of such households in the round, learnt too.
FLOOR = 4.0


class Floors:
    """The ratings at FLOOR of households that never rated below it, and what they meant."""

    def __init__(self, z: np.ndarray, segment: np.ndarray, rater: np.ndarray, n_rat: int, step: float) -> None:
        lowest = np.full(n_rat, np.inf)
        np.minimum.at(lowest, rater, z)
        self.may = lowest >= FLOOR  # per rater: may be one of them
        self.index = np.flatnonzero((z == FLOOR) & self.may.take(rater))
        self.segment, self.rater, self.n_rat = segment[self.index], rater[self.index], n_rat
        self.bound = FLOOR + step / 2  # "FLOOR or worse": up to half a step of the widget above it
        self.step = step

    def odds(self, upkeep, leniency, precision) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per rater, the log-odds that its ratings at FLOOR meant "that or worse" rather than
        exactly; and per such rating, its (mean, variance) if it meant "that or worse"."""
        sd = 1 / np.sqrt(precision.take(self.rater))
        expected = upkeep.take(self.segment) + leniency.take(self.rater)
        below, below_var = truncated_above(-expected, sd, -self.bound)
        reach = (self.bound - expected) / sd
        as_floor = np.log(np.maximum(upper_tail(-reach), 1e-300))
        gap = (FLOOR - expected) / sd
        as_meant = np.log(self.step / (SQRT_2PI * sd)) - 0.5 * gap * gap
        return np.bincount(self.rater, as_floor - as_meant, minlength=self.n_rat), -below, below_var

    def generosity_odds(self, measured, precision, typical_sds, typical_shares, mean, spread) -> np.ndarray:
        """Per rater that may be one of them: the log-odds that its generosity, `measured` by its
        ratings alone with `precision`, is one of theirs (Normal(mean, spread)) rather than the
        typical household's (the mixture of Normal(0, typical_sds^2) with typical_shares); nought
        for the others. The classes differ in how generous they are as much as in what a 4 means:
        a household that never gave a 4 (on the floor4 rounds of tests/benchmarks/peer_scores.py,
        about half of those that squeeze their opinion into 4-5) was known by the latter alone, so
        not at all, and its generosity, a point above the typical, was held as the typical
        household's and dragged the round's zero point up. Weighed so too (seeds 1-15), the
        intervals there held the truth 87.7% of the time with a round alone (83.2% before), 89.2%
        with three earlier (83.0%), and the gain over the plain mean rose from 51.5% to 55.5%
        (53.9% to 59.6%); on the other five simulators no mean moved by more than 0.1 point (of
        coverage) or 0.3 (of gain)."""
        at, noise = measured[self.may], 1 / precision[self.may]
        variance = typical_sds[:, None] ** 2 + noise
        typical = np.logaddexp.reduce(np.log(typical_shares)[:, None] - 0.5 * np.log(variance)
                                      - 0.5 * at**2 / variance, axis=0)
        variance = spread + noise
        odds = np.zeros(self.n_rat)
        odds[self.may] = -0.5 * np.log(variance) - 0.5 * (at - mean) ** 2 / variance - typical
        return odds

    @staticmethod
    def generosity(measured, precision, floored, mean, spread, typical_spread) -> tuple[float, float]:
        """The mean and the variance of those households' generosity, one EM step on from `mean`
        and `spread`, given each rater's `measured` generosity (with `precision`) and probability
        of being one (`floored`); with one household's worth of pseudo-count at the typical
        household's (mean 0, variance typical_spread). The spread is learnt because those
        households need not be alike (on the floor4 rounds those that lift a poor answer to 4 are
        as generous as the typical household, those that squeeze a point more): held as the
        typical one's, the generosity odds alone brought the intervals there to 86.5% and 87.3%.
        The pseudo-count keeps a class with few members from shrinking onto one of them: without
        it the class took in the generous tail of the sparse and whole-star rounds (their gain
        over the plain mean 25.1% and 7.1%, where it is 27.2% and 17.2%), and, on drift seed 3,
        a class of no member had its mean wander off (-1.1 to -1.7 over 250 sweeps) and the fit
        never settled to a hundredth of its tolerance."""
        weight = floored / (spread + 1 / precision)
        mean = float((weight * measured).sum() / (weight.sum() + PSEUDO_COUNT / spread))
        own = 1 / (1 / spread + precision)  # each household's generosity given the class
        drawn = own * (mean / spread + precision * measured)
        spread = (floored * ((drawn - mean) ** 2 + own)).sum() + PSEUDO_COUNT * (typical_spread + mean**2)
        return mean, float(spread / (floored.sum() + PSEUDO_COUNT))

    def share_and_classes(self, odds: np.ndarray, share: float, steps: int) -> tuple[float, np.ndarray]:
        """The share of households who never rate below FLOOR, moved towards its fixed point by up
        to `steps` EM steps, and per rater the probability of being one."""
        return share_and_classes(odds, self.may, share, steps)


def share_and_classes(odds: np.ndarray, may: np.ndarray, share: float, steps: int) -> tuple[float, np.ndarray]:
    """The share of households of a class (Floors, Uniforms), moved towards its fixed point by up to
    `steps` EM steps, given per rater the log-odds of its ratings under the class against the
    ordinary reading; and per rater the probability of being one (nought where it `may` not be)."""
    for step in range(steps + 1):
        member = 1 / (1 + np.exp(-np.clip(odds + np.log(share / (1 - share)), -50, 50)))
        member[~may] = 0.0
        new = (member.sum() + PSEUDO_COUNT) / (len(may) + 2 * PSEUDO_COUNT)
        if step == steps or abs(new - share) < SHARE_TOLERANCE:
            return share, member
        share = new
    return share, member


# EM steps for the share of households that give one score whatever the segment (Uniforms): it is
# worked out once a round, from the first fit, so it may go all the way to its fixed point.
UNIFORM_STEPS = 1000


class Uniforms:
    """Households that gave one score (inside the scale) to each of two segments or more: some give
    one score whatever the segment, and their ratings then tell the segments nothing. Whether a
    household is one is read as whether one score is likelier drawn once (any of the widget's
    scores alike) than rating by rating as the ordinary reading has them, the household's leniency
    and care left open, against the share of such households in the round, learnt too. On the
    drift rounds of tests/benchmarks/peer_scores.py (3% of households give 3, 4 or 5 everywhere;
    one round) the segments rated 3 by them held the truth 81.5% of the time read as an erratic
    household's ratings, 88.8% so (seeds 1-15; 80.8% and 84.6% on seeds 16-25); the model's gain
    over the plain mean rose from 28.7% to 29.1% (34.2% to 34.6% with three earlier rounds; 27.8%
    to 28.5% on seeds 16-25), on the original simulator from 33.0% to 33.8%, and elsewhere no
    mean moved by more than 0.1 point. A 4 everywhere fits a floor household's "4 or worse"
    (Floors) better than one score drawn once, and keeps its weight. A 1 or 5 everywhere is left
    to the ordinary reading: "this end or beyond" already tells little. Read as one score too
    (against "this end or beyond", the leniency integrated out by quadrature), a 5 everywhere was
    mostly held ordinary (0.1), and no simulator's mean gain moved by more than 0.2 point (drift
    +0.1, whole stars -0.1 and -0.2 on seeds 1-15 and 16-25).

    Read from a round's first fit and held in the second (watershed.evaluation.round_result):
    learnt inside every sweep, the class left drift seed 14 of tests/benchmarks/peer_scores.py
    stopping 0.19 from where its fit ends, a household's floor class escaping a saddle late."""

    def __init__(self, z: np.ndarray, rater: np.ndarray, n_rat: int, step: float) -> None:
        count = np.bincount(rater, minlength=n_rat)
        mean = np.bincount(rater, z, minlength=n_rat) / np.maximum(count, 1)
        apart = np.bincount(rater, np.abs(z - mean.take(rater)), minlength=n_rat)
        self.may = (count >= 2) & (apart < 1e-6) & (mean > SCORE_MIN) & (mean < SCORE_MAX)
        self.index = np.flatnonzero(self.may.take(rater))
        self.rater, self.score, self.raters = rater[self.index], z[self.index], np.flatnonzero(self.may)
        self.code = np.searchsorted(self.raters, self.rater)
        self.count = count[self.raters]
        self.step = step
        self.one_score = np.log(step / (SCORE_MAX - SCORE_MIN + step))  # one of the widget's scores

    def classes(self, consensus, others, known_mean, known_precision, leniency_sds, leniency_shares,
                noise_shares, known_loglik, rounding, floor_share, floored) -> tuple[float, np.ndarray]:
        """The share of such households at its fixed point (share_and_classes), and per rater the
        probability of being one: its ratings as one score drawn once, against the ordinary
        reading, where each rating is its segment as the others' ratings see it (`consensus`, with
        precision `others`) plus the rater's leniency (drawn from the typical household's mixture,
        `leniency_sds` with `leniency_shares`, and as the earlier rounds measured it, `known_mean`
        with `known_precision`: integrated out) plus noise of one of NOISE_SDS (the round's
        `noise_shares`, as its earlier rounds' `known_loglik` weigh them); or, for a household that
        may never rate below FLOOR, that reading mixed with the floor households' (`floored` of
        it, of a `floor_share`)."""
        r, code, n = self.raters, self.code, len(self.raters)
        c = 1 / others[self.index]
        known = known_precision[r]
        noise = np.log(noise_shares)[:, None] + known_loglik[:, r]
        noise -= np.logaddexp.reduce(noise, axis=0)
        readings = []
        apart = self.score - consensus[self.index]  # the household's leniency plus noise
        for k, sd in enumerate(NOISE_SDS):
            w = 1 / (sd * sd + rounding + c)
            sums = [np.bincount(code, x, minlength=n) for x in (w, w * apart, w * apart**2, np.log(w))]
            for j, spread in enumerate(leniency_sds):
                readings.append(np.log(leniency_shares[j]) + noise[k]
                                + leniency_left_open(*sums, 1 / spread**2 + known, known * known_mean[r]))
        ordinary = np.logaddexp.reduce(np.array(readings), axis=0) + self.count * np.log(self.step / SQRT_2PI)
        if floored is not None:
            # The mixture's likelihood over the ordinary reading's is (1 - floor_share) / (1 - floored).
            ordinary += np.log(1 - floor_share) - np.log(np.maximum(1 - floored[r], 1e-300))
        odds = np.zeros(len(self.may))
        odds[r] = self.one_score - ordinary
        # From the share with no member at all (the pseudo-counts' alone).
        return share_and_classes(odds, self.may, PSEUDO_COUNT / (len(self.may) + 2 * PSEUDO_COUNT), UNIFORM_STEPS)


def leniency_left_open(precision, pull, square, log_precision, prior, prior_pull) -> np.ndarray:
    """Per rater: the log-likelihood (its constant dropped) of its ratings' offsets x, each of its
    own precision w, where they share one leniency drawn from Normal(prior_pull / prior, 1 / prior),
    that leniency integrated out (the matrix determinant lemma), from the rater's sums of w, w x,
    w x^2 and log w."""
    total = prior + precision
    return 0.5 * (log_precision + np.log(prior) - np.log(total)) - 0.5 * (
        prior_pull**2 / prior + square - (prior_pull + pull) ** 2 / total)


def widget_step(z: np.ndarray) -> float:
    """How far apart the ratings next to FLOOR lie (0.2 for the mean of five whole stars, 1 for
    one): the widget's resolution there. At most 1."""
    # Over every rating rather than the distinct ones: the same least distance, without sorting a
    # million scores (20-25 ms of CPU).
    others = np.abs(z - FLOOR)
    others = others[others > 0]
    return float(min(others.min(), 1.0)) if len(others) else 1.0
