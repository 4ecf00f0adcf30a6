"""Benchmark: how close the peer-score fit comes to the exact posterior mean on the village rounds.

    python tests/benchmarks/exact_posterior.py [--only sparse whole] [--seeds 5] [--first-seed 1]
        [--sweeps 1500]

The model (watershed.evaluation) is fitted by variational Bayes and belief propagation. Here a Gibbs
sampler draws from the exact posterior of a model of the same form as the simulators' own
(tests/benchmarks/village_rounds.py): rating = upkeep + generosity + noise, each household
careful or erratic (two noise sds and the share of erratic households learnt), generosity
Normal(0, s^2) (s learnt), each segment's upkeep about its village's level (the levels and both
spreads learnt), a 1 or a 5 meaning "that end or beyond", and on a one-question widget every
whole star the interval it rounds from. Nothing is given that the round does not show, except
which ratings are favours: they are removed, for the sampler and for the model alike, so that
what is compared is the scoring, not the detection.

Per simulator and seed it prints the gain over the plain mean (1 - RMSE / the plain mean's, against
the true upkeep) of the model as shipped, of the model on the ratings without favours, and of the
exact posterior mean without them: what no method that learns the households from the round can
beat by much, and so how far a seed's figure is the fit's doing and how far the data's. Then how
often the 90% intervals hold the truth, the model's (on the ratings without favours) and the exact
posterior's (its 5% and 95% quantiles): what an honest interval of a model of the simulators' form
can claim where the simulator departs from that form (noise of every degree, stars).
Not a test: figures only. About 3 s a seed.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.village_rounds import REGIMES, play  # noqa: E402
from watershed.evaluation import aggregate  # noqa: E402
from watershed.evaluation.likelihood import widget_step  # noqa: E402

ROUNDS = 4  # as tests/benchmarks/peer_scores.py plays them: the last round is scored


def truncated_normal(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One standard normal draw restricted to [a, b] per element (a < b; either may be infinite).

    By rejection: from an exponential proposal where the interval lies in a tail (Robert 1995,
    so that a bound six sds out costs no more than one at the centre), from a uniform one where it
    is short, else from the normal itself."""
    out = np.empty(len(a))
    todo = np.arange(len(a))
    while len(todo):
        lo, hi = a[todo], b[todo]
        mirror = hi <= -0.5  # a lower tail, drawn as the upper one
        lo, hi = np.where(mirror, -hi, lo), np.where(mirror, -lo, hi)
        tail = lo >= 0.5
        short = ~tail & np.isfinite(lo) & np.isfinite(hi) & (hi - lo < 2)
        start = np.where(tail, lo, 0.0)
        rate = (start + np.sqrt(start * start + 4)) / 2
        z = np.where(tail, start + rng.exponential(1, len(todo)) / rate,
                     np.where(short, rng.uniform(np.where(short, lo, 0), np.where(short, hi, 1)),
                              rng.standard_normal(len(todo))))
        nearest = np.clip(0.0, lo, hi)
        accept = np.where(tail, np.exp(-0.5 * (z - rate) ** 2),
                          np.where(short, np.exp(0.5 * (nearest**2 - z * z)), 1.0))
        ok = (rng.random(len(todo)) < accept) & (z >= lo) & (z <= hi)
        out[todo[ok]] = np.where(mirror[ok], -z[ok], z[ok])
        todo = todo[~ok]
    return out


def inverse_gamma(shape: float, scale: float, rng: np.random.Generator) -> float:
    return scale / rng.gamma(shape)


