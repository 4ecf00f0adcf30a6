"""One sweep of the fit (watershed.evaluation.model): over every rating, or over a block of them
(watershed.evaluation.blocks).

A sweep reads the `State` the sweep before left and leaves the next one.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np

from watershed.evaluation.cores import together
from watershed.evaluation.likelihood import (
    FLOOR, LENIENCY_PRECISIONS, LENIENCY_SDS, NOISE_SDS, OUTLIER_WEIGHT, Ends, Floors, class_loglik,
    outlier_probability, rounding_variance, widget_step)
from watershed.evaluation.mixture import SHARE_STEPS, damped, mixture
from watershed.evaluation.villages import generosity_hold, joined, upkeep_prior


@dataclass
class Problem:
    """What does not change between sweeps: who rated what, and what is known beforehand."""

    segment: np.ndarray  # per rating: position of its segment
    rater: np.ndarray  # per rating: position of its rater
    n_seg: int
    n_rat: int
    score: np.ndarray  # per rating, as given
    trust: np.ndarray  # per rating: 1 - the probability that it is a favour
    known_mean: np.ndarray  # per rater: leniency measured in earlier rounds (0 without)
    known_loglik: np.ndarray  # NOISE_SDS x raters: earlier ratings' log-likelihoods
    measured_precision: np.ndarray  # per rater: precision of known_mean, drift left out (0: none)
    # per segment: position of its village; None: the groups joined through ratings. Households
    # rate their own village's segments, so where the ratings name no villages, who rated what
    # still draws them: read as one village, the sparse rounds of tests/benchmarks/peer_scores.py
    # (seeds 1-5) lost 4-11 points of their gain over the plain mean a seed (2-10 where generosity
    # drifts), as villages kept differently pulled each other's segments towards one level.
    group: np.ndarray | None
    # NOISE_SDS x raters: earlier ratings' log-likelihoods, each round's leniency left open (read by
    # watershed.evaluation.intervals only, so a block leaves it out)
    known_care_loglik: np.ndarray | None = None
    step: float | None = None  # the widget's resolution next to FLOOR (None: read from the scores)

    def __post_init__(self) -> None:
        self.ends = Ends(self.score, self.segment, self.rater)
        if self.step is None:
            self.step = widget_step(self.score)
        self.floors = Floors(self.score, self.segment, self.rater, self.n_rat, self.step)
        self.has_history = self.measured_precision > 0
        self.rounding = rounding_variance(self.step)
        if self.group is None:
            self.group = self.components[0]

    @cached_property
    def by_segment(self) -> Groups:
        return Groups(self.segment, self.n_seg)

    @cached_property
    def by_rater(self) -> Groups:
        return Groups(self.rater, self.n_rat)

    @cached_property
    def components(self) -> tuple[np.ndarray, np.ndarray, int]:
        """Segments and raters joined through ratings (watershed.evaluation.villages.joined)."""
        return joined(self.segment, self.rater, self.n_seg, self.n_rat)

    def with_trust(self, trust: np.ndarray) -> Problem:
        """The same ratings trusted otherwise; what was found of them (their groups, the ratings at
        the ends and at FLOOR) is kept, as none of it depends on the trust."""
        other = copy(self)
        other.trust = trust
        return other

    def seg_sum(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.segment, w, minlength=self.n_seg)

    def rat_sum(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.rater, w, minlength=self.n_rat)


@dataclass
class State:
    """What a sweep leaves for the next (the inputs) and for the fitted model (the rest)."""

    # per rating
    latent: np.ndarray  # as meant (a 5.0 may stand for more than 5)
    latent_var: np.ndarray
    weight: np.ndarray  # E[precision multiplier], below 1 for a likely outlier
    cavity_mean: np.ndarray  # the rater's leniency as known from everything but this rating
    cavity_precision: np.ndarray
    # per rater
    tau: np.ndarray  # E[1 / sd^2]
    noise_classes: np.ndarray | None
    leniency_prior: np.ndarray
    known_precision: np.ndarray  # of the earlier rounds' leniency, this round's drift included
    # per segment: the prior's precision, and precision x mean
    prior_precision: np.ndarray
    prior_pull: np.ndarray
    upkeep: np.ndarray
    level_holds: np.ndarray | None  # how firmly the prior holds each segment's village's level (UpkeepPrior.holds)
    # of the round
    noise_shares: np.ndarray
    leniency_shares: np.ndarray
    drift: float
    floor_share: float = 0.1  # of households who never rate below FLOOR (likelihood.Floors)
    floored: np.ndarray | None = None  # per rater: the probability of being one
    floor_generosity: float = 0.0  # the mean generosity of those households
    floor_spread: float = 0.4**2  # the variance of their generosity about it (likelihood.Floors.generosity)
    generosity_pull: np.ndarray | None = None  # per rater: its prior's precision x mean (the known left out)
    leniency_classes: np.ndarray | None = None  # per rater x LENIENCY_SDS, as the last full sweep read them
    class_step: np.ndarray | None = None  # per rater x NOISE_SDS: how far its classes moved last sweep
    floor_step: np.ndarray | None = None  # per rater x 1: how far its class at FLOOR moved last sweep
    # per rating, where some may mean "FLOOR or worse" (see _floors): the share of a rating's
    # precision that it tells, and the value it tells with it
    told: np.ndarray | None = None
    site: np.ndarray | None = None
    # left by the last sweep for the fitted model
    pi: np.ndarray | None = None
    outlier: np.ndarray | None = None
    excess: np.ndarray | None = None
    uncertain: np.ndarray | None = None
    consensus: np.ndarray | None = None
    others: np.ndarray | None = None
    upkeep_precision: np.ndarray | None = None
    leniency: np.ndarray | None = None
    leniency_precision: np.ndarray | None = None

    def as_told(self) -> tuple[np.ndarray, np.ndarray]:
        """Per rating: (weight, value) as its messages carry them."""
        return (self.weight, self.latent) if self.site is None else (self.weight * self.told, self.site)

    def leniency_prior_pull(self, p: Problem) -> np.ndarray:
        """Per rater: its leniency prior's precision x mean."""
        known = self.known_precision * p.known_mean
        return known if self.generosity_pull is None else known + self.generosity_pull

    def generosity_moment(self, leniency: np.ndarray, leniency_precision: np.ndarray) -> np.ndarray:
        """Per rater: the second moment of its generosity about the typical household's (a
        household that may never rate below FLOOR about its own kind's mean, as likely as it is
        one), its uncertainty included: what the mixture of generosity reads it by."""
        typical = leniency if self.generosity_pull is None else leniency - self.floored * self.floor_generosity
        return typical**2 + 1 / leniency_precision

    def copy(self) -> State:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return State(**{k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in values.items()})


