"""The rules of the problem loop: who moves a problem from which stage, duty, escalation by date."""

from datetime import date, datetime, timedelta

import pytest

from watershed.domain import problems as rules
from watershed.domain.checks import CATEGORIES
from watershed.domain.localtime import local_date
from watershed.services.common.actors import ROLES

# The one table of the loop: (action, stage it starts from, the stage it leaves) for each role
# allowed. Any (role, action, stage) not listed here must be refused.
ALLOWED = {
    ("staff", "screen", "found"), ("staff", "dismiss", "found"), ("staff", "dismiss", "screened"),
    ("staff", "merge", "found"), ("staff", "merge", "screened"),
    ("staff", "assign", "screened"), ("staff", "handle", "assigned"),
    ("custodian", "handle", "assigned"), ("resident", "handle", "assigned"),
    ("staff", "accept", "handled"), ("staff", "send_back", "handled"),
    ("custodian", "evaluate", "supervised"), ("resident", "evaluate", "supervised"),
    ("staff", "escalate", "assigned"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", rules.ACTIONS)
@pytest.mark.parametrize("stage", rules.ALL_STAGES)
def test_only_the_moves_in_the_table_are_allowed_for_each_role_and_stage(role, action, stage):
    # A household acting as the assignee and the rater: the stage and role alone decide.
    reason = rules.refusal(action, role, stage, is_assignee=True, is_rater=True)
    assert (reason is None) == ((role, action, stage) in ALLOWED)


def test_the_role_is_judged_before_the_stage_so_a_leader_always_hears_it_may_not():
    for action in rules.ACTIONS:
        for stage in rules.ALL_STAGES:
            assert rules.refusal(action, "leader", stage) == "role"


def test_a_household_handles_only_what_is_assigned_to_it_and_rates_only_its_own():
    assert rules.refusal("handle", "custodian", "assigned", is_assignee=False) == "not_assignee"
    assert rules.refusal("handle", "staff", "assigned", is_assignee=False) is None  # on its behalf
    assert rules.refusal("evaluate", "resident", "supervised", is_rater=False) == "not_rater"


def test_every_check_category_has_a_duty_and_silt_banks_outfalls_and_illegal_use_are_the_office_s():
    assert {rules.duty(c) for c in CATEGORIES} == {"office", "custodian"}
    assert [c for c in CATEGORIES if rules.duty(c) == "office"] == [
        "bank_collapse", "sewage", "illegal_use", "silt"]
    with pytest.raises(ValueError):
        rules.duty("weather")


@pytest.mark.parametrize(("days_late", "level"), [
    (-3, 0), (0, 0), (1, 1), (3, 1), (4, 2), (7, 2), (8, 3), (40, 3)])
def test_escalation_rises_with_the_days_past_the_deadline(days_late, level):
    deadline = date(2026, 11, 20)
    assert rules.escalation_level(deadline, deadline + timedelta(days=days_late)) == level


def test_days_are_counted_in_beijing_so_late_evening_utc_is_already_the_next_day():
    deadline = date(2026, 11, 27)
    at = datetime(2026, 11, 27, 16, 30)  # 00:30 on 28 November in Jingzhou
    assert rules.escalation_level(deadline, at.date()) == 0
    assert rules.escalation_level(deadline, local_date(at)) == 1


def _steps(*moves):
    day = date(2026, 11, 1)
    return [rules.Step(action, stage, datetime(2026, 11, 1), day + timedelta(days=i), data)
            for i, (action, stage, data) in enumerate(moves)]


def test_the_standing_follows_the_steps_and_a_new_deadline_starts_escalation_again():
    steps = _steps(("report", "found", {}), ("screen", "screened", {}),
                   ("assign", "assigned", {"assignee": "张大山", "assignee_household_id": 7,
                                           "deadline": "2026-11-05"}),
                   ("escalate", "assigned", {"level": 1}), ("escalate", "assigned", {"level": 2}))
    current = rules.standing(steps)
    assert (current.stage, current.assignee, current.assignee_household_id) == ("assigned", "张大山", 7)
    assert current.level == 2 and current.overdue(date(2026, 11, 6))
    assert rules.new_levels(current, date(2026, 11, 13)) == [3]
    assert rules.new_levels(current, date(2026, 11, 9)) == []  # level 2 is recorded already
    steps += _steps(("handle", "handled", {}),
                    ("send_back", "assigned", {"deadline": "2026-11-30"}))
    again = rules.standing(steps)
    assert again.level == 0 and again.deadline == date(2026, 11, 30) and again.assignee == "张大山"
    assert rules.new_levels(again, date(2026, 12, 5)) == [1, 2]


def test_a_handled_problem_is_not_overdue_and_closing_is_the_accepted_handling():
    steps = _steps(("report", "found", {}), ("screen", "screened", {}),
                   ("assign", "assigned", {"assignee": "街道城建办", "deadline": "2026-11-02"}),
                   ("handle", "handled", {}), ("accept", "supervised", {}),
                   ("evaluate", "evaluated", {"stars": 4}))
    current = rules.standing(steps)
    assert not current.overdue(date(2026, 12, 31)) and current.due_level(date(2026, 12, 31)) == 0
    assert current.closed_on == date(2026, 11, 5) and current.stars == 4
    assert rules.days_to_close(current.found_on, current.closed_on) == 4
    assert rules.median_days([4, 1, 9]) == 4 and rules.median_days([]) is None


def test_the_keeper_on_a_day_is_the_custody_covering_it():
    custodies = [(1, date(2026, 3, 1), date(2026, 6, 1)), (2, date(2026, 6, 1), None)]
    assert rules.keeper_on(custodies, date(2026, 5, 31)) == 1
    assert rules.keeper_on(custodies, date(2026, 6, 1)) == 2
    assert rules.keeper_on(custodies, date(2026, 2, 28)) is None


def test_a_deadline_must_be_given_and_not_in_the_past():
    today = date(2026, 11, 27)
    assert rules.deadline_fault(None, today) == "missing"
    assert rules.deadline_fault(date(2026, 11, 26), today) == "past"
    assert rules.deadline_fault(today, today) is None
