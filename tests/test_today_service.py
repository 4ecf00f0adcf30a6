"""Today's work (services.places.today): what waits for the street office, a custodian and a
resident, most urgent first, each entry naming the page and item that deal with it. The counts are
checked against the rows the database holds, read here without the services; on SQLite and
PostgreSQL for a small basin, on the demo basin (SQLite) for the figures at scale."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import STAFF
from watershed.domain import checks as check_rules
from watershed.domain import dredging
from watershed.domain.localtime import local_date
from watershed.domain.problems import ESCALATION_DAYS
from watershed.errors import PermissionDenied
from watershed.services.campaign.campaign import create_campaign, record_progress
from watershed.services.common.actors import Actor
from watershed.services.common.clock import today as basin_today
from watershed.services.custody.custody import assign as keep
from watershed.services.evaluation.rounds import open_round
from watershed.services.places.today import (HOUSEHOLD_ORDER, STAFF_ORDER, custodian_today,
                                             resident_today, staff_today)
from watershed.services.problems.problems import accept, assign, handle, report_problem, screen
from watershed.store.database import Database
from watershed.store.tables import (Acceptance, Check, Custody, EvaluationRound, Household,
                                    Problem, ProblemStep, ProgressEntry, Rating, RoundOffer,
                                    Segment, User, Village, Work)

LEADER = Actor("test-leader", "leader")


def by_kind(tasks) -> dict:
    return {task.kind: task for task in tasks}


def in_order(tasks, order) -> bool:
    ranks = [order.index(task.kind) for task in tasks]
    return ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


# What the database holds, read from the tables themselves ------------------------------------

def problem_states(session, today: date) -> dict[int, dict]:
    """problem id -> its stage, found day, deadline, assignee household and reporter, folded
    from its steps as stored (the latest step's stage; the latest assignment's deadline)."""
    states = {}
    for problem in session.scalars(select(Problem)):
        states[problem.id] = dict(found=local_date(problem.found_at), deadline=None,
                                  assignee=None, reporter=problem.household_id,
                                  segment_id=problem.segment_id)
    for step in session.scalars(select(ProblemStep).order_by(ProblemStep.id)):
        state = states[step.problem_id]
        state["stage"] = step.stage
        if step.action in ("assign", "send_back"):
            state["deadline"] = date.fromisoformat(step.data["deadline"])
            state["assignee"] = step.data.get("assignee_household_id")
    for state in states.values():
        late = (today - state["deadline"]).days if state["deadline"] else 0
        state["late"] = late if state["stage"] == "assigned" else 0
        state["level"] = sum(state["late"] >= days for days in ESCALATION_DAYS)
    return states


def works_done(session, today: date) -> set[str]:
    entries = defaultdict(list)
    for entry in session.scalars(select(ProgressEntry)):
        entries[entry.work_id].append(dredging.Entry(entry.day, entry.id, entry.state))
    accepted = dict(session.execute(select(Acceptance.work_id, Acceptance.day)).all())
    return {code for work_id, code in session.execute(
        select(Work.id, Segment.code).join(Segment, Work.segment_id == Segment.id))
        if dredging.status(entries[work_id], accepted.get(work_id), today) == "done"}


def last_checked(session) -> dict[int, date]:
    last = {}
    for segment_id, at in session.execute(select(Check.segment_id, Check.at)):
        last[segment_id] = max(last.get(segment_id, date.min), local_date(at))
    return last


def late_custodians(session, today: date) -> dict[str, set[str]]:
    """village name ("" for none) -> codes of the households whose kept segment is late."""
    last, late = last_checked(session), defaultdict(set)
    for segment_id, household, village, start in session.execute(
            select(Custody.segment_id, Household.code, Village.name, Custody.start_date)
            .join(Segment, Custody.segment_id == Segment.id)
            .join(Household, Custody.household_id == Household.id)
            .outerjoin(Village, Segment.village_id == Village.id)
            .where(Custody.end_date.is_(None), Custody.role == "primary",
                   Segment.retired_at.is_(None))):
        due = check_rules.next_due(last.get(segment_id), since=start)
        if check_rules.is_overdue(due, today):
            late[village or ""].add(household)
    return late


def open_segments(session) -> set[str]:
    kept = select(Custody.segment_id).where(Custody.end_date.is_(None), Custody.role == "primary")
    return set(session.scalars(select(Segment.code).where(Segment.retired_at.is_(None),
                                                          Segment.id.not_in(kept))))


def due_checks(session, household_id: int, today: date) -> dict[str, date | None]:
    last = last_checked(session)
    due = {}
    for segment_id, code, start in session.execute(
            select(Segment.id, Segment.code, Custody.start_date)
            .join(Custody, Custody.segment_id == Segment.id)
            .where(Custody.household_id == household_id, Custody.end_date.is_(None),
                   Segment.retired_at.is_(None))):
        when = check_rules.next_due(last.get(segment_id), since=start)
        if when is None or when <= today:
            due[code] = when
    return due


def unrated_offers(session, household_id: int) -> int:
    evaluation = session.scalars(select(EvaluationRound).where(EvaluationRound.status == "open")).first()
    if evaluation is None:
        return 0
    offered = set(session.scalars(select(RoundOffer.segment_id).where(
        RoundOffer.round_id == evaluation.id, RoundOffer.household_id == household_id)))
    rated = set(session.scalars(select(Rating.segment_id).where(
        Rating.round_id == evaluation.id, Rating.household_id == household_id)))
    return len(offered - rated)


def to_rate(session, states: dict, household_id: int) -> set[int]:
    """Supervised problems the household rates: it reported them, or it keeps the segment of
    one reported without a household."""
    keeps = set(session.scalars(select(Custody.segment_id).where(
        Custody.household_id == household_id, Custody.end_date.is_(None),
        Custody.role == "primary")))
    return {pid for pid, s in states.items() if s["stage"] == "supervised" and (
        s["reporter"] == household_id or (s["reporter"] is None and s["segment_id"] in keeps))}


def account(db, username: str) -> Actor:
    with db.read() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
    return Actor(user.username, user.role, user.household_id)


# A small basin, on SQLite and PostgreSQL -----------------------------------------------------

def household_id(db, code: str) -> int:
    with db.read() as session:
        return session.scalar(select(Household.id).where(Household.code == code))


def reported(db, segment: str, category: str = "rubbish", actor: Actor = STAFF) -> int:
    return report_problem(db, actor, segment, category).id


def assigned(db, segment: str, deadline: date, household: str | None = None) -> int:
    problem = reported(db, segment)
    screen(db, STAFF, problem)
    assign(db, STAFF, problem, deadline, assignee="" if household else "村委会",
           household_code=household)
    return problem


def test_the_office_list_puts_overdue_problems_first_by_level_then_the_loop_works_custodians_open(
        basin):
    today = basin_today()
    keep(basin, STAFF, "ZQ-001", "H-001", start=today - timedelta(days=10))
    keep(basin, STAFF, "ZQ-002", "H-002", start=today)
    # At `later`: 9 days past the first deadline (level 3), 5 (level 2), 3 and 1 (level 1).
    later = today + timedelta(days=9)
    late = {days: assigned(basin, "ZQ-003", later - timedelta(days=days)) for days in (9, 5, 3, 1)}
    new = reported(basin, "ZQ-Z01-001", "silt")
    screened = reported(basin, "ZQ-Z01-002")
    screen(basin, STAFF, screened)
    handled = assigned(basin, "ZQ-004", today)
    handle(basin, STAFF, handled, "已清理")
    create_campaign(basin, STAFF, "百日攻坚", start=today - timedelta(days=5),
                    segment_codes=["ZQ-001", "ZQ-002"])
    record_progress(basin, STAFF, "ZQ-001", today, 30, 0, state="done")

    tasks = staff_today(basin, STAFF, today=later, lang="zh")
    assert [task.kind for task in tasks] == list(STAFF_ORDER)  # every kind has work here
    kinds = by_kind(tasks)
    assert [item.key for item in kinds["overdue_3"].items] == [str(late[9])]
    assert [item.key for item in kinds["overdue_2"].items] == [str(late[5])]
    assert [item.key for item in kinds["overdue_1"].items] == [str(late[3]), str(late[1])]
    assert kinds["overdue_1"].label == "逾期 1–3 天、已提醒责任人的问题：2 件"
    assert [item.key for item in kinds["screen"].items] == [str(new)]
    assert [item.key for item in kinds["assign"].items] == [str(screened)]
    assert [item.key for item in kinds["supervise"].items] == [str(handled)]
    assert all((item.page, item.query) == ("problems", {"problem": item.key})
               for kind in ("overdue_3", "screen", "supervise") for item in kinds[kind].items)
    assert (kinds["screen"].page, kinds["screen"].query) == ("problems", {"stage": "found"})
    assert kinds["overdue_3"].query == {"overdue": "1"}
    assert [(i.key, i.page, i.query) for i in kinds["works"].items] == [
        ("ZQ-001", "works", {"code": "ZQ-001"})]
    with basin.read() as session:
        custodians = late_custodians(session, later)
        nobody = open_segments(session)
    assert kinds["custodians"].count == len(set().union(*custodians.values())) == 2
    assert {item.key for item in kinds["custodians"].items} == set(custodians)
    assert kinds["open"].count == len(nobody)
    assert {item.key for item in kinds["open"].items} == nobody
    assert all((i.page, i.query) == ("segments", {"code": i.key}) for i in kinds["open"].items)


def test_a_quiet_day_gives_an_empty_list_for_the_office(basin):
    with basin.read() as session:
        every = open_segments(session)
    for segment in sorted(every):  # kept from today: the first check is due in a week
        keep(basin, STAFF, segment, "H-003")
    assert every and staff_today(basin, STAFF) == []


def test_a_custodian_is_shown_problems_to_handle_checks_due_then_ratings(basin):
    today = basin_today()
    keep(basin, STAFF, "ZQ-001", "H-001", start=today - timedelta(days=10))
    keep(basin, STAFF, "ZQ-Z01-001", "H-001", start=today - timedelta(days=20))
    keep(basin, STAFF, "ZQ-002", "H-001", start=today)  # not due for a week
    me = Actor("test-custodian", "custodian", household_id=household_id(basin, "H-001"))
    assert [task.kind for task in custodian_today(basin, me)] == ["checks"]
    mine = assigned(basin, "ZQ-003", today, household="H-001")
    done = reported(basin, "ZQ-001", actor=me)
    screen(basin, STAFF, done)
    assign(basin, STAFF, done, today, assignee="村委会")
    handle(basin, STAFF, done, "已清理")
    accept(basin, STAFF, done)
    open_round(basin, STAFF, seed=3)

    tasks = custodian_today(basin, me, lang="zh")
    assert in_order(tasks, HOUSEHOLD_ORDER)
    kinds = by_kind(tasks)
    assert [item.key for item in kinds["handle"].items] == [str(mine)]
    assert [item.key for item in kinds["rate_problems"].items] == [str(done)]
    with basin.read() as session:
        due = due_checks(session, me.household_id, today)
        left = unrated_offers(session, me.household_id)
    assert [item.key for item in kinds["checks"].items] == ["ZQ-Z01-001", "ZQ-001"]  # latest first
    assert set(due) == {"ZQ-Z01-001", "ZQ-001"}
    assert (kinds["checks"].page, kinds["checks"].query) == ("submit_check",
                                                             {"segment": "ZQ-Z01-001"})
    assert left and kinds["rate"].count == left and kinds["rate"].page == "rate"
    assert [task.kind for task in tasks] == list(HOUSEHOLD_ORDER)


def test_a_resident_is_never_shown_checks(basin):
    today = basin_today()
    keep(basin, STAFF, "ZQ-001", "H-002", start=today - timedelta(days=10))  # would be due
    me = Actor("test-resident", "resident", household_id=household_id(basin, "H-002"))
    assert resident_today(basin, me) == []
    mine = assigned(basin, "ZQ-003", today, household="H-002")
    assert [(t.kind, t.count, t.page) for t in resident_today(basin, me)] == [
        ("handle", 1, "report_problem")]
    assert resident_today(basin, me)[0].items[0].key == str(mine)


@pytest.mark.parametrize("service, refused", [
    (staff_today, ["custodian", "resident", "leader"]),
    (custodian_today, ["staff", "resident", "leader"]),
    (resident_today, ["staff", "custodian", "leader"]),
])
def test_each_list_is_refused_to_the_other_roles(basin, service, refused):
    for role in refused:
        with pytest.raises(PermissionDenied):
            service(basin, Actor(f"test-{role}", role, household_id=household_id(basin, "H-001")
                                 if role in ("custodian", "resident") else None))


# The demo basin ------------------------------------------------------------------------------

@pytest.fixture
def demo(demo_sqlite_url):
    database = Database(demo_sqlite_url)
    yield database
    database.dispose()  # no pool left open on the shared file while other tests use it


def test_the_demo_office_list_counts_what_the_database_holds(demo):
    today = basin_today()
    tasks = staff_today(demo, STAFF, lang="zh")
    assert in_order(tasks, STAFF_ORDER)
    kinds = by_kind(tasks)
    with demo.read() as session:
        states = problem_states(session, today)
        done = works_done(session, today)
        custodians = late_custodians(session, today)
        nobody = open_segments(session)
    for level in (3, 2, 1):
        expected = {pid for pid, s in states.items() if s["level"] == level}
        task = kinds.get(f"overdue_{level}")
        assert {item.key for item in task.items} == {str(pid) for pid in expected} if task \
            else not expected
        if task:
            lateness = [states[int(item.key)]["late"] for item in task.items]
            assert lateness == sorted(lateness, reverse=True)  # the longest overdue first
    for stage, kind in (("found", "screen"), ("screened", "assign"), ("handled", "supervise")):
        expected = {pid for pid, s in states.items() if s["stage"] == stage}
        task = kinds.get(kind)  # a kind with nothing waiting is left out
        assert (task.count, {int(i.key) for i in task.items}) == (len(expected), expected) \
            if task else not expected
        found = [states[int(item.key)]["found"] for item in task.items] if task else []
        assert found == sorted(found)  # the longest waiting first
    works = kinds.get("works")
    assert {i.key for i in works.items} == done if works else not done
    assert kinds["custodians"].count == len(set().union(*custodians.values()))
    villages = [item.key for item in kinds["custodians"].items]
    assert set(villages) == set(custodians)
    assert [len(custodians[v]) for v in villages] == sorted(
        (len(codes) for codes in custodians.values()), reverse=True)  # most late first
    assert all((item.page, item.query) == ("checks", {"village": item.key})
               for item in kinds["custodians"].items if item.key)
    assert kinds["open"].count == len(nobody) > 0


@pytest.mark.parametrize("username, service", [("custodian", custodian_today),
                                               ("resident", resident_today)])
def test_the_demo_households_are_shown_what_waits_for_them(demo, username, service):
    today = basin_today()
    me = account(demo, username)
    tasks = service(demo, me, lang="zh")
    assert in_order(tasks, HOUSEHOLD_ORDER)
    kinds = by_kind(tasks)
    with demo.read() as session:
        states = problem_states(session, today)
        due = due_checks(session, me.household_id, today) if username == "custodian" else {}
        left = unrated_offers(session, me.household_id)
        rate = to_rate(session, states, me.household_id)
    handle = {pid for pid, s in states.items()
              if s["stage"] == "assigned" and s["assignee"] == me.household_id}
    counted = {kind: task.count for kind, task in kinds.items()}
    expected = {"handle": len(handle), "checks": len(due), "rate_problems": len(rate),
                "rate": left}
    assert counted == {kind: n for kind, n in expected.items() if n}
    assert left > 0 and kinds["rate"].page == "rate"  # the demo's round is open this month
    if due:
        most_late = min(due, key=lambda code: (due[code] or date.min, code))
        assert kinds["checks"].query == {"segment": most_late}


def test_the_late_custodians_of_one_village_are_those_of_the_whole_list_in_it(demo):
    from watershed.services.checks.checks import overdue_custodians

    everyone = overdue_custodians(demo, STAFF)
    village = everyone[0].village
    assert overdue_custodians(demo, STAFF, village=village) == [
        line for line in everyone if line.village == village]