def sweep(p: Problem, s: State, learn: bool = True) -> np.ndarray:
    """One sweep over the problem's ratings; per segment, how far its upkeep moved. `learn`: also
    move what the round learns as a whole (a block's sweeps hold it)."""
    rater_tau = s.tau.take(p.rater)
    kept, site = s.as_told()
    a, pi, said_of_segment = told_segments(rater_tau, kept, p.trust, s.cavity_mean, s.cavity_precision, site)
    # Gaussian belief propagation rather than mean field: a rating tells its segment
    # "rating - leniency", with the leniency as known *without this rating*, and so with its
    # uncertainty added to the rating's noise (the precision a is lessened to pi); and
    # likewise to its rater. Mean field would treat the other side as known exactly: with
    # about three ratings a household, half of what a rating says is then taken up by the
    # household's own leniency, its residuals look half as large as they are, raters look
    # more careful than they are and intervals come out a third too narrow.
    upkeep_precision, upkeep_pull = together(lambda: s.prior_precision + p.seg_sum(pi),
                                             lambda: s.prior_pull + p.seg_sum(said_of_segment))
    upkeep = upkeep_pull / upkeep_precision
    # The segment without this rating: what the others' ratings say of it.
    # (In place where a result is new: on a million ratings a fresh array for each step of the
    # arithmetic cost more than the step.)
    others = upkeep_precision.take(p.segment)
    others -= pi
    consensus = upkeep_pull.take(p.segment)
    consensus -= said_of_segment
    consensus /= others
    rho = a * others
    rho /= np.add(a, others, out=a)  # in their places, a and said_of_segment are not read again
    apart = site - consensus
    said_of_rater = np.multiply(rho, apart, out=said_of_segment)
    leniency_precision, leniency_pull = together(lambda: s.leniency_prior + p.rat_sum(rho),
                                                 lambda: s.leniency_prior_pull(p) + p.rat_sum(said_of_rater))
    leniency = leniency_pull / leniency_precision
    cavity_precision = leniency_precision.take(p.rater)
    cavity_precision -= rho
    cavity_mean = leniency_pull.take(p.rater)
    cavity_mean -= said_of_rater
    cavity_mean /= cavity_precision
    # Each rating against the others' (so that a rating cannot vouch for itself): on a
    # tree of ratings this is exactly the leave-one-out prediction and its variance.
    excess = apart if site is s.latent else s.latent - consensus  # in its place: apart is not read again
    excess -= cavity_mean
    uncertain = 1 / others
    uncertain += np.divide(1, cavity_precision, out=a)
    if len(p.ends.index):
        s.latent[p.ends.index], s.latent_var[p.ends.index] = p.ends.as_meant(upkeep, leniency, s.tau)
    meant = _floors(p, s, upkeep, leniency, leniency_precision, learn) if len(p.floors.index) else None
    uncertain += s.latent_var
    # An outlier is what an ordinary rating from this rater would rarely be.
    # Both readings of the excesses below work in single precision: converted once for both.
    single, single_excess = uncertain.astype(np.float32), excess.astype(np.float32)
    # Against the rater's expected variance: a household that may be erratic gives wide ratings as
    # a matter of course. Read against the mean of its precisions (its weight, below), such a
    # household's wide rating was called an outlier whenever the household might be careful, and
    # "careful, with an outlier" and "erratic" became two fixed points the fit ended in by where it
    # started (sparse seed 3 of tests/benchmarks/peer_scores.py: a refit started from the fit
    # ended 0.07 from a fresh one).
    variance = 1 / s.tau if s.noise_classes is None else \
        np.einsum("nk,k->n", s.noise_classes, NOISE_SDS**2 + p.rounding)
    outlier = outlier_probability(single_excess, single, variance.astype(np.float32).take(p.rater))
    # Each rater's sd, read against the village's learnt mix of careful and erratic raters:
    # how well each sd predicts their ordinary ratings from everyone else's (so that a
    # rating cannot vouch for itself).
    steps = SHARE_STEPS if learn else 0
    noise_loglik = class_loglik(single_excess, single, outlier, p.rater, p.n_rat, p.rounding,
                                (p.ends, s.latent, s.latent_var))
    noise_loglik += p.known_loglik
    # The mix is learnt from the households that rate below FLOOR at times, as the mix of
    # generosity is (below): a floor household's ratings, squeezed into 4-5 and its 4s read as
    # "4 or worse", stray less than what it thinks does, and made the village look careful. On
    # the floor4 rounds of tests/benchmarks/peer_scores.py (seeds 1, 2) the fit put 0.57 and 0.48
    # of the households at sd 0.2 (then the finest), 0.32 and 0.21 so, and the intervals held the
    # truth in 87.7% of segments with a round alone (seeds 1-15; 89.2% with three earlier), 90.7%
    # so (91.3%).
    counted = None if s.floored is None else 1 - s.floored
    leniency_loglik = 0.5 * s.generosity_moment(leniency, leniency_precision) * LENIENCY_PRECISIONS[:, None]
    np.subtract(0.5 * np.log(LENIENCY_PRECISIONS)[:, None], leniency_loglik, out=leniency_loglik)
    # The mix of generosity is learnt from the households that rate below FLOOR at times too: a
    # third that never do, as generous as they are, had it learn the 0.7 and 1.1 classes where
    # the others' generosity spread 0.4 (the floor4 rounds of tests/benchmarks/peer_scores.py),
    # and so hold the typical household's generosity too loosely to set the zero point.
    (s.noise_shares, fresh), (s.leniency_shares, s.leniency_classes) = together(
        lambda: mixture(noise_loglik, s.noise_shares, steps, counted),
        lambda: mixture(leniency_loglik, s.leniency_shares, steps, counted))
    if s.noise_classes is not None:
        fresh, s.class_step = damped(fresh, s.noise_classes, s.class_step)
    s.noise_classes = fresh
    # A rater weighs as the mean of its possible precisions (as variational Bayes has it), the
    # widget's rounding included (likelihood.rounding_variance), now that its classes are read as
    # an exact posterior reads them (an end rating as "this end or beyond": likelihood.
    # end_readings). On sparse rounds of tests/benchmarks/peer_scores.py (seeds 5, 10, 14, favours
    # left out), the fit handed a sampled exact posterior's classes came within a point of that
    # posterior's gain over the plain mean weighed so (26.5, 31.5, 22.8% against 26.1, 32.4,
    # 23.1%), and 3-6.5 points short of it weighed by the expected variance, as it was (22.1, 25.9,
    # 19.8%). The expected variance had been chosen because the classes, read as they were, held
    # too many erratic raters careful: the mere chance of being careful then dominated the weight.
    s.tau = np.einsum("nk,k->n", fresh, 1 / (NOISE_SDS**2 + p.rounding))
    if learn and p.has_history.any():
        # How far this round's generosity moved from the earlier rounds' (empirical Bayes).
        measured_variance = 1 / np.maximum(p.measured_precision, 1e-12)
        moved_sq = (leniency - p.known_mean) ** 2 + 1 / leniency_precision - measured_variance
        s.drift = max(float(moved_sq[p.has_history].mean()), 0.0)
        s.known_precision = np.where(p.has_history, 1 / (measured_variance + s.drift), 0.0)
    generosity = np.einsum("nk,k->n", s.leniency_classes, LENIENCY_PRECISIONS)
    # The prior is what ties the round's zero point to its typical household. Households that
    # never rate below FLOOR are not typical of anything: their generosity is read about their
    # own mean, with their own spread, both learnt from them (likelihood.Floors.generosity), so
    # that they do not move the zero point. Held like the others,
    # a third of such households (tests/benchmarks/peer_scores.py, floor4) dragged the zero point
    # up and with it every upkeep, by 0.3 on average.
    if s.floored is not None:
        if learn:
            # From what their ratings alone measure (each weighed by how surely, its generosity's
            # spread included) rather than from their leniencies, which the mean itself pulls:
            # learnt from those, it crept, and a million ratings (simulate_round) took 131-141
            # sweeps, 80-87 so (89 before households were held about it).
            s.floor_generosity, s.floor_spread = p.floors.generosity(
                *_measured(s, leniency, leniency_precision), s.floored, s.floor_generosity, s.floor_spread,
                float(s.leniency_shares @ LENIENCY_SDS**2))
        generosity = generosity * (1 - s.floored) + s.floored / s.floor_spread
        s.generosity_pull = s.floored * s.floor_generosity / s.floor_spread
    s.leniency_prior = generosity + s.known_precision
    if learn:
        # (One village: the prior learns its level from every segment, and holds none of them.)
        shift = None if not p.group.any() else \
            1 / generosity_hold(p, s, leniency, leniency_precision).take(p.components[0])
        prior = upkeep_prior(upkeep, 1 / upkeep_precision, p.group, shift)
        s.prior_precision, s.prior_pull, s.level_holds = prior.precision, prior.precision * prior.mean, prior.holds
    moved = np.abs(upkeep - s.upkeep)
    if meant is not None:
        # Settled means also that its raters' classes at FLOOR hold still: late in a
        # fit one household's class may still be turning (on one sparse benchmark round, from 0.36
        # to 1 over 50 sweeps that moved its segments' upkeeps by a few ten-thousandths each, and
        # one of them by 0.28 in all).
        np.maximum.at(moved, p.floors.segment, meant)
    outlier = outlier.astype(float)
    s.upkeep, s.weight = upkeep, outlier * (OUTLIER_WEIGHT - 1)  # 1 - outlier (1 - OUTLIER_WEIGHT)
    s.weight += 1
    s.cavity_mean, s.cavity_precision = cavity_mean, cavity_precision
    s.pi, s.outlier, s.excess, s.uncertain, s.consensus, s.others = pi, outlier, excess, uncertain, consensus, others
    s.upkeep_precision, s.leniency, s.leniency_precision = upkeep_precision, leniency, leniency_precision
    return moved


