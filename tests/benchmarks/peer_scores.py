"""Benchmark: peer scores and collusion warnings on simulated rating rounds with a known truth.

    python tests/benchmarks/peer_scores.py [--seed 20260101] [--rounds 5] [--large-raters 134000]

A village round (watershed.evaluation.simulation: 3,000 households, 2,000 segments, 5-10 ratings
per household; 20% lenient, 20% harsh, 15% noisy, 3% uniform raters, 4% colluders in pairs and
rings of 3-4) is simulated for `rounds` consecutive seeds. For each it prints:

- RMSE against the true upkeep of `aggregate` and of the plain per-segment mean, the improvement,
  and how often the 90% interval holds the truth;
- recall and precision of `detect_collusion`: a colluder counts as found if it appears in a
  `reciprocal` or `ring` row; a household so flagged that is no colluder counts against precision.
  Uniform raters are scored the same way on the `uniform` rows.

Then the same with the colluders' own segments as well kept as anyone's (friends' 5s for a good
segment are not suspicious, so such colluders cannot be told from honest neighbours), and the
time to aggregate and to check about a million ratings (a round of `large-raters` households).
Not a test: figures only.
"""

import argparse
import time

import numpy as np
import pandas as pd

from watershed.evaluation import aggregate, detect_collusion
from watershed.evaluation.simulation import SimulatedRound, simulate_round

VILLAGE = {"n_segments": 2000, "n_raters": 3000, "ratings_per_rater": (5, 10)}


def quality(simulated: SimulatedRound) -> dict:
    frame, truth = simulated.ratings, simulated.true_scores
    scores = aggregate(frame)
    plain = frame.groupby("segment_id")["score"].mean()
    model_rmse, plain_rmse = _rmse(scores["score"], truth), _rmse(plain, truth)
    held = truth.reindex(scores.index).between(scores["ci_low"], scores["ci_high"])
    warnings = detect_collusion(frame)
    uniform = warnings["reason"] == "uniform"
    return {
        "ratings": len(frame),
        "rmse model": model_rmse,
        "rmse mean": plain_rmse,
        "better by": 1 - model_rmse / plain_rmse,
        "90% CI holds": held.mean(),
        **_found("colluders", _households(warnings[~uniform]), simulated.colluders),
        **_found("uniform", _households(warnings[uniform]), simulated.uniform_raters),
    }


def _rmse(estimate: pd.Series, truth: pd.Series) -> float:
    return float(np.sqrt(((estimate - truth.reindex(estimate.index)) ** 2).mean()))


def _households(rows: pd.DataFrame) -> set:
    return set(rows["rater_a"]) | set(rows["rater_b"])


def _found(label: str, flagged: set, truth: frozenset) -> dict:
    hits = len(flagged & truth)
    return {f"{label} recall": hits / max(len(truth), 1), f"{label} precision": hits / max(len(flagged), 1)}


def print_table(rows: dict[int, dict]) -> None:
    table = pd.DataFrame.from_dict(rows, orient="index").astype(float)
    table.loc["mean"] = table.mean()
    table.index.name = "seed"
    formats = {c: "{:.1%}".format for c in table.columns}
    formats |= {"ratings": "{:,.0f}".format, "rmse model": "{:.3f}".format, "rmse mean": "{:.3f}".format}
    print(table.to_string(formatters=formats))


def timed(label: str, step):
    started = time.perf_counter()
    result = step()
    print(f"  {label:<34} {time.perf_counter() - started:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20260101, help="first seed of the village rounds")
    parser.add_argument("--rounds", type=int, default=5, help="village rounds, one per seed")
    parser.add_argument("--large-raters", type=int, default=134_000, help="households in the timing round")
    args = parser.parse_args()
    seeds = range(args.seed, args.seed + args.rounds)
    print(f"village round: {VILLAGE}, {simulate_round.__kwdefaults__}")
    print(f"seeds {seeds.start}..{seeds.stop - 1}\n")
    print_table({seed: quality(simulate_round(**VILLAGE, seed=seed)) for seed in seeds})

    print("\ncolluders' own segments as well kept as anyone's (colluder_upkeep=None):\n")
    print_table({
        seed: quality(simulate_round(**VILLAGE, seed=seed, colluder_upkeep=None)) for seed in seeds
    })

    large = {
        "n_segments": args.large_raters * 2 // 3, "n_raters": args.large_raters, "ratings_per_rater": (5, 10)
    }
    print(f"\ntiming round: {large}, seed {args.seed}")
    simulated = timed("simulate", lambda: simulate_round(**large, seed=args.seed))
    frame = simulated.ratings
    print(f"  {len(frame):,} ratings, {frame['segment_id'].nunique():,} segments, "
          f"{frame['rater_id'].nunique():,} raters")
    timed("aggregate", lambda: aggregate(frame))
    warnings = timed("detect_collusion", lambda: detect_collusion(frame))
    uniform = warnings["reason"] == "uniform"
    found = _found("colluders", _households(warnings[~uniform]), simulated.colluders)
    print("  " + ", ".join(f"{k} {v:.1%}" for k, v in found.items()))


if __name__ == "__main__":
    main()
