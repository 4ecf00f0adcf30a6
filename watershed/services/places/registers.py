"""The registers the street office works from: segments with their keepers, households with what
they keep, and the figures of the campaign with the segments behind each figure.

Read-only, for staff and leaders. Each register is one query joined in the database (never a
query per row; the geometry is never loaded) and comes back as a pandas DataFrame a page can show
as it is; the pages read the long ones a page at a time (`*_page`, services.common.paging) and
the whole of one only as a spreadsheet (`export_*`). Measured on a basin of 78,230 segments
(SQLite, a busy 2-core machine): the whole segment register in about 1.6 s, a filtered one in
0.05-0.5 s, the dashboard in 1.2-1.9 s.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from watershed.domain.localtime import day_start, local_date, stamp
from watershed.catalogue import text
from watershed.domain import checks as rules
from watershed.domain.checks import DIMENSIONS
from watershed.services.common.actors import Actor, require_role
from watershed.services.checks.checks import read_interval
from watershed.services.common.clock import today as basin_today
from watershed.services.common.paging import PAGE_SIZE, Page, page_of_query, write_sheet
from watershed.services.common.transaction import reads
from watershed.store.tables import (Basin, Channel, Check, Custody, Group, Household, Segment,
                                    Village)

ROLES = ("staff", "leader")
ACTION = "action.view_registers"
SEGMENT_COLUMNS = ("code", "channel", "village", "length_m", "custodian_code", "custodian_name",
                   "group", "since")
HOUSEHOLD_COLUMNS = ("code", "head_name", "group", "village", "phone", "members", "segments")
OPEN_COLUMNS = ("code", "channel", "village", "length_m")
DUE_COLUMNS = ("code", "channel", "village", "custodian_code", "custodian_name", "phone",
               "last_check", "due")
PROBLEM_COLUMNS = ("at", "code", "village", "custodian_code", "custodian_name", "problems", "note")
PROBLEM_DAYS = 30
LISTS = ("open", "due", "overdue", "problems")  # the lists behind the figures, in page order


def _with_keeper(query):
    """`query` (of segments) joined to each segment's current primary custody, its household
    and villager group, if any: the custody's partial index answers each lookup."""
    return (
        query.outerjoin(Custody, and_(Custody.segment_id == Segment.id, Custody.end_date.is_(None),
                                      Custody.role == "primary"))
        .outerjoin(Household, Custody.household_id == Household.id)
        .outerjoin(Group, Household.group_id == Group.id)
    )


def _channel_label():
    return case((Channel.name != "", Channel.name), else_=Channel.code)


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records([tuple(row) for row in rows], columns=list(columns))


def _segment_query(channel: str | None = None, village: str | None = None,
                   group: str | None = None, custodian: str | None = None,
                   only_open: bool = False):
    query = _with_keeper(
        select(Segment.code, _channel_label(), Village.name, Segment.length_m,
               Household.code, Household.head_name, Group.name, Custody.start_date)
        .join(Channel, Segment.channel_id == Channel.id)
        .outerjoin(Village, Segment.village_id == Village.id)
    ).where(Segment.retired_at.is_(None)).order_by(Segment.channel_id, Segment.seq, Segment.id)
    if channel:
        query = query.where(Channel.code == channel)
    if village:
        query = query.where(Village.name == village)
    if group:
        query = query.where(Group.name == group)
    if custodian and custodian.strip():
        piece = custodian.strip()
        query = query.where(or_(Household.code.icontains(piece, autoescape=True),
                                Household.head_name.icontains(piece, autoescape=True)))
    if only_open:
        query = query.where(Custody.id.is_(None))
    return query


def _segment_row(row) -> tuple:
    code, channel, village, length, *keeper = row
    return (code, channel, village, round(length, 1), *keeper)


def _segment_frame(session: Session, query) -> pd.DataFrame:
    return _frame(map(_segment_row, session.connection().execute(query)), SEGMENT_COLUMNS)


@reads
def segment_table(session: Session, actor: Actor, *, channel: str | None = None,
                  village: str | None = None, group: str | None = None,
                  custodian: str | None = None, only_open: bool = False) -> pd.DataFrame:
    """The segments in service with their current primary custodian, channel by channel (in the
    order they were imported), each upstream to downstream.

    `channel` is a channel code, `village` a village name, `group` the name of the custodian's
    villager group, `custodian` a piece of the custodian's household code or head's name;
    `only_open` keeps the segments nobody keeps. Columns: SEGMENT_COLUMNS (`since` is the day the
    custody began; custodian columns are empty for an open segment)."""
    require_role(actor, *ROLES, action=ACTION)
    return _segment_frame(session, _segment_query(channel, village, group, custodian, only_open))


