"""What the map draws: the segments and ponds in a window, and where the basin is.

Reading map data checks no permission: the leadership and the staff may call these for the whole
basin, and custodians and residents see the same names on the signboards by the channels anyway.
Callers decide whom they show the map to.

The window is answered from the bbox columns (indexed on both databases), so the cost and the
payload follow what is in view, not the size of the basin; `limit` caps a view zoomed far out.
A view holding more than `limit` segments is drawn as an overview (segments_to_draw): a grid of
cells over the window and the longest segment of each cell, so the whole basin shows evenly, not
its first segments by id.
"""

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

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


def _segments(session: Session, where, limit: int | None) -> list[SegmentOnMap]:
    """The live segments meeting `where` with their current primary custodian, in id order."""
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
        .where(Segment.retired_at.is_(None), where)
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
def segments_in_view(session: Session, bbox: BBox | None, *, limit: int = DEFAULT_LIMIT,
                     codes: set[str] | None = None) -> list[SegmentOnMap]:
    """The live segments whose bounding box meets `bbox` (None: the whole basin), with their
    current primary custodian, in id order, at most `limit` of them: a result of exactly `limit`
    rows means there may be more, and the page should ask the user to zoom in."""
    return _segments(session, and_(_overlaps(Segment, bbox), Segment.code.in_(sorted(codes))
                                   if codes is not None else True), limit)


@dataclass(frozen=True)
class SegmentsShown:
    rows: list[SegmentOnMap]
    total: int  # the live segments meeting the window
    cells: int = 0  # an overview: the cells of the grid whose longest segments are the rows


def grid(bbox: BBox, cells: int) -> tuple[int, int]:
    """(columns, rows) of a grid of at most `cells` cells over `bbox`, the cells near square."""
    west, south, east, north = bbox
    wide = max(east - west, 1e-9) / max(north - south, 1e-9)
    columns = min(cells, max(1, round(math.sqrt(cells * wide))))
    return columns, max(1, cells // columns)


def cell_of(bbox: BBox, cells: int, minx, miny, maxx, maxy) -> np.ndarray:
    """The grid cell (a number) of each segment: where the middle of its bounding box lies; a
    segment reaching into the window from outside counts in the nearest cell."""
    columns, rows = grid(bbox, cells)
    west, south, east, north = bbox
    x = (np.asarray(minx) + np.asarray(maxx)) / 2
    y = (np.asarray(miny) + np.asarray(maxy)) / 2
    column = np.clip(np.floor((x - west) / max(east - west, 1e-12) * columns), 0, columns - 1)
    row = np.clip(np.floor((y - south) / max(north - south, 1e-12) * rows), 0, rows - 1)
    return (row * columns + column).astype(np.int64)


@reads
def segment_boxes(session: Session) -> np.ndarray:
    """One row per live segment: id, length (m), minx, miny, maxx, maxy; what an overview is
    chosen from. Basin-wide and the same for every viewer: a page shares it (ui.wiring.shared)
    rather than read tens of thousands of rows again at every pan."""
    rows = session.execute(select(Segment.id, Segment.length_m, Segment.minx, Segment.miny,
                                  Segment.maxx, Segment.maxy)
                           .where(Segment.retired_at.is_(None)).order_by(Segment.id)).all()
    # As tuples: numpy reads a Row item by item, a hundred times slower.
    return np.array([tuple(row) for row in rows], dtype=float).reshape(-1, 6)


@reads
def segments_to_draw(session: Session, bbox: BBox | None, *, limit: int = DEFAULT_LIMIT,
                     boxes: np.ndarray | None = None) -> SegmentsShown:
    """Every live segment meeting `bbox` (None: the whole basin) if there are at most `limit`;
    else an overview of the window: the longest segment of each cell of a grid, so every part
    of the window that has segments shows some, and the page says to zoom in. The grid is the
    finest (doubling the cells) whose cells with segments are at most `limit`. Chosen from the
    bounding boxes alone (`boxes`, as segment_boxes gives them, else read now), before any
    geometry is read."""
    boxes = segment_boxes(session) if boxes is None else boxes
    ids, length, minx, miny, maxx, maxy = boxes.T
    if bbox is not None:
        west, south, east, north = bbox
        meets = (maxx >= west) & (minx <= east) & (maxy >= south) & (miny <= north)
        ids, length, minx, miny, maxx, maxy = boxes[meets].T
    if len(ids) <= limit:
        return SegmentsShown(_segments(session, _overlaps(Segment, bbox), None), len(ids))
    window = bbox or (minx.min(), miny.min(), maxx.max(), maxy.max())
    cells = limit  # at most `limit` cells, so at most `limit` with segments
    # Channels leave much of a window empty: a finer grid then still draws at most `limit`
    # (and segments piled on one spot would let the grid grow without end: hence the bound).
    while (cells < 1024 * limit
           and len(np.unique(cell_of(window, cells * 2, minx, miny, maxx, maxy))) <= limit):
        cells *= 2
    cell = cell_of(window, cells, minx, miny, maxx, maxy)
    order = np.lexsort((ids, -length, cell))  # by cell, the longest first, then by id
    first = np.r_[True, cell[order][1:] != cell[order][:-1]]
    chosen = sorted(int(i) for i in ids[order][first])
    return SegmentsShown(_segments(session, Segment.id.in_(chosen), None), len(ids), cells)


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
def days_since_check(session: Session, today: date | None = None, *,
                     segment_ids=None) -> dict[int, int]:
    """Days since the last check of every segment that has one (absent: never checked), or of
    those among `segment_ids` (the segments a map draws)."""
    today = today or basin_today()
    query = select(Check.segment_id, func.max(Check.at)).group_by(Check.segment_id)
    if segment_ids is not None:
        query = query.where(Check.segment_id.in_(segment_ids))
    return {segment_id: (today - local_date(last)).days
            for segment_id, last in session.execute(query)}
