"""Fixes the office can apply to the stored network, each audited and each undone by the office:
turning one channel round (`watershed channel reverse`, undone by turning it again), turning every
channel the sources decide (`watershed network orient`), and joining ends that miss their line by
a little (`watershed network join`, undone with `--undo`)."""

from dataclasses import asdict, dataclass

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.domain.geodesy import line_length_m
from watershed.domain.network import check as rules
from watershed.domain.network.flow import JOIN_M
from watershed.domain.network.orient import orient
from watershed.errors import InputError, NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.common.numbers import amount
from watershed.services.common.transaction import writes
from watershed.services.geometry.network import StoredNetwork
from watershed.store.tables import AuditEntry, Channel, Segment


@dataclass(frozen=True)
class OrientReport:
    flipped: tuple[str, ...]
    undecided: tuple[dict, ...]  # {"channel", "why", "other"}: what the office must decide
    reached_km_before: float
    reached_km_after: float
    applied: bool  # False for a dry run


@writes
def orient_network(session: Session, actor: Actor, *, dry_run: bool = False,
                   snap_m=JOIN_M) -> OrientReport:
    """Turn round every channel that water reaches only from its downstream end, where that is
    unambiguous (watershed.domain.network.orient); each turn is audited like `reverse_channel`."""
    require_role(actor, "staff", action="action.network_orient")
    snap = amount(snap_m, "field.snap_metres", rules.SNAP_METRES)
    drawn = StoredNetwork(session)
    result = orient(drawn.codes, drawn.lines, drawn.sources, snap_m=snap)
    if not dry_run:
        for code in result.flipped:
            _reverse(session, actor, code, reason="orient")
    return OrientReport(result.flipped, tuple(asdict(item) for item in result.undecided),
                        round(result.reached_m_before / 1000, 3),
                        round(result.reached_m_after / 1000, 3), applied=not dry_run)


@writes
def reverse_channel(session: Session, actor: Actor, code: str) -> None:
    """Draw a channel the other way round, and its segments in service with it: water then
    enters at what was its last point. Reversing again undoes it. Segment codes and numbers stay
    as they were (they are printed on signboards); re-cut with `watershed segment --force` to
    number them along the new direction."""
    require_role(actor, "staff", action="action.channel_reverse")
    _reverse(session, actor, code, reason="by hand")


def _reverse(session: Session, actor: Actor, code: str, reason: str) -> None:
    channel = session.scalars(select(Channel).where(Channel.code == code)).first()
    if channel is None:
        raise NotFound("segment.no_channel", code=code)
    ends = lambda line: [list(line.coords[0]), list(line.coords[-1])]  # noqa: E731
    before = {"first_point": ends(channel.geom)[0], "last_point": ends(channel.geom)[1]}
    channel.geom = shapely.reverse(channel.geom)
    for segment in session.scalars(select(Segment).where(Segment.channel_id == channel.id,
                                                         Segment.retired_at.is_(None))):
        segment.geom = shapely.reverse(segment.geom)
        segment.start_m, segment.end_m = (channel.length_m - segment.end_m,
                                          channel.length_m - segment.start_m)
    record(session, actor, "channel.reverse", "channel", code, before=before,
           after={"first_point": before["last_point"], "last_point": before["first_point"],
                  "reason": reason})




@dataclass(frozen=True)
class JoinReport:
    joined: tuple[dict, ...]  # {"channel", "end", "other", "distance_m"}
    applied: bool  # False for a dry run
    run: str  # the audit's name for this join, which --undo takes back
    # Channels already cut whose segments do not end where an end now joins them: water passes
    # there only once they are cut again (`watershed segment --channel CODE --force`).
    recut: tuple[str, ...] = ()


