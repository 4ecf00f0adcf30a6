"""Today's work (今日待办): what waits for a person when they open the app, most urgent first.

Staff get the street office's list (`staff_today`), a custodian and a resident what waits for
their own household (`custodian_today`, `resident_today`). Each task names the page that deals
with it by its url path (as watershed.ui.main.PAGES registers it) and the query parameters that
open it there, so that a page can link to it without importing the other page; its items (a
problem, a work, a village, a segment) likewise. Everything is read through the parts' own
services, at the product clock's day in Beijing.

How urgent, for the office (STAFF_ORDER), and why:
1. Problems past their deadline, by escalation level (watershed.domain.problems), highest first:
   at level 3 (8 days late) the street office itself must take them up, at level 2 (4 days) the
   villager group's leader has been told, at level 1 the responsible has been reminded. Within
   a level, the latest first. The level is the one due today (days past the deadline), whether
   or not `watershed problems escalate` has recorded it yet.
2. Problems waiting for a staff move, in the order of the loop: new reports to screen (发现),
   screened ones to assign, handled ones to supervise (督办); each the longest waiting first.
3. Dredging works done and waiting for acceptance (验收): the campaign's figures count only
   accepted work as finished.
4. Custodians whose checks are late, by village, the village with the most first: one call to a
   village reaches them all.
5. Segments nobody keeps, in the register's order.
For a household (HOUSEHOLD_ORDER): problems assigned to it (a deadline runs), checks due today
or late, resolutions waiting for its stars, then the open round's segments not yet rated.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from watershed.catalogue import text
from watershed.domain import problems as problem_rules
from watershed.errors import NotFound
from watershed.services.campaign.figures import campaign_figures
from watershed.services.geometry.network import labelled
from watershed.services.checks.checks import my_segments, overdue_custodians
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.clock import today as basin_today
from watershed.services.common.transaction import reads
from watershed.services.evaluation.ratings import my_offers
from watershed.services.places.registers import segment_table
from watershed.services.problems.figures import my_problems, problem_queue

LEVELS = (3, 2, 1)  # escalation levels, most urgent first
STAGE_MOVES = (("found", "screen"), ("screened", "assign"), ("handled", "supervise"))
STAFF_ORDER = (*(f"overdue_{level}" for level in LEVELS), *(kind for _, kind in STAGE_MOVES),
               "works", "custodians", "open")
HOUSEHOLD_ORDER = ("handle", "checks", "rate_problems", "rate")


@dataclass(frozen=True)
class Item:
    """One thing to do: a problem, a work, a village's late custodians, a segment."""

    key: str  # the problem's number, the segment's code, the village's name
    label: str
    page: str  # url path of the page that deals with it
    query: dict[str, str]  # what opens it there


@dataclass(frozen=True)
class Task:
    """One row of the list: a kind of work, how many, the page that lists them all."""

    kind: str  # one of STAFF_ORDER or HOUSEHOLD_ORDER
    count: int
    label: str
    page: str
    query: dict[str, str]  # what opens the page on these (a filter, or the most urgent item)
    items: list[Item] = field(default_factory=list)  # most urgent first


def _day(value: date, lang: str | None) -> str:
    return text("ui.custodian.date", lang, year=value.year, month=value.month, day=value.day)


def _late_days(level: int) -> dict[str, int]:
    """The days past the deadline at which a problem reaches `level` (`days`), and the last day
    it stays there (`until`; the last level has none)."""
    days = problem_rules.ESCALATION_DAYS
    return {"days": days[level - 1], "until": days[level] - 1 if level < len(days) else 0}


def _problem_item(line, lang: str | None, key: str, days: int) -> Item:
    return Item(str(line.id), text(key, lang, id=line.id, segment=line.segment_code,
                                   category=text(f"check.category.{line.category}", lang),
                                   days=days),
                "problems", {"problem": str(line.id)})


def _problem_tasks(session: Session, actor: Actor, today: date, lang: str | None) -> list[Task]:
    lines = problem_queue(session, actor, today=today)
    tasks = []
    for level in LEVELS:
        late = sorted((line for line in lines if line.stage == "assigned"
                       and problem_rules.escalation_level(line.deadline, today) == level),
                      key=lambda line: (-line.days_overdue, line.id))
        if late:
            tasks.append(Task(f"overdue_{level}", len(late),
                              text(f"today.overdue_{level}", lang, count=len(late),
                                   **_late_days(level)),
                              "problems", {"overdue": "1"},
                              [_problem_item(line, lang, "today.item.problem_late",
                                             line.days_overdue) for line in late]))
    for stage, kind in STAGE_MOVES:
        waiting = sorted((line for line in lines if line.stage == stage),
                         key=lambda line: (line.found_on, line.id))
        if waiting:
            tasks.append(Task(kind, len(waiting), text(f"today.{kind}", lang, count=len(waiting)),
                              "problems", {"stage": stage},
                              [_problem_item(line, lang, "today.item.problem_waiting",
                                             (today - line.found_on).days) for line in waiting]))
    return tasks