def _floors(p: Problem, s: State, upkeep: np.ndarray, leniency: np.ndarray, leniency_precision: np.ndarray,
            learn: bool) -> np.ndarray:
    """Read the ratings at FLOOR of households that may never rate below it (likelihood.Floors),
    their classes damped as the noise classes are (mixture.damped), for the same reason; per such
    rating, how far the turn of its rater's class moved what it is read to mean."""
    odds, below, below_var = p.floors.odds(upkeep, leniency, s.tau)
    odds += p.floors.generosity_odds(*_measured(s, leniency, leniency_precision), LENIENCY_SDS,
                                     s.leniency_shares, s.floor_generosity, s.floor_spread)
    s.floor_share, fresh = p.floors.share_and_classes(odds, s.floor_share, SHARE_STEPS if learn else 0)
    if s.floored is not None:
        fresh, s.floor_step = damped(fresh[:, None], s.floored[:, None], s.floor_step)
        fresh = fresh[:, 0]
    turned = np.abs(fresh - s.floored).take(p.floors.rater) if s.floored is not None else 1.0
    s.floored = fresh
    floored, index = fresh.take(p.floors.rater), p.floors.index
    s.latent[index] = floored * below + (1 - floored) * FLOOR
    s.latent_var[index] = floored * below_var + floored * (1 - floored) * (below - FLOOR) ** 2
    # Such a rating follows what is expected of it (upkeep + leniency) by 1 - f of any move, f =
    # 1 - its variance x the rater's precision: read as if exact, each sweep moves the rater's
    # leniency by f of the way, and a household whose ratings say almost nothing crept for
    # hundreds of sweeps. It tells f of a rating's precision instead, and the value at which the
    # likelihood's slope is the same (a Newton step), as an end rating's information is counted
    # in the interval (watershed.evaluation.intervals.censored). Below a hundredth, f is lost in
    # the rounding of 1 - variance x precision, and a Newton step on it diverged (a block of one
    # drift round grew its moves by 2% a sweep for 300 sweeps): a hundredth at least. The
    # variance is "that or worse"'s alone, f times it: the curvature of what the rating says
    # averaged over its rater's classes (mean field, as the classes are read elsewhere), which
    # is never convex. With the mixture's (the two readings' distance included), a generous
    # household held one of them by half (sparse seed 5 of tests/benchmarks/peer_scores.py) had
    # its 4 tell 0.14 and 0.01 of a rating in turn, for ever, in a block round it.
    told = np.clip(1 - floored * below_var * s.tau.take(p.floors.rater), 1e-2, 1.0)
    expected = upkeep.take(p.floors.segment) + leniency.take(p.floors.rater)
    if s.site is None:
        s.told, s.site = np.ones_like(s.latent), s.latent.copy()
    else:
        # Elsewhere a rating tells what it means, which only the ends' readings change (a fresh
        # copy of every rating each sweep cost more than this).
        s.site[p.ends.index] = s.latent[p.ends.index]
    s.told[index], s.site[index] = told, expected + (s.latent[index] - expected) / told
    return turned * np.abs(below - FLOOR)


