"""The problem loop through its services, on SQLite and PostgreSQL: a check reports problems, staff
screen, assign and supervise, the assignee handles, the reporter rates; refusals, merging,
dismissal, escalation by date, and office-duty problems never counting against a custodian."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import STAFF, run_cli
from tests.test_checks_service import jpeg
from watershed.catalogue import text
from watershed.cli.problems import LIST_KEYS
from watershed.domain.checks import DIMENSIONS
from watershed.domain.localtime import day_start, local_date
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.problems import problems
from watershed.services.common.actors import Actor
from watershed.services.checks.checks import submit_check
from watershed.services.common.clock import now, today
from watershed.services.custody.custody import assign as keep
from watershed.services.problems.figures import (my_problems, problem_figures, problem_queue,
                                                problem_steps, problems_in_view, upkeep_counts)
from watershed.store.tables import (AuditEntry, Check, Household, Problem, ProblemStep, Rating,
                                    Segment)

LEADER = Actor("test-leader", "leader")
GOOD = dict.fromkeys(DIMENSIONS, "good")
START = date(2025, 1, 1)


@pytest.fixture
def kept(basin):
    """The tiny basin with ZQ-001 kept by H-001 and ZQ-002 by H-002; ZQ-003 open."""
    keep(basin, STAFF, "ZQ-001", "H-001", start=START)
    keep(basin, STAFF, "ZQ-002", "H-002", start=START)
    return basin


def household(db, code: str, role: str = "custodian") -> Actor:
    with db.read() as session:
        found = session.scalar(select(Household.id).where(Household.code == code))
    return Actor(f"{role}-{code}", role, household_id=found)


def count(db, table, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(table).where(*where))


def stage(db, problem_id: int) -> str:
    with db.read() as session:
        return problems.standing_of(problems.find_problem(session, problem_id)).stage


def assigned(db, category="rubbish", *, reporter=STAFF, code="ZQ-001", to=None, deadline=None):
    """A problem reported, screened and assigned (to household `to`, or to a unit)."""
    problem = problems.report_problem(db, reporter, code, category, "水面有垃圾")
    problems.screen(db, STAFF, problem.id)
    problems.assign(db, STAFF, problem.id, deadline or today(),
                    **({"household_code": to} if to else {"assignee": "街道城建办"}))
    return problem.id


def test_every_problem_answer_of_a_check_becomes_a_found_problem_in_the_same_transaction(kept):
    me = household(kept, "H-001")
    answers = {**GOOD, "water": "problem", "banks": "problem"}
    check = submit_check(kept, me, "ZQ-001", answers, {"water": "rubbish", "banks": "silt"},
                         note="塑料袋，淤泥")
    lines = problem_queue(kept, STAFF)
    assert sorted(line.category for line in lines) == ["rubbish", "silt"]
    assert {line.stage for line in lines} == {"found"}
    assert {line.note for line in lines} == {"塑料袋，淤泥"}
    with kept.read() as session:
        rows = session.scalars(select(Problem)).all()
        segment = session.scalars(select(Segment).where(Segment.code == "ZQ-001")).one()
        middle = problems.midpoint(segment)
    assert {(r.check_id, r.household_id) for r in rows} == {(check.id, me.household_id)}
    assert all((r.lon, r.lat) == pytest.approx(middle) for r in rows)  # no photo with a position
    assert submit_check(kept, me, "ZQ-001", GOOD, {}) and count(kept, Problem) == 2
    with pytest.raises(InputError):  # a refused check reports nothing
        submit_check(kept, me, "ZQ-001", {**GOOD, "flow": "problem"}, {"flow": "weeds"})
    assert count(kept, Problem) == 2 and count(kept, Check) == 2


def test_the_whole_loop_from_a_resident_s_report_to_the_rating(kept):
    resident = household(kept, "H-003", "resident")
    keeper = household(kept, "H-002")
    problem = problems.report_problem(kept, resident, "ZQ-002", "blockage", "水草堵住了涵洞",
                                      lon=112.0780, lat=30.3701)
    assert stage(kept, problem.id) == "found"
    problems.screen(kept, STAFF, problem.id, "属实")
    problems.assign(kept, STAFF, problem.id, today() + timedelta(days=3), household_code="H-002")
    problems.handle(kept, keeper, problem.id, "已清理水草")
    problems.accept(kept, STAFF, problem.id)
    assert [line.id for line in my_problems(kept, resident).to_rate] == [problem.id]
    problems.evaluate(kept, resident, problem.id, 4, "及时")
    assert stage(kept, problem.id) == "evaluated"
    steps = problem_steps(kept, STAFF, problem.id)
    assert [s.action for s in steps] == ["report", "screen", "assign", "handle", "accept",
                                         "evaluate"]
    assert [s.user_name for s in steps] == [resident.name, STAFF.name, STAFF.name, keeper.name,
                                            STAFF.name, resident.name]
    assert count(kept, AuditEntry, AuditEntry.entity == "problem") == 6
    with pytest.raises(Conflict) as again:
        problems.evaluate(kept, resident, problem.id, 5)
    assert again.value.key == "problem.already_rated"
    line = problem_queue(kept, LEADER)[0]
    assert (line.stage, line.stars, line.assignee, line.reporter) == ("evaluated", 4, "李小红",
                                                                      "王建国")


def test_each_move_is_refused_to_whoever_may_not_make_it_and_nothing_is_written(kept):
    one, two = household(kept, "H-001"), household(kept, "H-002")
    problem = problems.report_problem(kept, STAFF, "ZQ-002", "rubbish", "")
    for actor in (LEADER, one):
        with pytest.raises(PermissionDenied):
            problems.screen(kept, actor, problem.id)
    with pytest.raises(PermissionDenied):
        problems.report_problem(kept, LEADER, "ZQ-002", "rubbish")
    with pytest.raises(Conflict) as early:
        problems.accept(kept, STAFF, problem.id)
    assert early.value.key == "problem.wrong_stage" and f"#{problem.id}" in str(early.value)
    problems.screen(kept, STAFF, problem.id)
    problems.assign(kept, STAFF, problem.id, today(), household_code="H-002")
    with pytest.raises(PermissionDenied) as other:
        problems.handle(kept, one, problem.id, "我来清")
    assert other.value.key == "problem.not_assignee" and "李小红" in str(other.value)
    problems.handle(kept, STAFF, problem.id, "街道代为清理")  # staff on the assignee's behalf
    problems.accept(kept, STAFF, problem.id)
    # Staff reported it: the segment's custodian rates it, nobody else.
    for actor in (one, STAFF, LEADER):
        with pytest.raises(PermissionDenied):
            problems.evaluate(kept, actor, problem.id, 3)
    with pytest.raises(InputError):
        problems.evaluate(kept, two, problem.id, 6)
    assert stage(kept, problem.id) == "supervised"
    problems.evaluate(kept, two, problem.id, 5)
    assert count(kept, ProblemStep) == 6
    with pytest.raises(NotFound):
        problems.screen(kept, STAFF, 999)


def test_dismissing_needs_a_reason_and_a_duplicate_is_merged_into_an_open_problem(kept):
    first = problems.report_problem(kept, STAFF, "ZQ-001", "sewage", "排污口")
    second = problems.report_problem(kept, STAFF, "ZQ-001", "sewage", "同一个排污口")
    third = problems.report_problem(kept, STAFF, "ZQ-001", "other", "看错了")
    steps = count(kept, ProblemStep)
    with pytest.raises(InputError) as bare:
        problems.dismiss(kept, STAFF, third.id, "  ")
    assert bare.value.key == "problem.reason_required" and count(kept, ProblemStep) == steps
    problems.dismiss(kept, STAFF, third.id, "是村民自家的水沟")
    with pytest.raises(InputError):
        problems.merge(kept, STAFF, second.id, second.id)
    with pytest.raises(Conflict) as closed:
        problems.merge(kept, STAFF, second.id, third.id)
    assert closed.value.key == "problem.merge_closed"
    problems.merge(kept, STAFF, second.id, first.id, "重复")
    line = next(line for line in problem_queue(kept, STAFF) if line.id == second.id)
    assert (line.stage, line.merged_into) == ("merged", first.id)
    assert [line.id for line in problem_queue(kept, STAFF, stage="dismissed")] == [third.id]
    with pytest.raises(Conflict):
        problems.screen(kept, STAFF, second.id)  # an ended problem moves no further
    assert {p.id for p in problems_in_view(kept)} == {first.id}  # ended ones are not drawn


def test_a_deadline_before_today_and_an_unknown_household_are_refused(kept):
    problem = problems.report_problem(kept, STAFF, "ZQ-001", "rubbish")
    problems.screen(kept, STAFF, problem.id)
    with pytest.raises(InputError) as past:
        problems.assign(kept, STAFF, problem.id, today() - timedelta(days=1), assignee="某人")
    assert past.value.key == "problem.deadline_past"
    with pytest.raises(NotFound):
        problems.assign(kept, STAFF, problem.id, today(), household_code="H-404")
    with pytest.raises(InputError):
        problems.assign(kept, STAFF, problem.id, today(), assignee=" ")
    assert stage(kept, problem.id) == "screened"


def test_overdue_problems_escalate_one_level_at_a_time_and_only_once(kept):
    day = today()  # the deadline must not be in the past; then every day below is fixed from it
    problem_id = assigned(kept, to="H-001", deadline=day + timedelta(days=30))
    office = assigned(kept, "bank_collapse", deadline=day + timedelta(days=30))
    deadline = day + timedelta(days=30)
    assert problems.escalate_overdue(kept, STAFF, today=deadline) == []
    first = problems.escalate_overdue(kept, STAFF, today=deadline + timedelta(days=1))
    assert [(e.problem_id, e.level, e.to) for e in first] == [(problem_id, 1, "responsible"),
                                                              (office, 1, "responsible")]
    assert first[0].whom == "张大山" and first[1].whom == "街道城建办"
    assert problems.escalate_overdue(kept, STAFF, today=deadline + timedelta(days=2)) == []
    later = problems.escalate_overdue(kept, STAFF, today=deadline + timedelta(days=9))
    assert [(e.problem_id, e.level, e.to) for e in later] == [
        (problem_id, 2, "group_leader"), (problem_id, 3, "street_office"),
        (office, 2, "group_leader"), (office, 3, "street_office")]
    assert later[0].whom == "梅槐社区 一组" and later[0].days_overdue == 9
    assert problems.escalate_overdue(kept, STAFF, today=deadline + timedelta(days=30)) == []
    lines = problem_queue(kept, STAFF, overdue=True, today=deadline + timedelta(days=9))
    assert {(line.id, line.level, line.escalated_to) for line in lines} == {
        (problem_id, 3, "street_office"), (office, 3, "street_office")}
    assert problem_figures(kept, STAFF, deadline + timedelta(days=9)).by_level == {3: 2}
    with pytest.raises(PermissionDenied):
        problems.escalate_overdue(kept, LEADER)


def test_handling_stops_escalation_and_sending_back_sets_a_new_deadline(kept):
    keeper = household(kept, "H-001")
    problem_id = assigned(kept, to="H-001")
    problems.handle(kept, keeper, problem_id, "捞了一半")
    assert problems.escalate_overdue(kept, STAFF, today=today() + timedelta(days=20)) == []
    with pytest.raises(InputError):
        problems.send_back(kept, STAFF, problem_id, today() + timedelta(days=2), "")
    problems.send_back(kept, STAFF, problem_id, today() + timedelta(days=2), "还有一半没捞")
    line = problem_queue(kept, STAFF)[0]
    assert (line.stage, line.deadline, line.assignee) == ("assigned", today() + timedelta(days=2),
                                                          "张大山")
    assert [p.id for p in my_problems(kept, keeper).to_handle] == [problem_id]
    escalated = problems.escalate_overdue(kept, STAFF, today=today() + timedelta(days=3))
    assert [(e.level, e.to) for e in escalated] == [(1, "responsible")]


def test_a_household_handed_a_problem_on_another_households_segment_is_asked_to_handle_it(kept):
    # Neither its reporter nor its keeper: found by the hand-over alone (the step's data).
    helper, keeper = household(kept, "H-003"), household(kept, "H-001")
    problem_id = assigned(kept, code="ZQ-001", to="H-003")
    assert [p.id for p in my_problems(kept, helper).to_handle] == [problem_id]
    assert my_problems(kept, keeper).to_handle == []
    problems.handle(kept, helper, problem_id, "清好了")
    assert my_problems(kept, helper).to_handle == []
    problems.send_back(kept, STAFF, problem_id, today() + timedelta(days=2), "再清一次")
    assert [p.id for p in my_problems(kept, helper).to_handle] == [problem_id]


def test_office_duty_problems_never_count_against_the_custodian(kept):
    keeper = household(kept, "H-001")
    ratings = count(kept, Rating)
    for category in ("silt", "bank_collapse", "sewage", "illegal_use"):
        problem_id = assigned(kept, category, to="H-001")
        problems.escalate_overdue(kept, STAFF, today=today() + timedelta(days=30))
        assert stage(kept, problem_id) == "assigned"
    submit_check(kept, keeper, "ZQ-001", {**GOOD, "banks": "problem"}, {"banks": "silt"})
    with kept.read() as session:
        assert upkeep_counts(session) == {}
    assert my_problems(kept, keeper).upkeep_problems == 0
    assigned(kept, "rubbish")  # the custodian's duty: counts once
    dismissed = problems.report_problem(kept, STAFF, "ZQ-001", "rubbish")
    problems.dismiss(kept, STAFF, dismissed.id, "已不存在")
    problems.report_problem(kept, STAFF, "ZQ-002", "rubbish")  # H-002's segment, not H-001's
    assert my_problems(kept, keeper).upkeep_problems == 1
    figures = problem_figures(kept, STAFF)
    assert [(u.household_code, u.upkeep_problems) for u in figures.upkeep] == [("H-001", 1),
                                                                                ("H-002", 1)]
    assert count(kept, Rating) == ratings  # peer scores are a separate thing, untouched


def test_figures_count_open_problems_by_stage_and_the_median_days_to_close(kept):
    me = household(kept, "H-001")
    now_day = today()
    for days_ago in (10, 4, 2):
        submit_check(kept, me, "ZQ-001", {**GOOD, "flow": "problem"}, {"flow": "blockage"},
                     at=day_start(now_day - timedelta(days=days_ago)) + timedelta(hours=10))
    ids = sorted(line.id for line in problem_queue(kept, STAFF))
    for problem_id in ids:
        problems.screen(kept, STAFF, problem_id)
        problems.assign(kept, STAFF, problem_id, now_day, household_code="H-001")
        problems.handle(kept, me, problem_id, "清了")
        problems.accept(kept, STAFF, problem_id)
    problems.report_problem(kept, STAFF, "ZQ-002", "rubbish")
    figures = problem_figures(kept, LEADER)
    assert figures.median_days == {"blockage": 4.0} and figures.closed == {"blockage": 3}
    assert figures.open_by_stage == {"found": 1, "screened": 0, "assigned": 0, "handled": 0}
    assert figures.total == 4 and figures.overdue == 0
    with pytest.raises(PermissionDenied):
        problem_figures(kept, me)


def test_a_reported_point_must_lie_near_its_segment(kept):
    with pytest.raises(InputError) as far:
        problems.report_problem(kept, STAFF, "ZQ-001", "rubbish", lon=112.2, lat=30.37)
    assert far.value.key == "problem.point_far"
    with pytest.raises(InputError):
        problems.report_problem(kept, STAFF, "ZQ-001", "rubbish", lon=112.07)
    with pytest.raises(InputError):
        problems.report_problem(kept, STAFF, "ZQ-001", "weather")
    assert count(kept, Problem) == 0


def test_the_command_line_lists_the_queue_and_escalates_idempotently(kept, database_url, capsys):
    status, out, _ = run_cli(capsys, database_url, "problems", "list", "--json")
    assert status == 0 and json.loads(out) == []
    problem_id = assigned(kept, to="H-001")
    status, out, _ = run_cli(capsys, database_url, "problems", "list", "--stage", "assigned",
                             "--json")
    [row] = json.loads(out)
    assert list(row) == list(LIST_KEYS)
    assert (row["id"], row["stage"], row["assignee"], row["deadline"], row["level"]) == (
        problem_id, "assigned", "张大山", today().isoformat(), 0)
    status, out, _ = run_cli(capsys, database_url, "problems", "list", "--overdue")
    assert status == 0 and out.strip() == text("cli.problems_none", "en")
    status, out, _ = run_cli(capsys, database_url, "problems", "escalate")
    assert status == 0 and out.strip() == text("cli.problems_escalated_count", "en", count=0)


def test_the_command_line_shows_overdue_problems_with_their_escalation(demo_copy, capsys):
    status, out, _ = run_cli(capsys, demo_copy, "problems", "list", "--overdue", "--json")
    rows = json.loads(out)
    assert status == 0 and rows and all(r["days_overdue"] > 0 and r["level"] >= 1 for r in rows)
    status, out, _ = run_cli(capsys, demo_copy, "problems", "list", "--overdue")
    assert out.count("\n") == len(rows) and "level" in out
    status, out, _ = run_cli(capsys, demo_copy, "problems", "escalate")
    assert status == 0 and out.strip().endswith(text("cli.problems_escalated_count", "en", count=0))
    with pytest.raises(SystemExit) as bad:
        run_cli(capsys, demo_copy, "problems", "list", "--stage", "done")
    assert bad.value.code == 2


def test_the_command_line_refuses_a_database_it_cannot_use_with_an_error_line(tmp_path, capsys):
    status, out, err = run_cli(capsys, f"sqlite:///{tmp_path / 'empty.db'}", "problems", "list")
    assert status == 2 and err.startswith("error: ") and out == ""


def test_a_checked_problem_lies_where_the_on_site_photo_was_taken(kept, tmp_path):
    me = household(kept, "H-001")
    at = now() - timedelta(minutes=5)
    photo = jpeg(lon=112.071, lat=30.3705, taken=at - timedelta(hours=1))  # about 55 m away
    check = submit_check(kept, me, "ZQ-001", {**GOOD, "scenery": "problem"},
                         {"scenery": "rubbish"}, photos=[("here.jpg", photo)], at=at,
                         photo_folder=tmp_path / "photos")
    assert check.on_site is True
    [line] = problem_queue(kept, STAFF)
    assert (line.lon, line.lat) == pytest.approx((112.071, 30.3705), abs=1e-6)
    assert line.found_on == local_date(at)  # the day in Jingzhou, not in UTC
    steps = problem_steps(kept, STAFF, line.id)
    assert steps[0].photos == [check.photos[0].path]  # the check's photo, stored once
