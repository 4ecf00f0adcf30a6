"""The figures of a basin at a glance (`watershed stats`)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watershed.domain import ponds as water_rules
from watershed.services.common.transaction import reads
from watershed.store.tables import Basin, Channel, Custody, Household, Pond, Segment, Source, Village


def _ponds_blocking(session: Session) -> int:
    """Ponds still occupying or negotiating that cross a channel: a pond off every channel, or a
    lake, blocks nothing whatever was said when it was imported."""
    candidates = [geom for status, kind, geom in session.execute(
        select(Pond.status, Pond.kind, Pond.geom)) if water_rules.blocks(status, kind)]
    if not candidates:
        return 0
    return sum(water_rules.crossing(candidates, list(session.scalars(select(Channel.geom)))))


@reads
def basin_stats(session: Session) -> dict:
    """Counts and lengths; an empty database gives zeros, not an error. `ponds` counts fish
    ponds only; reservoirs, lakes and river surfaces are `other_water`."""
    count = lambda query: session.scalar(query) or 0  # noqa: E731
    live = Segment.retired_at.is_(None)
    kept = (
        select(Custody.segment_id)
        .where(Custody.end_date.is_(None), Custody.role == "primary")
        .scalar_subquery()
    )
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    return {
        "basin": basin.name if basin else None,
        "synthetic": bool(basin and basin.synthetic),
        "channels": count(select(func.count()).select_from(Channel)),
        "ponds": count(select(func.count()).select_from(Pond).where(Pond.kind == water_rules.POND)),
        "ponds_blocking": _ponds_blocking(session),
        "other_water": count(
            select(func.count()).select_from(Pond).where(Pond.kind != water_rules.POND)),
        "sources": count(select(func.count()).select_from(Source)),
        "villages": count(select(func.count()).select_from(Village)),
        "households": count(select(func.count()).select_from(Household)),
        "segments": count(select(func.count()).select_from(Segment).where(live)),
        "segments_with_custodian": count(
            select(func.count()).select_from(Segment).where(live, Segment.id.in_(kept))
        ),
        "channel_length_km": round(count(select(func.sum(Channel.length_m))) / 1000, 3),
        "segment_length_km": round(count(select(func.sum(Segment.length_m)).where(live)) / 1000, 3),
    }
