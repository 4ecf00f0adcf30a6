"""What a village's segments have in common: a level of upkeep, learnt from the round; and the
shift of that level which no rating can see.

A segment's upkeep is Normal(m, s^2) before its ratings are read, with m its village's level (where
the ratings name no village, its group of households and segments joined through ratings) and s
the spread of segments within a village, both learnt from the current estimates (empirical
Bayes, each sweep).

Households rate the segments of their own village, so a village's segments and households are
joined only among themselves (`joined`), and "its segments are kept better" and "its households
rate more generously" predict its ratings equally well: only the priors tell them apart. The fit
moves along that shift at once (`centre`); the interval counts the doubt it leaves
(watershed.evaluation.intervals.shared_shift).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from watershed.evaluation.likelihood import LENIENCY_PRECISIONS

if TYPE_CHECKING:
    from watershed.evaluation.sweep import Problem, State

# A village's segments do differ; an upkeep sd below this would claim they are all alike.
MIN_UPKEEP_SD = 0.3


@dataclass(frozen=True)
class UpkeepPrior:
    mean: np.ndarray  # per segment
    precision: np.ndarray  # per segment
    # Per segment, its share of its village's: how firmly the prior holds the village's level as a
    # whole (the precision of the mean of its segments' upkeeps). None for a round without villages,
    # whose one level is learnt from every segment and so holds none of them.
    holds: np.ndarray | None


def upkeep_prior(upkeep: np.ndarray, variance: np.ndarray, group: np.ndarray,
                 shift: np.ndarray | None = None) -> UpkeepPrior:
    """The prior learnt from the current upkeeps (and their variances) and the segments' villages.

    The village's level is itself pulled towards the round's mean, by as much as the villages'
    means differ beyond what their few segments would make them differ by chance. `shift`, per
    segment, is the variance of its village's shift that the households' generosity leaves
    (`generosity_hold`; none without): the fitted upkeeps carry that shift as one error, so their
    mean tells the village's level less surely than its count of segments would.
    """
    overall = upkeep.mean()
    spread = max(float(np.mean((upkeep - overall) ** 2 + variance)), MIN_UPKEEP_SD**2)
    n_groups = int(group.max()) + 1
    if n_groups == 1:
        return UpkeepPrior(np.full(len(upkeep), overall), np.full(len(upkeep), 1 / spread), None)
    count = np.bincount(group, minlength=n_groups).astype(float)
    means = np.bincount(group, upkeep, minlength=n_groups) / count
    within = max(float(np.mean((upkeep - means[group]) ** 2 + variance)), MIN_UPKEEP_SD**2)
    doubt = within / count
    if shift is not None:
        doubt = doubt + np.bincount(group, shift, minlength=n_groups) / count
    between = _between((means - overall) ** 2, within / count, doubt)
    pulled = overall + (means - overall) * between / (between + within / count)
    # A village's segments' mean upkeep is Normal(the round's, between + within / count) a priori.
    holds = 1 / (between + within / count) / count
    return UpkeepPrior(pulled[group], np.full(len(upkeep), 1 / within), holds[group])


# EM steps that settle the spread between villages' levels (`_between`); a step costs a village.
BETWEEN_STEPS = 200


def _between(deviation: np.ndarray, chance: np.ndarray, doubt: np.ndarray) -> float:
    """The variance of the villages' levels about the round's (empirical Bayes), where EM ends.
    Each step reads every village's level as the prior would pull its mean (whose squared
    `deviation` from the round's is given, `chance` of it being what its few segments alone would
    make it) and adds what the round leaves open of that level (`doubt`: the chance part and the
    village's shift). Without a shift, for villages of one size, it ends at the moments' answer:
    the deviations less their chance part. That answer alone, read from fitted upkeeps that this
    prior had already pulled together, fed on itself: the villages looked alike, were pulled
    together the more and looked more alike still. Where households rate only their own
    village's segments, 6-8 each (tests/benchmarks/peer_scores.py --only dense), it ended at
    0.014 in seed 2, whose villages' true levels spread 0.109, and at nought in seed 3 (0.028)."""
    between = max(float(np.mean(deviation - chance)), 1e-4)
    for _ in range(BETWEEN_STEPS):
        pulled = deviation * (between / (between + chance)) ** 2
        new = float(np.mean(pulled + 1 / (1 / between + 1 / doubt)))
        done = abs(new - between) < 1e-9
        between = new
        if done:
            break
    return between


def joined(segment: np.ndarray, rater: np.ndarray, n_seg: int, n_rat: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Per segment and per rater: the number of the group joined with it through ratings (the
    connected components of who rated what, numbered from 0), and how many groups there are.
    Each passes the smallest label it has heard of along its ratings, and follows the labels it
    holds to theirs (pointer jumping), until nothing changes."""
    label = np.arange(n_seg + n_rat)  # segments first, then raters
    ends = (segment, rater + n_seg)
    while True:
        lowest = np.minimum(label.take(ends[0]), label.take(ends[1]))
        new = label.copy()
        for end in ends:
            np.minimum.at(new, end, lowest)
        while not np.array_equal(jumped := new.take(new), new):
            new = jumped
        if np.array_equal(new, label):
            break
        label = new
    first, group = np.unique(label, return_inverse=True)
    return group[:n_seg], group[n_seg:], len(first)


def centre(p: Problem, s: State) -> float:
    """Move each group of segments and households joined through ratings, after a full sweep, to
    where the priors put it: its upkeeps up and its raters' leniencies down by one amount, which
    changes no rating's fit.

    Only the priors tie that amount down: the leniency prior (households are as generous as the
    round's typical one, or as earlier rounds measured them) and, where villages differ in level,
    the upkeep prior's hold on the village's level (`UpkeepPrior.holds`; the round's own level
    follows its upkeeps). A sweep moves a group along the shift by only the priors' share of what
    the ratings tell about the raters, a sixth or so where households rate 5-10 segments: on a
    million ratings (simulate_round) a shift left by the start crept out over a dozen sweeps, each
    moving tens of thousands of segments by more than the fit's tolerance. This is the step to the
    least of the priors' energy along the shift (a Newton step, the priors as they stand); at the
    fit's end it is nought, so it changes how the fit gets there, not where it ends. A rater's
    leniency moves as the messages its ratings carry from it do (its cavity means). Returns the
    largest amount a group was moved by.
    """
    segment_group, rater_group, n = p.components
    pull = s.leniency_prior * s.leniency - s.leniency_prior_pull(p)
    level = s.prior_precision * s.upkeep - s.prior_pull
    slope = np.bincount(rater_group, pull, minlength=n) - np.bincount(segment_group, level, minlength=n)
    held = np.bincount(rater_group, s.leniency_prior, minlength=n)
    if s.level_holds is not None:
        held += np.bincount(segment_group, s.level_holds, minlength=n)
    shift = slope / held
    # One group (a round without villages): one number, not a million looked up.
    s.cavity_mean = s.cavity_mean - (shift[0] if n == 1 else shift.take(rater_group).take(p.rater))
    # The upkeeps follow in the next sweep; held where the shift puts them already, so that what
    # that sweep moves (which decides which segments are settled in blocks, and when the fit ends)
    # is what the ratings move, not this step. Counted as the sweep's, a step of a thousandth or
    # two left every segment of a million ratings (simulate_round, seed 1) unsettled every other
    # sweep, and evaluate's two fits took 15 + 11 full sweeps, 13 + 9 so. The step itself is
    # returned: the fit does not end while it is as large as the fit's tolerance.
    s.upkeep = s.upkeep + (shift[0] if n == 1 else shift.take(segment_group))
    return float(np.abs(shift).max())


def generosity_hold(p: Problem, s: State, leniency: np.ndarray, leniency_precision: np.ndarray) -> np.ndarray:
    """Per group of segments and households joined through ratings: how firmly its households'
    generosity prior holds the shift no rating can see (the precision it gives the shift; see
    watershed.evaluation.intervals.shared_shift), given their `leniency` and its precision.

    A household's part is the observed information of the mixture along the shift (Louis 1982):
    E[1 / spread^2] over its generosity classes less their variance times its generosity's second
    moment, and never less than Normal households tell. The first term alone (what it would tell
    were its class known) claimed for Normal households 1.33-1.38 times what they can tell
    (tests/test_evaluation.py); where households differ in kind (half spread 0.1, half 1.2) the
    tight ones still pin the zero point, 5.8 times as surely. Earlier rounds do not tie the shift
    down: what they measured of each rater was measured against the same village's consensus."""
    _, rater_group, n = p.components
    second = s.generosity_moment(leniency, leniency_precision)
    spread = s.leniency_classes @ LENIENCY_PRECISIONS**2 - (s.leniency_classes @ LENIENCY_PRECISIONS) ** 2
    mixed = np.ones(p.n_rat) if s.floored is None else 1 - s.floored  # a floor household's prior is one Normal
    generosity = s.leniency_prior - s.known_precision - mixed * spread * second  # the mixture's part
    # No less than Normal households of the mixture's variance tell: of all spreads of a given
    # variance the Normal tells least about where it is centred (its Fisher information, 1 / variance).
    least = mixed / (s.leniency_shares @ (1 / LENIENCY_PRECISIONS)) + (1 - mixed) / s.floor_spread
    return np.maximum(np.bincount(rater_group, generosity, minlength=n), np.bincount(rater_group, least, minlength=n))
