"""Run the suite again (SQLite, no browser, no timeless module) at each of the calendar moments
given, the moments side by side, one pytest process each, and print each run's output when it
ends; fail if any run failed.

    python tests/at_moments.py 2028-12-31T17:30:00+00:00 2028-02-28T16:30:00+00:00

Why not one `pytest -n 2` after the other: each xdist worker imports and collects the whole
suite first, about 10 CPU-seconds, and a run of 862 tests took 108 CPU-s on two workers against
82 in one process (`/usr/bin/time`, 6 December 2026). Two moments side by side keep both cores
busy with half the collections.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PYTEST = ["-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider",
          "-m", "not browser and not timeless", "-k", "not postgresql"]


def main(moments: list[str]) -> int:
    if not moments:
        print("Name at least one moment, e.g. 2028-02-28T16:30:00+00:00.", file=sys.stderr)
        return 2
    print(f"The suite at {len(moments)} calendar moments, side by side: {' '.join(moments)}",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="moments-") as scratch:
        runs = []
        for number, moment in enumerate(moments):
            log = open(Path(scratch) / f"{number}.log", "w+b")
            # Each its own pytest temporary folder: pytest prunes old ones it finds beside its own.
            command = [sys.executable, *PYTEST, f"--basetemp={Path(scratch) / str(number)}"]
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                       env={**os.environ, "WATERSHED_TEST_NOW": moment})
            runs.append((moment, log, process))
        failed = []
        for moment, log, process in runs:
            if process.wait() != 0:
                failed.append(moment)
            log.seek(0)
            print(f"\n=== at {moment}", flush=True)
            sys.stdout.buffer.write(log.read())
            sys.stdout.flush()
            log.close()
    if failed:
        print(f"\nFailed at {' '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
