"""Benchmark: how long `load_demo` takes, step by step, on the demo basin and on 9x and 100x copies.

    python tests/benchmarks/demo_scale.py [--tiles 1 3 10] [--database-url URL] [--no-sqlite]
                                          [--profile DIR] [--keep DIR]

For each scale the synthetic basin is generated (`synthetic_basin.generate(tiles=k)`: a k x k grid
of copies of the demo basin, so k=3 is about 10x and k=10 is 100x), written to a folder and
loaded with `load_demo` into a new SQLite file and, with --database-url (an administrator's URL
of a PostgreSQL server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres), into a new
database created there and dropped afterwards. Each step of the load is timed where load_demo
calls it (the rounds split into open, rate and close), and the commit (the audit chain written,
the tables analyzed) on its own, and the CPU seconds of the whole load in this process. The
table gives seconds per step and scale, then, for each pair
of neighbouring scales, the growth per 10x of households: (t2 / t1) ** (1 / log10(n2 / n1)), so
10 means linear and 100 quadratic. Small steps are noisy. The import limit is raised to 1,000,000
rows (WATERSHED_IMPORT_MAX_ROWS) unless set. `--profile DIR` writes cProfile statistics of each
load there. `--keep DIR` keeps each SQLite database loaded, as DIR/x{N}.db (x100.db for --tiles
10), for the page and backup benchmarks. To measure another copy of the code, run it with
PYTHONPATH=/that/copy from outside the checkout. Figures only, not a test.
"""

import argparse
import cProfile
import math
import os
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import watershed.demo.load as load  # noqa: E402
import watershed.demo.rounds as rounds  # noqa: E402
from tests.conftest import postgres_database  # noqa: E402
from watershed.demo import synthetic_basin  # noqa: E402
from watershed.services.common.actors import Actor  # noqa: E402
from watershed.store.database import Database  # noqa: E402
from watershed.store.migrate import upgrade  # noqa: E402

ACTOR = Actor("benchmark", "staff")
# 100x the demo registers 397,700 households, more than one import takes by default.
os.environ.setdefault("WATERSHED_IMPORT_MAX_ROWS", "1000000")
# (module, function name, step): the calls timed, in the order load_demo makes them. A name a
# version of the code lacks is skipped, so the same script measures before and after a change.
STEPS = [(load, "create_basin", "basin"), (load, "import_layer", "import layers"),
         (load, "import_households", "households"), (load, "segment_channels", "segment"),
         (load, "auto_assign", "auto_assign"), (load, "_leave_some_open", "leave open"),
         (load, "_demo_accounts", "accounts"), (load, "_demo_checks", "checks"),
         (load, "seed_rounds", "rounds"), (rounds, "open_round", "  rounds: open"),
         (rounds, "_rate_round", "  rounds: rate"), (rounds, "close_round", "  rounds: close"),
         (load, "seed_campaign", "campaign"), (load, "seed_signboards", "signboards"),
         (load, "seed_ledgers", "ledgers"), (load, "seed_problems", "problems")]
# "cpu": this process's CPU seconds over the whole load (a PostgreSQL server's are not in it),
# the figure to compare when other work shares the machine and stretches the wall times.
ORDER = [step for _, _, step in STEPS] + ["commit", "total", "cpu"]


@contextmanager
def timed_steps(seconds: dict[str, float]):
    """Wrap each step where load_demo looks it up, adding its time to `seconds`."""
    saved = []
    for module, name, step in STEPS:
        original = getattr(module, name, None)
        if original is None:
            continue

        def wrapper(*args, _original=original, _step=step, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                seconds[_step] += time.perf_counter() - started

        saved.append((module, name, original))
        setattr(module, name, wrapper)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


@contextmanager
def new_database(backend: str, admin_url: str | None, folder: Path, name: str | None = None):
    if backend == "sqlite":
        yield f"sqlite:///{folder / (name or f'{uuid.uuid4().hex[:8]}.db')}"
        return
    with postgres_database(admin_url, "demo_scale") as url:
        yield url


def load_once(url: str, folder: Path, profile: Path | None) -> dict[str, float]:
    db = Database(url)
    upgrade(db)
    seconds: dict[str, float] = defaultdict(float)
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.process_time()
    with timed_steps(seconds):
        if profiler:
            profiler.enable()
        with db.write() as session:
            load.load_demo(session, ACTOR, folder)
            loaded = time.perf_counter()
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
    finished = time.perf_counter()
    seconds["commit"] = finished - loaded
    seconds["total"] = finished - started
    seconds["cpu"] = time.process_time() - cpu
    db.dispose()
    return seconds


def growth(small: float, large: float, ratio: float) -> str:
    if small < 0.005 or large < 0.005:
        return "-"
    return f"{(large / small) ** (1 / math.log10(ratio)):.1f}"


def show(backend: str, results: dict[int, dict[str, float]], households: dict[int, int]) -> None:
    scales = sorted(results)
    pairs = list(zip(scales, scales[1:]))
    head = "".join(f"{f'{t * t}x s':>10}" for t in scales)
    head += "".join(f"{f'{a * a}x→{b * b}x /10x':>16}" for a, b in pairs)
    print(f"\n{backend}  ({', '.join(f'{t * t}x: {households[t]:,} households' for t in scales)})")
    print(f"{'step':<20}{head}")
    for step in ORDER:
        if not any(step in r for r in results.values()):
            continue
        seconds = {t: results[t].get(step, 0.0) for t in scales}
        line = "".join(f"{seconds[t]:10.2f}" for t in scales)
        line += "".join(f"{growth(seconds[a], seconds[b], households[b] / households[a]):>16}"
                        for a, b in pairs)
        print(f"{step:<20}{line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, nargs="+", default=[1, 3, 10],
                        help="k for each k x k basin to load (default: 1 3 10)")
    parser.add_argument("--database-url", help="a PostgreSQL administrator URL: also load there")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--profile", type=Path, help="write cProfile statistics into this folder")
    parser.add_argument("--keep", type=Path, help="keep the SQLite databases loaded in this folder")
    args = parser.parse_args()
    backends = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.database_url else [])
    results: dict[str, dict[int, dict]] = {b: {} for b in backends}
    households: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for tiles in sorted(args.tiles):
            folder = scratch / f"tiles{tiles}"
            basin = synthetic_basin.generate(tiles=tiles)
            synthetic_basin.write(basin, folder)
            households[tiles] = len(basin.households)
            for backend in backends:
                profile = None
                if args.profile:
                    args.profile.mkdir(parents=True, exist_ok=True)
                    profile = args.profile / f"{backend}-{tiles * tiles}x.prof"
                kept = args.keep if args.keep and backend == "sqlite" else None
                if kept:
                    kept.mkdir(parents=True, exist_ok=True)
                with new_database(backend, args.database_url, kept or scratch,
                                  f"x{tiles * tiles}.db" if kept else None) as url:
                    results[backend][tiles] = load_once(url, folder, profile)
                print(f"{backend} {tiles * tiles}x: {results[backend][tiles]['total']:.1f} s",
                      flush=True)
    for backend in backends:
        show(backend, results[backend], households)


if __name__ == "__main__":
    main()
