"""What earlier closed rounds showed about each rater, as evidence for the next round.

A household's generosity and care persist from round to round; its segments' upkeep does not (the
campaign changes it). So earlier rounds are read only for the raters: each earlier round is fitted
on its own, and per rater we keep

- a *measurement of its leniency*: the precision-weighted mean of how far its ratings lay above
  the consensus of the others on the same segments, with that mean's variance;
- the *likelihood of its ratings under each noise sd* (how careful it was), once with the
  round's leniency as fitted (for the fit) and once with it left open (for the interval,
  watershed.evaluation.intervals);
- per pair of households, the evidence that one rated the other up (for collusion.py): each
  earlier round's log-likelihood ratio l counts as log((1 + e^l) / 2), a favour that round as
  likely as not. Favours seen before make a pair surer; honest ratings before cost it log 2 a
  round at most, for an arrangement may start in any round. Summed as they were, three rounds of
  honest ratings between two households cancelled the favours they traded in the fourth
  (tests/test_evaluation.py); on the village rounds of tests/benchmarks/peer_scores.py (seeds
  1-15, three earlier rounds, where colluders trade every round) recall rose on every simulator
  (97.2-98.2% -> 99.2-100%) and precision fell by 0.3-1.2 points (91.8-96.8%), with as many
  households flagged in the worlds without colluders (13 -> 12 in 75); on a simulator written
  apart, where a pair trades in an earlier round or not by a coin, rings found by the round alone
  and lost with history were found again.

Generosity may drift: the variance of how much a household's measured leniency changes from one
round to the next, beyond what the measurements' own variance explains, is the drift per round;
each older round counts for less by that much (a Kalman filter over the rounds). The round being
scored learns the remaining drift itself (watershed.evaluation.model). Only the HISTORY_ROUNDS
latest rounds are read: older habits say little that these do not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from watershed.evaluation.intervals import care_loglik
from watershed.evaluation.model import Fit, RaterHistory, fit
from watershed.evaluation.likelihood import NOISE_SDS, class_loglik

HISTORY_ROUNDS = 3
ROUND_COLUMN = "round_id"


def rater_history(earlier: pd.DataFrame, rounds: int = HISTORY_ROUNDS) -> RaterHistory | None:
    """Summarise earlier closed rounds' ratings (the ratings columns plus `round_id`)."""
    from watershed.evaluation.collusion import favour_edges  # collusion builds on the model too
    from watershed.evaluation.scores import validate_ratings

    if earlier is None or earlier.empty:
        return None
    if ROUND_COLUMN not in earlier.columns:
        raise ValueError(f"history is missing column(s): {ROUND_COLUMN}")
    earlier = validate_ratings(earlier)
    kept = sorted(earlier[ROUND_COLUMN].unique())[-rounds:]
    measured, logliks, care, edges = [], [], [], []
    for round_id in kept:
        one = earlier[earlier[ROUND_COLUMN] == round_id].reset_index(drop=True)
        leniency, loglik, care_of, favours = _summary(one, favour_edges)
        measured.append(leniency)
        logliks.append(loglik)
        care.append(care_of)
        edges.append(favours)
    drift = _drift(measured)
    mean, variance = _filtered(measured, drift)
    return RaterHistory(
        leniency=mean, leniency_precision=1 / variance,
        noise_loglik=pd.concat(logliks).groupby(level=0).sum(),
        care_loglik=pd.concat(care).groupby(level=0).sum(),
        edges=(np.logaddexp(0.0, pd.concat(edges)) - np.log(2)).groupby(level=[0, 1]).sum(), rounds=len(kept),
        drift=drift,
    )


# A closed round's ratings never change, and each round is read again by the rounds that close
# after it: its summary is kept here by the ratings' content (a hash of every row; a million
# rows hash in a few hundredths of a second, where the fit takes seconds). HISTORY_ROUNDS of
# them, the oldest going first: the next close reads all but one of them again, and at the size
# of a district each holds tens of megabytes.
_SUMMARIES: dict[int, tuple] = {}


def _summary(one: pd.DataFrame, favour_edges) -> tuple[pd.DataFrame, ...]:
    """One earlier round's measured leniencies, noise log-likelihoods (as the fit reads them, and
    with the round's leniency left open, as the interval does) and favour evidence."""
    key = hash(pd.util.hash_pandas_object(one, index=False).to_numpy().tobytes())
    if key not in _SUMMARIES:
        model = fit(one)
        evidence = favour_edges(model, one["rater_id"].to_numpy(), one["custodian_id"].to_numpy())
        while len(_SUMMARIES) >= HISTORY_ROUNDS:
            del _SUMMARIES[next(iter(_SUMMARIES))]
        _SUMMARIES[key] = (_leniency_measurement(model), _noise_loglik(model),
                           pd.DataFrame(care_loglik(model.problem, model.state)[0].T, index=model.rater_ids),
                           evidence)
    return _SUMMARIES[key]


def _leniency_measurement(model: Fit) -> pd.DataFrame:
    """Per rater: mean of (rating - others' consensus), and the variance of that mean."""
    variance = (model.noise_classes @ NOISE_SDS**2).take(model.rater) + model.consensus_variance
    weight = model.weight / variance
    n = len(model.rater_ids)
    total = np.bincount(model.rater, weight, minlength=n)
    mean = np.bincount(model.rater, weight * (model.latent - model.consensus), minlength=n) / total
    return pd.DataFrame({"mean": mean, "variance": 1 / total}, index=model.rater_ids)


def _noise_loglik(model: Fit) -> pd.DataFrame:
    # Read as this round's are (watershed.evaluation.sweep), the ends and the widget's rounding too.
    summed = class_loglik(model.excess, model.spread, model.outlier, model.rater, len(model.rater_ids),
                          model.problem.rounding, (model.problem.ends, model.latent, model.latent_variance))
    return pd.DataFrame(summed.T, index=model.rater_ids)


def _drift(measured: list[pd.DataFrame]) -> float:
    """Variance per round of the change in a household's leniency, from consecutive rounds."""
    excess, weights = [], []
    for before, after in zip(measured, measured[1:]):
        both = before.add_suffix("_0").join(after.add_suffix("_1"), how="inner")
        noise = both["variance_0"] + both["variance_1"]
        excess.append(((both["mean_1"] - both["mean_0"]) ** 2 - noise).to_numpy())
        weights.append(1 / noise.to_numpy() ** 2)
    if not excess:
        return 0.0
    excess, weights = np.concatenate(excess), np.concatenate(weights)
    return float(max(np.sum(weights * excess) / np.sum(weights), 0.0)) if len(excess) else 0.0


def _filtered(measured: list[pd.DataFrame], drift: float) -> tuple[pd.Series, pd.Series]:
    """Per rater: leniency expected next round and its variance, the rounds combined in order."""
    mean = pd.Series(dtype=float)
    variance = pd.Series(dtype=float)
    for one in measured:
        variance = variance + drift  # a round later: the habit may have moved
        prior_mean = mean.reindex(one.index)
        prior_var = variance.reindex(one.index)
        seen = prior_var.notna()
        gain = (prior_var / (prior_var + one["variance"])).where(seen, 1.0)
        updated_mean = prior_mean.fillna(0.0) + gain * (one["mean"] - prior_mean.fillna(0.0))
        updated_var = ((1 - gain) * prior_var).where(seen, one["variance"])
        mean = updated_mean.combine_first(mean)
        variance = updated_var.combine_first(variance)
    return mean, variance + drift
