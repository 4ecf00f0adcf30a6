"""Custody: which household keeps which segment, from when to when.

A custody is never erased: it ends (end_date and a reason), and the segment's history lists
every household that kept it. A segment has at most one current primary custodian and at most
one current deputy.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import shapely
from sqlalchemy import Select, and_, bindparam, func, select, update
from sqlalchemy.orm import Session, defer

from watershed.domain import assignment
from watershed.errors import Conflict, InputError, NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import entry, record, record_all
from watershed.services.common.clashes import locking
from watershed.services.common.clock import now, today
from watershed.services.places.basins import current_basin
from watershed.services.common.numbers import amount
from watershed.services.places.villages import LocalFrame, homes, nearest_villages
from watershed.services.common.transaction import reads, writes
from watershed.store.batches import chunked, insert_rows
from watershed.store.tables import Channel, Custody, Household, Segment

CUSTODY_ROLES = ("primary", "deputy")
DEFAULT_MAX_DISTANCE_KM = assignment.DEFAULT_MAX_DISTANCE_M / 1000


def live_segment(session: Session, code: str, *, lock: bool = False) -> Segment:
    """The segment in service with this code; NotFound names the code. `lock` holds it until
    the transaction ends (watershed.services.common.clashes): every change of who keeps a
    segment takes it first, so two such changes of one segment run one after the other."""
    query = select(Segment).where(Segment.code == code, Segment.retired_at.is_(None))
    segment = session.scalars(locking(query) if lock else query).first()
    if segment is None:
        raise NotFound("segment.unknown", code=code)
    return segment


def kept_segment(session: Session, code: str) -> tuple[Segment, int | None, set[int]]:
    """The segment in service with this code (as live_segment finds it), its primary keeper and
    every household keeping it now, read in one query for the writes that need them (a check,
    a rating). NotFound names the code."""
    rows = session.execute(keepers_query(code)).all()
    if not rows:
        raise NotFound("segment.unknown", code=code)
    return segment_and_keepers(rows)


def keepers_query(code: str) -> Select:
    """What kept_segment reads: a row per current custody of the segment in service with this
    code (one with no household if nobody keeps it), the segment first, then the household and
    its role; a write may join more to it and read it in the same round trip. The geometry is
    read only when asked for (a photo's position to compare, a problem to place): most checks
    and every rating need none, and reading and parsing it was a fifth of a check's time on
    PostgreSQL."""
    return (select(Segment, Custody.household_id, Custody.role)
            .outerjoin(Custody, and_(Custody.segment_id == Segment.id, Custody.end_date.is_(None)))
            .where(Segment.code == code, Segment.retired_at.is_(None))
            .options(defer(Segment.geom)))


def segment_and_keepers(rows) -> tuple[Segment, int | None, set[int]]:
    """kept_segment's answer from the rows of keepers_query (at least one)."""
    primary = next((row[1] for row in rows if row[2] == "primary"), None)
    return rows[0][0], primary, {row[1] for row in rows if row[1] is not None}


def _household(session: Session, code: str) -> Household:
    household = session.scalars(select(Household).where(Household.code == code)).first()
    if household is None:
        raise NotFound("custody.no_household", code=code)
    return household


def _current(session: Session, segment_id: int) -> dict[str, Custody]:
    return {
        c.role: c
        for c in session.scalars(
            select(Custody).where(Custody.segment_id == segment_id, Custody.end_date.is_(None))
        )
    }


@writes
def assign(session: Session, actor: Actor, segment_code: str, household_code: str, *,
           role: str = "primary", start: date | None = None) -> Custody:
    """Make a household the primary custodian (or the deputy) of a segment from `start`."""
    require_role(actor, "staff", action="action.assign")
    if role not in CUSTODY_ROLES:
        raise InputError("custody.bad_role", role=role)
    segment = live_segment(session, segment_code, lock=True)
    household = _household(session, household_code)
    current = _current(session, segment.id)
    if role in current:
        holder = session.get(Household, current[role].household_id)
        raise Conflict("custody.taken", segment=segment_code, household=holder.code,
                       name=holder.head_name, since=current[role].start_date.isoformat())
    if any(c.household_id == household.id for c in current.values()):
        raise Conflict("custody.both_roles", segment=segment_code, household=household_code)
    custody = Custody(segment_id=segment.id, household_id=household.id, role=role,
                      start_date=start or today(), end_date=None, end_reason="",
                      created_by=actor.name, created_at=now())
    session.add(custody)
    session.flush()
    record(session, actor, "custody.start", "custody", custody.id,
           after={"segment": segment_code, "household": household_code, "role": role,
                  "start": custody.start_date.isoformat()})
    return custody


@writes
def end_custody(session: Session, actor: Actor, segment_code: str, *, role: str = "primary",
                end: date | None = None, reason: str = "") -> Custody:
    """End the current custody of a segment; the record stays in its history."""
    require_role(actor, "staff", action="action.assign")
    segment = live_segment(session, segment_code, lock=True)
    custody = _current(session, segment.id).get(role)
    if custody is None:
        raise NotFound("custody.none_current", segment=segment_code, role=role)
    end = end or today()
    if end < custody.start_date:
        raise InputError("custody.end_before_start", end=end.isoformat(),
                         start=custody.start_date.isoformat())
    before = {"end_date": None}
    custody.end_date, custody.end_reason = end, reason
    record(session, actor, "custody.end", "custody", custody.id, before=before,
           after={"segment": segment_code, "end_date": end.isoformat(), "reason": reason})
    return custody


@writes
def end_custodies(session: Session, actor: Actor, segment_codes: list[str], *,
                  role: str = "primary", end: date | None = None, reason: str = "") -> int:
    """End the current custody of each of these segments, as `end_custody` does for one, in a few
    queries rather than a few per segment (the demo ends 1,955 at 100 times its size); one audit
    row per custody ended, as there. Returns how many ended."""
    require_role(actor, "staff", action="action.assign")
    end = end or today()
    segments: dict[str, int] = {}
    for chunk in chunked(list(segment_codes)):
        segments.update(session.execute(locking(
            select(Segment.code, Segment.id).where(Segment.code.in_(chunk),
                                                   Segment.retired_at.is_(None)))).all())
    current: dict[int, Custody] = {}
    for chunk in chunked(list(segments.values())):
        current.update((c.segment_id, c) for c in session.scalars(select(Custody).where(
            Custody.segment_id.in_(chunk), Custody.role == role, Custody.end_date.is_(None))))
    entries = []
    for code in segment_codes:
        if code not in segments:
            raise NotFound("segment.unknown", code=code)
        custody = current.get(segments[code])
        if custody is None:
            raise NotFound("custody.none_current", segment=code, role=role)
        if end < custody.start_date:
            raise InputError("custody.end_before_start", end=end.isoformat(),
                             start=custody.start_date.isoformat())
        custody.end_date, custody.end_reason = end, reason
        entries.append(entry(actor, "custody.end", "custody", custody.id,
                             before={"end_date": None},
                             after={"segment": code, "end_date": end.isoformat(), "reason": reason}))
    record_all(session, entries)
    return len(entries)


@writes
def reassign(session: Session, actor: Actor, segment_code: str, household_code: str, *,
             start: date | None = None, reason: str = "") -> Custody:
    """Hand a segment to another household from `start`, in one transaction: the current primary
    custody ends the day before (the same day, if it began that day) with `reason`, and the new
    one begins. A segment nobody keeps is simply assigned."""
    require_role(actor, "staff", action="action.assign")
    start = start or today()
    segment = live_segment(session, segment_code, lock=True)
    household = _household(session, household_code)
    current = _current(session, segment.id).get("primary")
    if current is not None:
        if current.household_id == household.id:
            raise Conflict("custody.same_keeper", segment=segment_code, household=household_code)
        if start < current.start_date:
            raise InputError("custody.end_before_start", end=start.isoformat(),
                             start=current.start_date.isoformat())
        end = max(start - timedelta(days=1), current.start_date)
        end_custody(session, actor, segment_code, end=end, reason=reason)
    return assign(session, actor, segment_code, household_code, start=start)


@dataclass(frozen=True)
class HistoryLine:
    household_code: str
    head_name: str
    role: str
    start_date: date
    end_date: date | None
    end_reason: str


@reads
def custody_history(session: Session, segment_code: str) -> list[HistoryLine]:
    """Every custody of the segment with this code, oldest first, including retired cuts."""
    rows = session.execute(
        select(Custody, Household)
        .join(Household, Custody.household_id == Household.id)
        .join(Segment, Custody.segment_id == Segment.id)
        .where(Segment.code == segment_code)
        .order_by(Custody.start_date, Custody.id)
    ).all()
    if not rows:
        live_segment(session, segment_code)  # raises NotFound for an unknown code
    return [HistoryLine(h.code, h.head_name, c.role, c.start_date, c.end_date, c.end_reason)
            for c, h in rows]


@dataclass
class AutoAssignReport:
    assigned: int = 0
    assigned_m: float = 0.0
    other_village: list[tuple[str, str]] = field(default_factory=list)  # (segment, household)
    unassigned: list[tuple[str, str]] = field(default_factory=list)  # (segment, reason key)
    households_without_home: int = 0
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM  # R: nobody was given a segment farther away
    # Open segments that lay in no village and were given the village of the nearest home: a
    # guess, which other_village cannot see through (their custodian counts as of "their" village).
    village_guessed: int = 0
    # The segments left open as "assign.too_far": segment -> km from its middle to the nearest
    # household, rounded up to a tenth, so that it never reads as within max_distance_km.
    too_far: dict[str, float] = field(default_factory=dict)

    def reason_params(self, segment: str) -> dict:
        """What the reason why `segment` is open names, for catalogue.text (the reasons without
        a placeholder ignore them)."""
        return {"km": self.too_far.get(segment), "limit": self.max_distance_km}


@writes
def auto_assign(session: Session, actor: Actor, *, max_metres_per_household=None,
                max_distance_km=None, start: date | None = None) -> AutoAssignReport:
    """Give every open segment a primary custodian nearby (see watershed.domain.assignment);
    `max_metres_per_household` may be given as typed, None for no limit; `max_distance_km` too,
    None for DEFAULT_MAX_DISTANCE_KM."""
    require_role(actor, "staff", action="action.assign")
    if max_metres_per_household is not None:
        max_metres_per_household = amount(max_metres_per_household, "field.max_metres",
                                          assignment.MAX_METRES)
    reach_km = DEFAULT_MAX_DISTANCE_KM if max_distance_km is None else amount(
        max_distance_km, "field.max_distance_km", assignment.MAX_DISTANCE_KM)
    basin = current_basin(session)
    live = session.connection().execute(
        select(Segment.id, Segment.code, Segment.length_m, Segment.village_id, Segment.geom)
        .join(Channel).where(Channel.basin_id == basin.id, Segment.retired_at.is_(None))
        .order_by(Segment.id)
    ).all()
    kept = dict(session.execute(
        select(Custody.segment_id, Custody.household_id)
        .where(Custody.end_date.is_(None), Custody.role == "primary")
    ).all())
    open_segments = [s for s in live if s.id not in kept]
    report = AutoAssignReport(max_distance_km=reach_km)
    report.households_without_home = session.scalar(
        select(func.count()).select_from(Household).where(Household.lon.is_(None))
    )
    if not open_segments:
        return report

    known = homes(session, basin.id)
    middles = shapely.line_interpolate_point([s.geom for s in open_segments], 0.5, normalized=True)
    mid_lon, mid_lat = shapely.get_x(middles), shapely.get_y(middles)
    villages = [s.village_id for s in open_segments]
    unplaced = [i for i, village in enumerate(villages) if village is None]
    if unplaced:
        for i, village in zip(unplaced, nearest_villages(known, mid_lon[unplaced], mid_lat[unplaced])):
            villages[i] = village
            report.village_guessed += village is not None
        table = Segment.__table__
        session.execute(  # remembered, so lists by village need not work it out again
            update(table).where(table.c.id == bindparam("segment")).values(village_id=bindparam("village")),
            [{"segment": open_segments[i].id, "village": villages[i]} for i in unplaced],
        )

    length_by_id = {s.id: s.length_m for s in live}
    load = defaultdict(float)
    for segment_id, household_id in kept.items():
        load[household_id] += length_by_id.get(segment_id, 0.0)
    frame = LocalFrame(known.lon, known.lat)
    sx, sy = (a.tolist() for a in frame.metres(mid_lon, mid_lat))
    hx, hy = (a.tolist() for a in frame.metres(known.lon, known.lat))
    proposal = assignment.propose(
        [assignment.OpenSegment(s.id, x, y, s.length_m, v)
         for s, x, y, v in zip(open_segments, sx, sy, villages)],
        [assignment.Household(i, x, y, v, m, load[i]) for i, x, y, v, m in zip(
            known.ids.tolist(), hx, hy, known.villages.tolist(), known.members.tolist())],
        max_metres_per_household,
        max_distance_m=reach_km * 1000,
    )

    codes = {s.id: s.code for s in open_segments}
    household_codes = dict(zip(known.ids.tolist(), known.codes))
    stamp, day = now(), start or today()
    if proposal.assignments:
        insert_rows(session, Custody.__table__, {
            "segment_id": [a.segment_id for a in proposal.assignments],
            "household_id": [a.household_id for a in proposal.assignments]},
            same={"role": "primary", "start_date": day, "end_date": None, "end_reason": "",
                  "created_by": actor.name, "created_at": stamp})
        # One row for the whole proposal: it lists every pair, and the custodies themselves
        # carry who made them and when.
        record(session, actor, "custody.auto", "basin", basin.code, after={
            "start": day.isoformat(), "max_metres_per_household": max_metres_per_household,
            "max_distance_km": reach_km,
            "assigned": [[codes[a.segment_id], household_codes[a.household_id], round(a.distance_m)]
                         for a in proposal.assignments],
        })
    report.assigned = len(proposal.assignments)
    report.assigned_m = sum(length_by_id[a.segment_id] for a in proposal.assignments)
    report.other_village = [(codes[a.segment_id], household_codes[a.household_id])
                            for a in proposal.assignments if not a.same_village]
    report.unassigned = [(codes[u.segment_id], u.reason) for u in proposal.unassigned]
    report.too_far = {codes[u.segment_id]: math.ceil(u.nearest_m / 100) / 10
                      for u in proposal.unassigned if u.reason == assignment.TOO_FAR}
    return report
