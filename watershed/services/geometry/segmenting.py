"""Cutting channels into custody segments (`watershed segment`).

No segment is shorter than 50 m unless its whole channel is (watershed.domain.segmenting says
why and how). Re-cutting is safe: a channel whose cut would not change keeps its segments; a channel whose
segments are in custody is refused unless forced, and forcing ends those custodies with a record.
Old segments are retired, never deleted, so the custody history still points at real geometry.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import shapely
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from watershed.domain.numbers import Limits
from watershed.domain.segmenting import DEFAULT_TARGET_M, cut_many, segment_code
from watershed.catalogue import text
from watershed.errors import Conflict, NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import entry, record_all
from watershed.services.common.clock import now
from watershed.services.common.numbers import amount
from watershed.services.places.basins import current_basin
from watershed.services.places.villages import group_centres, nearest_villages
from watershed.services.common.transaction import reads, writes
from watershed.store.batches import chunked
from watershed.store.tables import Channel, Custody, Segment

# Shorter is no custody segment; longer, no one household's. Under 100 m the cut may make fewer,
# longer pieces than asked, since no piece is shorter than MIN_SEGMENT_M.
TARGET_M = Limits(20, 5000, 1)
TOLERANCE_M = 1.0  # channel ends closer than this to another channel meet it
SAME_CUT_M = 0.001


@dataclass
class SegmentReport:
    channels_cut: list[str] = field(default_factory=list)
    channels_unchanged: int = 0
    segments_created: int = 0
    segments_retired: int = 0
    custodies_ended: int = 0


def _same_cut(existing, pieces) -> bool:
    return len(existing) == len(pieces) and all(
        abs(s.start_m - p.start_m) < SAME_CUT_M and abs(s.end_m - p.end_m) < SAME_CUT_M
        for s, p in zip(existing, pieces)
    )


def _cut_channels(session: Session, target_m: float, channel_code: str | None):
    """The basin and [(channel, pieces)] for every channel (or the one asked for), cut at
    `target_m`: the one cut behind both the plan shown and the segments saved."""
    basin = current_basin(session)
    channels = session.scalars(
        select(Channel).where(Channel.basin_id == basin.id).order_by(Channel.id)
    ).all()
    if channel_code is not None and channel_code not in {c.code for c in channels}:
        raise NotFound("segment.no_channel", code=channel_code)
    # Confluences depend on every channel, so all are cut even when only one is asked for.
    cuts = cut_many([c.geom for c in channels], target_m, tolerance_m=TOLERANCE_M)
    return basin, [(c, p) for c, p in zip(channels, cuts) if channel_code in (None, c.code)]


class PlannedSegment(NamedTuple):
    code: str
    length_m: float
    geometry: object  # shapely LineString, EPSG:4326, in flow direction


@reads
def plan_segments(session: Session, actor: Actor, target_m=DEFAULT_TARGET_M,
                  channel_code: str | None = None) -> list[PlannedSegment]:
    """The segments `segment_channels` would make with the same arguments, computed without
    writing anything, so the cut can be looked at on a map before it is saved."""
    require_role(actor, "staff", action="action.segment")
    target_m = amount(target_m, "field.segment_length", TARGET_M)
    _, targets = _cut_channels(session, target_m, channel_code)
    return [PlannedSegment(segment_code(channel.code, seq), piece.length_m, piece.geometry)
            for channel, pieces in targets for seq, piece in enumerate(pieces, start=1)]


@writes
def segment_channels(session: Session, actor: Actor, *, target_m=DEFAULT_TARGET_M,
                     channel_code: str | None = None, force: bool = False,
                     progress=None) -> SegmentReport:
    """Cut every channel (or one) into segments of about `target_m` metres (as typed, or a
    number within TARGET_M)."""
    require_role(actor, "staff", action="action.segment")
    target_m = amount(target_m, "field.segment_length", TARGET_M)
    basin, targets = _cut_channels(session, target_m, channel_code)

    live: dict[int, list] = {}
    in_service = (Channel.basin_id == basin.id, Segment.retired_at.is_(None))
    for segment in session.connection().execute(
        select(Segment.id, Segment.channel_id, Segment.start_m, Segment.end_m)
        .join(Channel).where(*in_service).order_by(Segment.channel_id, Segment.seq)
    ):
        live.setdefault(segment.channel_id, []).append(segment)
    kept = set(session.scalars(
        select(Custody.segment_id).join(Segment).join(Channel)
        .where(Custody.end_date.is_(None), *in_service)
    ))

    report = SegmentReport()
    plans, refused = [], []
    for index, (channel, pieces) in enumerate(targets):
        existing = live.get(channel.id, [])
        if _same_cut(existing, pieces):
            report.channels_unchanged += 1
            continue
        in_custody = [s for s in existing if s.id in kept]
        if in_custody and not force:
            refused.append((channel.code, len(in_custody)))
        plans.append((channel, existing, pieces))
        if progress:
            progress(0.5 * (index + 1) / len(targets))
    if refused:
        raise Conflict("segment.in_custody", channels=len(refused),
                       segments=sum(n for _, n in refused),
                       codes=", ".join(code for code, _ in refused[:5]))

    stamp = now()
    retire_ids = [s.id for _, existing, _ in plans for s in existing]
    for ids in chunked(retire_ids):
        ended = session.execute(
            update(Custody)
            .where(Custody.segment_id.in_(ids), Custody.end_date.is_(None))
            .values(end_date=stamp.date(), end_reason=text("segment.recut_reason"))
            .returning(Custody.id, Custody.segment_id, Custody.household_id)
        ).all()
        record_all(session, [
            entry(actor, "custody.end", "custody", c.id, at=stamp,
                  after={"segment_id": c.segment_id, "household_id": c.household_id, "reason": "recut"})
            for c in ended
        ])
        report.custodies_ended += len(ended)
        session.execute(update(Segment).where(Segment.id.in_(ids)).values(retired_at=stamp))
    report.segments_retired = len(retire_ids)

    rows, entries = [], []
    for channel, existing, pieces in plans:
        for seq, piece in enumerate(pieces, start=1):
            rows.append(dict(channel_id=channel.id, code=segment_code(channel.code, seq), seq=seq,
                             start_m=piece.start_m, end_m=piece.end_m, length_m=piece.length_m,
                             geom=piece.geometry, created_at=stamp))
        entries.append(entry(actor, "segment", "channel", channel.code, at=stamp,
                             before={"segments": len(existing)},
                             after={"segments": len(pieces), "target_m": target_m}))
        report.channels_cut.append(channel.code)
    record_all(session, entries)
    if rows:
        lines = np.array([r["geom"] for r in rows], dtype=object)
        middles = shapely.line_interpolate_point(lines, 0.5, normalized=True)
        villages = nearest_villages(group_centres(session, basin.id), shapely.get_x(middles),
                                    shapely.get_y(middles))
        # Whole-array WKB and bounds: per-row shapely calls cost seconds at 100,000 segments.
        for row, village, wkb, box in zip(rows, villages, shapely.to_wkb(lines),
                                          shapely.bounds(lines).tolist()):
            row.update(village_id=village, geom=wkb, minx=box[0], miny=box[1], maxx=box[2], maxy=box[3])
        session.execute(insert(Segment.__table__), rows)
    report.segments_created = len(rows)
    if progress:
        progress(1.0)
    return report
