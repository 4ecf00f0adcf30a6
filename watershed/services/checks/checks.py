"""Custodian checks (巡查): submit one, see my segments and when they are due, the history, who is
late, and a spreadsheet of it all.

A custodian checks the segments their household keeps (as primary or deputy, now); staff may
record a check for any segment, on behalf of its custodian. A check is never edited: a mistake is
put right by the next check.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import shapely
import xlsxwriter
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from watershed.geo.writing import TEXT_ONLY
from watershed.domain.localtime import day_start, local_date, stamp
from watershed.catalogue import Phrase, text
from watershed.domain import checks as rules
from watershed.domain.checks import DIMENSIONS
from watershed.errors import InputError, PermissionDenied
from watershed.services.common.actors import Actor, display_names, require_role, shown_name
from watershed.services.common.audit import record
from watershed.services.common.clock import now, today as basin_today
from watershed.services.custody.custody import kept_segment
from watershed.services.common.numbers import whole
from watershed.services.common.paging import PAGE_SIZE, Page, page_of_query
from watershed.services.common.photos import exif_facts, photo_faults, store_photo
from watershed.services.problems.problems import problems_from_check
from watershed.services.common.transaction import reads, writes
from watershed.services.geometry.network import labelled
from watershed.store.batches import chunked
from watershed.store.tables import (Channel, Check, CheckPhoto, Custody, Household, Segment,
                                    Village)

MAX_NOTE = 1000
MAX_PHOTOS = 9
CLOCK_SLACK = timedelta(minutes=5)  # a phone a little ahead of the server is not "the future"


def utc_naive(moment: datetime) -> datetime:
    """A zone-aware time as naive UTC (how times are stored); a naive one is taken as UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _household_of(actor: Actor) -> int:
    if actor.household_id is None:
        raise PermissionDenied("check.no_household", who=actor.name)
    return actor.household_id


def _answer_errors(answers: dict[str, str], problems: dict[str, str], note: str) -> list[InputError]:
    label = lambda dimension: Phrase(f"check.dimension.{dimension}")  # noqa: E731
    found = []
    for fault in rules.answer_faults(answers, problems):
        if fault.kind == "unknown_dimension":
            found.append(InputError("check.unknown_dimension", dimension=fault.dimension))
        elif fault.kind == "bad_answer":
            found.append(InputError("check.bad_answer", dimension=label(fault.dimension),
                                    answer=fault.value))
        elif fault.kind == "bad_category":
            found.append(InputError("check.bad_category", dimension=label(fault.dimension),
                                    category=fault.value))
        else:  # missing_answer, no_category
            found.append(InputError(f"check.{fault.kind}", dimension=label(fault.dimension)))
    if len(note) > MAX_NOTE:
        found.append(InputError("check.note_too_long", length=len(note), maximum=MAX_NOTE))
    return found


@writes
def submit_check(session: Session, actor: Actor, segment_code: str, answers: dict[str, str],
                 problems: dict[str, str], note: str = "", photos=(), at: datetime | None = None,
                 photo_folder=None) -> Check:
    """Record a check of a segment. `answers` maps each of DIMENSIONS to good|problem, `problems`
    each dimension answered problem to one of CATEGORIES (others are ignored); `photos` holds
    (file name, bytes) pairs. Returns the Check with its `photos` loaded."""
    require_role(actor, "custodian", "staff", action="action.check")
    segment, primary, keepers = kept_segment(session, segment_code)
    household_id = _household_of(actor) if actor.role == "custodian" else primary
    if actor.role == "custodian" and household_id not in keepers:
        raise PermissionDenied("check.not_your_segment", segment=segment.code)
    note = (note or "").strip()
    found = _answer_errors(answers, problems or {}, note)
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        found.append(InputError("check.too_many_photos", count=len(photos), maximum=MAX_PHOTOS))
    moment = now()
    at = moment if at is None else utc_naive(at)
    if at > moment + CLOCK_SLACK:
        found.append(InputError("check.in_future", at=stamp(at)))
    found += photo_faults(photos)
    if found:
        raise InputError(found[0].key, problems=found, **found[0].params)

    check = Check(segment_id=segment.id, household_id=household_id, user_name=actor.name, at=at,
                  **{d: answers[d] for d in DIMENSIONS},
                  problems=rules.problem_categories(answers, problems or {}), note=note,
                  created_at=moment)
    check.photos, check.on_site = _photos(session, segment, at, photos, photo_folder)
    session.add(check)
    session.flush()
    record(session, actor, "check.submit", "check", check.id, after={
        "segment": segment.code, "household_id": household_id, "at": at.isoformat(),
        "answers": {d: answers[d] for d in DIMENSIONS}, "problems": check.problems,
        "note": note, "on_site": check.on_site,
        "photos": [[p.sha256, p.reused] for p in check.photos],
    })
    problems_from_check(session, actor, check, segment)  # every problem answer enters the loop
    return check


