"""Benchmark: how fast one writer records checks and ratings, and the SQL statements each takes.

    python tests/benchmarks/writes.py [--count 300] [--database-url URL] [--no-sqlite]

On a fresh demo database (`load_demo`, as `watershed demo` loads it: a new SQLite file and, with
--database-url, an administrator's URL of a PostgreSQL server such as
postgresql+psycopg://postgres@127.0.0.1:5432/postgres, a new database created there and dropped
afterwards) one writer, in one thread, calls the real services as the pages do, each call in a
transaction of its own (`Database.write` through the services' @writes):

- checks: `submit_check` by the primary keeper's household of `--count` segments, all answers good;
- ratings: `rate` of `--count` offers of the open round, each by the household it was offered to.

For each it prints calls per second (wall clock); the CPU time per call of this process and, on
PostgreSQL, of the server processes serving it (read from /proc, so the server must run on this
machine); the SQL statements each call sends (counted by a `before_cursor_execute` listener; BEGIN
on SQLite is one of them; on PostgreSQL the driver sends BEGIN and COMMIT itself: 2 more round
trips); and "py calls", the Python function calls per call (PROFILED more calls run under
cProfile), the client's work counted whatever else the machine runs. Then the commit of a
transaction that writes one row (what a write waits for the disk: PostgreSQL flushes its
write-ahead log at every commit, SQLite at synchronous=NORMAL does not) and a `SELECT 1` round
trip. The row "sqlite FULL" runs SQLite at synchronous=FULL, which flushes at every commit as
PostgreSQL does: the comparison at the same durability. The demo loads take most of the run time.
The backends take turns (SLICES of the calls each, one backend after the other), so that a machine
that slows down or speeds up meanwhile does so for all of them; the ratio of SQLite's calls per
second to PostgreSQL's is printed over all calls and turn by turn (median and range). Other
processes on the machine show in the wall clock times (and in the flush, through the disk's
queue), less in the CPU times, not in the counts. Figures only, not a test.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.demo_scale import new_database  # noqa: E402
from watershed.demo.load import load_demo  # noqa: E402
from watershed.domain.checks import DIMENSIONS  # noqa: E402
from watershed.services.checks.checks import submit_check  # noqa: E402
from watershed.services.common.actors import Actor  # noqa: E402
from watershed.services.evaluation.ratings import rate  # noqa: E402
from watershed.services.evaluation.rounds import current_round  # noqa: E402
from watershed.store.database import Database  # noqa: E402
from watershed.store.migrate import upgrade  # noqa: E402
from watershed.store.tables import Custody, Household, RoundOffer, Segment  # noqa: E402

STAFF = Actor("benchmark", "staff")
GOOD = dict.fromkeys(DIMENSIONS, "good")
STARS = dict.fromkeys(DIMENSIONS, 4)
TRIVIAL_COMMITS = 200
PROFILED = 50  # calls more, run under cProfile to count the Python calls each makes
APPLICATION = "watershed-writes-benchmark"  # how the server's processes serving it are found
BACKENDS = ("sqlite", "sqlite FULL", "postgresql")
# The calls are timed in this many turns, each backend taking its turn in each: on a shared
# virtual machine the speed of the same work drifts by half within a minute, and backends timed
# one after the other minutes apart compared the drift as much as the databases.
SLICES = 10


class Statements:
    """Counts the statements a database's engine sends."""

    def __init__(self, db: Database):
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


def _checkers(db: Database, count: int) -> list[tuple[Actor, str]]:
    with db.read() as session:
        rows = session.execute(
            select(Household.id, Household.code, Segment.code)
            .join(Custody, Custody.household_id == Household.id)
            .join(Segment, Custody.segment_id == Segment.id)
            .where(Custody.end_date.is_(None), Custody.role == "primary")
            .order_by(Segment.id).limit(count)).all()
    return [(Actor(f"keeper-{code}", "custodian", household_id), segment)
            for household_id, code, segment in rows]