def _works_task(session: Session, actor: Actor, today: date, lang: str | None) -> list[Task]:
    try:
        figures = campaign_figures(session, actor, as_of=today)
    except NotFound:  # no campaign
        return []
    done = [work for work in figures.works if work.status == "done"]
    if not done:
        return []
    return [Task("works", len(done), text("today.works", lang, count=len(done)), "works",
                 {"status": "done"},
                 [Item(work.code, text("today.item.work", lang, code=work.code,
                                       village=work.village or "—"),
                       "works", {"code": work.code}) for work in done])]


def _custodians_task(session: Session, actor: Actor, today: date, lang: str | None) -> list[Task]:
    households, segments = defaultdict(set), defaultdict(int)
    for line in overdue_custodians(session, actor, today=today):
        households[line.village].add(line.household_code)
        segments[line.village] += 1
    if not households:
        return []
    villages = sorted(households, key=lambda name: (-len(households[name]), name))
    items = [Item(name, text("today.item.village", lang,
                             village=name or text("today.no_village", lang),
                             households=len(households[name]), segments=segments[name]),
                  "checks", {"village": name} if name else {}) for name in villages]
    count = len(set().union(*households.values()))
    return [Task("custodians", count, text("today.custodians", lang, count=count,
                                           villages=len(villages)),
                 "checks", {}, items)]


def _open_task(session: Session, actor: Actor, lang: str | None) -> list[Task]:
    frame = segment_table(session, actor, only_open=True)
    if frame.empty:
        return []
    return [Task("open", len(frame), text("today.open", lang, count=len(frame)), "segments",
                 {"open": "1"},
                 [Item(row.code, text("today.item.segment", lang, code=row.code,
                                      village=row.village or "—"),
                       "segments", {"code": row.code}) for row in frame.itertuples()])]


@reads
def staff_today(session: Session, actor: Actor, today: date | None = None, *,
                lang: str | None = None) -> list[Task]:
    """What needs someone at the street office today, most urgent first (STAFF_ORDER); a kind
    with nothing to do is left out. `lang` is the language of the labels."""
    require_role(actor, "staff", action="action.today.office")
    today = today or basin_today()
    return (_problem_tasks(session, actor, today, lang) + _works_task(session, actor, today, lang)
            + _custodians_task(session, actor, today, lang) + _open_task(session, actor, lang))


def _checks_task(session: Session, actor: Actor, today: date, lang: str | None) -> list[Task]:
    due = sorted((s for s in my_segments(session, actor, today=today)
                  if s.next_due is None or s.next_due <= today),
                 key=lambda s: (s.next_due or date.min, s.code))
    if not due:
        return []
    items = [Item(s.code, text("today.item.check", lang, code=s.code,
                               channel=labelled(s.channel_code, s.channel_name),
                               date=_day(s.next_due, lang) if s.next_due else "—"),
                  "submit_check", {"segment": s.code}) for s in due]
    return [Task("checks", len(due), text("today.checks", lang, count=len(due)), "submit_check",
                 items[0].query, items)]


def _household_problem_tasks(session: Session, actor: Actor, today: date,
                             lang: str | None) -> dict[str, list[Task]]:
    mine = my_problems(session, actor, today=today)
    tasks = {}
    for kind, lines in (("handle", mine.to_handle), ("rate_problems", mine.to_rate)):
        items = [Item(str(line.id), text("problems.pick_label", lang, id=line.id,
                                         segment=line.segment_code,
                                         category=text(f"check.category.{line.category}", lang)),
                      "report_problem", {}) for line in lines]
        tasks[kind] = [Task(kind, len(lines), text(f"today.{kind}", lang, count=len(lines)),
                            "report_problem", {}, items)] if lines else []
    return tasks


def _rating_task(session: Session, actor: Actor, today: date, lang: str | None) -> list[Task]:
    evaluation, offers = my_offers(session, actor)
    if evaluation is None or not evaluation.start_date <= today <= evaluation.end_date:
        return []  # no round, or one that takes no rating today
    left = [offer for offer in offers if offer.stars is None]
    if not left:
        return []
    return [Task("rate", len(left), text("today.rate", lang, count=len(left),
                                         end=_day(evaluation.end_date, lang)), "rate", {},
                 [Item(offer.segment_code, text("today.item.segment", lang,
                                                code=offer.segment_code,
                                                village=offer.village or "—"), "rate", {})
                  for offer in left])]


def _household_today(session: Session, actor: Actor, today: date | None,
                     lang: str | None) -> list[Task]:
    today = today or basin_today()
    problems = _household_problem_tasks(session, actor, today, lang)
    checks = _checks_task(session, actor, today, lang) if actor.role == "custodian" else []
    return (problems["handle"] + checks + problems["rate_problems"]
            + _rating_task(session, actor, today, lang))


@reads
def custodian_today(session: Session, actor: Actor, today: date | None = None, *,
                    lang: str | None = None) -> list[Task]:
    """What waits for a custodian's household (HOUSEHOLD_ORDER): problems to handle, checks due
    today or late (the most overdue segment opens with the task), resolutions to rate, segments
    to rate in the open round."""
    require_role(actor, "custodian", action="action.today.household")
    return _household_today(session, actor, today, lang)


@reads
def resident_today(session: Session, actor: Actor, today: date | None = None, *,
                   lang: str | None = None) -> list[Task]:
    """What waits for a resident's household: as custodian_today, without checks."""
    require_role(actor, "resident", action="action.today.household")
    return _household_today(session, actor, today, lang)
