"""Benchmark: how long `segment` and `assign --auto` take on the demo basin and one 100x larger.

    python tests/benchmarks/segment_and_assign.py [--tiles 10] [--database-url URL]

Prints one line per step. The larger basin is the demo generator's k x k grid of copies
(tiles=10 gives 100 copies). Each run uses a new SQLite file unless --database-url names an empty
PostgreSQL database. Not a test: the figures go into the closing note of the issue.
"""

import argparse
import tempfile
import time
from pathlib import Path

from watershed.demo import synthetic_basin
from watershed.config import demo_dir
from watershed.services.common.actors import Actor
from watershed.services.custody.custody import auto_assign
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.geometry.segmenting import segment_channels
from watershed.services.places.stats import basin_stats
from watershed.store.database import Database
from watershed.store.migrate import upgrade

ACTOR = Actor("benchmark", "staff")


def _timed(label: str, step):
    started = time.perf_counter()
    result = step()
    print(f"  {label:<28} {time.perf_counter() - started:8.2f} s")
    return result


def run(name: str, folder: Path, url: str) -> None:
    db = Database(url)
    upgrade(db)
    print(f"{name}: {url}")
    for kind in ("boundary", "channels", "ponds", "sources"):
        _timed(f"import {kind}", lambda: import_layer(db, ACTOR, kind, folder / f"{kind}.geojson"))
    _timed("import households", lambda: import_households(db, ACTOR, folder / "households.csv"))
    report = _timed("segment (200 m)", lambda: segment_channels(db, ACTOR))
    _timed("segment again (no change)", lambda: segment_channels(db, ACTOR))
    assigned = _timed("assign --auto", lambda: auto_assign(db, ACTOR))
    figures = basin_stats(db)
    print(f"  {figures['channels']:,} channels, {figures['channel_length_km']:,.0f} km, "
          f"{report.segments_created:,} segments, {figures['households']:,} households, "
          f"{assigned.assigned:,} assigned, {len(assigned.unassigned):,} left open")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=10, help="k for the k x k larger basin")
    parser.add_argument("--database-url", help="an empty database for the larger basin")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        run("demo basin", demo_dir(), f"sqlite:///{scratch / 'demo.db'}")
        big = scratch / "big"
        big.mkdir()
        started = time.perf_counter()
        synthetic_basin.write(synthetic_basin.generate(tiles=args.tiles), big)
        print(f"generated {args.tiles}x{args.tiles} basin in {time.perf_counter() - started:.1f} s")
        run(f"{args.tiles * args.tiles}x basin", big, args.database_url or f"sqlite:///{scratch / 'big.db'}")


if __name__ == "__main__":
    main()
