"""Where a basin's features may lie: inside China, and near the data the basin already has.

A coordinate can be valid degrees and still be wrong: (0, 0) from an empty field, the South
Pole from a sign slip, New York from a file meant for another project, a point 600 km off from
the wrong Gauss-Krüger zone. Such features are refused unless the office says they belong
(`--allow-far`), since once stored they stretch every map to the far side of the earth.

- CHINA is the box of China's extreme points, rounded outward to a tenth of a degree, as the
  Chinese government states them (中国政府网, 国情 › 国土; the figures every school atlas
  gives): north 53°30′ N (the Heilongjiang's main channel north of Mohe 漠河), south about
  4° N (Zengmu Ansha 曾母暗沙, the south end of the Nansha islands), west 73°40′ E (the
  Pamirs 帕米尔高原), east 135°05′ E (where the Heilongjiang meets the Wusuli). A box, not the
  border: it also holds Mongolia or Korea, which FAR_KM then catches once the basin has data.
- FAR_KM: a basin is tens of kilometres across (Taihu Port about 60 km²; the Dengzhou extract
  55 × 76 km), so a feature more than 50 km outside the box of everything stored is another
  place, while the mistakes above land hundreds of kilometres away (the Nantong and Dengzhou
  extracts lie 850 km apart). The first import into an empty basin is held to CHINA only.
"""

import math
from dataclasses import dataclass

import numpy
import shapely

from watershed.geo.crs import format_xy

CHINA = (73.5, 3.8, 135.1, 53.6)  # west, south, east, north in degrees (WGS 84 / CGCS2000)
FAR_KM = 50.0
# Kilometres in a degree of latitude, and of longitude at the equator: the distance past a box
# is measured on a local flat earth, well within a kilometre of the geodesic at 50 km.
_KM_PER_DEGREE_LAT, _KM_PER_DEGREE_LON = 110.57, 111.32


@dataclass(frozen=True)
class Misplaced:
    position: int  # which feature (or row) of those checked, 0-based
    key: str  # "outside_china" or "far"
    sample: str  # the vertex that is out, "lon, lat"
    km: float = 0.0  # for "far": how far past the basin's data


def extent(boxes) -> tuple[float, float, float, float] | None:
    """The box around (west, south, east, north) boxes; None entries and NaNs are left out;
    None when nothing remains."""
    known = numpy.array([box for box in boxes if box is not None and None not in box],
                        dtype=float).reshape(-1, 4)
    known = known[~numpy.isnan(known).any(axis=1)]
    if not len(known):
        return None
    return (known[:, 0].min(), known[:, 1].min(), known[:, 2].max(), known[:, 3].max())


def km_beyond(xy: numpy.ndarray, box) -> numpy.ndarray:
    """How far each lon/lat lies outside `box`, in km (0 inside it)."""
    west, south, east, north = box
    x, y = xy[:, 0], xy[:, 1]
    dx = numpy.maximum(numpy.maximum(west - x, x - east), 0.0)
    dy = numpy.maximum(numpy.maximum(south - y, y - north), 0.0)
    squeeze = numpy.cos(numpy.radians(numpy.clip(y, -89.0, 89.0)))
    return numpy.hypot(dx * _KM_PER_DEGREE_LON * squeeze, dy * _KM_PER_DEGREE_LAT)


def misplaced_points(xy: numpy.ndarray, owner: numpy.ndarray, box) -> list[Misplaced]:
    """The features (numbered by `owner`, one entry per vertex in `xy`) with a vertex outside
    CHINA, else one more than FAR_KM past `box` (None: not checked), each named once, by its
    first vertex out of China or its farthest one."""
    found: dict[int, Misplaced] = {}
    outside = km_beyond(xy, CHINA) > 0
    for position, (x, y) in zip(owner[outside].tolist(), xy[outside].tolist()):
        found.setdefault(position, Misplaced(position, "outside_china", format_xy(x, y)))
    if box is not None:
        km = km_beyond(xy, box)
        far = numpy.flatnonzero((km > FAR_KM) & ~outside)
        far = far[numpy.lexsort((-km[far], owner[far]))]  # by feature, the farthest first
        _, first = numpy.unique(owner[far], return_index=True)
        for index in far[first].tolist():
            position = int(owner[index])
            if position not in found:
                x, y = xy[index]
                found[position] = Misplaced(position, "far", format_xy(x, y),
                                            math.floor(km[index]))
    return [found[position] for position in sorted(found)]


def misplaced(geometries, box) -> list[Misplaced]:
    """misplaced_points for each geometry of `geometries` (lon/lat)."""
    xy, owner = shapely.get_coordinates(numpy.asarray(geometries), return_index=True)
    return misplaced_points(xy, owner, box)
