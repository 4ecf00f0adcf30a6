"""What the map draws: the segments and ponds in a window, and where the basin is.

Reading map data checks no permission: the leadership and the staff may call these for the whole
basin, and custodians and residents see the same names on the signboards by the channels anyway.
Callers decide whom they show the map to.

The window is answered from the bbox columns (indexed on both databases), so the cost and the
payload follow what is in view, not the size of the basin; `limit` caps a view zoomed far out.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from watershed.domain.localtime import local_date
from watershed.services.common.clock import today as basin_today
from watershed.services.common.transaction import reads
from watershed.store.tables import (Basin, Channel, Check, Custody, Household, Pond, Segment,
                                    Source, Village)

BBox = tuple[float, float, float, float]  # minx (west), miny (south), maxx (east), maxy (north)
DEFAULT_LIMIT = 5000


@dataclass(frozen=True)
class SegmentOnMap:
    id: int
    code: str
    channel_code: str
    channel_name: str
    length_m: float
    geometry: object  # shapely LineString, lon/lat WGS84, in flow direction
    custodian_code: str | None
    custodian_name: str | None  # the head of the keeping household
    kept: bool  # a current primary custodian
    village: str | None


@dataclass(frozen=True)
class PondOnMap:
    id: int
    code: str
    name: str
    owner: str
    status: str
    area_m2: float
    geometry: object  # shapely Polygon or MultiPolygon
    kind: str = "pond"  # or reservoir, lake, river (watershed.domain.ponds.KINDS)


def _overlaps(table, bbox: BBox | None):
    if bbox is None:
        return True
    minx, miny, maxx, maxy = bbox
    return and_(table.maxx >= minx, table.minx <= maxx, table.maxy >= miny, table.miny <= maxy)


@reads
def segments_in_view(session: Session, bbox: BBox | None, *, limit: int = DEFAULT_LIMIT,
                     codes: set[str] | None = None) -> list[SegmentOnMap]:
    """The live segments whose bounding box meets `bbox` (None: the whole basin), with their
    current primary custodian, in id order, at most `limit` of them: a result of exactly `limit`
    rows means there may be more, and the page should ask the user to zoom in."""
    primary = (
        select(Custody.segment_id, Household.code, Household.head_name)
        .join(Household, Household.id == Custody.household_id)
        .where(Custody.end_date.is_(None), Custody.role == "primary")
        .subquery()
    )
    query = (
        select(Segment.id, Segment.code, Channel.code, Channel.name, Segment.length_m, Segment.geom,
               primary.c.code, primary.c.head_name, Village.name)
        .join(Channel, Channel.id == Segment.channel_id)
        .outerjoin(primary, primary.c.segment_id == Segment.id)
        .outerjoin(Village, Village.id == Segment.village_id)
        .where(Segment.retired_at.is_(None), _overlaps(Segment, bbox),
               Segment.code.in_(sorted(codes)) if codes is not None else True)
        .order_by(Segment.id)
        .limit(limit)
    )
    return [
        SegmentOnMap(id=id_, code=code, channel_code=channel_code, channel_name=channel_name or "",
                     length_m=length_m, geometry=geom, custodian_code=keeper_code,
                     custodian_name=keeper_name, kept=keeper_code is not None, village=village)
        for (id_, code, channel_code, channel_name, length_m, geom, keeper_code, keeper_name,
             village) in session.execute(query)
    ]


@reads
def ponds_in_view(session: Session, bbox: BBox | None, *,
                  limit: int = DEFAULT_LIMIT) -> list[PondOnMap]:
    """The ponds whose bounding box meets `bbox` (None: all), in id order."""
    query = (
        select(Pond.id, Pond.code, Pond.name, Pond.owner, Pond.status, Pond.area_m2, Pond.geom,
               Pond.kind)
        .where(_overlaps(Pond, bbox))
        .order_by(Pond.id)
        .limit(limit)
    )
    return [PondOnMap(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class SourceOnMap:
    code: str
    name: str
    lon: float
    lat: float


@reads
def sources_in_view(session: Session, bbox: BBox | None) -> list[SourceOnMap]:
    """The water sources inside `bbox` (None: all), in code order: few, so filtered here."""
    found = [SourceOnMap(code, name or "", point.x, point.y) for code, name, point in
             session.execute(select(Source.code, Source.name, Source.geom).order_by(Source.code))]
    if bbox is None:
        return found
    west, south, east, north = bbox
    return [s for s in found if west <= s.lon <= east and south <= s.lat <= north]


@reads
def basin_view(session: Session):
    """((lat, lon) centre, ((south, west), (north, east)) bounds) of everything on the map: the
    channels and ponds, else the basin boundary. None for an empty database."""
    boxes = []
    for table in (Channel, Pond):
        row = session.execute(
            select(func.min(table.minx), func.min(table.miny), func.max(table.maxx),
                   func.max(table.maxy))
        ).one()
        if row[0] is not None:
            boxes.append(row)
    if not boxes:
        boundary = session.scalars(
            select(Basin.boundary).where(Basin.boundary.is_not(None)).order_by(Basin.id)
        ).first()
        if boundary is None:
            return None
        boxes.append(boundary.bounds)
    west = min(b[0] for b in boxes)
    south = min(b[1] for b in boxes)
    east = max(b[2] for b in boxes)
    north = max(b[3] for b in boxes)
    return ((south + north) / 2, (west + east) / 2), ((south, west), (north, east))


@reads
def days_since_check(session: Session, today: date | None = None) -> dict[int, int]:
    """Days since the last check of every segment that has one (absent: never checked)."""
    today = today or basin_today()
    rows = session.execute(select(Check.segment_id, func.max(Check.at)).group_by(Check.segment_id))
    return {segment_id: (today - local_date(last)).days for segment_id, last in rows}
