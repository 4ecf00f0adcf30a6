"""Problems from discovery to evaluation (发现→甄别→交办→办理→督办→评价): report one, move it
along, escalate the overdue ones. The rules (stages, who moves what, duty, escalation) are in
watershed.domain.problems; this module enforces them and keeps every move as a new step, with an
audit row. What problems there are and their figures: watershed.services.problems.figures.
"""

from dataclasses import dataclass
from datetime import date

import shapely
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from watershed.catalogue import Phrase
from watershed.domain import problems as rules
from watershed.domain.checks import CATEGORIES, ON_SITE_DISTANCE_M, distance_to_line_m
from watershed.domain.localtime import local_date
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import entry, record, record_all
from watershed.services.common.clashes import locked
from watershed.services.common.clock import now, today as basin_today
from watershed.services.custody.custody import live_segment
from watershed.services.common.numbers import RECORD_ID, whole
from watershed.services.common.photos import exif_facts, photo_faults, store_photo
from watershed.services.common.transaction import writes
from watershed.store.tables import (Custody, Group, Household, Problem, ProblemPhoto, ProblemStep,
                                    Segment, Village)

MAX_NOTE = 1000
MAX_NAME = 100
MAX_PHOTOS = 9
MAX_POINT_DISTANCE_M = 500.0  # a reported point farther than this from its segment is a mistake


def find_problem(session: Session, problem_id, *, lock: bool = False) -> Problem:
    """The problem with this number, with its steps; `lock` holds its row until the transaction
    ends (services.common.clashes), so two staff cannot both move it from the same stage."""
    read = locked if lock else Session.get
    problem = read(session, Problem, problem_id, options=[selectinload(Problem.steps)]) \
        if isinstance(problem_id, int) and not isinstance(problem_id, bool) else None
    if problem is None:
        raise NotFound("problem.unknown", id=problem_id)
    return problem


def domain_steps(problem: Problem) -> list[rules.Step]:
    return [rules.Step(s.action, s.stage, s.at, local_date(s.at), s.data or {})
            for s in problem.steps]


def standing_of(problem: Problem) -> rules.Standing:
    return rules.standing(domain_steps(problem))


def primary_keeper(session: Session, segment_id: int) -> int | None:
    return session.scalar(select(Custody.household_id).where(
        Custody.segment_id == segment_id, Custody.end_date.is_(None), Custody.role == "primary"))


def rater_of(session: Session, problem: Problem) -> int | None:
    """The household that rates the resolution: the reporter's, else the segment's keeper's."""
    return problem.household_id or primary_keeper(session, problem.segment_id)


def household_of(actor: Actor) -> int:
    if actor.household_id is None:
        raise PermissionDenied("check.no_household", who=actor.name)
    return actor.household_id


def _note(note: str, key: str = "problem.note_too_long") -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InputError(key, length=len(note), maximum=MAX_NOTE)
    return note


def _checked_photos(photos) -> list[tuple[str, bytes]]:
    photos = list(photos or ())
    if len(photos) > MAX_PHOTOS:
        raise InputError("problem.too_many_photos", count=len(photos), maximum=MAX_PHOTOS)
    found = photo_faults(photos)
    if found:
        raise InputError(found[0].key, problems=found, **found[0].params)
    return photos


def _may(session: Session, actor: Actor, problem: Problem, action: str) -> rules.Standing:
    """Refuse a move the rules do not allow this actor on this problem now."""
    if actor.role not in rules.MOVES[action][2]:
        require_role(actor, *rules.MOVES[action][2], action=f"action.problem.{action}")
    current = standing_of(problem)
    household = actor.household_id
    reason = rules.refusal(
        action, actor.role, current.stage,
        is_assignee=household is not None and household == current.assignee_household_id,
        is_rater=household is not None and household == rater_of(session, problem))
    if reason == "stage":
        if action == "evaluate" and current.stage == "evaluated":
            raise Conflict("problem.already_rated", id=problem.id)
        raise Conflict("problem.wrong_stage", id=problem.id,
                       stage=Phrase(f"problem.stage.{current.stage}"),
                       action=Phrase(f"action.problem.{action}"))
    if reason == "not_assignee":
        household_of(actor)
        raise PermissionDenied("problem.not_assignee", id=problem.id,
                               assignee=current.assignee or "—")
    if reason == "not_rater":
        household_of(actor)
        raise PermissionDenied("problem.not_rater", id=problem.id)
    return current


