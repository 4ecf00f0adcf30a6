"""What shape each kind of feature must have, in WGS 84 lon/lat.

- channels: one LineString of two or more distinct points and non-zero length. A
  MultiLineString is accepted only when its parts join end to start, in the direction they were
  drawn (flow direction), into one line (shapely.line_merge with directed=True).
- ponds and boundary: Polygon or MultiPolygon. An invalid one (self-intersecting, ...) is
  repaired with shapely.make_valid, with a warning; if no polygon remains it is refused.
- sources: Point (a MultiPoint of exactly one point is taken as that point).
"""

import re
from dataclasses import dataclass, field

import pyproj
import shapely
from shapely.geometry import LineString
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


def _channel(geometry: BaseGeometry) -> Verdict:
    kind = geometry.geom_type
    if kind == "LinearRing":
        geometry = LineString(geometry.coords)
    elif kind == "MultiLineString":
        merged = shapely.line_merge(geometry, directed=True)
        if merged.geom_type != "LineString":
            return _refused("geo.channel_multipart", parts=len(geometry.geoms))
        geometry = merged
    elif kind != "LineString":
        return _refused(WRONG_TYPE["channels"], found=kind)
    distinct = {tuple(xy) for xy in shapely.get_coordinates(geometry)}
    if len(distinct) < 2 or _GEOD.geometry_length(geometry) < MIN_CHANNEL_LENGTH_M:
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


def check_shape(kind: str, geometry: BaseGeometry) -> Verdict:
    """The verdict on one non-empty geometry, already in lon/lat."""
    if kind == "channels":
        return _channel(geometry)
    if kind == "sources":
        return _point(geometry)
    return _polygon(geometry, kind)
