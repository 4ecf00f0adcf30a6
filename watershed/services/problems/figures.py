"""What problems there are: the staff queue with its filters and figures, one problem's steps, a
household's own problems, the "upkeep problems" per household, and the problems on the map.

Staff and the leadership read everything; a custodian or resident reads the problems their
household reported, is asked to rate, or is assigned to handle.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from watershed.catalogue import text
from watershed.domain import problems as rules
from watershed.domain.geodesy import local_metres
from watershed.domain.localtime import local_date
from watershed.errors import InputError, PermissionDenied
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.clock import today as basin_today
from watershed.services.problems.problems import find_problem, household_of, rater_of, standing_of
from watershed.services.common.transaction import reads
from watershed.services.geometry.network import labelled
from watershed.store.tables import (Channel, Custody, Group, Household, Problem, ProblemStep,
                                    Segment, Village)


@dataclass(frozen=True)
class ProblemLine:
    id: int
    segment_code: str
    channel_name: str
    village: str
    category: str
    duty: str  # office | custodian
    stage: str
    found_on: date  # Beijing day
    reporter: str  # the reporting household's head, else the account that reported it
    note: str
    assignee: str
    deadline: date | None
    days_overdue: int  # 0 unless assigned and past the deadline
    level: int  # escalation level recorded (0-3)
    escalated_to: str  # the target of the highest level recorded: rules.ESCALATION_TARGETS
    escalated_whom: str
    stars: int | None
    merged_into: int | None
    lon: float
    lat: float
    can_rate: bool = False  # the asking household rates this one (my_problems only)
    can_handle: bool = False  # the asking household is assigned to handle it (my_problems only)


def escalation_phrase(level: int, to: str | None, whom: str | None, lang: str | None = None) -> str:
    """How far a problem went up and to whom: '2 级 · 报村民小组长（梅槐社区 一组）'."""
    return text("problems.escalation", lang, level=level,
                to=text(f"problem.target.{to}", lang, whom=whom or "—"))


def _load(session: Session, where=True):
    """(the problems meeting `where`, newest first, problem id -> its steps as rules.Step, oldest
    first), read as columns: a district has thousands of problems, too many to load as objects.
    A problem's row has its columns (id, category, user_name, note, lon, lat, household_id,
    segment_id) and segment_code, channel, village and head_name (the reporting household's)."""
    def chosen(*columns):
        return (select(*columns)
                .join(Segment, Problem.segment_id == Segment.id)
                .join(Channel, Segment.channel_id == Channel.id)
                .outerjoin(Village, Segment.village_id == Village.id)
                .outerjoin(Household, Problem.household_id == Household.id)
                .where(where))
    rows = session.execute(chosen(
        Problem.id, Problem.category, Problem.user_name, Problem.note, Problem.lon, Problem.lat,
        Problem.household_id, Problem.segment_id, Segment.code.label("segment_code"),
        Channel.name.label("channel"), Village.name.label("village"), Household.head_name)
        .order_by(Problem.found_at.desc(), Problem.id.desc())).all()
    steps = defaultdict(list)
    for problem_id, action, stage, at, data in session.execute(
            select(ProblemStep.problem_id, ProblemStep.action, ProblemStep.stage, ProblemStep.at,
                   ProblemStep.data)
            .where(ProblemStep.problem_id.in_(chosen(Problem.id))).order_by(ProblemStep.id)):
        steps[problem_id].append(rules.Step(action, stage, at, local_date(at), data or {}))
    return rows, steps


def _line(problem, steps: list[rules.Step], today: date) -> ProblemLine:
    current = rules.standing(steps)
    escalations = [s for s in steps if s.action == "escalate"]
    last = escalations[-1].data if escalations and current.level else {}
    return ProblemLine(
        problem.id, problem.segment_code, problem.channel or "", problem.village or "",
        problem.category, rules.duty(problem.category), current.stage, current.found_on,
        problem.head_name or problem.user_name, problem.note, current.assignee, current.deadline,
        rules.days_overdue(current.deadline, today) if current.overdue(today) else 0,
        current.level, last.get("to", ""), last.get("whom", ""), current.stars,
        current.merged_into, problem.lon, problem.lat)


def stages():
    """(problem_id, stage) of every problem: the stage its latest step left it in, as
    rules.standing folds it, found in the database so no problem or step is loaded to count."""
    latest = (select(ProblemStep.problem_id, func.max(ProblemStep.id).label("step_id"))
              .group_by(ProblemStep.problem_id).subquery())
    return (select(latest.c.problem_id, ProblemStep.stage)
            .join(ProblemStep, ProblemStep.id == latest.c.step_id).subquery())


def _stage(stage: str | None) -> None:
    if stage is not None and stage not in rules.ALL_STAGES:
        raise InputError("problem.bad_stage", stage=stage, choices=", ".join(rules.ALL_STAGES))


def may_view_problems(actor: Actor) -> None:
    """Refuse anyone but staff and the leadership the problem queue and its figures."""
    require_role(actor, "staff", "leader", action="action.problem.view")


@reads
def problem_queue(session: Session, actor: Actor, *, stage: str | None = None,
                  category: str | None = None, village: str | None = None,
                  overdue: bool = False, today: date | None = None) -> list[ProblemLine]:
    """Every problem, newest first, filtered by stage, category, village name, overdue."""
    may_view_problems(actor)
    return narrowed(basin_queue(session, today), stage=stage, category=category,
                    village=village, overdue=overdue)


@reads
def basin_queue(session: Session, today: date | None = None) -> list[ProblemLine]:
    """Every problem, newest first, without asking who wants them: the same for every viewer,
    so 问题台账 shares it across sessions (ui.wiring.shared) once may_view_problems has let the
    viewer in, and narrows it on each run: a filter changed is not a reason to read it again."""
    today = today or basin_today()
    rows, steps = _load(session)
    return [_line(row, steps[row.id], today) for row in rows]


def narrowed(lines: list[ProblemLine], *, stage: str | None = None, category: str | None = None,
             village: str | None = None, overdue: bool = False) -> list[ProblemLine]:
    """The lines at `stage`, of `category`, in the village named `village`, overdue (None or
    False: any)."""
    _stage(stage)
    return [line for line in lines
            if (not stage or line.stage == stage) and (not category or line.category == category)
            and (not village or line.village == village)
            and (not overdue or line.days_overdue > 0)]


def _custodies(session: Session, segments=True) -> dict[int, list[tuple[int, date, date | None]]]:
    found = defaultdict(list)
    for segment_id, household, start, end in session.execute(
            select(Custody.segment_id, Custody.household_id, Custody.start_date, Custody.end_date)
            .where(Custody.role == "primary", segments).order_by(Custody.start_date)):
        found[segment_id].append((household, start, end))
    return found


def upkeep_counts(session: Session, household: int | None = None) -> Counter:
    """household id -> its upkeep problems: custodian-duty problems found on a segment while it
    was the segment's primary custodian, not dismissed or merged. Office-duty problems never
    count (watershed.domain.problems). With `household`, its count alone, from its segments."""
    kept = select(Custody.segment_id).where(Custody.household_id == household,
                                            Custody.role == "primary")
    ours = lambda segment: True if household is None else segment.in_(kept)  # noqa: E731
    custodies = _custodies(session, ours(Custody.segment_id))
    counts: Counter = Counter()
    now = stages()
    for segment_id, found_at in session.execute(
            select(Problem.segment_id, Problem.found_at).join(now, now.c.problem_id == Problem.id)
            .where(Problem.category.in_(rules.CUSTODIAN_DUTY), now.c.stage.not_in(rules.ENDS),
                   ours(Problem.segment_id))):
        keeper = rules.keeper_on(custodies.get(segment_id, []), local_date(found_at))
        if keeper is not None:
            counts[keeper] += 1
    return counts


@dataclass(frozen=True)
class UpkeepLine:
    household_code: str
    head_name: str
    village: str
    upkeep_problems: int


@dataclass(frozen=True)
class ProblemFigures:
    today: date
    total: int
    open_by_stage: dict[str, int]  # found, screened, assigned, handled
    overdue: int
    by_level: dict[int, int]  # overdue problems by the escalation level recorded (0-3)
    median_days: dict[str, float | None]  # category -> median days from found to closed
    closed: dict[str, int]  # category -> problems closed
    upkeep: list[UpkeepLine] = field(default_factory=list)  # the most upkeep problems first


def _standings(session: Session, stage: str) -> list[rules.Standing]:
    """The standings of the problems now at `stage`, from their steps read as columns."""
    now = stages()
    steps = defaultdict(list)
    for problem_id, action, left, at, data in session.execute(
            select(ProblemStep.problem_id, ProblemStep.action, ProblemStep.stage, ProblemStep.at,
                   ProblemStep.data).join(now, now.c.problem_id == ProblemStep.problem_id)
            .where(now.c.stage == stage).order_by(ProblemStep.id)):
        steps[problem_id].append(rules.Step(action, left, at, local_date(at), data or {}))
    return [rules.standing(mine) for mine in steps.values()]


def _closed(session: Session):
    """(category, when found, when its handling was last accepted) of every closed problem: the
    first step and the latest accept step, as rules.standing takes them."""
    first = (select(ProblemStep.problem_id, func.min(ProblemStep.id).label("step_id"))
             .group_by(ProblemStep.problem_id).subquery())
    accepted = (select(ProblemStep.problem_id, func.max(ProblemStep.id).label("step_id"))
                .where(ProblemStep.action == "accept").group_by(ProblemStep.problem_id)
                .subquery())
    found, closed = aliased(ProblemStep), aliased(ProblemStep)
    return session.execute(
        select(Problem.category, found.at, closed.at)
        .join(first, first.c.problem_id == Problem.id)
        .join(found, found.id == first.c.step_id)
        .join(accepted, accepted.c.problem_id == Problem.id)
        .join(closed, closed.id == accepted.c.step_id)).all()


@reads
def problem_figures(session: Session, actor: Actor, today: date | None = None,
                    top: int = 10) -> ProblemFigures:
    """Open problems by stage, the overdue ones, the median days to close per category (found
    to the day staff accepted the handling) and the households with the most upkeep problems."""
    may_view_problems(actor)
    return basin_figures(session, today, top)


@reads
def basin_figures(session: Session, today: date | None = None, top: int = 10) -> ProblemFigures:
    """problem_figures without asking who wants them: the same for every viewer, so a page
    shares them (ui.wiring.shared) once may_view_problems has let the viewer in."""
    today = today or basin_today()
    now = stages()
    by_stage = dict(session.execute(select(now.c.stage, func.count()).group_by(now.c.stage)).all())
    # Only an assigned problem can be overdue: fold the steps of those alone.
    overdue = [s for s in _standings(session, "assigned") if s.overdue(today)]
    days = defaultdict(list)
    for category, found_at, closed_at in _closed(session):
        days[category].append(rules.days_to_close(local_date(found_at), local_date(closed_at)))
    counts = upkeep_counts(session)
    leaders = counts.most_common(top)
    rows = {row[0]: row for row in session.execute(
        select(Household.id, Household.code, Household.head_name, Village.name)
        .join(Group, Household.group_id == Group.id).join(Village, Group.village_id == Village.id)
        .where(Household.id.in_([h for h, _ in leaders])))} if leaders else {}
    return ProblemFigures(
        today, sum(by_stage.values()),
        {stage: by_stage.get(stage, 0) for stage in rules.OPEN_STAGES},
        len(overdue), dict(sorted(Counter(s.level for s in overdue).items())),
        {c: rules.median_days(days[c]) for c in sorted(days)},
        {c: len(days[c]) for c in sorted(days)},
        [UpkeepLine(rows[h][1], rows[h][2], rows[h][3] or "", n) for h, n in leaders if h in rows])


@dataclass(frozen=True)
class StepLine:
    at: datetime  # UTC
    action: str
    stage: str
    user_name: str
    note: str
    data: dict
    photos: list[str]  # paths relative to the photo folder


@dataclass(frozen=True)
class MyProblems:
    reported: list[ProblemLine]  # by my household, newest first
    to_rate: list[ProblemLine]  # supervised, mine to rate
    to_handle: list[ProblemLine]  # assigned to my household
    upkeep_problems: int


def _mine(session: Session, actor: Actor) -> int:
    require_role(actor, "custodian", "resident", action="action.problem.mine")
    return household_of(actor)


@reads
def my_problems(session: Session, actor: Actor, today: date | None = None) -> MyProblems:
    """A household's problems: reported by it, waiting for its rating, assigned to it; and its
    upkeep-problem count."""
    household = _mine(session, actor)
    today = today or basin_today()
    kept = select(Custody.segment_id).where(Custody.household_id == household)
    # Handed to this household (the latest hand-over decides below), not all ever assigned.
    assigned = select(ProblemStep.problem_id).where(
        ProblemStep.action.in_(("assign", "send_back")),
        ProblemStep.data["assignee_household_id"].as_integer() == household)
    rows, steps = _load(session, (Problem.household_id == household)
                        | Problem.segment_id.in_(kept) | Problem.id.in_(assigned))
    reported, to_rate, to_handle = [], [], []
    for problem in rows:
        line = _line(problem, steps[problem.id], today)
        # rater_of reads only the reporting household and the segment, which the row has.
        rate = line.stage == "supervised" and rater_of(session, problem) == household
        act = (line.stage == "assigned"
               and rules.standing(steps[problem.id]).assignee_household_id == household)
        line = ProblemLine(**{**line.__dict__, "can_rate": rate, "can_handle": act})
        if problem.household_id == household:
            reported.append(line)
        if rate:
            to_rate.append(line)
        if act:
            to_handle.append(line)
    return MyProblems(reported, to_rate, to_handle, upkeep_counts(session, household)[household])


@reads
def problem_steps(session: Session, actor: Actor, problem_id: int) -> list[StepLine]:
    """The steps of one problem, oldest first (staff, the leadership, and the households it
    concerns: the reporter, the rater, the assignee)."""
    problem = find_problem(session, problem_id)
    if actor.role not in ("staff", "leader"):
        household = _mine(session, actor)
        if household not in (problem.household_id, rater_of(session, problem),
                             standing_of(problem).assignee_household_id):
            raise PermissionDenied("problem.not_yours", id=problem.id)
    steps = session.scalars(select(ProblemStep).options(selectinload(ProblemStep.photos))
                            .where(ProblemStep.problem_id == problem.id)
                            .order_by(ProblemStep.id)).all()
    return [StepLine(s.at, s.action, s.stage, s.user_name, s.note, dict(s.data or {}),
                     [p.path for p in s.photos]) for s in steps]


@reads
def report_segments(session: Session, actor: Actor, near: tuple[float, float] | None = None
                    ) -> list[tuple[str, str, float | None]]:
    """(code, channel, metres away) of the segments a household may report on: the ones it
    keeps, then the rest of its village's; staff get every segment in service. With `near`
    (lon, lat: where the person stands, or the middle of their map) the nearest come first, with
    roughly how far their middle is; else the distance is None. The channel is named as every
    page names it (network.labelled)."""
    require_role(actor, "staff", "custodian", "resident", action="action.problem.report")
    query = (select(Segment.code, Channel.code, Channel.name, Segment.id, Segment.minx,
                    Segment.miny, Segment.maxx, Segment.maxy)
             .join(Channel, Segment.channel_id == Channel.id)
             .where(Segment.retired_at.is_(None)).order_by(Segment.code))
    kept: set[int] = set()
    if actor.role != "staff":
        household = _mine(session, actor)
        kept = set(session.scalars(select(Custody.segment_id).where(
            Custody.household_id == household, Custody.end_date.is_(None))))
        village = session.scalar(select(Group.village_id)
                                 .join(Household, Household.group_id == Group.id)
                                 .where(Household.id == household))
        query = query.where(Segment.id.in_(kept) | (Segment.village_id == village))
    rows = [(code, labelled(channel, name), _metres(near, minx, miny, maxx, maxy), id_)
            for code, channel, name, id_, minx, miny, maxx, maxy in session.execute(query)]
    if near is not None:
        rows.sort(key=lambda row: (row[2], row[0]))
    else:
        rows.sort(key=lambda row: (row[3] not in kept, row[0]))
    return [(code, channel, metres) for code, channel, metres, _ in rows]


def _metres(near: tuple[float, float] | None, minx: float, miny: float, maxx: float,
            maxy: float) -> float | None:
    """About how far the middle of a bounding box lies from `near`, in metres."""
    if near is None:
        return None
    east, north = local_metres((minx + maxx) / 2, (miny + maxy) / 2, *near)
    return float(math.hypot(east, north))


@dataclass(frozen=True)
class ProblemOnMap:
    id: int
    stage: str
    category: str
    segment_code: str
    lon: float
    lat: float


@reads
def problems_in_view(session: Session, bbox=None, *, limit: int = 2000) -> list[ProblemOnMap]:
    """The problems (not dismissed or merged) whose point lies in bbox (minx, miny, maxx, maxy;
    None: all), newest first, at most `limit`. For the leadership's map."""
    now = stages()
    query = (select(Problem.id, now.c.stage, Problem.category, Segment.code, Problem.lon,
                    Problem.lat)
             .join(now, now.c.problem_id == Problem.id)
             .join(Segment, Problem.segment_id == Segment.id)
             .where(now.c.stage.not_in(rules.ENDS))
             .order_by(Problem.id.desc()).limit(limit))
    if bbox is not None:
        minx, miny, maxx, maxy = bbox
        query = query.where(Problem.lon.between(minx, maxx), Problem.lat.between(miny, maxy))
    return [ProblemOnMap(*row) for row in session.execute(query)]
