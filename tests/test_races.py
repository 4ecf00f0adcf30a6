"""Twenty requests at once on one thing, on SQLite and PostgreSQL: nothing is lost, nothing is
done twice, and every request that cannot be done is refused with a message.

Each test forks CONTENDERS processes that wait at a barrier and then call one service on the
same record. It counts what came back (successes, refusals by catalogue key, anything else) and
the audit rows written, and checks them against what only one (or every) request may do. Fork,
not spawn: the children inherit the pinned clock and the imported modules, so a round takes
about a second.
"""

import multiprocessing
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_CEILING, Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from tests.factories import STAFF
from watershed.domain import dredging
from watershed.domain.checks import DIMENSIONS
from watershed.errors import WatershedError
from watershed.services.accounts.users import add_user
from watershed.services.campaign.campaign import accept_work, create_campaign, record_progress
from watershed.services.campaign.ponds import update_pond
from watershed.services.common.actors import Actor
from watershed.services.common.clashes import clash
from watershed.services.common.clock import today
from watershed.services.custody.custody import assign, end_custody
from watershed.services.evaluation.ratings import rate
from watershed.services.evaluation.rounds import close_round, open_round
from watershed.services.ledgers.benefit import distribute, record_income
from watershed.services.ledgers.contributions import record_contribution, withdraw_contribution
from watershed.services.problems.problems import report_problem, screen
from watershed.store.database import Database
from watershed.store.tables import (AuditEntry, Household, Rating, RoundOffer, RoundResult, Segment,
                                    Work)

CONTENDERS = 20
FORK = multiprocessing.get_context("fork")
HOUSEHOLDS = ("H-001", "H-002", "H-003")


@dataclass
class Tally:
    successes: int = 0
    refusals: Counter = field(default_factory=Counter)  # catalogue key -> how many
    unclear: list[str] = field(default_factory=list)  # refusals whose message is empty
    others: list[str] = field(default_factory=list)  # anything that is not a refusal: a bug
    audit_rows: int = 0

    def figures(self) -> str:
        return (f"{CONTENDERS} tried, {self.successes} succeeded, {self.audit_rows} audit rows, "
                f"{sum(self.refusals.values())} refused cleanly {dict(self.refusals)}, "
                f"{len(self.others)} other errors {self.others[:2]}")


def _attempt(url: str, barrier, outcomes, call, n: int) -> None:
    """One contender, in a process of its own with a database connection of its own."""
    database = Database(url)
    try:
        barrier.wait(timeout=60)
        try:
            call(database, n)
            outcome = ("ok", "", "")
        except WatershedError as error:
            outcome = ("refused", error.key, error.message("en"))
        except Exception as error:  # what the test is looking for: counted, not raised
            outcome = ("other", type(error).__name__, str(error).splitlines()[0][:200])
    finally:
        database.dispose()
    outcomes.put(outcome)


def _audit_rows(db: Database, actions: tuple[str, ...]) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action.in_(actions)))