@reads
def segment_page(session: Session, actor: Actor, number: int = 1, size: int = PAGE_SIZE,
                 **filters) -> Page:
    """Page `number` of segment_table (the same filters, order and columns) and the count of
    every segment the filters keep."""
    require_role(actor, *ROLES, action=ACTION)
    return page_of_query(session, _segment_query(**filters), number, size,
                         lambda query: _segment_frame(session, query))


@reads
def segment_codes(session: Session, actor: Actor, **filters) -> set[str]:
    """The codes of the segments segment_table lists with these filters (for the map)."""
    require_role(actor, *ROLES, action=ACTION)
    query = _segment_query(**filters).with_only_columns(Segment.code).order_by(None)
    return set(session.scalars(query))


@reads
def export_segments(session: Session, actor: Actor, path, *, lang: str | None = None,
                    **filters) -> int:
    """Write every row of segment_table (these filters) to an .xlsx file; returns the count."""
    require_role(actor, *ROLES, action=ACTION)
    rows = session.execute(_segment_query(**filters).execution_options(yield_per=2000))
    return write_sheet(path, SEGMENT_COLUMNS, map(_segment_row, rows), lang=lang,
                       sheet=text("staff.sheet.segments", lang))


@dataclass(frozen=True)
class FilterOptions:
    channels: list[tuple[str, str]]  # (code, name), by code
    villages: list[str]
    groups: list[str]  # distinct villager-group names (the same name may occur in two villages)


@reads
def filter_options(session: Session, actor: Actor, village: str | None = None) -> FilterOptions:
    """What the register filters offer: every village and villager-group name, and every channel
    or, given a village, the channels with a segment in it (a district has tens of thousands)."""
    require_role(actor, *ROLES, action=ACTION)
    channels = select(Channel.code, Channel.name).order_by(Channel.code)
    if village:
        channels = channels.where(Channel.id.in_(
            select(Segment.channel_id).join(Village, Segment.village_id == Village.id)
            .where(Village.name == village, Segment.retired_at.is_(None))))
    return FilterOptions(
        channels=[tuple(row) for row in session.execute(channels)],
        villages=list(session.scalars(select(Village.name).order_by(Village.name))),
        groups=list(session.scalars(select(Group.name).distinct().order_by(Group.name))),
    )


def _household_query(search: str = ""):
    kept = (
        select(Custody.household_id, func.count().label("count"))
        .join(Segment, Custody.segment_id == Segment.id)
        .where(Custody.end_date.is_(None), Segment.retired_at.is_(None))
        .group_by(Custody.household_id)
        .subquery()
    )
    query = (
        select(Household.code, Household.head_name, Group.name, Village.name, Household.phone,
               Household.members, func.coalesce(kept.c.count, 0))
        .join(Group, Household.group_id == Group.id)
        .join(Village, Group.village_id == Village.id)
        .outerjoin(kept, kept.c.household_id == Household.id)
        .order_by(Household.code)  # unique
    )
    piece = (search or "").strip()
    if piece:
        query = query.where(or_(Household.code.icontains(piece, autoescape=True),
                                Household.head_name.icontains(piece, autoescape=True),
                                Household.phone.contains(piece, autoescape=True)))
    return query


@reads
def household_table(session: Session, actor: Actor, search: str = "",
                    limit: int = 500) -> pd.DataFrame:
    """Households by code, at most `limit`; `search` matches a piece of the code, the head's name
    or the phone number. `segments` counts the segments in service the household keeps now (as
    primary custodian or deputy). Columns: HOUSEHOLD_COLUMNS."""
    require_role(actor, *ROLES, action=ACTION)
    query = _household_query(search).limit(max(1, int(limit)))
    return _frame(session.execute(query), HOUSEHOLD_COLUMNS)


@reads
def household_page(session: Session, actor: Actor, search: str = "", number: int = 1,
                   size: int = PAGE_SIZE) -> Page:
    """Page `number` of the households `search` finds (as household_table), and their count."""
    require_role(actor, *ROLES, action=ACTION)
    return page_of_query(session, _household_query(search), number, size,
                         lambda query: _frame(session.execute(query), HOUSEHOLD_COLUMNS))