def _raters(db: Database, count: int) -> list[tuple[Actor, str]]:
    with db.read() as session:
        evaluation = current_round(session)
        rows = session.execute(
            select(Household.id, Household.code, Segment.code)
            .join(RoundOffer, RoundOffer.household_id == Household.id)
            .join(Segment, RoundOffer.segment_id == Segment.id)
            .where(RoundOffer.round_id == evaluation.id)
            .order_by(RoundOffer.household_id, RoundOffer.segment_id).limit(count)).all()
    return [(Actor(f"rater-{code}", "resident", household_id), segment)
            for household_id, code, segment in rows]


def _server_seconds(db: Database) -> float:
    """CPU seconds used so far by the PostgreSQL processes serving this benchmark (0 on SQLite)."""
    if db.dialect != "postgresql":
        return 0.0
    with db.engine.connect() as connection:
        pids = connection.execute(text("SELECT pid FROM pg_stat_activity "
                                       "WHERE application_name = :name"), {"name": APPLICATION})
        ticks = 0
        for pid in pids.scalars():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _timed(db: Database, statements: Statements, calls) -> dict[str, float]:
    """Run each call; wall and CPU seconds here and in the server, statements sent, calls."""
    server = _server_seconds(db)
    statements.count = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for call in calls:
        call()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
            "server": _server_seconds(db) - server, "statements": statements.count,
            "calls": len(calls)}


def _added(total: dict[str, float], part: dict[str, float]) -> dict[str, float]:
    return {key: total.get(key, 0) + value for key, value in part.items()}


def _per_call(sums: dict[str, float]) -> dict[str, float]:
    calls = sums["calls"]
    return {"per_s": calls / sums["wall"], "cpu_ms": 1000 * sums["cpu"] / calls,
            "server_ms": 1000 * sums["server"] / calls, "statements": sums["statements"] / calls}


def _python_calls(calls) -> float:
    """Python function calls per call: the client's work, counted, whatever else the machine
    runs."""
    profile = cProfile.Profile()
    profile.enable()
    for call in calls:
        call()
    profile.disable()
    return pstats.Stats(profile).total_calls / len(calls)


def _commit_latency(db: Database) -> tuple[float, float]:
    """Milliseconds per commit of a one-row write, and per `SELECT 1` round trip."""
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_commit (n integer)"))
    started = time.perf_counter()
    for number in range(TRIVIAL_COMMITS):
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO bench_commit VALUES (:n)"), {"n": number})
    write = 1000 * (time.perf_counter() - started) / TRIVIAL_COMMITS
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        started = time.perf_counter()
        for _ in range(TRIVIAL_COMMITS):
            connection.execute(text("SELECT 1"))
        read = 1000 * (time.perf_counter() - started) / TRIVIAL_COMMITS
        connection.rollback()
    return write, read


def _open(backend: str, url: str) -> Database:
    if backend == "postgresql":
        url = make_url(url).update_query_dict({"application_name": APPLICATION})
        return Database(url.render_as_string(hide_password=False))
    db = Database(url)
    if backend == "sqlite FULL":
        event.listen(db.engine, "connect",  # after the engine's own settings, so it wins
                     lambda connection, _record: connection.execute("PRAGMA synchronous=FULL"))
    return db


def prepare(backend: str, url: str, count: int) -> dict[str, object]:
    """The backend's database with the demo loaded, and its calls: `count` checks and ratings to
    time, PROFILED more of each to count Python calls on."""
    db = _open(backend, url)
    upgrade(db)
    started = time.perf_counter()
    load_demo(db, STAFF)
    print(f"  demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    return {"db": db, "statements": Statements(db),
            "checks": [lambda a=actor, s=segment: submit_check(db, a, s, GOOD, {})
                       for actor, segment in _checkers(db, count + PROFILED)],
            "ratings": [lambda a=actor, s=segment: rate(db, a, s, STARS)
                        for actor, segment in _raters(db, count + PROFILED)]}