def posterior(frame: pd.DataFrame, sweeps: int, seed: int) -> pd.DataFrame:
    """Per segment: the exact posterior mean of its upkeep on the 1-5 scale (the module's model),
    and the 5% and 95% quantiles (its 90% interval), from `sweeps` Gibbs sweeps, the first fifth
    discarded."""
    rng = np.random.default_rng(seed)
    segment, segments = pd.factorize(frame["segment_id"])
    rater, raters = pd.factorize(frame["rater_id"])
    village = pd.factorize(frame.groupby("segment_id")["village_id"].first().reindex(segments))[0]
    n_seg, n_rat, n_vil = len(segments), len(raters), village.max() + 1
    score = frame["score"].to_numpy(dtype=float)
    step = widget_step(score)
    width = 0.5 if step >= 1 else 0.0  # one whole star: the interval it rounds from
    low = np.where(score <= 1, -np.inf, score - width)
    high = np.where(score >= 5, np.inf, score + width)
    if not width:  # only the ends are intervals: "5 or better", "1 or worse"
        low[score >= 5] = 5 - step / 2
        high[score <= 1] = 1 + step / 2
    exact = low == high
    sds, share, generosity_var = np.array([0.4, 1.0]), 0.5, 0.25
    level_var, within_var, centre = 0.25, 0.64, score.mean()
    upkeep = np.bincount(segment, score, n_seg) / np.bincount(segment, minlength=n_seg)
    level = np.bincount(village, upkeep, n_vil) / np.bincount(village, minlength=n_vil)
    leniency, erratic, latent = np.zeros(n_rat), np.zeros(n_rat, dtype=int), score.copy()
    kept = []
    for sweep in range(sweeps):
        sd = sds[erratic][rater]
        mean = upkeep[segment] + leniency[rater]
        drawn = ~exact
        latent[drawn] = mean[drawn] + sd[drawn] * truncated_normal(
            (low[drawn] - mean[drawn]) / sd[drawn], (high[drawn] - mean[drawn]) / sd[drawn], rng)
        weight = 1 / sd**2
        precision = 1 / within_var + np.bincount(segment, weight, n_seg)
        pull = level[village] / within_var + np.bincount(segment, weight * (latent - leniency[rater]), n_seg)
        upkeep = pull / precision + rng.standard_normal(n_seg) / np.sqrt(precision)
        precision = 1 / generosity_var + np.bincount(rater, weight, n_rat)
        pull = np.bincount(rater, weight * (latent - upkeep[segment]), n_rat)
        leniency = pull / precision + rng.standard_normal(n_rat) / np.sqrt(precision)
        precision = 1 / level_var + np.bincount(village, minlength=n_vil) / within_var
        pull = centre / level_var + np.bincount(village, upkeep, n_vil) / within_var
        level = pull / precision + rng.standard_normal(n_vil) / np.sqrt(precision)
        centre = level.mean() + rng.standard_normal() * np.sqrt(level_var / n_vil)
        level_var = inverse_gamma(1 + n_vil / 2, 0.01 + 0.5 * ((level - centre) ** 2).sum(), rng)
        within_var = inverse_gamma(1 + n_seg / 2, 0.01 + 0.5 * ((upkeep - level[village]) ** 2).sum(), rng)
        generosity_var = inverse_gamma(1 + n_rat / 2, 0.01 + 0.5 * (leniency**2).sum(), rng)
        squared = (latent - upkeep[segment] - leniency[rater]) ** 2
        loglik = [np.bincount(rater, -0.5 * squared / s**2 - np.log(s), n_rat) for s in sds]
        odds = np.clip(loglik[1] - loglik[0] + np.log(share / (1 - share)), -50, 50)
        erratic = (rng.random(n_rat) < 1 / (1 + np.exp(-odds))).astype(int)
        share = rng.beta(1 + erratic.sum(), 1 + n_rat - erratic.sum())
        of_class = erratic[rater]
        for k in (0, 1):
            sds[k] = np.sqrt(inverse_gamma(1 + (of_class == k).sum() / 2,
                                           0.01 + 0.5 * squared[of_class == k].sum(), rng))
        if sds[0] > sds[1]:  # the labels may swap; "erratic" is the wider class
            sds, erratic, share = sds[::-1].copy(), 1 - erratic, 1 - share
        if sweep >= sweeps // 5:
            kept.append(np.clip(upkeep, 1, 5))
    drawn = np.array(kept)
    return pd.DataFrame({"mean": drawn.mean(axis=0), "low": np.quantile(drawn, 0.05, axis=0),
                         "high": np.quantile(drawn, 0.95, axis=0)}, index=segments)


def one_seed(name: str, seed: int, sweeps: int) -> dict:
    last = play(name, ROUNDS, seed)[-1]
    frame, truth = last.ratings, last.truth
    honest = frame[~(frame["rater_id"].isin(last.colluders) & frame["custodian_id"].isin(last.colluders))]

    def gain(estimate: pd.Series) -> float:
        error = lambda e: float(np.sqrt(((e - truth.reindex(e.index)) ** 2).mean()))  # noqa: E731
        return 1 - error(estimate) / error(frame.groupby("segment_id")["score"].mean())

    def holds(low: pd.Series, high: pd.Series) -> float:
        true = truth.reindex(low.index)
        return float(((low <= true) & (true <= high)).mean())

    model, exact = aggregate(honest), posterior(honest, sweeps, seed)
    return {"model": gain(aggregate(frame)["score"]),
            "model, favours removed": gain(model["score"]),
            "exact posterior, favours removed": gain(exact["mean"]),
            "model's 90% interval holds": holds(model["ci_low"], model["ci_high"]),
            "exact posterior's holds": holds(exact["low"], exact["high"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=["sparse", "whole"], choices=sorted(REGIMES))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--sweeps", type=int, default=1500)
    args = parser.parse_args()
    for name in args.only:
        seeds = range(args.first_seed, args.first_seed + args.seeds)
        table = pd.DataFrame.from_dict({s: one_seed(name, s, args.sweeps) for s in seeds}, orient="index")
        table.index.name = "seed"
        table.loc["mean"] = table.mean()
        print(f"\n=== {name}: gain over the plain mean, and intervals ({REGIMES[name].notes})")
        print(table.to_string(float_format="{:.1%}".format))


if __name__ == "__main__":
    main()
