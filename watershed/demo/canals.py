"""The channel network of the synthetic demo basin, and the fish ponds dug across 港中渠, drawn in
local metres (see watershed.demo.layout for the projection).

Channels are laid one at a time, each kept clear of all drawn before it, so the only places two
channels meet are the vertices where one takes off from the other.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.polygon import orient

from watershed.demo.names import chinese_number

CLEARANCE_M = 20.0  # how near a new channel may come to any other line or pond
_TAU = 2 * math.pi


def _first_run_inside(points: list[tuple[float, float]], region: Polygon) -> np.ndarray:
    xy = np.asarray(points, dtype=float)
    inside = shapely.contains_xy(region, xy[:, 0], xy[:, 1])
    start = int(np.argmax(inside))
    outside_after = np.flatnonzero(~inside[start:])
    stop = start + int(outside_after[0]) if outside_after.size else len(xy)
    return xy[start:stop]


def _resample(dense: np.ndarray, rng: random.Random) -> np.ndarray:
    """Keep a vertex every 70–130 m of a densely drawn curve, as a digitiser would."""
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(dense, axis=0).T))])
    keep, target = [0], rng.uniform(70, 130)
    while target < along[-1] - 40:
        keep.append(int(np.searchsorted(along, target)))
        target = along[keep[-1]] + rng.uniform(70, 130)
    keep.append(len(dense) - 1)
    return dense[keep]


def main_canal(rng: random.Random, inner: Polygon) -> np.ndarray:
    # Python's math, not numpy's vectorised sin: the latter may differ in the last bit between
    # CPUs, and the committed demo files must come out byte for byte the same everywhere.
    p1, p2 = rng.uniform(0, _TAU), rng.uniform(0, _TAU)
    pts = [
        (x, 800 - 0.25 * x + 3e-5 * x * x
         + 120 * math.sin(_TAU * x / 1700 + p1) + 25 * math.sin(_TAU * x / 600 + p2))
        for x in range(-6000, 6001, 10)
    ]
    return _resample(_first_run_inside(pts, inner), rng)


def gangzhong_canal(head: np.ndarray, rng: random.Random, inner: Polygon) -> np.ndarray:
    x0, y0 = float(head[0]), float(head[1])
    p = rng.uniform(0, _TAU)
    pts = [
        (x0 + 0.15 * t + 70 * (math.sin(_TAU * t / 1400 + p) - math.sin(p)), y0 - t)
        for t in range(0, 8001, 10)
    ]
    return _resample(_first_run_inside(pts, inner), rng)


def _along(xy: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])


@dataclass
class Channel:
    code: str
    name: str
    kind: str
    parent: int | None  # index into Network.channels
    xy: np.ndarray


class Network:
    """Channels laid one at a time; a new one stops before it comes near any other line or pond,
    so the only places two channels meet are the take-off vertices they share."""

    def __init__(self, inner: Polygon):
        shapely.prepare(inner)
        self.inner = inner
        self.channels: list[Channel] = []
        self._items: list = []
        self._owners: list[int] = []  # channel index, -1 for a pond
        self._tree: shapely.STRtree | None = None

    def add(self, channel: Channel) -> int:
        self.channels.append(channel)
        self._block(LineString(channel.xy), len(self.channels) - 1)
        return len(self.channels) - 1

    def _block(self, geometry, owner: int) -> None:
        self._items.append(geometry)
        self._owners.append(owner)
        self._tree = None

    def add_pond(self, pond: Polygon) -> None:
        self._block(pond, -1)

    def near(self, geometry, distance: float) -> list[int]:
        if self._tree is None:
            self._tree = shapely.STRtree(self._items)
        hits = self._tree.query(geometry, predicate="dwithin", distance=distance)
        return [self._owners[h] for h in hits]

    def _clear(self, segment: LineString, ignore: int | None) -> bool:
        if not self.inner.contains(segment):
            return False
        return all(owner == ignore for owner in self.near(segment, CLEARANCE_M))

    def sprout(self, parent: int, vertex: int, heading: float, max_len: float, wander: float,
               rng: random.Random) -> np.ndarray:
        """Grow a line from a parent's vertex; its first point IS that vertex, so it lies on the
        parent exactly, even after rounding to 6 decimals."""
        pts = [self.channels[parent].xy[vertex]]
        h, length = heading, 0.0
        while length < max_len:
            # Damped random walk: gentle bends that never turn back on themselves.
            h = heading + 0.6 * (h - heading) + rng.gauss(0, wander)
            step = rng.uniform(80, 120)
            nxt = pts[-1] + step * np.array([math.cos(h), math.sin(h)])
            # Only the first step may touch the parent: it starts on it.
            if not self._clear(LineString([pts[-1], nxt]), parent if len(pts) == 1 else None):
                break
            pts.append(nxt)
            length += step
        return np.array(pts)

    def branch_off(self, parent: int, kind: str, first_at: float, spacing: tuple[float, float],
                   end_margin: float, max_len: tuple[float, float], wander: float,
                   min_len: float, rng: random.Random) -> list[int]:
        """Take channels off a parent at stations downstream, alternating sides, numbered in
        downstream order among those that found room."""
        mother = self.channels[parent]
        along = _along(mother.xy)
        made: list[int] = []
        taken: set[int] = set()  # one take-off per vertex, so confluences never coincide
        station, side = first_at, rng.choice((1, -1))
        while station < along[-1] - end_margin:
            i = min(int(np.searchsorted(along, station)), len(along) - 2)
            if i in taken:
                station += rng.uniform(*spacing)
                continue
            taken.add(i)
            tx, ty = mother.xy[i + 1] - mother.xy[i - 1]
            heading = math.atan2(ty, tx) + side * math.pi / 2 + rng.uniform(-0.12, 0.12)
            xy = self.sprout(parent, i, heading, rng.uniform(*max_len), wander, rng)
            if _along(xy)[-1] >= min_len:
                n = len(made) + 1
                if kind == "支渠":
                    code, name = f"{mother.code}-Z{n:02d}", f"{mother.name}{chinese_number(n)}支渠"
                else:
                    code, name = f"{mother.code}-D{n:02d}", f"{mother.name[:-1]}{chinese_number(n)}斗渠"
                made.append(self.add(Channel(code, name, kind, parent, xy)))
            station += rng.uniform(*spacing)
            side = -side
        return made


def fish_ponds(gangzhong: np.ndarray, rng: random.Random) -> list[Polygon]:
    """Nine ponds dug across the first 1.8 km of 港中渠, the 'dead water' of the story."""
    line = LineString(gangzhong)
    ponds = []
    for i in range(9):
        d = 230 + 185 * i + rng.uniform(-15, 15)
        (x0, y0), (x1, y1) = line.interpolate(d - 5).coords[0], line.interpolate(d + 5).coords[0]
        angle = math.atan2(y1 - y0, x1 - x0)
        area, aspect = rng.uniform(3600, 11000), rng.uniform(0.7, 1.4)
        length = math.sqrt(area * aspect)  # along the canal
        width = area / length
        shift = rng.uniform(-0.25, 0.25) * width  # off-centre, but the canal still runs through
        cx, cy = line.interpolate(d).coords[0]
        ca, sa = math.cos(angle), math.sin(angle)
        corners = []
        for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            a = u * length / 2 + rng.uniform(-3, 3)
            b = v * width / 2 + shift + rng.uniform(-3, 3)
            corners.append((cx + a * ca - b * sa, cy + a * sa + b * ca))
        ponds.append(orient(Polygon(corners)))
    return ponds