def _step(session: Session, actor: Actor, problem: Problem, action: str, note: str = "",
          data: dict | None = None, photos=(), folder=None, stage: str | None = None,
          at=None) -> ProblemStep:
    stage = stage or rules.MOVES[action][1]
    step = ProblemStep(problem_id=problem.id, action=action, stage=stage, user_name=actor.name,
                       household_id=actor.household_id, note=note, data=data or {},
                       at=at or now())
    for name, content in photos:
        kept = store_photo(content, folder, name=name)
        if kept.sha256 not in {p.sha256 for p in step.photos}:
            step.photos.append(ProblemPhoto(sha256=kept.sha256, path=kept.path,
                                            filename=(name or "")[:255]))
    session.add(step)
    problem.steps.append(step)
    session.flush()
    record(session, actor, f"problem.{action}", "problem", problem.id,
           after={"stage": stage, "note": note, **(data or {}),
                  "photos": [p.sha256 for p in step.photos]})
    return step


def _new_problem(session: Session, actor: Actor, segment: Segment, category: str, note: str,
                 point: tuple[float, float], household_id: int | None, at, check_id=None,
                 photos=(), folder=None, photo_rows=()) -> Problem:
    problem = Problem(segment_id=segment.id, category=category, lon=round(point[0], 7),
                      lat=round(point[1], 7), note=note, check_id=check_id,
                      household_id=household_id, user_name=actor.name, found_at=at,
                      created_at=now())
    session.add(problem)
    session.flush()
    step = _step(session, actor, problem, "report", note,
                 {"segment": segment.code, "category": category, "check": check_id},
                 photos, folder, stage="found", at=at)
    for row in photo_rows:  # a check's photos are the problem's too: the same stored files
        step.photos.append(ProblemPhoto(sha256=row.sha256, path=row.path, filename=row.filename))
    return problem


def midpoint(segment: Segment) -> tuple[float, float]:
    point = shapely.line_interpolate_point(segment.geom, 0.5, normalized=True)
    return point.x, point.y


def _point(segment: Segment, lon, lat, photos) -> tuple[float, float]:
    """The given point (checked to lie near the segment), else the first photo's position near
    it, else the segment's midpoint."""
    if lon is not None or lat is not None:
        if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InputError("problem.bad_point", lon=lon, lat=lat)
        distance = distance_to_line_m(segment.geom, shapely.Point(lon, lat))
        if distance > MAX_POINT_DISTANCE_M:
            raise InputError("problem.point_far", segment=segment.code, metres=round(distance),
                             maximum=round(MAX_POINT_DISTANCE_M))
        return lon, lat
    for _, data in photos:
        facts = exif_facts(data)
        if facts.lon is not None and distance_to_line_m(
                segment.geom, shapely.Point(facts.lon, facts.lat)) <= MAX_POINT_DISTANCE_M:
            return facts.lon, facts.lat
    return midpoint(segment)


@writes
def report_problem(session: Session, actor: Actor, segment_code: str, category: str,
                   note: str = "", photos=(), *, lon: float | None = None,
                   lat: float | None = None, photo_folder=None) -> Problem:
    """Report a problem on a segment (staff, custodians, residents): a category, a note, photos,
    and a point (given, else a photo's position, else the segment's midpoint)."""
    require_role(actor, *rules.REPORTERS, action="action.problem.report")
    household_id = None if actor.role == "staff" else household_of(actor)
    segment = live_segment(session, segment_code)
    if category not in CATEGORIES:
        raise InputError("problem.bad_category", category=category)
    note = _note(note)
    photos = _checked_photos(photos)
    point = _point(segment, lon, lat, photos)
    return _new_problem(session, actor, segment, category, note, point, household_id, now(),
                        photos=photos, folder=photo_folder)


