"""Small line maps as inline SVG, for the printable pages (the weekly report, the signboards).

Lon/lat is projected to a box: east to the right, north up, a degree of longitude shortened by
cos(latitude) — at a basin's size that is within a fraction of a percent of true shape. Nothing
is fetched (no tiles, no script, no font); every piece of text is escaped.
"""

import math
from dataclasses import dataclass
from html import escape

import shapely

METRES_PER_DEGREE = 111_320.0  # of latitude (and of longitude at the equator), near enough here


def lines_of(geometry) -> list:
    """The LineStrings of a LineString or MultiLineString."""
    return list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]


def neighbourhood(bounds: tuple[float, float, float, float], margin_m: float,
                  aspect: float) -> tuple[float, float, float, float]:
    """`bounds` (west, south, east, north) grown by `margin_m` on every side, then widened or
    heightened about its centre until width / height on the ground is `aspect`."""
    west, south, east, north = bounds
    squeeze = math.cos(math.radians((south + north) / 2))
    per_lon = METRES_PER_DEGREE * squeeze
    west, east = west - margin_m / per_lon, east + margin_m / per_lon
    south, north = south - margin_m / METRES_PER_DEGREE, north + margin_m / METRES_PER_DEGREE
    width_m, height_m = (east - west) * per_lon, (north - south) * METRES_PER_DEGREE
    if width_m < aspect * height_m:
        grow = (aspect * height_m - width_m) / 2 / per_lon
        west, east = west - grow, east + grow
    else:
        grow = (width_m / aspect - height_m) / 2 / METRES_PER_DEGREE
        south, north = south - grow, north + grow
    return west, south, east, north


def svg_open(width: float, height: float, label: str) -> str:
    """The opening tag of an inline SVG of this size; `label` (plain text) names it for readers."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{escape(label)}">')


def svg_text(x: float, y: float, words: str, anchor: str = "start", size: int = 10,
             fill: str = "#333") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}">{escape(words)}</text>')


@dataclass(frozen=True)
class Frame:
    """Where lon/lat falls in the box: x = dx + (lon - west) * squeeze * scale, y = dy +
    (north - lat) * scale."""

    west: float
    north: float
    squeeze: float  # cos(latitude)
    scale: float  # box units per degree of latitude
    dx: float
    dy: float

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float],
            box: tuple[float, float, float, float]) -> "Frame":
        """The frame that shows `bounds` (west, south, east, north) as large as fits in `box`
        (x, y, width, height), centred."""
        west, south, east, north = bounds
        x, y, box_w, box_h = box
        squeeze = math.cos(math.radians((south + north) / 2))
        width, height = max((east - west) * squeeze, 1e-9), max(north - south, 1e-9)
        scale = min(box_w / width, box_h / height)
        return cls(west, north, squeeze, scale, x + (box_w - width * scale) / 2,
                   y + (box_h - height * scale) / 2)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.dx + (lon - self.west) * self.squeeze * self.scale,
                self.dy + (self.north - lat) * self.scale)

    def points(self, line) -> str:
        """A LineString's vertices as an SVG points attribute."""
        return " ".join("%.1f,%.1f" % self.point(lon, lat)
                        for lon, lat in shapely.get_coordinates(line).tolist())

    def units_per_metre(self) -> float:
        return self.scale / METRES_PER_DEGREE


def polyline(frame: Frame, line, colour: str, width: float) -> str:
    return (f'<polyline fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-linecap="round" points="{frame.points(line)}"/>')


def scale_bar(frame: Frame, x: float, y: float, most: float) -> str:
    """A bar of a round number of metres (1, 2 or 5 × 10ⁿ) no longer than `most` box units,
    with its length written above it."""
    metres = most / frame.units_per_metre()
    step = 10 ** math.floor(math.log10(metres))
    length_m = max(n * step for n in (1, 2, 5) if n * step <= metres)
    length = length_m * frame.units_per_metre()
    return (f'<path d="M{x:.1f},{y - 3:.1f}V{y:.1f}H{x + length:.1f}V{y - 3:.1f}" '
            f'stroke="#333" stroke-width="1" fill="none"/>'
            + svg_text(x + length / 2, y - 4, f"{length_m:g} m", "middle", 8))
