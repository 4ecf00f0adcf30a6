"""Live and dead water (活水/死水) in the basin now, or if some ponds were cleared, and why each
dead segment is dead.

The segments in service form the network (watershed.domain.network.flow); ponds still occupying or
under negotiation block the segments they cross; water enters at the sources. Reservoirs, lakes
and river surfaces never block (watershed.domain.ponds), and a pond crossing no channel is not
counted as blocking whatever its status. `--remove-pond` asks "what if these were cleared"
without changing anything. Dead water no pond explains is put down to what the network check
suspects above it (a line drawn against the flow, an end that misses its line) or else to no
source reaching it.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import LargeBinary, func, select, type_coerce
from sqlalchemy.orm import Session

from watershed.domain.network.flow import dead_causes, graph_from_lines, live_reaches
from watershed.domain.ponds import blocks, crossing
from watershed.errors import NotFound
from watershed.services.places.villages import LocalFrame
from watershed.services.common.transaction import reads
from watershed.services.geometry.network import suspects
from watershed.store.tables import Channel, Pond, Segment, Source


@dataclass(frozen=True)
class Flow:
    live_km: float
    dead_km: float
    segments: dict[str, str]  # code -> "live" | "dead"
    live_ids: frozenset[int]
    blocking_ponds: tuple[str, ...]  # codes of the ponds blocking: still there, on a channel
    causes: dict[str, str]  # code of each dead segment -> "pond:<code>", "reversed", "gap", "no_source"
    dead_km_by_cause: dict[str, float]  # the same causes -> km of dead water


@reads
def water(session: Session, remove_ponds: Sequence[str] = ()) -> Flow:
    """Which segments water reaches now; with `remove_ponds`, as if those ponds were cleared."""
    ponds = session.execute(select(Pond.code, Pond.status, Pond.kind, Pond.geom)
                            .order_by(Pond.code)).all()
    unknown = sorted(set(remove_ponds) - {pond.code for pond in ponds})
    if unknown:
        raise NotFound("pond.unknown", code=", ".join(unknown))
    blocking = _blocking(session, [(p.code, p.geom) for p in ponds if blocks(p.status, p.kind)
                                   and p.code not in set(remove_ponds)])
    rows = session.execute(
        select(Segment.id, Segment.code, Segment.length_m, _wkb(session, Segment.geom),
               Channel.code.label("channel"))
        .join(Channel, Segment.channel_id == Channel.id)
        .where(Segment.retired_at.is_(None)).order_by(Segment.id)).all()
    if not rows:
        return Flow(0.0, 0.0, {}, frozenset(), tuple(code for code, _ in blocking), {}, {})
    ids, codes, metres, wkb, channels = (list(column) for column in zip(*rows))
    lines, frame, graph = _network(ids, wkb)
    blocked: dict[int, str] = {}  # segment id -> the code of the pond on it (the first, by code)
    if blocking:
        tree = shapely.STRtree(lines)
        pond, hit = tree.query(np.array([geom for _, geom in blocking], dtype=object),
                               predicate="intersects")
        for p, i in sorted(zip(pond.tolist(), hit.tolist())):
            blocked.setdefault(ids[i], blocking[p][0])
    sources = [geom for geom in session.scalars(select(Source.geom))]
    sx, sy = frame.metres(np.array([p.x for p in sources]), np.array([p.y for p in sources]))
    fed = list(zip(sx.tolist(), sy.tolist()))
    live = live_reaches(graph, fed, blocked)
    causes = _causes(session, ids, codes, channels, graph, fed, live, blocked)
    wet = [live[i] for i in ids]
    by_cause: dict[str, float] = {}
    for code, m in zip(codes, metres):
        if code in causes:
            by_cause[causes[code]] = by_cause.get(causes[code], 0.0) + m
    return Flow(round(sum(m for m, w in zip(metres, wet) if w) / 1000, 3),
                round(sum(m for m, w in zip(metres, wet) if not w) / 1000, 3),
                {code: "live" if w else "dead" for code, w in zip(codes, wet)},
                frozenset(i for i, w in live.items() if w),
                tuple(code for code, _ in blocking), causes,
                {cause: round(m / 1000, 3) for cause, m in sorted(by_cause.items())})


# The network of the segments in service, kept by what it was built from (their ids and stored
# geometry, hashed: a district's 78,000 in 0.03 s): geometry changes only when channels are
# imported or cut, while the ponds and the campaign change every day, and building the network
# took 1.4 of live water's 3 s at 100 times the demo. Kept by content rather than by the data's
# state, it can never be stale; two, for a server that serves two databases (and the tests).
_NETWORKS: dict[bytes, tuple] = {}
NETWORKS_KEPT = 2


def _network(ids: list[int], wkb: list) -> tuple[np.ndarray, LocalFrame, object]:
    """(lines, their local frame, the flow graph) of the segments `ids` with geometry `wkb`.
    Shared between calls: nothing here changes what it is given."""
    digest = hashlib.blake2b(np.asarray(ids, dtype=np.int64).tobytes(), digest_size=16)
    digest.update(np.array([-1 if value is None else len(value) for value in wkb], dtype=np.int64).tobytes())
    digest.update(b"".join(bytes(value) for value in wkb if value is not None))
    key = digest.digest()
    if key not in _NETWORKS:
        lines = _geometries(wkb)
        coords = shapely.get_coordinates(lines)
        frame = LocalFrame(coords[:, 0], coords[:, 1])
        while len(_NETWORKS) >= NETWORKS_KEPT:  # pop, not del: two sessions may evict at once
            _NETWORKS.pop(next(iter(_NETWORKS), None), None)
        _NETWORKS[key] = (lines, frame, graph_from_lines(ids, lines, frame.origin))
    return _NETWORKS[key]


def _wkb(session: Session, column):
    """`column` as WKB bytes, for _geometries to decode in one call: row by row, as the column
    type decodes, a district's 78,000 segments took as long as building the network from them."""
    if session.get_bind().dialect.name == "postgresql":
        return func.ST_AsBinary(column, type_=LargeBinary)
    return type_coerce(column, LargeBinary)


def _geometries(wkb: list) -> np.ndarray:
    return shapely.from_wkb(np.array([None if value is None else bytes(value) for value in wkb],
                                     dtype=object))


def _blocking(session: Session, ponds: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """The ponds of `ponds` that cross a stored channel (cut or not yet cut into segments)."""
    if not ponds:
        return []
    channels = _geometries(list(session.scalars(select(_wkb(session, Channel.geom)))))
    crossed = crossing([geom for _, geom in ponds], channels)
    return [pond for pond, crosses in zip(ponds, crossed) if crosses]


def _causes(session: Session, ids, codes, channels, graph, fed, live, blocked) -> dict[str, str]:
    if all(live.values()):
        return {}
    without_ponds = live_reaches(graph, fed, ()) if blocked else live
    suspect_reaches = {}
    if not all(without_ponds.values()):  # dead water no pond explains: ask the network check
        by_channel = suspects(session)
        suspect_reaches = {i: by_channel[channel] for i, channel in zip(ids, channels)
                           if channel in by_channel}
    code_of = dict(zip(ids, codes))
    return {code_of[reach]: cause for reach, cause in dead_causes(
        graph, live, without_ponds, blocked, suspect_reaches).items()}