def problems_from_check(session: Session, actor: Actor, check, segment: Segment) -> list[Problem]:
    """A problem for each `problem` answer of a check just recorded (in its transaction): the
    check's segment, category and note; the point of an on-site photo, else the midpoint."""
    if not check.problems:
        return []  # and the segment's geometry is not read (see custody.kept_segment)
    point = midpoint(segment)
    if check.on_site:
        near = [p for p in check.photos if p.lon is not None and p.distance_m is not None
                and p.distance_m <= ON_SITE_DISTANCE_M]
        if near:
            point = (near[0].lon, near[0].lat)
    return [_new_problem(session, actor, segment, category, check.note, point,
                         check.household_id, check.at, check_id=check.id,
                         photo_rows=check.photos)
            for category in check.problems.values()]


@writes
def screen(session: Session, actor: Actor, problem_id: int, note: str = "") -> ProblemStep:
    """甄别: staff confirm a found problem is real and not a duplicate."""
    problem = find_problem(session, problem_id, lock=True)
    _may(session, actor, problem, "screen")
    return _step(session, actor, problem, "screen", _note(note))


@writes
def dismiss(session: Session, actor: Actor, problem_id: int, reason: str) -> ProblemStep:
    """End a problem at screening as not one (a reason is required)."""
    problem = find_problem(session, problem_id, lock=True)
    _may(session, actor, problem, "dismiss")
    reason = _note(reason)
    if not reason:
        raise InputError("problem.reason_required", id=problem.id)
    return _step(session, actor, problem, "dismiss", reason)


@writes
def merge(session: Session, actor: Actor, problem_id: int, into,
          note: str = "") -> ProblemStep:
    """End a duplicate at screening, linked to the open problem it repeats (`into`: its number,
    as typed or as a number)."""
    problem = find_problem(session, problem_id, lock=True)
    _may(session, actor, problem, "merge")
    target = find_problem(session, whole(into, "field.problem_id", RECORD_ID))
    if target.id == problem.id:
        raise InputError("problem.merge_self", id=problem.id)
    stage = standing_of(target).stage
    if stage not in rules.OPEN_STAGES:
        raise Conflict("problem.merge_closed", id=problem.id, into=target.id,
                       stage=Phrase(f"problem.stage.{stage}"))
    return _step(session, actor, problem, "merge", _note(note), {"into": target.id})


def _deadline(deadline: date | None, today: date | None) -> date:
    today = today or basin_today()
    fault = rules.deadline_fault(deadline, today)
    if fault:
        raise InputError(f"problem.deadline_{fault}",
                         deadline=deadline.isoformat() if deadline else "", today=today.isoformat())
    return deadline


@writes
def assign(session: Session, actor: Actor, problem_id: int, deadline: date, *, assignee: str = "",
           household_code: str | None = None, note: str = "",
           today: date | None = None) -> ProblemStep:
    """交办: name who is responsible (a person or unit; or a household by its code, which may
    then record the handling itself) and a deadline no earlier than today."""
    problem = find_problem(session, problem_id, lock=True)
    _may(session, actor, problem, "assign")
    household = None
    if household_code:
        household = session.scalars(select(Household).where(
            Household.code == household_code.strip())).first()
        if household is None:
            raise NotFound("household.unknown", code=household_code)
    assignee = (assignee or "").strip() or (household.head_name if household else "")
    if not assignee or len(assignee) > MAX_NAME:
        raise InputError("problem.bad_assignee", maximum=MAX_NAME)
    deadline = _deadline(deadline, today)
    return _step(session, actor, problem, "assign", _note(note), {
        "assignee": assignee, "assignee_household_id": household.id if household else None,
        "assignee_household": household.code if household else None,
        "deadline": deadline.isoformat()})


@writes
def handle(session: Session, actor: Actor, problem_id: int, note: str, photos=(),
           photo_folder=None) -> ProblemStep:
    """办理: what was done, with photos; by the assigned household, or staff on its behalf."""
    problem = find_problem(session, problem_id, lock=True)
    _may(session, actor, problem, "handle")
    note = _note(note)
    if not note:
        raise InputError("problem.handling_note_required", id=problem.id)
    return _step(session, actor, problem, "handle", note, {}, _checked_photos(photos),
                 photo_folder)