def measure(prepared: dict[str, dict], count: int) -> tuple[dict[str, dict], dict[str, list]]:
    """Each backend's figures, the calls timed in SLICES turns, the backends one after the
    other in each; and per kind, each turn's ratio of SQLite's calls per second to
    PostgreSQL's."""
    sums = {backend: {"checks": {}, "ratings": {}} for backend in prepared}
    ratios = {"checks": [], "ratings": []}
    step = max(count // SLICES, 1)
    for start in range(0, count, step):
        for kind in ("checks", "ratings"):
            turn = {}
            for backend, ready in prepared.items():
                turn[backend] = _timed(ready["db"], ready["statements"],
                                       ready[kind][start:min(start + step, count)])
                sums[backend][kind] = _added(sums[backend][kind], turn[backend])
            if "sqlite" in turn and "postgresql" in turn:
                ratios[kind].append(_per_call(turn["sqlite"])["per_s"]
                                    / _per_call(turn["postgresql"])["per_s"])
    figures = {}
    for backend, ready in prepared.items():
        figures[backend] = {kind: _per_call(sums[backend][kind]) for kind in ("checks", "ratings")}
        for kind in ("checks", "ratings"):
            figures[backend][kind]["python"] = _python_calls(ready[kind][count:])
        figures[backend]["commit_ms"], figures[backend]["select_ms"] = _commit_latency(ready["db"])
    return figures, ratios


def show(results: dict[str, dict], ratios: dict[str, list]) -> None:
    print(f"\n{'':<12}{'checks/s':>9}{'CPU ms':>8}{'server':>8}{'stmts':>7}{'py calls':>9}"
          f"{'ratings/s':>11}{'CPU ms':>8}{'server':>8}{'stmts':>7}{'py calls':>9}"
          f"{'1-row commit ms':>17}{'SELECT 1 ms':>13}")
    for backend, figures in results.items():
        line = f"{backend:<12}"
        for kind in ("checks", "ratings"):
            done = figures[kind]
            line += (f"{done['per_s']:{9 if kind == 'checks' else 11}.0f}{done['cpu_ms']:8.2f}"
                     f"{done['server_ms']:8.2f}{done['statements']:7.1f}{done['python']:9.0f}")
        extra = " (+2 round trips per call)" if backend == "postgresql" else ""
        print(f"{line}{figures['commit_ms']:17.2f}{figures['select_ms']:13.3f}{extra}")
    if "sqlite" in results and "postgresql" in results:
        lite, pg = results["sqlite"], results["postgresql"]
        print(f"SQLite / PostgreSQL: checks {lite['checks']['per_s'] / pg['checks']['per_s']:.2f}x,"
              f" ratings {lite['ratings']['per_s'] / pg['ratings']['per_s']:.2f}x over all calls;"
              f" turn by turn ({len(ratios['checks'])} turns) the median and range:")
        for kind, values in ratios.items():
            print(f"  {kind}: {statistics.median(values):.2f}x ({min(values):.2f}-{max(values):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="checks, and ratings (default 300)")
    parser.add_argument("--database-url", help="a PostgreSQL administrator URL: also measure there")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    backends = [b for b in BACKENDS if (b == "postgresql" and args.database_url)
                or (b != "postgresql" and not args.no_sqlite)]
    prepared = {}
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for backend in backends:
            print(backend, flush=True)
            kind = "postgresql" if backend == "postgresql" else "sqlite"
            url = stack.enter_context(new_database(kind, args.database_url, scratch))
            prepared[backend] = prepare(backend, url, args.count)
            stack.callback(prepared[backend]["db"].dispose)
        print(f"{args.count} checks and {args.count} ratings a backend, in turns of "
              f"{max(args.count // SLICES, 1)}", flush=True)
        results, ratios = measure(prepared, args.count)
    show(results, ratios)


if __name__ == "__main__":
    main()
