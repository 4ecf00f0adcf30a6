"""Benchmark: peak memory and time of the full backup (`export_all`) and restore (`import_all`)
of a large SQLite database, in both formats (issue 17: under 1 GB at 100 times the demo).

    python tests/benchmarks/backup_scale.py DATABASE.db [--formats .gpkg .xlsx] [--folder DIR]
                                            [--no-restore]

DATABASE.db is only read: it is copied into the work folder first (writing a backup leaves an
audit row). A 100x basin: `python tests/benchmarks/demo_scale.py --tiles 10 --keep DIR` leaves
it in DIR/x100.db. For each format, the export and then the restore (into a new SQLite file,
migrated) each run in a child process of their own, which reports its own peak resident memory
(ru_maxrss), wall-clock and CPU seconds, and the rows it wrote; the archive's size is shown too.
Both use a secret file of the work folder's. Wall-clock time on a busy machine is inflated: CPU
time is the steadier figure. The work folder (a temporary one unless --folder) is removed
afterwards unless --folder is given. Figures only, not a test.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from watershed.services.backup import backup
from watershed.services.common.actors import Actor
from watershed.store.database import Database
from watershed.store.migrate import upgrade

ACTOR = Actor("benchmark", "staff")


def child(step: str, database: Path, archive: Path) -> None:
    """Run one step in this process and print its figures as JSON."""
    started, cpu = time.perf_counter(), time.process_time()
    if step == "export":
        db = Database(f"sqlite:///{database}")
        rows = sum(backup.export_all(db, ACTOR, archive, with_accounts=True).counts.values())
    else:
        db = Database(f"sqlite:///{database}")
        upgrade(db)
        started, cpu = time.perf_counter(), time.process_time()  # the restore alone
        rows = sum(backup.import_all(db, ACTOR, archive).counts.values())
    db.dispose()
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "rows": rows}))


def run(step: str, database: Path, archive: Path, folder: Path) -> dict:
    env = {"WATERSHED_SECRET_FILE": str(folder / "watershed.secret")}
    done = subprocess.run([sys.executable, __file__, str(database), "--child", step, str(archive)],
                          capture_output=True, text=True, env={**os.environ, **env})
    if done.returncode:
        raise SystemExit(f"{step} {archive.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--formats", nargs="+", default=[".gpkg", ".xlsx"])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--no-restore", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "ARCHIVE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, archive = args.child
        child(step, args.database, Path(archive))
        return
    folder = args.folder or Path(tempfile.mkdtemp(prefix="backup_scale_"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'step':<16}{'rows':>12}{'peak MB':>10}{'seconds':>10}{'CPU s':>10}{'file MB':>10}",
              flush=True)
        for suffix in args.formats:
            copy = folder / f"source{suffix}.db"
            shutil.copy(args.database, copy)
            archive = folder / f"backup{suffix}"
            steps = [("export", copy)] + ([] if args.no_restore else
                                          [("restore", folder / f"restored{suffix}.db")])
            for step, database in steps:
                figures = run(step, database, archive, folder)
                size = archive.stat().st_size / 1e6
                print(f"{step + ' ' + suffix:<16}{figures['rows']:>12,}{figures['peak_mb']:>10.0f}"
                      f"{figures['seconds']:>10.1f}{figures['cpu']:>10.1f}{size:>10.0f}", flush=True)
            for database in (copy, folder / f"restored{suffix}.db"):
                database.unlink(missing_ok=True)
    finally:
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