@writes
def accept(session: Session, actor: Actor, problem_id: int, note: str = "") -> ProblemStep:
    """督办: staff accept the handling; the problem is closed and waits for its rating."""
    problem = find_problem(session, problem_id, lock=True)
    _may(session, actor, problem, "accept")
    return _step(session, actor, problem, "accept", _note(note))


@writes
def send_back(session: Session, actor: Actor, problem_id: int, deadline: date, reason: str, *,
              today: date | None = None) -> ProblemStep:
    """督办: staff find the handling not good enough: back to the assignee, a new deadline."""
    problem = find_problem(session, problem_id, lock=True)
    current = _may(session, actor, problem, "send_back")
    reason = _note(reason)
    if not reason:
        raise InputError("problem.reason_required", id=problem.id)
    deadline = _deadline(deadline, today)
    return _step(session, actor, problem, "send_back", reason, {
        "assignee": current.assignee, "assignee_household_id": current.assignee_household_id,
        "deadline": deadline.isoformat()})


@writes
def evaluate(session: Session, actor: Actor, problem_id: int, stars,
             comment: str = "") -> ProblemStep:
    """评价: the reporting household (or the segment's custodian) rates the resolution, once,
    with 1 to 5 stars."""
    problem = find_problem(session, problem_id, lock=True)
    _may(session, actor, problem, "evaluate")
    stars = whole(stars, "field.stars", rules.STARS)
    return _step(session, actor, problem, "evaluate", _note(comment), {"stars": stars})


@dataclass(frozen=True)
class Escalation:
    problem_id: int
    segment_code: str
    level: int
    to: str  # one of rules.ESCALATION_TARGETS
    whom: str  # the assignee, or the villager group, or "" for the street office
    days_overdue: int


def _group_of(session: Session, problem: Problem, current: rules.Standing,
              known: dict) -> str:
    """The villager group whose leader hears of a level-2 escalation: the assignee household's,
    else the segment's keeper's; '' when neither is known. `known` caches household -> group."""
    household_id = current.assignee_household_id or primary_keeper(session, problem.segment_id)
    if household_id is None:
        return ""
    if household_id not in known:
        row = session.execute(
            select(Village.name, Group.name).join(Group, Group.village_id == Village.id)
            .join(Household, Household.group_id == Group.id).where(Household.id == household_id)
        ).first()
        known[household_id] = f"{row[0]} {row[1]}" if row else ""
    return known[household_id]


@writes
def escalate_overdue(session: Session, actor: Actor, today: date | None = None) -> list[Escalation]:
    """Record an escalation step for every new level an overdue problem has reached (none twice;
    safe to run every day, e.g. from cron as `watershed problems escalate`)."""
    require_role(actor, "staff", action="action.problem.escalate")
    today = today or basin_today()
    assigned = session.scalars(
        select(Problem).options(selectinload(Problem.steps))
        .where(Problem.id.in_(select(ProblemStep.problem_id).where(ProblemStep.action == "assign")))
        .order_by(Problem.id).with_for_update()).all()  # two runs at once record a level once
    done, steps, entries, moment, groups = [], [], [], now(), {}
    for problem in assigned:
        current = standing_of(problem)
        levels = rules.new_levels(current, today)
        if not levels:
            continue
        code = session.get(Segment, problem.segment_id).code
        for level in levels:
            to = rules.ESCALATION_TARGETS[level - 1]
            whom = current.assignee if to == "responsible" else _group_of(
                session, problem, current, groups) if to == "group_leader" else ""
            late = rules.days_overdue(current.deadline, today)
            data = {"level": level, "to": to, "whom": whom, "days_overdue": late,
                    "deadline": current.deadline.isoformat(), "day": today.isoformat()}
            steps.append({"problem_id": problem.id, "action": "escalate", "stage": current.stage,
                          "user_name": actor.name, "household_id": actor.household_id,
                          "note": "", "data": data, "at": moment})
            entries.append(entry(actor, "problem.escalate", "problem", problem.id,
                                 after={"stage": current.stage, **data}, at=moment))
            done.append(Escalation(problem.id, code, level, to, whom, late))
    if steps:  # in bulk: the first run over a large backlog writes thousands of steps
        session.execute(insert(ProblemStep), steps)
        record_all(session, entries)
        session.expire_all()
    return done
