"""What a village's segments have in common: a level of upkeep, learnt from the round.

A segment's upkeep is Normal(m, s^2) before its ratings are read, with m its village's level (or
the round's, when the ratings name no village) and s the spread of segments within a village,
both learnt from the current estimates (empirical Bayes, each sweep).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
