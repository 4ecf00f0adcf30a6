"""Cutting channels into custody segments.

A channel is cut first at its confluences (where another channel starts or ends on it, or crosses
it at a vertex both lines have: OpenStreetMap's junction of two canals that both go on), then each
stretch between confluences into pieces of equal geodesic length close to a target, so nobody
inherits a 30 m runt at the end of a stretch. Lengths are geodesics on the ellipsoid.

No piece is shorter than MIN_SEGMENT_M unless its whole line is: a household cannot be asked to
keep 3 m of bank, and a signboard for it would stand beside its neighbour's. A stretch between
confluences shorter than that joins the shorter of its neighbour stretches on the same line (a
ditch joining 20 m below another loses its own cut), and a stretch is cut into fewer, longer
pieces rather than pieces under it (a target under 100 m can ask for that).

A network is cut in one pass over flat numpy arrays holding every vertex of every line, line after
line: per-line calls into pyproj and shapely cost more than the arithmetic, and a county-sized
network has tens of thousands of lines.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import LineString

from watershed.domain.geodesy import edges_m, forward, metres_per_degree

DEFAULT_TARGET_M = 200.0
MIN_TARGET_M = 1.0
# A split this close to an end or to the split before it would make a piece of nothing.
MIN_PART_M = 0.001
# A cut this close to a vertex uses the vertex, rather than a new point a hair away from it.
SNAP_M = 1e-6
# Confluences closer than this along a line are one confluence.
MERGE_M = 1.0
MIN_SEGMENT_M = 50.0


@dataclass(frozen=True)
class Piece:
    """A stretch of a line, `start_m` to `end_m` metres along it from its first vertex."""

    geometry: LineString
    start_m: float
    end_m: float
    length_m: float


def segment_code(channel_code: str, index: int) -> str:
    """The code of the `index`-th segment of a channel, counted from 1 upstream: GZQ-007."""
    if index < 1:
        raise ValueError(f"segment index must be 1 or more, got {index}")
    return f"{channel_code}-{index:03d}"


def cut(
    line: LineString, target_m: float = DEFAULT_TARGET_M, split_at_m: Sequence[float] = ()
) -> list[Piece]:
    """Cut a line at the distances in `split_at_m`, then each part into pieces of equal length
    near `target_m`: n = max(1, min(round(part / target_m), floor(part / MIN_SEGMENT_M))) of
    them. Pieces run in the line's own vertex order, share their boundary points exactly and
    keep every original vertex.

    A split within 1 mm of an end or of the split kept before it is ignored, and a part shorter
    than MIN_SEGMENT_M joins its shorter neighbour (the split between them is dropped); a split
    off the line raises ValueError, as does a line of zero length. For many lines, `cut_many` is some 20 times
    faster than calling this line by line."""
    return _cut(_Polylines.measure([line]), target_m, [split_at_m])[0]


def cut_many(
    lines: Sequence[LineString], target_m: float = DEFAULT_TARGET_M, tolerance_m: float = 1.0
) -> list[list[Piece]]:
    """Cut every line at the confluences `confluence_points` finds, then into equal pieces."""
    polylines = _Polylines.measure(lines)
    return _cut(polylines, target_m, _confluences(polylines, tolerance_m))


def confluence_points(lines: Sequence[LineString], tolerance_m: float = 1.0) -> list[list[float]]:
    """For each line, the sorted distances along it (geodesic metres from its first vertex) where
    another line's first or last vertex lies within `tolerance_m` of it.

    Touches within max(1 m, tolerance_m) of the line's own ends are not confluences (the line
    ends there anyway), and touches closer than 1 m along the line are merged into the first."""
    return _confluences(_Polylines.measure(lines), tolerance_m)


@dataclass(frozen=True)
class _Polylines:
    """Every vertex of every line in one array, line after line, with distances along each."""

    coords: np.ndarray  # (V, 2) lon, lat
    owner: np.ndarray  # (V,) the line each vertex belongs to
    first: np.ndarray  # (N,) index of each line's first vertex
    last: np.ndarray  # (N,) index of each line's last vertex
    along: np.ndarray  # (V,) geodesic metres from the line's first vertex
    azimuth: np.ndarray  # (V,) azimuth of the edge leaving each vertex (junk at a last vertex)

    @property
    def length(self) -> np.ndarray:
        return self.along[self.last]

    @classmethod
    def measure(cls, lines: Sequence[LineString]) -> _Polylines:
        lines = np.asarray(lines, dtype=object)
        wrong = np.flatnonzero(shapely.get_type_id(lines) != shapely.GeometryType.LINESTRING)
        if wrong.size:
            raise ValueError(f"line {wrong[0]} is not a LineString: {lines[wrong[0]]!r:.80}")
        coords, owner = shapely.get_coordinates(lines, return_index=True)
        count = np.bincount(owner, minlength=len(lines))
        if np.any(count < 2):
            raise ValueError(f"line {np.flatnonzero(count < 2)[0]} has fewer than 2 points")
        last = np.cumsum(count) - 1
        first = last - count + 1
        azimuth, edge = edges_m(coords)
        # Edges between one line's last vertex and the next line's first are not edges.
        edge = np.append(edge, 0.0)
        edge[last] = 0.0
        azimuth = np.append(azimuth, 0.0)
        # Summed line by line, not as one running total, so a line measures the same to the last
        # bit whether it is cut alone or in a network of thousands.
        along = np.zeros(len(coords))
        for f, l in zip(first.tolist(), last.tolist()):
            np.add.accumulate(edge[f:l], out=along[f + 1 : l + 1])
        length = along[last]
        bad = np.flatnonzero(~(length > 0) | ~np.isfinite(length))
        if bad.size:
            raise ValueError(
                f"line {bad[0]} has zero or undefined length (fewer than 2 distinct points)"
            )
        return cls(coords, owner, first, last, along, azimuth)


def _confluences(poly: _Polylines, tolerance_m: float) -> list[list[float]]:
    if not tolerance_m >= 0:
        raise ValueError(f"tolerance_m must be 0 or more, got {tolerance_m}")
    found: list[list[float]] = [[] for _ in range(len(poly.first))]
    if len(found) < 2:
        return found
    touched, touched_at = _touches(poly, tolerance_m)
    shared, shared_at = _shared_vertices(poly, max(1.0, tolerance_m))
    line, along = np.concatenate((touched, shared)), np.concatenate((touched_at, shared_at))
    order = np.lexsort((along, line))
    for i, d in zip(line[order].tolist(), along[order].tolist()):
        if not found[i] or d - found[i][-1] >= MERGE_M:
            found[i].append(d)
    return found


def _touches(poly: _Polylines, tolerance_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Every (line, distance along it) where another line's end touches it, sorted."""
    ends = np.concatenate((poly.first, poly.last))
    starts_edge = np.ones(len(poly.coords), dtype=bool)
    starts_edge[poly.last] = False
    edge_from = np.flatnonzero(starts_edge)
    edges = shapely.linestrings(np.stack((poly.coords[edge_from], poly.coords[edge_from + 1]), 1))
    # Candidates are edges whose envelope meets a square around the end, wide enough in degrees
    # that nothing within tolerance escapes; `_foot` then measures in metres. (A "dwithin"
    # query would compute planar distances in degrees only to have them redone: 3x slower.)
    per_lon, _ = metres_per_degree(np.abs(poly.coords[:, 1]).max())
    _, per_lat = metres_per_degree(0.0)
    degrees = 1.1 * tolerance_m / min(per_lon, per_lat) + 1e-9
    lon, lat = poly.coords[ends].T
    squares = shapely.box(lon - degrees, lat - degrees, lon + degrees, lat + degrees)
    end_i, edge_i = shapely.STRtree(edges).query(squares)
    a, point = edge_from[edge_i], ends[end_i]
    other = poly.owner[a] != poly.owner[point]
    end_i, a, point = end_i[other], a[other], point[other]
    gap, t = _foot(poly.coords, point, a, *metres_per_degree(lat[end_i]))
    close = gap <= tolerance_m
    a, point, gap, t = a[close], point[close], gap[close], t[close]
    line = poly.owner[a]
    along = poly.along[a] + t * (poly.along[a + 1] - poly.along[a])
    # Only each end's nearest touch on a line counts, so a line that bends back near its own
    # end, where the other line joins it end to end, does not gain a confluence there.
    order = np.lexsort((gap, line, point))
    line, point, along = line[order], point[order], along[order]
    nearest = np.r_[True, (point[1:] != point[:-1]) | (line[1:] != line[:-1])]
    near_end_m = max(1.0, tolerance_m)
    inside = (along > near_end_m) & (along < poly.length[line] - near_end_m)
    line, along = line[nearest & inside], along[nearest & inside]
    order = np.lexsort((along, line))
    return line[order], along[order]