@writes
def join_ends(session: Session, actor: Actor, *, snap_m, dry_run: bool = False) -> JoinReport:
    """Move every end that misses another channel by no more than `snap_m` onto the nearest point
    of that channel, so that cutting and the live water treat them as joined (they join ends
    within a metre). A channel's segments in service move with it: its first or last segment
    gains or loses the distance, the others shift along. Audited end by end, as one run."""
    require_role(actor, "staff", action="action.network_join")
    snap = amount(snap_m, "field.snap_metres", rules.SNAP_METRES)
    stored = StoredNetwork(session)
    misses = rules.check_network(stored.codes, stored.lines, stored.sources, snap_m=JOIN_M,
                                 near_m=max(snap, JOIN_M)).near_misses
    line_of = dict(zip(stored.codes, stored.lines))
    ends_of = _segment_ends(session, stored)
    run, joined, recut, pairs = now().isoformat(timespec="seconds"), [], set(), set()
    for miss in (m for m in misses if m.distance_m <= snap):
        # Two ends that miss each other are one gap: the first moved closes it.
        if frozenset((miss.channel, miss.other)) in pairs:
            continue
        pairs.add(frozenset((miss.channel, miss.other)))
        k = 0 if miss.end == "start" else -1
        other = line_of[miss.other]
        onto = other.interpolate(other.project(shapely.get_point(line_of[miss.channel], k)))
        coords = list(line_of[miss.channel].coords)
        coords[k] = (onto.x, onto.y)
        line_of[miss.channel] = shapely.LineString(coords)
        joined.append(asdict(miss))
        cut_ends = ends_of.get(miss.other)
        if cut_ends is not None and not (shapely.distance(cut_ends, onto) <= JOIN_M).any():
            recut.add(miss.other)
        if not dry_run:
            to = stored.lonlat(onto.x, onto.y)
            _move_end(session, actor, miss.channel, miss.end, (to["lon"], to["lat"]),
                      {"other": miss.other, "distance_m": miss.distance_m, "run": run})
    return JoinReport(tuple(joined), not dry_run, run, tuple(sorted(recut)))


def _segment_ends(session: Session, stored: StoredNetwork) -> dict:
    """Channel code -> the end points of its segments in service, in the stored frame."""
    rows = session.execute(select(Channel.code, Segment.geom)
                           .join(Segment, Segment.channel_id == Channel.id)
                           .where(Segment.retired_at.is_(None))).all()
    ends: dict[str, list] = {}
    for code, geom in rows:
        ends.setdefault(code, []).extend((geom.coords[0], geom.coords[-1]))
    return {code: shapely.points(stored.to_local(np.array(points)))
            for code, points in ends.items()}


@writes
def undo_join(session: Session, actor: Actor) -> JoinReport:
    """Put back every end the latest `join` moved, from the audit log."""
    require_role(actor, "staff", action="action.network_join")
    entries = session.execute(select(AuditEntry.entity_id, AuditEntry.before, AuditEntry.after)
                              .where(AuditEntry.action.in_(("channel.join", "channel.unjoin")))
                              .order_by(AuditEntry.id)).all()
    undone = {after["run"] for _, _, after in entries if after.get("undoes")}
    runs = [after["run"] for _, _, after in entries if "undoes" not in after]
    latest = next((run for run in reversed(runs) if run not in undone), None)
    if latest is None:
        raise InputError("network.nothing_to_undo")
    moved = [(code, before, after) for code, before, after in entries
             if after.get("run") == latest and "undoes" not in after]
    for code, before, after in reversed(moved):
        _move_end(session, actor, code, before["end"], tuple(before["point"]),
                  {"run": latest, "undoes": True}, action="channel.unjoin")
    return JoinReport(tuple({"channel": code, "end": before["end"], "other": after["other"],
                             "distance_m": after["distance_m"]} for code, before, after in moved),
                      True, latest)


def _move_end(session: Session, actor: Actor, code: str, end: str, to: tuple[float, float],
              note: dict, action: str = "channel.join") -> None:
    channel = session.scalars(select(Channel).where(Channel.code == code)).one()
    coords = list(channel.geom.coords)
    k = 0 if end == "start" else -1
    before = {"end": end, "point": list(coords[k])}
    coords[k] = to
    old_length = channel.length_m
    channel.geom = shapely.LineString(coords)
    channel.length_m = line_length_m(channel.geom)
    _fit_box(channel)
    grown = channel.length_m - old_length
    segments = list(session.scalars(select(Segment).where(
        Segment.channel_id == channel.id, Segment.retired_at.is_(None)).order_by(Segment.seq)))
    if segments:
        moved = segments[0] if end == "start" else segments[-1]
        points = list(moved.geom.coords)
        points[k] = to
        moved.geom = shapely.LineString(points)
        moved.length_m = line_length_m(moved.geom)
        _fit_box(moved)
        if end == "start":
            moved.end_m += grown
            for later in segments[1:]:
                later.start_m, later.end_m = later.start_m + grown, later.end_m + grown
        else:
            moved.end_m = channel.length_m
    record(session, actor, action, "channel", code, before=before,
           after={"point": list(to), **note})


def _fit_box(row) -> None:
    """The bounding-box columns the map's window query uses, after the line moved."""
    row.minx, row.miny, row.maxx, row.maxy = shapely.bounds(row.geom).tolist()
