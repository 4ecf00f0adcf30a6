"""The demo's problems: one per problem answer of the demo checks, moved along the loop as far as
their age allows (the older, the further), a few dismissed or merged, some overdue at each level
of escalation (recorded by the same service cron runs), a few rated. The demo custodian has one
problem to handle and one to rate; the demo resident one to rate. Synthetic, like the rest.

The steps are written in bulk (the demo load must stay quick); the escalations go through
`escalate_overdue`, as they would every morning.
"""

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from watershed.demo.showcase import showcase
from watershed.domain import problems as rules
from watershed.domain.localtime import local_date
from watershed.services.common.actors import Actor
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.problems.problems import escalate_overdue, midpoint
from watershed.store.batches import chunked
from watershed.store.tables import (Check, Custody, Household, Problem, ProblemStep, Segment,
                                    User)

SEED = 20261127
DAY = timedelta(days=1)
OFFICE = "街道城建办"  # the unit office-duty problems go to
DEADLINE_DAYS = 7
NOTES = {"blockage": "水草堵住了过水涵洞", "rubbish": "水面漂着塑料袋", "other": "岸边堆了杂物",
         "silt": "淤泥堆积，水流不畅", "bank_collapse": "岸坡塌了一段", "sewage": "有污水排入",
         "illegal_use": "有人在渠里拦网捕鱼"}


def _steps(rng: random.Random, found: datetime, category: str, keeper: int | None,
           keeper_name: str, rater: int | None, stamp: datetime,
           open_twin: int | None) -> list[tuple[str, str, datetime, str, dict]]:
    """(action, stage, at, note, data) of one problem after its report, as far as `stamp`."""
    moves, at = [], found + timedelta(hours=rng.randint(16, 30))
    draw = rng.random()
    if draw < 0.05:
        return [("dismiss", "dismissed", at, "现场核实已无此问题", {})] if at < stamp else []
    if draw < 0.10 and open_twin is not None:
        return [("merge", "merged", at, "与已上报的问题重复", {"into": open_twin})] if at < stamp else []
    office = rules.duty(category) == "office" or keeper is None
    assignee = {"assignee": OFFICE if office else keeper_name,
                "assignee_household_id": None if office else keeper}
    # Each move with the hours until the next one: handling takes from 2 days to a month.
    plan = [("screen", "screened", "属实", {}, rng.randint(1, 20)),
            ("assign", "assigned", "", None, 24 * rng.randint(2, 30)),
            ("handle", "handled", "已处理", {}, rng.randint(4, 30)),
            ("accept", "supervised", "", {}, rng.randint(16, 40))]
    for action, stage, note, data, hours in plan:
        if at >= stamp:
            return moves
        if data is None:
            data = {**assignee, "deadline": (local_date(at) + DEADLINE_DAYS * DAY).isoformat()}
        moves.append((action, stage, at, note, data))
        at += timedelta(hours=hours)
    if rater is not None and at < stamp and rng.random() < 0.7:
        moves.append(("evaluate", "evaluated", at, "处理及时", {"stars": rng.choice((3, 4, 4, 5, 5))}))
    return moves


def _keepers(session: Session) -> dict[int, tuple[int, str]]:
    return {segment: (household, name) for segment, household, name in session.execute(
        select(Custody.segment_id, Household.id, Household.head_name)
        .join(Household, Household.id == Custody.household_id)
        .where(Custody.end_date.is_(None), Custody.role == "primary"))}


def _write(session: Session, actor: Actor, pending: list[tuple[dict, list]]) -> int:
    """Insert the problems in their order, so they get the ids one insert each would give, then
    their steps; returns how many steps. A merge names the problem it goes into by its place in
    `pending` until the ids are known."""
    table = Problem.__table__
    ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                          [problem for problem, _ in pending]).scalars().all()
    rows = []
    for problem_id, (problem, moves) in zip(ids, pending):
        rows.append({"problem_id": problem_id, "action": "report", "stage": "found",
                     "user_name": problem["user_name"], "household_id": problem["household_id"],
                     "note": problem["note"], "data": {"check": problem["check_id"]},
                     "at": problem["found_at"]})
        for action, stage, at, note, data in moves:
            by_household = action == "evaluate"
            if "into" in data:
                data["into"] = ids[data["into"]]
            rows.append({"problem_id": problem_id, "action": action, "stage": stage,
                         "user_name": "（演示住户）" if by_household else actor.name,
                         "household_id": data.pop("by", None) if by_household else None,
                         "note": note, "data": data, "at": at})
    session.execute(insert(ProblemStep.__table__), rows)
    return len(rows)


