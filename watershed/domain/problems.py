"""The problem loop the street office already uses: 发现 → 甄别 → 交办 → 办理 → 督办 → 评价.

Stages (in code): found → screened → assigned → handled → supervised → evaluated; screening may
also end a problem as dismissed (a reason is required) or merged (into another open problem, the
duplicate keeps the link). A problem's stage is never stored: every move is a new step (who, when,
stage, note, data) and the stage is the one the latest step left it in (`standing`).

Who moves a problem (MOVES):
- Anyone with an account but the leadership reports one (staff, custodian, resident); a check
  with a `problem` answer reports one per answer, from the check's segment, category and note.
- Staff screen it, dismiss or merge it, assign it (a responsible person or unit by name, and a
  deadline no earlier than today), and supervise the handling: accept it, or send it back to
  assigned with a new deadline and a reason.
- The handling (a note, optional photos) is recorded by the assignee when the assignee is a
  household with an account (its custodian or resident login), or by staff on the assignee's
  behalf.
- The evaluation (1–5 stars and a comment) is made once, by the household that reported the
  problem; when staff, or a check without a household, reported it, by the segment's current
  primary custodian household.
- The leadership reads everything and moves nothing.

Duty. Silt (淤积), bank collapse, sewage and illegal outfalls, and illegal use are the office's to
fix: no custodian can dredge a canal or stop a factory. Rubbish, blockage by litter and weeds,
and other problems are the custodian's. Office-duty problems never count against a custodian:
the one figure per household, "upkeep problems", counts only custodian-duty problems found on a
segment while the household was its primary custodian, and not dismissed or merged. Peer scores
are a separate thing and are not touched by problems at all.

Overdue and escalation. A problem that is assigned (not yet handled) after its deadline day is
overdue (the deadline day itself is still in time; days are Beijing days). It escalates by how
many days it is past the deadline (ESCALATION_DAYS): level 1 reminds the responsible (the
assignee, usually the custodian) the first day after the deadline; level 2 goes to the villager
group's leader GROUP_LEADER_DAYS after the deadline; level 3 to the street office
STREET_OFFICE_DAYS after. Levels count from the latest assignment: a problem sent back with a new
deadline starts again at 0. Each level is recorded once, as an `escalate` step that leaves the
stage as it is.

Closing. A problem is closed when staff accept its handling (督办 accepted → supervised); the
days to close are Beijing days from the day it was found to that day. Dismissed and merged
problems are ended, not closed, and do not count in the days to close. Open means found,
screened, assigned or handled.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from watershed.domain.numbers import Limits

STAGES = ("found", "screened", "assigned", "handled", "supervised", "evaluated")
ENDS = ("dismissed", "merged")
OPEN_STAGES = ("found", "screened", "assigned", "handled")
ALL_STAGES = STAGES + ENDS

# The categories a problem (and a check's problem answer) can have, and whose duty the fix is.
OFFICE_DUTY = ("silt", "bank_collapse", "sewage", "illegal_use")
CUSTODIAN_DUTY = ("blockage", "rubbish", "other")

# action -> (the stages it may start from, the stage it leaves, the roles that may make it).
MOVES: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "screen": (("found",), "screened", ("staff",)),
    "dismiss": (("found", "screened"), "dismissed", ("staff",)),
    "merge": (("found", "screened"), "merged", ("staff",)),
    "assign": (("screened",), "assigned", ("staff",)),
    "handle": (("assigned",), "handled", ("staff", "custodian", "resident")),
    "accept": (("handled",), "supervised", ("staff",)),
    "send_back": (("handled",), "assigned", ("staff",)),
    "evaluate": (("supervised",), "evaluated", ("custodian", "resident")),
    "escalate": (("assigned",), "assigned", ("staff",)),
}
REPORTERS = ("staff", "custodian", "resident")
ACTIONS = tuple(MOVES)
# The moves a person makes on a page (escalation is the daily job's).
PAGE_ACTIONS = ("screen", "dismiss", "merge", "assign", "handle", "accept", "send_back", "evaluate")

# Escalation, in days past the deadline. One day: the reminder goes out the morning after the
# deadline was missed. Four days (three more): a weekend and a working day for the custodian to
# act on the reminder before the group leader is asked to step in. Eight days: a week past the
# deadline, a whole check interval (watershed.domain.checks.DEFAULT_INTERVAL_DAYS) missed after
# the group leader knew: the street office takes it up.
REMIND_DAYS, GROUP_LEADER_DAYS, STREET_OFFICE_DAYS = 1, 4, 8
ESCALATION_DAYS = (REMIND_DAYS, GROUP_LEADER_DAYS, STREET_OFFICE_DAYS)
ESCALATION_TARGETS = ("responsible", "group_leader", "street_office")  # levels 1, 2, 3

STARS = Limits(1, 5, 0)  # the evaluation of a resolution


def duty(category: str) -> str:
    """'office' or 'custodian': whose duty the fix of a problem of this category is."""
    if category in OFFICE_DUTY:
        return "office"
    if category in CUSTODIAN_DUTY:
        return "custodian"
    raise ValueError(f"unknown problem category {category!r}")


def refusal(action: str, role: str, stage: str, *, is_assignee: bool = False,
            is_rater: bool = False) -> str | None:
    """Why `role` may not make `action` on a problem in `stage`, or None if it may. Reasons:
    'role' (the role never makes this move), 'stage' (not from this stage), 'not_assignee' (a
    household handling what is not assigned to it), 'not_rater' (a household rating what it
    neither reported nor keeps). The role is judged before the stage."""
    starts, _, roles = MOVES[action]
    if role not in roles:
        return "role"
    if stage not in starts:
        return "stage"
    if action == "handle" and role != "staff" and not is_assignee:
        return "not_assignee"
    if action == "evaluate" and not is_rater:
        return "not_rater"
    return None


def escalation_level(deadline: date | None, today: date) -> int:
    """0 (in time, or no deadline) to 3: how far a problem assigned until `deadline` has gone up
    by `today` (both Beijing days)."""
    if deadline is None:
        return 0
    late = (today - deadline).days
    return sum(late >= days for days in ESCALATION_DAYS)


def days_overdue(deadline: date | None, today: date) -> int:
    return max(0, (today - deadline).days) if deadline else 0


@dataclass(frozen=True)
class Step:
    """One move of a problem, as stored: the action, the stage it left, when (naive UTC; `day`
    its Beijing date), and the move's data (deadline, assignee, level, stars, …)."""

    action: str
    stage: str
    at: datetime
    day: date
    data: dict


