"""Sweeps over a block of the ratings, for the few segments still moving late in a fit.

Late in a fit only a few segments still move (on a million ratings, at most 130 of 89,000 in the
last 27 of 55 sweeps, and in 41 of the refit's 49); sweeping every rating for them was most of the
time. A `Block` is the raters around those segments and all of their ratings, swept on its own
while the rest of the round holds still: what the other ratings tell the block's segments enters as
part of the segments' priors, and what the round learns as a whole (the mixtures' shares, the
upkeep prior, the drift) stays as the last full sweep left it. The fit still ends only on full
sweeps (see watershed.evaluation.model), so a block changes how the fit gets to its end, not where
the end is or what counts as reaching it.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass

import numpy as np

from watershed.evaluation.sweep import Problem, State, told_segments

# A block is swept on its own only while it holds at most this share of the ratings: beyond it,
# a full sweep costs little more and also moves what the round learns as a whole.
BLOCK_SHARE_MAX = 0.25
# How far a block reaches: the raters of the moving segments and all their ratings (one hop),
# then the raters of every segment those touch (two), while the block keeps within
# BLOCK_SHARE_MAX. With one hop only, a slow drift shared by neighbouring households was held
# still by the block's edge, and the fits of tests/benchmarks/peer_scores.py stopped up to 0.04
# from their end (0.036 before blocks, 0.036 with two hops).
BLOCK_HOPS = 2
# A block is drawn anew round the segments still moving once they are this share of those it was
# drawn round: its sweeps then cost less.
BLOCK_SHRINK = 0.5
# What ratings from outside a block tell it is gathered while its segments hold at most this
# share of the ratings; beyond it, working it out for every rating costs less.
GATHER_SHARE_MAX = 0.12

_PER_RATING = ("latent", "latent_var", "weight", "cavity_mean", "cavity_precision")


@dataclass
class Block:
    """The raters of some segments and all of their ratings, as a problem of its own."""

    rows: np.ndarray  # its ratings' positions in the round
    segments: np.ndarray  # its segments' positions
    raters: np.ndarray  # its raters' positions
    problem: Problem
    state: State

    def put_back(self, s: State) -> None:
        """Write what the block's sweeps changed into the round's state."""
        b = self.state
        for name in _PER_RATING + (("told", "site") if s.site is not None else ()):
            getattr(s, name)[self.rows] = getattr(b, name)
        for name in ("tau", "noise_classes", "leniency_prior") + _optional_per_rater(s):
            getattr(s, name)[self.raters] = getattr(b, name)
        s.upkeep[self.segments] = b.upkeep


def block(p: Problem, s: State, unsettled: np.ndarray) -> Block | None:
    """The block around the `unsettled` segments (a mask), or None when it holds too many ratings
    to be worth sweeping on its own."""
    if (reach := _reach(p, unsettled)) is None:
        return None
    rows, raters, segments = reach
    segment_code, rater_code = _codes(segments, p.n_seg), _codes(raters, p.n_rat)
    segment, rater = segment_code.take(p.segment.take(rows)), rater_code.take(p.rater.take(rows))
    problem = Problem(segment=segment, rater=rater, n_seg=len(segments), n_rat=len(raters),
                      score=p.score.take(rows), trust=p.trust.take(rows), known_mean=p.known_mean[raters],
                      known_loglik=p.known_loglik[:, raters], measured_precision=p.measured_precision[raters],
                      group=p.group[segments], step=p.step)
    state = copy(s)
    for name in _PER_RATING + (("told", "site") if s.site is not None else ()):
        setattr(state, name, getattr(s, name).take(rows))  # take: two thirds of indexing's time
    for name in ("tau", "noise_classes", "leniency_prior", "known_precision") + _optional_per_rater(s):
        setattr(state, name, getattr(s, name)[raters])
    state.upkeep = s.upkeep[segments]
    outside_pi, outside_said = _told_from_outside(p, s, segments, segment_code, raters, problem, state)
    state.prior_precision = s.prior_precision[segments] + outside_pi
    state.prior_pull = s.prior_pull[segments] + outside_said
    return Block(rows, segments, raters, problem, state)


def within_reach(p: Problem, unsettled: np.ndarray) -> bool:
    """Whether the `unsettled` segments are few enough to be settled in blocks."""
    return _reach(p, unsettled) is not None


def _reach(p: Problem, unsettled: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The rows, raters and segments of the block around the `unsettled` segments, or None."""
    segments, rows, raters = np.flatnonzero(unsettled), None, None
    most = BLOCK_SHARE_MAX * len(p.segment)
    for _ in range(BLOCK_HOPS):
        # Counted before they are gathered: early in a fit the block is far too large, and
        # gathering it to find that out took 0.3 s of CPU on a million ratings. (The segments'
        # own ratings are among those of their raters.)
        if p.by_segment.count(segments) > most:
            break
        wider = _present(p.rater.take(p.by_segment.members(segments)), p.n_rat)
        if p.by_rater.count(wider) > most:
            break
        rows, raters = p.by_rater.members(wider), wider
        segments = _present(p.segment.take(rows), p.n_seg)
    return None if rows is None else (rows, raters, segments)


def _told_from_outside(p: Problem, s: State, segments, segment_code, raters, inside: Problem, at: State):
    """Per block segment: (precision, precision x value) of what the ratings from outside the block
    tell it, as the next sweep would hear it: gathered, or (cheaper where the block's segments hold
    many ratings) what all ratings tell less what the block's own do. Of a million ratings, with
    most of them on the block's segments, gathering took 45-55 ms of CPU and the other way 12-17."""
    if p.by_segment.count(segments) <= GATHER_SHARE_MAX * len(p.segment):
        on_segments = p.by_segment.members(segments)
        in_block = np.zeros(p.n_rat, dtype=bool)
        in_block[raters] = True
        outside = on_segments[~in_block.take(p.rater.take(on_segments))]
        where = segment_code.take(p.segment.take(outside))
        kept, site = s.as_told()
        told = told_segments(s.tau.take(p.rater.take(outside)), *(x.take(outside) for x in (
            kept, p.trust, s.cavity_mean, s.cavity_precision, site)))
        return tuple(np.bincount(where, w, minlength=len(segments)) for w in told[1:])
    kept, site = s.as_told()  # each call multiplies a million weights anew
    told = told_segments(s.tau.take(p.rater), kept, p.trust, s.cavity_mean, s.cavity_precision, site)
    kept, site = at.as_told()
    own = told_segments(at.tau.take(inside.rater), kept, inside.trust, at.cavity_mean, at.cavity_precision, site)
    return tuple(p.seg_sum(w)[segments] - inside.seg_sum(v) for w, v in zip(told[1:], own[1:]))


def _optional_per_rater(s: State) -> tuple[str, ...]:
    return tuple(name for name in ("floored", "generosity_pull", "class_step", "floor_step")
                 if getattr(s, name) is not None)


def _codes(members: np.ndarray, n: int) -> np.ndarray:
    """Per code below n: its position among `members` (sorted codes)."""
    codes = np.zeros(n, dtype=np.int64)
    codes[members] = np.arange(len(members))
    return codes


def _present(codes: np.ndarray, n: int) -> np.ndarray:
    """The distinct codes, sorted (np.unique, without its sort of every code)."""
    seen = np.zeros(n, dtype=bool)
    seen[codes] = True
    return np.flatnonzero(seen)
