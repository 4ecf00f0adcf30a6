"""Benchmark: the network check and orient on a county-sized irrigation tree.

    python tests/benchmarks/network_check.py [--main 40] [--branches 20] [--ditches 24]
                                             [--reversed 200] [--missed 100] [--runs 3]

A main canal of `main` channels of 200 m runs north from one source; from each of its junctions a
branch of `branches` channels runs east, and from each branch junction a ditch of `ditches`
channels runs north (a vertex every 50 m): main·(1 + branches·(1 + ditches)) channels, 20,040 by
default, all drawn downstream like an irrigation district that splits and never rejoins.
`reversed` random channels are drawn the other way round and `missed` others start 1.5 m off
their junction. It prints the findings by kind, the median time of `check_network` and of
`orient` over `runs` runs, and how many of the lines orient turned were drawn backwards (the rest
of those it could not decide, or which lie below another reversed one, are listed undecided).
Not a test: figures only.
"""

import argparse
import random
import statistics
import time

import shapely

from watershed.domain.network.check import check_network
from watershed.domain.network.orient import orient

LENGTH_M, STEP_M = 200.0, 50.0


def _run(x: float, y: float, dx: float, dy: float, count: int, length: float = LENGTH_M):
    """`count` channels end to end from (x, y), each `length` in direction (dx, dy), with a
    vertex every STEP_M."""
    steps = int(length / STEP_M)
    return [[(x + dx * (k * length + j * STEP_M), y + dy * (k * length + j * STEP_M))
             for j in range(steps + 1)] for k in range(count)]


def tree(main: int, branches: int, ditches: int, reversed_count: int, missed_count: int,
         seed: int = 20261204):
    # Main channels longer than a ditch, so that a ditch never reaches the next branch.
    spacing = (ditches + 1) * LENGTH_M
    lines = _run(0.0, 0.0, 0.0, 1.0, main, spacing)
    for k in range(1, main + 1):
        branch = _run(0.0, k * spacing, 1.0, 0.0, branches)
        lines += branch
        for x, y in (points[-1] for points in branch):
            lines += _run(x, y, 0.0, 1.0, ditches)
    rng = random.Random(seed)
    picked = rng.sample(range(len(lines)), reversed_count + missed_count)
    for k in picked[:reversed_count]:
        lines[k] = lines[k][::-1]
    for k in picked[reversed_count:]:
        (x, y), rest = lines[k][0], lines[k][1:]
        lines[k] = [(x + 1.5, y) if rest[0][1] == y else (x, y + 1.5)] + rest
    codes = [f"C{k:05d}" for k in range(len(lines))]
    drawn_backwards = {codes[k] for k in picked[:reversed_count]}
    return codes, [shapely.LineString(points) for points in lines], [(0.0, 0.0)], drawn_backwards


def timed(call, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--main", type=int, default=40)
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--ditches", type=int, default=24)
    parser.add_argument("--reversed", type=int, default=200)
    parser.add_argument("--missed", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    codes, lines, sources, drawn_backwards = tree(args.main, args.branches, args.ditches,
                                                  args.reversed, args.missed)
    seconds, found = timed(lambda: check_network(codes, lines, sources), args.runs)
    print(f"channels: {len(lines):,}  ({args.reversed} reversed, {args.missed} starting 1.5 m off)")
    print("findings: " + ", ".join(f"{key} {count}" for key, count in found.counts().items()))
    print(f"check_network: {seconds:.2f} s (median of {args.runs})")
    seconds, turned = timed(lambda: orient(codes, lines, sources), args.runs)
    right = len(drawn_backwards.intersection(turned.flipped))
    print(f"orient: {seconds:.2f} s; turns {len(turned.flipped)} ({right} of them drawn "
          f"backwards), leaves {len(turned.undecided)} undecided; reached "
          f"{turned.reached_m_before / 1000:,.1f} -> {turned.reached_m_after / 1000:,.1f} km")


if __name__ == "__main__":
    main()
