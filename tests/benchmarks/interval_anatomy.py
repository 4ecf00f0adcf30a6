"""Benchmark: what the 90% interval of a peer score counts, against what its error is made of.

    python tests/benchmarks/interval_anatomy.py [--only sparse drift] [--seeds 15] [--first-seed 1]
        [--earlier 0]

On the village rounds (tests/benchmarks/village_rounds.py, whose truth is known), the round scored
with `--earlier` closed rounds before it. Per simulator, seeds pooled:

1. How often the interval holds the truth: all segments; those whose true upkeep lies within
   1.3-4.7; those nearer an end (there the fit's shrinkage towards the village's level is largest).
2. For the segments within 1.3-4.7, means per segment: the squared error of the fitted upkeep, and
   what the ratings' errors make of it (each rating's error e = what it meant, less its
   household's fitted generosity, less the true upkeep; its share of the score s = its precision
   over the segment's): (sum s e)^2, split into each rating's own part (sum s^2 e^2) and the part
   their errors share (the rest). Then the interval's readings (watershed.evaluation.intervals):
   the fit's own (belief propagation), the one with care left open, the residuals', the shared
   part it adds (`_shared`), the village's shift (`shared_shift`), and the variance drawn from.
   The own part is split further, by the households' true generosity, into their noise, the
   error of their fitted generosity, and twice the covariance of the two within a rating.
3. Per rating, how the care-left-open reading's expected squared error of each rating compares
   with its actual e^2, weighted by s^2 as it enters the interval, by the chance the fit gives the
   rating of being an outlier.

It shows why each simulator's coverage is what it is; the scratch scripts that found it were lost
with their machines. Not a test: figures only. About 1 s a seed.
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.village_rounds import REGIMES, play  # noqa: E402
from watershed.evaluation import intervals, round_result  # noqa: E402
from watershed.evaluation.likelihood import NOISE_SDS, OUTLIER_WEIGHT  # noqa: E402
from watershed.evaluation.scores import scores_of  # noqa: E402

ROUNDS = 4
INSIDE = (1.3, 4.7)
# A rating's outlier chance as the fit reads it (the prior's is likelihood.OUTLIER_SHARE, 2%).
OUTLIER_CHANCES = [0.0, 0.01, 0.05, 1.0]

_kept = {}


def _keep(model):
    """evaluate's own scores_of, keeping the round's final fit, which evaluate does not return."""
    _kept["fit"] = model
    return scores_of(model)


round_result.scores_of = _keep


def care_brought(p, s) -> np.ndarray:
    """Per rating: its expected squared error as the care-left-open reading counts it."""
    classes, error = intervals.care_classes(p, s)
    return sum(classes[:, k].take(p.rater) * error[k] for k in range(len(NOISE_SDS)))


def one_seed(name: str, seed: int, earlier: int) -> tuple[dict, pd.DataFrame]:
    rounds = play(name, ROUNDS, seed)
    last = rounds[-1]
    history = pd.concat([r.ratings.assign(round_id=i) for i, r in enumerate(rounds[:-1])][ROUNDS - 1 - earlier:]) \
        if earlier else None
    result = round_result.evaluate(last.ratings, history)
    fit = _kept["fit"]
    p, s = fit.problem, fit.state
    truth = last.truth.reindex(np.asarray(fit.segment_ids)).to_numpy()
    scores = result.scores.reindex(fit.segment_ids)
    held = (truth >= scores["ci_low"].to_numpy()) & (truth <= scores["ci_high"].to_numpy())
    inside = (truth > INSIDE[0]) & (truth < INSIDE[1])
    error = intervals._meant(p, s) - s.cavity_mean - truth.take(p.segment)
    share = s.pi / s.upkeep_precision.take(p.segment)
    summed, own = p.seg_sum(share * error) ** 2, p.seg_sum(share**2 * error**2)
    parts = {
        "held": held.mean(), "held, inside": held[inside].mean(), "held, near an end": held[~inside].mean(),
        "squared error": (s.upkeep - truth) ** 2, "(sum s e)^2": summed, "own": own, "shared": summed - own,
        "fit's own": intervals._upkeep_variance(p.segment, s.pi, s.weight, s.tau.take(p.rater), s.upkeep_precision),
        "care open": intervals._with_care_unknown(p, s), "residuals": intervals._from_residuals(p, s),
        "+ shared": intervals._shared(p, s), "+ shift": intervals.shared_shift(p, s), "drawn from": fit.upkeep_variance,
    }
    row = {k: float(np.mean(v[inside])) if np.ndim(v) else float(v) for k, v in parts.items()}
    # The own part split by the household's true generosity: its noise, and the error of its
    # fitted generosity. A household giving one score everywhere has no generosity to speak of:
    # segments it rated are left out of the split.
    raters = np.asarray(fit.rater_ids).take(p.rater)
    generosity = s.cavity_mean - last.traits["leniency"].reindex(raters).to_numpy()
    noise = error + generosity
    plain = inside & (p.seg_sum(np.isin(raters, list(last.uniform_raters)).astype(float)) == 0)
    for label, value in (("noise", noise**2), ("generosity", generosity**2), ("2 x cov", -2 * noise * generosity)):
        row[f"split: {label}"] = float(np.mean(p.seg_sum(share**2 * value)[plain]))
    chance = pd.cut((1 - s.weight) / (1 - OUTLIER_WEIGHT), OUTLIER_CHANCES, include_lowest=True, right=False)
    ratings = pd.DataFrame({"outlier chance": chance, "weight": share**2, "counted": care_brought(p, s),
                            "actual": error**2})[inside.take(p.segment)]
    return row, ratings


def simulator(name: str, seeds: range, earlier: int) -> None:
    rows, ratings = {}, []
    for seed in seeds:
        rows[seed], r = one_seed(name, seed, earlier)
        ratings.append(r)
    table = pd.DataFrame(rows).T
    print(f"\n=== {name}: {REGIMES[name].notes}; {earlier} earlier round(s), seeds {seeds.start}-{seeds.stop - 1}")
    held = table[["held", "held, inside", "held, near an end"]].mean()
    print("90% interval holds the truth: " + ", ".join(f"{k.removeprefix('held').strip(', ') or 'all'} "
                                                       f"{100 * v:.1f}%" for k, v in held.items()))
    split = table.filter(like="split: ").mean()
    means = table.drop(columns=[*held.index, *split.index]).mean()
    print(f"per segment within {INSIDE[0]}-{INSIDE[1]}, mean:")
    print("  " + "  ".join(f"{k} {v:.4f}" for k, v in means.iloc[:4].items()))
    print("  " + "  ".join(f"{k} {v:.4f}" for k, v in means.iloc[4:].items()))
    print(f"  drawn from / squared error {means['drawn from'] / means['squared error']:.3f}; "
          f"shared part counted / shared part {means['+ shared'] / means['shared']:.2f}; "
          f"care open / own {means['care open'] / means['own']:.2f}")
    print("  own, split by the true generosity (segments without a one-score household): "
          + "  ".join(f"{k.removeprefix('split: ')} {v:+.4f}" for k, v in split.items()))
    pooled = pd.concat(ratings)
    print("per rating, care open counts (weighed by s^2) times its squared error, by its outlier chance:")
    for chance, part in pooled.groupby("outlier chance", observed=True):
        ratio = (part["weight"] * part["counted"]).sum() / (part["weight"] * part["actual"]).sum()
        print(f"  {chance.left:.0%}-{chance.right:.0%}: {ratio:.2f} ({len(part):,} ratings, "
              f"{part['weight'].sum() / pooled['weight'].sum():.0%} of the weight)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=15)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--earlier", type=int, default=0, choices=range(ROUNDS))
    parser.add_argument("--only", nargs="*", default=list(REGIMES))
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # a round's warnings are the service's; here only figures count
    for name in args.only:
        simulator(name, range(args.first_seed, args.first_seed + args.seeds), args.earlier)


if __name__ == "__main__":
    main()