def _photos(session: Session, segment: Segment, at: datetime, photos,
            folder) -> tuple[list[CheckPhoto], bool | None]:
    """The photo rows of a check, and what they prove: on site (True), elsewhere or at another
    time (False), or nothing, for want of a position (None)."""
    stored, verdicts = [], []
    for name, data in photos:
        kept = store_photo(data, folder, name=name)
        if kept.sha256 in {p.sha256 for p in stored}:
            continue  # the same picture twice in one check counts once
        facts = exif_facts(data)
        photo = CheckPhoto(sha256=kept.sha256, path=kept.path, filename=(name or "")[:255],
                           taken_at=facts.taken_at, lon=facts.lon, lat=facts.lat)
        if facts.lon is not None:
            on_site, distance = rules.is_on_site(
                segment.geom, shapely.Point(facts.lon, facts.lat), facts.taken_at, at)
            photo.distance_m = round(distance, 1)
            verdicts.append(on_site)
        stored.append(photo)
    seen_before = set(session.scalars(
        select(CheckPhoto.sha256).where(CheckPhoto.sha256.in_([p.sha256 for p in stored]))
    )) if stored else set()
    for photo in stored:
        photo.reused = photo.sha256 in seen_before
    return stored, (any(verdicts) if verdicts else None)


def read_interval(interval_days) -> int:
    """The days between checks, as typed or as a number, within rules.INTERVAL_DAYS."""
    return whole(interval_days, "field.interval_days", rules.INTERVAL_DAYS)


def last_checks(session: Session, segment_ids) -> dict[int, date]:
    """segment id -> Beijing date of its latest check, by anyone (segments never checked absent).
    Asked in chunks: a district keeps 78,000 segments, more than a statement may bind (65,535
    parameters on PostgreSQL)."""
    last = {}
    for chunk in chunked(list(segment_ids)):
        last.update((segment_id, local_date(at)) for segment_id, at in session.execute(
            select(Check.segment_id, func.max(Check.at))
            .where(Check.segment_id.in_(chunk)).group_by(Check.segment_id)))
    return last


@dataclass(frozen=True)
class MySegment:
    code: str
    channel_code: str
    channel_name: str
    length_m: float
    role: str  # primary | deputy
    since: date  # the custody's start
    last_check: date | None  # the segment's latest check, by anyone (Beijing date)
    next_due: date | None
    overdue: bool
    geometry: object  # shapely LineString, EPSG:4326


@reads
def my_segments(session: Session, actor: Actor, interval_days: int = rules.DEFAULT_INTERVAL_DAYS,
                today: date | None = None) -> list[MySegment]:
    """The segments the actor's household keeps now, with when each was last checked and is due."""
    require_role(actor, "custodian", action="action.my_segments")
    household_id = _household_of(actor)
    interval_days, today = read_interval(interval_days), today or basin_today()
    rows = session.execute(
        select(Custody.role, Custody.start_date, Segment, Channel.code, Channel.name)
        .join(Segment, Custody.segment_id == Segment.id)
        .join(Channel, Segment.channel_id == Channel.id)
        .where(Custody.household_id == household_id, Custody.end_date.is_(None),
               Segment.retired_at.is_(None))
        .order_by(Segment.code)
    ).all()
    last = last_checks(session, [row[2].id for row in rows])
    mine = []
    for role, start, segment, channel_code, channel_name in rows:
        due = rules.next_due(last.get(segment.id), interval_days, since=start)
        mine.append(MySegment(segment.code, channel_code, channel_name, segment.length_m, role,
                              start, last.get(segment.id), due, rules.is_overdue(due, today),
                              segment.geom))
    return mine