def _problem(segment_id: int, category: str, point: tuple[float, float], check_id: int | None,
             household_id: int | None, user: str, found_at: datetime, stamp: datetime) -> dict:
    return {"segment_id": segment_id, "category": category, "lon": point[0], "lat": point[1],
            "note": NOTES[category], "check_id": check_id, "household_id": household_id,
            "user_name": user, "found_at": found_at, "created_at": stamp}


def _accounts(session: Session, actor: Actor, pending: list, keepers, stamp: datetime) -> None:
    """A problem for the demo custodian to handle and one to rate; one for the resident to rate."""
    ids = {name: household for name, household in session.execute(
        select(User.username, User.household_id))}
    first, second, third = showcase(session)
    segments = {code: id_ for code, id_ in session.execute(
        select(Segment.code, Segment.id).where(Segment.code.in_((first, second, third)),
                                               Segment.retired_at.is_(None)))}
    keeper, name = keepers[segments[first]]
    day = local_date(stamp)
    assignee = {"assignee": name, "assignee_household_id": keeper}
    cases = [(first, "rubbish", None, 3, ["screen", "assign"]),
             (second, "blockage", None, 12, ["screen", "assign", "handle", "accept"]),
             (third, "other", ids.get("resident"), 9, ["screen", "assign", "handle", "accept"])]
    for code, category, household, age, actions in cases:
        found = stamp - age * DAY
        moves = []
        for index, action in enumerate(actions):
            data = {**assignee, "deadline": (day + 4 * DAY).isoformat()} if action == "assign" else {}
            if action == "assign" and code == third:
                data = {"assignee": OFFICE, "assignee_household_id": None,
                        "deadline": (day - 2 * DAY).isoformat()}
            moves.append((action, rules.MOVES[action][1], found + (index + 1) * 12 * timedelta(
                hours=1), "已处理" if action == "handle" else "", data))
        point = midpoint(session.get(Segment, segments[code]))
        pending.append((_problem(segments[code], category, point, None, household,
                                 "resident" if household else actor.name, found, stamp), moves))


def _midpoints(session: Session, segment_ids: set[int]) -> dict[int, tuple[float, float]]:
    """segment id -> its midpoint, read in a few queries rather than one per segment."""
    found = {}
    for chunk in chunked(sorted(segment_ids)):
        for row in session.execute(select(Segment.id, Segment.geom).where(Segment.id.in_(chunk))):
            found[row.id] = midpoint(row)
    return found


def seed_problems(session: Session, actor: Actor) -> None:
    rng, stamp = random.Random(SEED), now() - timedelta(minutes=20)
    keepers = _keepers(session)
    checks = session.execute(select(Check.id, Check.segment_id, Check.household_id, Check.at,
                                    Check.problems, Check.user_name).order_by(Check.at)).all()
    segments = _midpoints(session, {c.segment_id for c in checks if c.problems})
    pending: list[tuple[dict, list]] = []  # (problem, its moves), in the order of their ids
    open_on: dict[int, int] = {}  # segment id -> its open problem's place in `pending`
    for check_id, segment_id, household_id, at, answers, user in checks:
        for category in (answers or {}).values():
            keeper, keeper_name = keepers.get(segment_id, (None, ""))
            rater = household_id or keeper
            moves = _steps(rng, at, category, keeper, keeper_name, rater, stamp,
                           open_on.get(segment_id))
            for move in moves:
                if move[0] == "evaluate":
                    move[4]["by"] = rater
            pending.append((_problem(segment_id, category, segments[segment_id], check_id,
                                     household_id, user, at, stamp), moves))
            if not moves or moves[-1][1] in rules.OPEN_STAGES:
                open_on[segment_id] = len(pending) - 1
    _accounts(session, actor, pending, keepers, stamp)
    steps = _write(session, actor, pending)
    session.expire_all()
    record(session, actor, "demo.problems", "problems", None, after={"steps": steps})
    escalate_overdue(session, actor)