@dataclass(frozen=True)
class Standing:
    """Where a problem stands after its steps."""

    stage: str
    found_on: date
    deadline: date | None  # of the latest assignment
    assignee: str
    assignee_household_id: int | None
    level: int  # escalation levels recorded since the latest assignment
    closed_on: date | None  # the day its handling was accepted
    stars: int | None
    merged_into: int | None

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def overdue(self, today: date) -> bool:
        return self.stage == "assigned" and escalation_level(self.deadline, today) > 0

    def due_level(self, today: date) -> int:
        return escalation_level(self.deadline, today) if self.stage == "assigned" else 0


def standing(steps: Sequence[Step]) -> Standing:
    """Fold a problem's steps (oldest first; the first is its report) into its standing."""
    deadline, assignee, household, level = None, "", None, 0
    closed, stars, merged = None, None, None
    for step in steps:
        if step.action in ("assign", "send_back"):
            deadline = date.fromisoformat(step.data["deadline"])
            assignee = step.data.get("assignee", assignee)
            household = step.data.get("assignee_household_id", household)
            level = 0
        elif step.action == "escalate":
            level = max(level, int(step.data["level"]))
        elif step.action == "accept":
            closed = step.day
        elif step.action == "evaluate":
            stars = int(step.data["stars"])
        elif step.action == "merge":
            merged = int(step.data["into"])
    return Standing(steps[-1].stage, steps[0].day, deadline, assignee, household, level, closed,
                    stars, merged)


def new_levels(current: Standing, today: date) -> list[int]:
    """The escalation levels to record today for a problem in this standing (none twice)."""
    return list(range(current.level + 1, current.due_level(today) + 1))


def days_to_close(found_on: date, closed_on: date) -> int:
    return (closed_on - found_on).days


def median_days(values: Iterable[int]) -> float | None:
    values = list(values)
    return float(statistics.median(values)) if values else None


def keeper_on(custodies: Sequence[tuple[int, date, date | None]], day: date) -> int | None:
    """The household among (household, start, end) custodies keeping the segment on `day` (an
    end day is the first day it no longer keeps it)."""
    for household, start, end in custodies:
        if start <= day and (end is None or day < end):
            return household
    return None


def deadline_fault(deadline: date | None, today: date) -> str | None:
    """'missing' or 'past' for a deadline that will not do, None for a good one."""
    if deadline is None:
        return "missing"
    return "past" if deadline < today else None


def default_deadline(today: date, days: int = 7) -> date:
    return today + timedelta(days=days)