def contend(db: Database, call, *actions: str) -> Tally:
    """CONTENDERS processes call `call(database, n)` at the same moment; what became of them,
    and how many audit rows of `actions` they wrote."""
    before = _audit_rows(db, actions)
    db.dispose()  # the children open their own connections; none is shared across the fork
    barrier, outcomes = FORK.Barrier(CONTENDERS), FORK.Queue()
    processes = [FORK.Process(target=_attempt, args=(db.url, barrier, outcomes, call, n))
                 for n in range(CONTENDERS)]
    for process in processes:
        process.start()
    results = [outcomes.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    tally = Tally(audit_rows=_audit_rows(db, actions) - before)
    for kind, key, message in results:
        if kind == "ok":
            tally.successes += 1
        elif kind == "refused":
            tally.refusals[key] += 1
            if not message.strip():
                tally.unclear.append(key)
        else:
            tally.others.append(f"{key}: {message}")
    print(f"\n[{db.dialect}] {actions[0]}: {tally.figures()}")
    return tally


def only_one_succeeds(tally: Tally, *keys: str) -> None:
    assert not tally.others, tally.figures()
    assert tally.successes == 1 and tally.audit_rows == 1, tally.figures()
    assert sum(tally.refusals.values()) == CONTENDERS - 1 and not tally.unclear, tally.figures()
    assert set(tally.refusals) <= set(keys), tally.figures()


def _household_actor(db: Database, code: str, role: str = "resident") -> Actor:
    with db.read() as session:
        found = session.scalars(select(Household).where(Household.code == code)).one()
    return Actor(f"user-{code}", role, household_id=found.id)


def test_one_contribution_is_withdrawn_once(basin):
    entry = record_contribution(basin, STAFF, "H-001", "labour", 2)
    tally = contend(basin, lambda db, n: withdraw_contribution(db, STAFF, entry.id, f"录错了 {n}"),
                    "contribution.withdraw")
    only_one_succeeds(tally, "ledger.already_withdrawn")


def test_one_custody_ends_once(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    tally = contend(basin, lambda db, n: end_custody(db, STAFF, "ZQ-001", reason=f"搬走 {n}"),
                    "custody.end")
    only_one_succeeds(tally, "custody.none_current")


def test_a_segment_gets_one_custodian_when_twenty_are_assigned_at_once(basin):
    tally = contend(basin, lambda db, n: assign(db, STAFF, "ZQ-002", HOUSEHOLDS[n % 3]),
                    "custody.start")
    only_one_succeeds(tally, "custody.taken", "clash.custodies")


def test_one_household_rating_one_segment_twenty_times_at_once_keeps_one_rating(basin):
    open_round(basin, STAFF, seed=1)
    with basin.read() as session:
        offer = session.scalars(select(RoundOffer).order_by(RoundOffer.household_id,
                                                            RoundOffer.segment_id)).first()
        code = session.get(Household, offer.household_id).code
        segment = session.get(Segment, offer.segment_id).code
    rater = _household_actor(basin, code)
    stars = dict.fromkeys(DIMENSIONS, 4)
    tally = contend(basin, lambda db, n: rate(db, rater, segment, {**stars, "flow": 1 + n % 5}),
                    "rating.create", "rating.update")
    # Changing one's rating while the round is open is allowed: every request may succeed, but
    # each is one row changed and one audit row, never a second rating.
    assert not tally.others and not tally.refusals, tally.figures()
    assert tally.successes == CONTENDERS and tally.audit_rows == CONTENDERS, tally.figures()
    with basin.read() as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 1
        changes = session.scalars(select(AuditEntry).where(AuditEntry.entity == "rating")
                                  .order_by(AuditEntry.id)).all()
    # One after the other: each change starts from what the one before it left.
    assert [c.action for c in changes] == ["rating.create"] + ["rating.update"] * (CONTENDERS - 1)
    left = [{k: v for k, v in c.after.items() if k not in ("household", "segment")} for c in changes]
    assert [c.before for c in changes[1:]] == left[:-1]


def test_a_rating_sent_while_the_round_closes_is_counted_or_refused(basin):
    evaluation = open_round(basin, STAFF, seed=1)
    with basin.read() as session:
        offer = session.scalars(select(RoundOffer).order_by(RoundOffer.household_id,
                                                            RoundOffer.segment_id)).first()
        code = session.get(Segment, offer.segment_id).code
        rater = Actor("rater", "resident", household_id=offer.household_id)

    def rate_or_close(db, n):
        if n == CONTENDERS // 2:
            return close_round(db, STAFF, evaluation.id)
        return rate(db, rater, code, dict.fromkeys(DIMENSIONS, 1 + n % 5))

    tally = contend(basin, rate_or_close, "rating.create", "rating.update", "round.close")
    assert not tally.others, tally.figures()
    assert set(tally.refusals) <= {"round.closed", "rating.no_round"}, tally.figures()
    assert tally.successes == tally.audit_rows, tally.figures()
    with basin.read() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
            ("rating.create", "rating.update", "round.close"))).order_by(AuditEntry.id)).all()
        kept = session.scalars(select(Rating.score)).all()
        counted = session.scalar(select(RoundResult.plain_mean)
                                 .where(RoundResult.segment_id == offer.segment_id))
    # Nothing rated after the close, and the results hold the last rating.
    consistent = actions[-1] == "round.close" and counted == (kept[0] if kept else None)
    assert consistent, (actions[-3:], counted, kept)


def _done_campaign(db: Database, code: str) -> None:
    start = today() - timedelta(days=10)
    create_campaign(db, STAFF, "百日攻坚", start=start, m3_per_metre=3.0)
    record_progress(db, STAFF, code, start + timedelta(days=1), 10, state="done")


