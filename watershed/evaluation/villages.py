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


def upkeep_prior(upkeep: np.ndarray, variance: np.ndarray, group: np.ndarray) -> UpkeepPrior:
    """The prior learnt from the current upkeeps (and their variances) and the segments' villages.

    The village's level is itself pulled towards the round's mean, by as much as the villages'
    means differ beyond what their few segments would make them differ by chance.
    """
    overall = upkeep.mean()
    spread = max(float(np.mean((upkeep - overall) ** 2 + variance)), MIN_UPKEEP_SD**2)
    n_groups = int(group.max()) + 1
    if n_groups == 1:
        return UpkeepPrior(np.full(len(upkeep), overall), np.full(len(upkeep), 1 / spread), None)
    count = np.bincount(group, minlength=n_groups).astype(float)
    means = np.bincount(group, upkeep, minlength=n_groups) / count
    within = max(float(np.mean((upkeep - means[group]) ** 2 + variance)), MIN_UPKEEP_SD**2)
    between = max(float(np.mean((means - overall) ** 2 - within / count)), 0.0)
    pulled = overall + (means - overall) * between / (between + within / count)
    # A village's segments' mean upkeep is Normal(the round's, between + within / count) a priori.
    holds = 1 / (between + within / count) / count
    return UpkeepPrior(pulled[group], np.full(len(upkeep), 1 / within), holds[group])


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
    holds = upkeep_prior(s.upkeep, 1 / s.upkeep_precision, p.group).holds
    if holds is not None:
        held += np.bincount(segment_group, holds, minlength=n)
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