def _measured(s: State, leniency: np.ndarray, leniency_precision: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per rater: its generosity as its ratings (and earlier rounds) alone measure it, and the
    precision of that measurement: the fit's leniency without its generosity prior."""
    held = s.leniency_prior - s.known_precision  # the prior this sweep's leniencies were drawn with
    precision = np.maximum(leniency_precision - held, 1e-12)
    pull = leniency * leniency_precision
    if s.generosity_pull is not None:
        pull -= s.generosity_pull
    return pull / precision, precision


def told_segments(tau, weight, trust, cavity_mean, cavity_precision, latent):
    """Per rating: its precision a, and (precision, precision x value) of what it tells its segment."""
    a = tau * weight
    a *= trust
    pi = a * cavity_precision
    said = np.add(a, cavity_precision)  # pi's denominator first, in the place of what it tells
    pi /= said
    said = np.subtract(latent, cavity_mean, out=said)
    said *= pi
    return a, pi, said


class Groups:
    """The ratings of each segment (or each rater), to find a few groups' ratings fast."""

    def __init__(self, codes: np.ndarray, n: int) -> None:
        # Stable, sixteen bits at a time (numpy sorts 16-bit keys by radix): for a million codes
        # 27 ms of CPU, where one stable sort of the whole codes took 105; none where they come
        # sorted (a round's edges; ratings listed rater by rater), which takes 0.3 ms to see.
        self.order = np.arange(len(codes))
        ordered = bool(np.all(codes[1:] >= codes[:-1]))
        for shift in range(0, 0 if ordered else max(int(n) - 1, 1).bit_length(), 16):
            digit = (codes.take(self.order) >> shift).astype(np.uint16)  # the bits above are cut off
            self.order = self.order.take(np.argsort(digit, kind="stable"))
        self.starts = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=n))])

    def count(self, groups: np.ndarray) -> int:
        """How many ratings the given groups have together."""
        return int((self.starts[groups + 1] - self.starts[groups]).sum())

    def members(self, groups: np.ndarray) -> np.ndarray:
        """Positions of the ratings of the given groups."""
        first, count = self.starts[groups], self.starts[groups + 1] - self.starts[groups]
        within = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        return self.order.take(np.repeat(first, count) + within)
