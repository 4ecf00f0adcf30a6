"""What shape each kind of feature must have, in WGS 84 lon/lat.

- channels: one LineString of two or more distinct points and non-zero length. A
  MultiLineString is accepted when its parts join end to start, in the direction they were
  drawn (flow direction), into one line (shapely.line_merge with directed=True). Parts that do
  not join (a river clipped at the edge of a map sheet) are refused, unless `explode` asks for
  them: the verdict is then the MultiLineString of the lines they join into, in the file's
  order, each a channel of its own.
- ponds and boundary: Polygon or MultiPolygon. An invalid one (self-intersecting, ...) is
  repaired with shapely.make_valid, with a warning; if no polygon remains it is refused.
- sources: Point (a MultiPoint of exactly one point is taken as that point).
"""

import re
from dataclasses import dataclass, field

import pyproj
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from watershed.geo.crs import format_xy

MIN_CHANNEL_LENGTH_M = 0.01
_GEOD = pyproj.Geod(ellps="WGS84")
_POLYGONAL = ("Polygon", "MultiPolygon")
WRONG_TYPE = {
    "channels": "geo.channel_not_line",
    "ponds": "geo.pond_not_polygon",
    "sources": "geo.source_not_point",
    "boundary": "geo.boundary_not_polygon",
}


@dataclass
class Verdict:
    geometry: BaseGeometry | None  # the geometry to keep, None when refused
    problem: str | None = None  # catalogue key of the refusal
    params: dict = field(default_factory=dict)
    repaired_near: str | None = None  # set when the geometry was repaired


def _refused(key: str, **params) -> Verdict:
    return Verdict(None, key, params)


def _too_short(line: LineString) -> bool:
    distinct = {tuple(xy) for xy in shapely.get_coordinates(line)}
    return len(distinct) < 2 or _GEOD.geometry_length(line) < MIN_CHANNEL_LENGTH_M


def _runs(parts: MultiLineString, merged: MultiLineString) -> MultiLineString:
    """The lines `merged` from `parts`, ordered as the part each begins with is in the file."""
    first = {}
    for position, part in reversed(list(enumerate(parts.geoms))):
        first[part.coords[0]] = position
    runs = sorted(merged.geoms, key=lambda run: first.get(run.coords[0], len(parts.geoms)))
    return MultiLineString(runs)


def _channel(geometry: BaseGeometry, explode: bool) -> Verdict:
    kind = geometry.geom_type
    if kind == "LinearRing":
        geometry = LineString(geometry.coords)
    elif kind == "MultiLineString":
        merged = shapely.line_merge(geometry, directed=True)
        if merged.geom_type != "LineString":
            if not explode:
                return _refused("geo.channel_multipart", parts=len(geometry.geoms))
            merged = _runs(geometry, merged)
            if any(_too_short(run) for run in merged.geoms):
                return _refused("geo.channel_too_short")
            return Verdict(merged)
        geometry = merged
    elif kind != "LineString":
        return _refused(WRONG_TYPE["channels"], found=kind)
    if _too_short(geometry):
        return _refused("geo.channel_too_short")
    return Verdict(geometry)


def _where(reason: str) -> str:
    """'Self-intersection[112.1 30.3]' -> '112.1, 30.3'."""
    found = re.search(r"\[([-\d.eE+]+) ([-\d.eE+]+)", reason)
    if not found:
        return reason
    return format_xy(float(found.group(1)), float(found.group(2)))


def _polygon(geometry: BaseGeometry, kind: str) -> Verdict:
    if geometry.geom_type not in _POLYGONAL:
        return _refused(WRONG_TYPE[kind], found=geometry.geom_type)
    if geometry.is_valid:
        return Verdict(geometry)
    reason = shapely.is_valid_reason(geometry)
    fixed = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
    if fixed.is_empty or fixed.geom_type not in _POLYGONAL or fixed.area == 0:
        return _refused("geo.repair_unusable")
    return Verdict(fixed, repaired_near=_where(reason))


def _point(geometry: BaseGeometry) -> Verdict:
    if geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
        return Verdict(geometry.geoms[0])
    if geometry.geom_type != "Point":
        return _refused(WRONG_TYPE["sources"], found=geometry.geom_type)
    return Verdict(geometry)


def check_shape(kind: str, geometry: BaseGeometry, explode: bool = False) -> Verdict:
    """The verdict on one non-empty geometry, already in lon/lat."""
    if kind == "channels":
        return _channel(geometry, explode)
    if kind == "sources":
        return _point(geometry)
    return _polygon(geometry, kind)
