"""Live and dead water (活水/死水) in the basin now, or if some ponds were cleared.

The segments in service form the network (watershed.domain.network.flow); ponds still occupying or
under negotiation block the segments they cross; water enters at the sources. `--remove-pond`
asks "what if these were cleared" without changing anything.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.domain.network.flow import flow_graph, live_reaches, reaches_from_lines
from watershed.domain.ponds import BLOCKING
from watershed.errors import NotFound
from watershed.services.places.villages import LocalFrame
from watershed.services.common.transaction import reads
from watershed.store.tables import Pond, Segment, Source


@dataclass(frozen=True)
class Flow:
    live_km: float
    dead_km: float
    segments: dict[str, str]  # code -> "live" | "dead"
    live_ids: frozenset[int]
    blocking_ponds: tuple[str, ...]  # codes of the ponds counted as blocking


@reads
def water(session: Session, remove_ponds: Sequence[str] = ()) -> Flow:
    """Which segments water reaches now; with `remove_ponds`, as if those ponds were cleared."""
    ponds = session.execute(select(Pond.code, Pond.status, Pond.geom).order_by(Pond.code)).all()
    unknown = sorted(set(remove_ponds) - {code for code, _, _ in ponds})
    if unknown:
        raise NotFound("pond.unknown", code=", ".join(unknown))
    segments = session.execute(select(Segment.id, Segment.code, Segment.length_m, Segment.geom)
                               .where(Segment.retired_at.is_(None)).order_by(Segment.id)).all()
    if not segments:
        return Flow(0.0, 0.0, {}, frozenset(), ())
    blocking = [(code, geom) for code, status, geom in ponds
                if status in BLOCKING and code not in set(remove_ponds)]
    lines = np.array([geom for _, _, _, geom in segments], dtype=object)
    blocked = set()
    if blocking:
        tree = shapely.STRtree(lines)
        _, hit = tree.query(np.array([geom for _, geom in blocking], dtype=object),
                            predicate="intersects")
        blocked = {segments[i].id for i in hit.tolist()}
    coords = shapely.get_coordinates(lines)
    frame = LocalFrame(coords[:, 0], coords[:, 1])
    reaches = reaches_from_lines([s.id for s in segments], lines, frame.origin)
    sources = [geom for geom in session.scalars(select(Source.geom))]
    sx, sy = frame.metres(np.array([p.x for p in sources]), np.array([p.y for p in sources]))
    live = live_reaches(flow_graph(reaches), list(zip(sx.tolist(), sy.tolist())), blocked)
    live_m = sum(s.length_m for s in segments if live[s.id])
    dead_m = sum(s.length_m for s in segments if not live[s.id])
    return Flow(round(live_m / 1000, 3), round(dead_m / 1000, 3),
                {s.code: "live" if live[s.id] else "dead" for s in segments},
                frozenset(i for i, wet in live.items() if wet),
                tuple(code for code, _ in blocking))