def test_a_work_is_accepted_once(basin):
    _done_campaign(basin, "ZQ-001")
    tally = contend(basin, lambda db, n: accept_work(db, STAFF, "ZQ-001"), "work.accept")
    only_one_succeeds(tally, "work.already_accepted", "clash.acceptances")


def test_entries_at_once_never_take_a_segment_past_its_bound(basin):
    _done_campaign(basin, "ZQ-001")
    with basin.read() as session:
        planned = session.scalars(select(Work.planned_m3).order_by(Work.id)).first()
    # Entries of the room left over 7.5 (rounded up to a tenth): seven fit, an eighth would not.
    cap = Decimal(str(planned)) * dredging.ENTRY_OVER_PLAN - 10
    each = (cap / Decimal("7.5")).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    fits = int(cap // each)
    day = today() - timedelta(days=2)
    tally = contend(basin, lambda db, n: record_progress(db, STAFF, "ZQ-001", day, str(each)),
                    "work.progress")
    assert not tally.others, tally.figures()
    assert tally.successes == fits == tally.audit_rows, tally.figures()
    assert tally.refusals == Counter({"work.above_plan": CONTENDERS - fits}), tally.figures()


def test_a_problem_is_screened_once(basin):
    problem = report_problem(basin, STAFF, "ZQ-001", "rubbish", "垃圾堆在渠边")
    tally = contend(basin, lambda db, n: screen(db, STAFF, problem.id, f"属实 {n}"),
                    "problem.screen")
    only_one_succeeds(tally, "problem.wrong_stage")


def test_a_round_is_closed_once(basin):
    evaluation = open_round(basin, STAFF, seed=1)
    tally = contend(basin, lambda db, n: close_round(db, STAFF, evaluation.id), "round.close")
    only_one_succeeds(tally, "round.closed", "clash.round_results")


def test_incomes_are_distributed_once(basin):
    record_income(basin, STAFF, "1200", "pond_lease")
    tally = contend(basin, lambda db, n: distribute(db, STAFF, "per_household"),
                    "distribution.add")
    only_one_succeeds(tally, "ledger.distributed_meanwhile", "ledger.nothing_to_distribute")


def test_an_account_name_is_taken_once(basin):
    tally = contend(basin, lambda db, n: add_user(db, STAFF, "wang", "staff", f"password-{n}"),
                    "user.add")
    only_one_succeeds(tally, "account.exists", "clash.users")


def test_a_ponds_status_moves_from_the_status_it_has(basin):
    update_pond(basin, STAFF, "YT-01", status="negotiating", agreement_date=today())
    moves = ("cleared", "occupying")
    tally = contend(basin, lambda db, n: update_pond(db, STAFF, "YT-01", status=moves[n % 2]),
                    "pond.update")
    # Which move comes first is chance; what follows from it is not: each audit row starts from
    # the status the one before it left, so no move was made from a status already gone.
    assert not tally.others and tally.successes == tally.audit_rows, tally.figures()
    assert set(tally.refusals) <= {"pond.bad_move"}, tally.figures()
    with basin.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "pond.update")
                               .order_by(AuditEntry.id)).all()
    states = [(row.before["status"], row.after["status"]) for row in rows]
    assert all(after == before for (_, after), (before, _) in zip(states, states[1:])), states


def test_one_round_is_open_at_a_time(basin):
    tally = contend(basin, lambda db, n: open_round(db, STAFF, seed=n), "round.open")
    only_one_succeeds(tally, "round.already_open")


def test_a_database_refusal_becomes_a_conflict_that_says_what_happened():
    def refused(kind, message):
        return clash(kind("INSERT", {}, getattr(sqlite3, kind.__name__)(message)))

    assert refused(IntegrityError, "UNIQUE constraint failed: custodies.segment_id, "
                                   "custodies.role").key == "clash.custodies"
    assert refused(IntegrityError, "UNIQUE constraint failed: villages.name").key == "clash.any"
    assert refused(IntegrityError, "FOREIGN KEY constraint failed").key == "clash.any"
    assert refused(IntegrityError, "NOT NULL constraint failed: users.role") is None  # a bug
    assert refused(OperationalError, "database is locked").key == "clash.busy"
    assert refused(OperationalError, "no such table: users") is None