@dataclass(frozen=True)
class PhotoLine:
    path: str  # relative to the photo folder: see services.photos.photo_path
    filename: str
    reused: bool
    taken_at: datetime | None
    distance_m: float | None


@dataclass(frozen=True)
class CheckLine:
    id: int
    at: datetime  # UTC
    segment_code: str
    channel_name: str
    village: str
    household_code: str  # "" when staff checked a segment nobody keeps
    head_name: str
    user_name: str
    answers: dict[str, str]  # {dimension: good|problem}, in the order of DIMENSIONS
    problems: dict[str, str]  # {dimension: category}
    note: str
    on_site: bool | None
    photos: list[PhotoLine] = field(default_factory=list)

    @property
    def has_problem(self) -> bool:
        return bool(self.problems)


def _check_filters(actor: Actor, segment_code: str | None = None, village: str | None = None,
                   date_from: date | None = None, date_to: date | None = None,
                   only_problems: bool = False) -> list:
    """Conditions on `checks` alone for what the actor may see and the filters keep: a page counts
    by them without the joins that only name things (0.7 s a page turn at 100x through them)."""
    require_role(actor, "custodian", "staff", "leader", action="action.view_checks")
    if date_from and date_to and date_from > date_to:
        raise InputError("check.bad_dates", start=date_from.isoformat(), end=date_to.isoformat())
    conditions = []
    if actor.role == "custodian":
        conditions.append(Check.household_id == _household_of(actor))
    if segment_code:
        conditions.append(Check.segment_id.in_(select(Segment.id)
                                               .where(Segment.code == segment_code)))
    if village:
        conditions.append(Check.segment_id.in_(
            select(Segment.id).join(Village, Segment.village_id == Village.id)
            .where(Village.name == village)))
    if date_from:
        conditions.append(Check.at >= day_start(date_from))
    if date_to:
        conditions.append(Check.at < day_start(date_to + timedelta(days=1)))
    if only_problems:
        conditions.append(or_(*(getattr(Check, d) == "problem" for d in DIMENSIONS)))
    return conditions


def _check_query(conditions: list):
    """The checks meeting `conditions`, newest first (the id breaks ties: pages never overlap)."""
    return (select(Check, Segment.code, Channel.name, Village.name, Household.code,
                   Household.head_name)
            .join(Segment, Check.segment_id == Segment.id)
            .join(Channel, Segment.channel_id == Channel.id)
            .outerjoin(Village, Segment.village_id == Village.id)
            .outerjoin(Household, Check.household_id == Household.id)
            .where(*conditions).order_by(Check.at.desc(), Check.id.desc()))


def _lines(session: Session, query) -> list[CheckLine]:
    return [
        CheckLine(c.id, c.at, code, channel, village_name or "", household or "", head or "",
                  c.user_name, {d: getattr(c, d) for d in DIMENSIONS}, dict(c.problems), c.note,
                  c.on_site, [PhotoLine(p.path, p.filename, p.reused, p.taken_at, p.distance_m)
                              for p in c.photos])
        for c, code, channel, village_name, household, head in
        session.execute(query.options(selectinload(Check.photos))).all()
    ]


@reads
def check_history(session: Session, actor: Actor, limit: int | None = 50, *,
                  segment_code: str | None = None, village: str | None = None,
                  date_from: date | None = None, date_to: date | None = None,
                  only_problems: bool = False) -> list[CheckLine]:
    """Checks, newest first: a custodian sees their household's, staff and leaders see all.
    Dates are inclusive Beijing days; `village` is a village's name."""
    query = _check_query(_check_filters(actor, segment_code, village, date_from, date_to,
                                        only_problems))
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InputError("check.bad_limit", limit=limit)
    return _lines(session, query.limit(limit))


@reads
def check_page(session: Session, actor: Actor, number: int = 1, size: int = PAGE_SIZE,
               **filters) -> Page:
    """Page `number` of check_history (same filters and order) and the count the filters keep."""
    conditions = _check_filters(actor, **filters)
    return page_of_query(session, _check_query(conditions), number, size,
                         lambda query: _lines(session, query),
                         count=select(func.count()).select_from(Check).where(*conditions))