def _shared_vertices(poly: _Polylines, near_end_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Every (line, distance along it) of an inner vertex that another line has too, to the
    last digit: where two ways share a node, water passes between them even though neither ends
    there. Ends are `_touches`' business."""
    _, point = np.unique(poly.coords, axis=0, return_inverse=True)
    point = point.ravel()
    on_lines = np.unique(np.column_stack((point, poly.owner)), axis=0)[:, 0]
    shared = np.bincount(on_lines, minlength=point.max() + 1)[point] >= 2
    line, along = poly.owner[shared], poly.along[shared]
    inside = (along > near_end_m) & (along < poly.length[line] - near_end_m)
    return line[inside], along[inside]


def _foot(coords, point, a, per_lon, per_lat) -> tuple[np.ndarray, np.ndarray]:
    """Distance in metres from vertex `point` to edge `a`→`a+1`, and the fraction of the edge
    where its nearest point lies; in the frame of `geodesy.local_metres` around each point,
    scaled by the metres per degree given for it."""
    p, b0, b1 = coords[point], coords[a], coords[a + 1]
    ax, ay = (b0[:, 0] - p[:, 0]) * per_lon, (b0[:, 1] - p[:, 1]) * per_lat
    dx, dy = (b1[:, 0] - b0[:, 0]) * per_lon, (b1[:, 1] - b0[:, 1]) * per_lat
    span = dx * dx + dy * dy
    t = np.divide(-(ax * dx + ay * dy), span, out=np.zeros_like(span), where=span > 0)
    t = np.clip(t, 0.0, 1.0)
    return np.hypot(ax + t * dx, ay + t * dy), t


def _cut(
    poly: _Polylines, target_m: float, splits: Sequence[Sequence[float]]
) -> list[list[Piece]]:
    if not (math.isfinite(target_m) and target_m >= MIN_TARGET_M):
        raise ValueError(f"target_m must be at least {MIN_TARGET_M} m, got {target_m}")
    length = poly.length
    if len(splits) != len(length):
        raise ValueError(f"{len(splits)} lists of splits for {len(length)} lines")
    if not len(length):
        return []
    kept = [
        _no_short_parts(_clean(s, L, i), L) if len(s) else []
        for i, (s, L) in enumerate(zip(splits, length.tolist()))
    ]
    piece_line, start_m = _plan(length, kept, target_m)
    coords, start_row, end_row, start_m, end_m = _place(poly, piece_line, start_m)
    count = end_row - start_row + 1
    rows = np.repeat(start_row, count) + _ranks(count)
    geoms = shapely.linestrings(coords[rows], indices=np.repeat(np.arange(len(count)), count))
    pieces = [
        Piece(g, s, e, e - s) for g, s, e in zip(geoms.tolist(), start_m.tolist(), end_m.tolist())
    ]
    bounds = np.cumsum(np.bincount(piece_line, minlength=len(length))).tolist()
    return [pieces[i:j] for i, j in zip([0] + bounds[:-1], bounds)]


def _clean(splits: Sequence[float], length: float, line: int) -> list[float]:
    kept: list[float] = []
    previous = 0.0
    for d in sorted(float(x) for x in splits):
        if not -MIN_PART_M <= d <= length + MIN_PART_M:
            raise ValueError(f"split at {d} m is off line {line}, which is {length:.3f} m long")
        if d - previous >= MIN_PART_M and length - d >= MIN_PART_M:
            kept.append(d)
            previous = d
    return kept


def _no_short_parts(splits: list[float], length: float) -> list[float]:
    """The splits left once every part shorter than MIN_SEGMENT_M has joined a neighbour: the
    shortest first, into the shorter neighbour (the upstream one on a tie), until none is short
    or the line is one part."""
    bounds = [0.0, *splits, length]
    while len(bounds) > 2:
        parts = [b - a for a, b in zip(bounds, bounds[1:])]
        shortest = min(range(len(parts)), key=parts.__getitem__)
        if parts[shortest] >= MIN_SEGMENT_M:
            break
        if shortest == 0:
            del bounds[1]
        elif shortest == len(parts) - 1 or parts[shortest - 1] <= parts[shortest + 1]:
            del bounds[shortest]
        else:
            del bounds[shortest + 1]
    return bounds[1:-1]


def _plan(
    length: np.ndarray, splits: list[list[float]], target_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """The line each piece belongs to and the distance along it where the piece starts."""
    n_lines = len(length)
    lines = np.arange(n_lines)
    split_line = np.repeat(lines, [len(s) for s in splits])
    split_at = np.fromiter(itertools.chain.from_iterable(splits), float, len(split_line))
    bound_line = np.concatenate((lines, split_line, lines))
    bound = np.concatenate((np.zeros(n_lines), split_at, length))
    order = np.lexsort((bound, bound_line))
    bound_line, bound = bound_line[order], bound[order]
    is_part = bound_line[1:] == bound_line[:-1]
    part_line, part_start = bound_line[:-1][is_part], bound[:-1][is_part]
    part_length = bound[1:][is_part] - part_start
    count = np.minimum(np.rint(part_length / target_m), np.floor(part_length / MIN_SEGMENT_M))
    count = np.maximum(1, count).astype(np.int64)
    part = np.repeat(np.arange(len(count)), count)
    start = part_start[part] + part_length[part] * _ranks(count) / count[part]
    return part_line[part], start


def _place(poly: _Polylines, piece_line: np.ndarray, start_m: np.ndarray):
    """Put a point at every cut, on the geodesic edge it falls in, or on a vertex it touches.

    Returns all coordinates with the new points inserted in order, and for each piece its first
    and last row in them and its start and end in metres along its line."""
    opens_line = np.r_[True, piece_line[1:] != piece_line[:-1]]
    closes_line = np.r_[opens_line[1:], True]
    cut_line, d = piece_line[~opens_line], start_m[~opens_line]
    # One search finds every cut's edge: the lines laid end to end, a metre apart.
    offset = np.cumsum(poly.length + 1.0) - (poly.length + 1.0)
    v = np.searchsorted(poly.along + offset[poly.owner], d + offset[cut_line], side="right") - 1
    v = np.clip(v, poly.first[cut_line], poly.last[cut_line] - 1)
    past = d - poly.along[v]
    at_v = past < SNAP_M
    at_next = ~at_v & (poly.along[v + 1] - d < SNAP_M)
    new = ~(at_v | at_next)
    vertex = np.where(at_next, v + 1, v)

    lon, lat = forward(*poly.coords[v[new]].T, poly.azimuth[v[new]], past[new])
    insert_at = v[new] + 1
    coords = np.insert(poly.coords, insert_at, np.column_stack((lon, lat)), axis=0)

    def row_of(vertices):
        return vertices + np.searchsorted(insert_at, vertices, side="right")

    cut_row = np.empty(len(d), dtype=np.int64)
    cut_row[new] = insert_at + np.arange(len(insert_at))
    cut_row[~new] = row_of(vertex[~new])
    start_row = np.empty(len(piece_line), dtype=np.int64)
    start_row[opens_line] = row_of(poly.first[piece_line[opens_line]])
    start_row[~opens_line] = cut_row
    end_row = np.r_[start_row[1:], 0]
    end_row[closes_line] = row_of(poly.last[piece_line[closes_line]])

    # A cut that landed on a vertex starts at that vertex's distance, so lengths stay exact.
    start_m = start_m.copy()
    start_m[~opens_line] = np.where(new, d, poly.along[vertex])
    end_m = np.r_[start_m[1:], 0.0]
    end_m[closes_line] = poly.length[piece_line[closes_line]]
    return coords, start_row, end_row, start_m, end_m


def _ranks(count: np.ndarray) -> np.ndarray:
    """0, 1, … count[i]-1 for each group i, concatenated."""
    return np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
