"""A mixture over a grid (of noise sds, of leniency sds) whose shares are learnt from the round.

Each member (a rater) has a log-likelihood under each grid point; the shares are those that best
explain all members together (EM, with a pseudo-count), and each member's class probabilities
follow from its likelihoods and the shares (watershed.evaluation.model uses both every sweep).
"""

from __future__ import annotations

import numpy as np

# Pseudo-count per grid point when learning the shares: keeps a share that the data do not support
# small but above zero, so one unusual household is never impossible.
PSEUDO_COUNT = 1.0
# The mixture shares are settled inside each sweep (see mixture): at most SHARE_STEPS steps,
# fewer once no share moves by more than SHARE_TOLERANCE. Where two neighbouring sds explain the
# households equally well (sd 0.4 between 0.3 and 0.45, as in simulate_round), the shares creep
# between them a step at a time, the weights with them, and the upkeeps move for as long: on a
# million ratings 27 full sweeps and 70 in blocks at 10 steps, 22 and 38 at 100 (4.2-4.3 s of
# CPU, 3.9-4.0 s so); the benchmark's figures moved by 0.1 point at most.
SHARE_TOLERANCE = 1e-5
SHARE_STEPS = 100
# A rater's noise classes move halfway to their new value each sweep. Undamped, a household
# whose ratings sit at the ends of the scale (in simulate_round seed 1, one that gave four 1s, a
# 3 and a 5) flipped for ever between two states, "careful, leniency -0.28" and "erratic,
# leniency -0.41": what its censored ratings are read to mean depends on its class, and its class
# on what they are read to mean (a cycle of period two, which moved 33 segments by up to 0.035
# each sweep). Moving halfway maps a step that overshoots by all of itself to none, so such a
# cycle settles. It is the textbook factor, not a figure fitted to a simulator. Only a step that
# turns back on the one before (such a cycle) is halved: a household whose class turns the same
# way sweep after sweep (a favour-giver's, as its favour is read as an outlier) moves all the way,
# else it halved its way for a dozen sweeps to the end of the fit, moving its segments by more
# than the tolerance (on a million ratings 41 full sweeps became 36, with `villages.centre` 28).
DAMP_CLASSES = 0.5


def mixture(loglik: np.ndarray, shares: np.ndarray, steps: int = SHARE_STEPS,
            weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The shares of a mixture over a grid, and each member's class probabilities (members x
    grid), for fixed log-likelihoods (grid x members: each class's row contiguous): up to `steps`
    EM steps from the shares of the sweep before (none: the shares are kept). `weight`, per
    member, is how much it counts towards the shares (1 each without); every member's class
    probabilities are drawn from them all the same.

    Several steps a sweep, because one step per sweep is what made the fit slow: neighbouring grid
    points (sd 0.3 and 0.45) explain a household's three ratings almost equally well, so their
    shares moved a few thousandths a sweep for hundreds of sweeps. A step costs members x grid,
    not a pass over the ratings.
    """
    # Relative likelihoods below e^-60 are as good as nothing; flooring them keeps subnormal
    # numbers, on which arithmetic is a hundred times slower, out of the products.
    # The exponential in single precision (relative error 1e-7, e^-60 well within its range): in
    # double it took two fifths of a mixture's time on a million ratings, numpy having no
    # vectorised double exponential on most processors.
    relative = loglik - loglik.max(axis=0)
    relative = np.maximum(relative, -60.0, out=relative).astype(np.float32)
    likelihood = np.exp(relative, out=relative)
    # Summed over members, class k's probability is s_k sum_i L_ki / (sum_j s_j L_ji). (einsum,
    # not @: multi-threaded BLAS crawls on a machine whose cores are busy with other work.) The
    # steps too in single precision: on a million ratings they took 10 ms of CPU a sweep in double
    # (of 150) and 6 so, and moved the shares by 1e-6 at most, a tenth of SHARE_TOLERANCE. Each
    # class's sum is np.vecdot's, which took 90 us where einsum took 200, and sums more exactly.
    counting = np.float32(1) if weight is None else weight.astype(np.float32)

    def em_step(shares: np.ndarray) -> np.ndarray:
        total = np.einsum("k,kn->n", shares.astype(np.float32), likelihood)
        counted = np.divide(counting, total, out=total)
        counts = shares * np.vecdot(likelihood, counted) + PSEUDO_COUNT
        return counts / counts.sum()

    shares = _settled(em_step, shares, steps)
    joint = likelihood.astype(float)  # the class probabilities, in the likelihoods' place
    joint *= shares[:, None]
    joint /= joint.sum(axis=0)
    return shares, joint.T


def _settled(em_step, shares: np.ndarray, steps: int) -> np.ndarray:
    """The shares after at most `steps` EM steps from `shares`, stopping once a step moves none by
    SHARE_TOLERANCE; each two plain steps are extended along the way they went (SQUAREM: Varadhan
    and Roland, Scand. J. Statist. 35, 2008), and the point so reached is stepped from once more.
    EM alone creeps where neighbouring grid points explain the members almost equally well: on a
    million ratings (simulate_round, seed 1) its 44 mixtures of the full sweeps took 1,715 steps
    and stopped 1e-4 from where they were going, 520 steps so and 1e-5 away (7 Dec 2026)."""
    taken = 0
    while taken < steps:
        once = em_step(shares)
        taken += 1
        first = once - shares
        if np.abs(first).max() < SHARE_TOLERANCE or taken == steps:
            return once
        twice = em_step(once)
        taken += 1
        second = twice - once
        if np.abs(second).max() < SHARE_TOLERANCE or taken == steps:
            return twice
        bend = second - first
        # The extrapolation's length; never shorter than the two plain steps themselves.
        length = max(np.sqrt(first @ first / max(bend @ bend, 1e-300)), 1.0)
        ahead = shares + 2 * length * first + length * length * bend
        if (ahead <= 0).any():  # beyond the simplex: the two plain steps are kept
            ahead = twice
        shares = em_step(ahead)
        taken += 1
        if np.abs(shares - ahead).max() < SHARE_TOLERANCE:
            break
    return shares


def damped(fresh: np.ndarray, old: np.ndarray, last: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Per rater (rows) x class: where its classes move to this sweep, and the step taken; the step
    from `old` to `fresh` is halved (DAMP_CLASSES) where it turns back on the `last` one, and made
    no longer than half of that one, and halved at the first sweep, when there is none to compare
    with. The bound on its length: a cycle whose steps overshoot by more than all of themselves (a
    household weighed by its precision: a little more careful, much more weight) then shrinks by
    half a turn, where halving alone kept one going for ever (linear seed 7 of
    tests/benchmarks/peer_scores.py: 0.006 a sweep on one segment, to the last of 500 sweeps)."""
    step = fresh - old
    if last is None:
        step *= DAMP_CLASSES
    else:
        back = np.einsum("nk,nk->n", step, last) < 0
        longer = np.sqrt(np.einsum("nk,nk->n", step, step)
                         / np.maximum(np.einsum("nk,nk->n", last, last), 1e-300))
        step *= np.where(back, DAMP_CLASSES / np.maximum(longer, 1.0), 1.0)[:, None]
    return old + step, step