@dataclass(frozen=True)
class OverdueLine:
    segment_code: str
    channel: str  # code and name, as every page names a channel (network.labelled)
    village: str
    household_code: str
    head_name: str
    phone: str
    since: date  # the custody's start
    last_check: date | None
    days_since_check: int | None  # None: never checked
    due: date


@reads
def overdue_custodians(session: Session, actor: Actor,
                       interval_days: int = rules.DEFAULT_INTERVAL_DAYS,
                       today: date | None = None, *,
                       village: str | None = None) -> list[OverdueLine]:
    """Current primary custodians whose segment has gone unchecked for longer than the interval
    (counted from the later of the last check and the custody's start), the latest first;
    `village` (a village's name) keeps that village's segments."""
    require_role(actor, "staff", "leader", action="action.view_checks")
    interval_days, today = read_interval(interval_days), today or basin_today()
    query = (
        select(Segment.id, Segment.code, Channel.code, Channel.name, Village.name,
               Household.code, Household.head_name, Household.phone, Custody.start_date)
        .join(Segment, Custody.segment_id == Segment.id)
        .join(Channel, Segment.channel_id == Channel.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .join(Household, Custody.household_id == Household.id)
        .where(Custody.end_date.is_(None), Custody.role == "primary", Segment.retired_at.is_(None))
    )
    rows = session.execute(query.where(Village.name == village) if village else query).all()
    last = last_checks(session, [row[0] for row in rows])
    late = []
    for segment_id, code, channel, name, village, household, head, phone, start in rows:
        checked = last.get(segment_id)
        due = rules.next_due(checked, interval_days, since=start)
        if rules.is_overdue(due, today):
            late.append(OverdueLine(code, labelled(channel, name), village or "", household, head,
                                    phone or "", start, checked,
                                    (today - checked).days if checked else None, due))
    return sorted(late, key=lambda line: (line.due, line.segment_code))


def _cell(line: CheckLine, dimension: str, lang: str | None) -> str:
    answer = text(f"check.answer.{line.answers[dimension]}", lang)
    category = line.problems.get(dimension)
    return f"{answer}: {text(f'check.category.{category}', lang)}" if category else answer


def _on_site(value: bool | None, lang: str | None) -> str:
    return text({True: "check.on_site.yes", False: "check.on_site.no",
                 None: "check.on_site.unknown"}[value], lang)


def _row(line: CheckLine, lang: str | None, names: dict[str, str]) -> list:
    return [stamp(line.at), line.segment_code, line.channel_name,
            line.village, line.household_code, line.head_name,
            shown_name(line.user_name, names, lang),
            *(_cell(line, d, lang) for d in DIMENSIONS), _on_site(line.on_site, lang),
            len(line.photos), sum(p.reused for p in line.photos), line.note]


@reads
def export_checks(session: Session, actor: Actor, path, *, lang: str | None = None,
                  **filters) -> int:
    """Write the checks (filters as for check_history) to an .xlsx file; returns the number of
    rows. Every text is written as text: a note reading =HYPERLINK(...) stays a note (CWE-1236)."""
    require_role(actor, "staff", "leader", action="action.export_checks")
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("export.bad_suffix", file=path.name, suffixes=".xlsx")
    if path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    lines, names = check_history(session, actor, None, **filters), display_names(session)
    headers = [text(f"check.column.{key}", lang) for key in
               ("at", "segment", "channel", "village", "household", "head_name", "recorded_by")]
    headers += [text(f"check.dimension.{d}", lang) for d in DIMENSIONS]
    headers += [text(f"check.column.{key}", lang) for key in
                ("on_site", "photos", "reused_photos", "note")]
    path.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(str(path), TEXT_ONLY) as book:
        sheet = book.add_worksheet(text("check.sheet", lang))
        bold = book.add_format({"bold": True})
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
        for row, line in enumerate(lines, start=1):
            for col, value in enumerate(_row(line, lang, names)):
                if isinstance(value, str):
                    sheet.write_string(row, col, value)
                else:
                    sheet.write_number(row, col, value)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, 0, 17)
        sheet.set_column(len(headers) - 1, len(headers) - 1, 40)
    return len(lines)
