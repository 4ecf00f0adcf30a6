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
# fewer once no share moves by more than SHARE_TOLERANCE.
SHARE_TOLERANCE = 1e-5
SHARE_STEPS = 10


def mixture(loglik: np.ndarray, shares: np.ndarray, steps: int = SHARE_STEPS,
            weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The shares of a mixture over a grid, and each member's class probabilities (members x
    grid), for fixed log-likelihoods (grid x members: each class's row contiguous): up to `steps`
    EM steps from the shares of the sweep before (none: the shares are kept). `weight`, per
    member, is how much it counts towards the shares (1 each without); every member's class
    probabilities are drawn from them all the same.

    Several steps a sweep, because one step per sweep is what made the fit slow: neighbouring grid
    points (sd 0.2 and 0.3) explain a household's three ratings almost equally well, so their
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
    likelihood = np.exp(relative, out=relative).astype(float)
    # Summed over members, class k's probability is s_k sum_i L_ki / (sum_j s_j L_ji). (einsum,
    # not @: multi-threaded BLAS crawls on a machine whose cores are busy with other work.)
    for _ in range(steps):
        total = np.einsum("k,kn->n", shares, likelihood)
        counted = (1 if weight is None else weight) / total
        counts = shares * np.einsum("kn,n->k", likelihood, counted) + PSEUDO_COUNT
        new = counts / counts.sum()
        done = np.abs(new - shares).max() < SHARE_TOLERANCE
        shares = new
        if done:
            break
    joint = likelihood  # the class probabilities, in the likelihoods' place
    joint *= shares[:, None]
    joint /= joint.sum(axis=0)
    return shares, joint.T
