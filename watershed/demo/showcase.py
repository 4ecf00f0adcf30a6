"""The segments the demo's accounts and stories are built around: THG-001 to THG-003 of the demo
basin, or of its first copy in a tiled benchmark basin (synthetic_basin.generate(tiles=k) prefixes
every code with its tile, e.g. T01-THG-001), so the same load works at every scale."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.store.tables import Segment

CODES = ("THG-001", "THG-002", "THG-003")


def showcase(session: Session) -> tuple[str, str, str]:
    first = CODES[0]
    found = session.scalars(select(Segment.code).where(Segment.code.like(f"%{first}"))
                            .order_by(Segment.code)).all()
    prefix = "" if first in found else found[0][:-len(first)] if found else ""
    return tuple(prefix + code for code in CODES)