@reads
def export_households(session: Session, actor: Actor, path, search: str = "", *,
                      lang: str | None = None) -> int:
    """Write every household `search` finds to an .xlsx file; returns the count."""
    require_role(actor, *ROLES, action=ACTION)
    rows = session.execute(_household_query(search).execution_options(yield_per=2000))
    return write_sheet(path, HOUSEHOLD_COLUMNS, rows, lang=lang,
                       sheet=text("staff.sheet.households", lang))


@dataclass(frozen=True)
class Figures:
    basin: str | None  # None: nothing imported yet
    synthetic: bool
    segments: int
    km: float
    in_custody: float  # the share (0 to 1) of segments with a current primary custodian
    due_this_week: int  # kept segments whose next check falls due today or in the 6 days after
    overdue: int  # kept segments whose check is late
    problems: int  # checks reporting a problem in the last PROBLEM_DAYS days
    lists: dict[str, pd.DataFrame] = field(default_factory=dict)  # LISTS -> the rows behind


def _problem_text(problems: dict, lang: str | None) -> str:
    return "; ".join(f"{text(f'check.dimension.{d}', lang)}: {text(f'check.category.{c}', lang)}"
                     for d, c in problems.items())


def _problem_checks(session: Session, since: date, lang: str | None) -> pd.DataFrame:
    rows = session.execute(
        select(Check.at, Segment.code, Village.name, Household.code, Household.head_name,
               Check.problems, Check.note)
        .join(Segment, Check.segment_id == Segment.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .outerjoin(Household, Check.household_id == Household.id)
        .where(Check.at >= day_start(since),
               or_(*(getattr(Check, d) == "problem" for d in DIMENSIONS)))
        .order_by(Check.at.desc(), Check.id.desc())
    )
    return _frame(((stamp(at), code, village or "", household or "", head or "",
                    _problem_text(problems or {}, lang), note)
                   for at, code, village, household, head, problems, note in rows),
                  PROBLEM_COLUMNS)


@reads
def dashboard_figures(session: Session, actor: Actor, interval_days: int = rules.DEFAULT_INTERVAL_DAYS,
                      today: date | None = None, *, lang: str | None = None) -> Figures:
    """The campaign at a glance and, in `lists`, the rows behind each figure: "open" (segments
    with no custodian), "due" (rules.is_due_this_week), "overdue" (late, as in
    checks.overdue_custodians) and "problems" (the checks with a problem over the last 30 days,
    newest first). Due and late follow watershed.domain.checks; `lang` is the language of the
    problem descriptions."""
    require_role(actor, *ROLES, action=ACTION)
    interval_days, today = read_interval(interval_days), today or basin_today()
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    last = select(Check.segment_id, func.max(Check.at).label("at")).group_by(Check.segment_id).subquery()
    rows = session.connection().execute(
        _with_keeper(
            select(Segment.code, _channel_label(), Village.name, Segment.length_m, Household.code,
                   Household.head_name, Household.phone, Custody.start_date, last.c.at)
            .join(Channel, Segment.channel_id == Channel.id)
            .outerjoin(Village, Segment.village_id == Village.id)
        ).outerjoin(last, last.c.segment_id == Segment.id)
        .where(Segment.retired_at.is_(None))
        .order_by(Segment.channel_id, Segment.seq)
    ).all()
    open_rows, due_rows, late_rows, metres = [], [], [], 0.0
    for code, channel, village, length, household, head, phone, since, last_at in rows:
        metres += length
        if household is None:
            open_rows.append((code, channel, village or "", round(length, 1)))
            continue
        checked = local_date(last_at) if last_at else None
        due = rules.next_due(checked, interval_days, since=since)
        line = (code, channel, village or "", household, head, phone or "", checked, due)
        if rules.is_overdue(due, today):
            late_rows.append(line)
        elif rules.is_due_this_week(due, today):
            due_rows.append(line)
    by_due = lambda line: (line[7] or date.min, line[0])  # noqa: E731
    problems = _problem_checks(session, today - timedelta(days=PROBLEM_DAYS - 1), lang)
    return Figures(
        basin=basin.name if basin else None, synthetic=bool(basin and basin.synthetic),
        segments=len(rows), km=round(metres / 1000, 3),
        in_custody=(len(rows) - len(open_rows)) / len(rows) if rows else 0.0,
        due_this_week=len(due_rows), overdue=len(late_rows), problems=len(problems),
        lists={"open": _frame(open_rows, OPEN_COLUMNS),
               "due": _frame(sorted(due_rows, key=by_due), DUE_COLUMNS),
               "overdue": _frame(sorted(late_rows, key=by_due), DUE_COLUMNS),
               "problems": problems},
    )
