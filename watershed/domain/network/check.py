"""What is wrong with a channel network, before it is cut into custody segments.

Survey files have canals meeting at a vertex inside both lines (OpenStreetMap), lines drawn
against the flow, mouths 1.5 m off their parent, aqueducts, duplicates, stubs. `flow` joins
segment ends within a metre and trusts the drawn direction, silently: this says what it would miss.

The model, on lines in a local frame of metres, each in its drawn direction:
- Junctions: a vertex that two or more lines share, at an end or in the middle (coordinates
  compared to a millimetre: OpenStreetMap draws every junction so); and an end of a line within
  `snap_m` of another line anywhere along it, which cuts that line at the point nearest the end.
  Ends within `snap_m` of each other are one junction, transitively, as in `flow.flow_graph`,
  and so are junctions on one line within `snap_m` of each other along it.
- Each line is cut at its junctions into pieces, each a directed edge from the junction at its
  upstream end (as drawn) to the one at its downstream end.
- Sources feed the nearest junction or line end within `flow.SOURCE_SNAP_M` and water flows
  downstream (`flow.live_reaches`). A piece is reached if its upstream junction is wet.
- dangles: line ends where no other line is joined (a closed line's ends meet each other).
- near_misses: a dangling end whose nearest other line lies farther than `snap_m` but within
  `near_m`; that line is named.
- crossings: points where two lines meet that are not a junction of both; they are listed, never
  joined (an aqueduct, a culvert, or bad digitising). Shared stretches are overlaps instead.
- overlaps: two lines sharing stretches longer than `snap_m` (duplicates among them).
- unreached: each line's runs of unreached pieces, as fractions of its length from its first point.
- reversed, fed_from_below: a line with unreached pieces upstream (as drawn) of a wet junction on
  it, so that reversing it would wet them. A tributary nobody put a source on looks the same: the
  office either reverses it or gives it its source.
- reversed, head_on: a junction where the downstream ends of two or more lines meet and nothing
  leaves; each of them is named with the first (by code) of the others. An end only one line
  reaches is an outlet, and lines that overlap each other (duplicates) do not meet head on.
- short: lines shorter than `short_m`.
- rings: closed lines, and each strongly connected part of the junction graph, as the codes of
  the lines with pieces inside it (water could go round).

Cost: the lines, their ends and the junctions each go into an STRtree, so the searches for ends
near lines, lines crossing lines and points near junctions take O(n log n) for n lines (plus the
pairs found); sorting the vertices and cut points is O(v log v). Merging junctions, the flow and
the strongly connected components are linear in the pieces.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

import networkx
import numpy as np
import shapely

from watershed.domain.network.flow import JOIN_M, SOURCE_SNAP_M, live_reaches
from watershed.domain.numbers import Limits

NEAR_M = 20.0  # an end this close to another line but farther than the snap is a near miss
SHORT_M = 50.0  # a channel shorter than this is "short" (the shortest custody segment we cut)
SNAP_METRES = Limits(0, 50, 2)  # as a person gives them: past 50 m, ends are not "the same point"
NEAR_METRES = Limits(0, 500, 1)
# Shared vertices are compared to a millimetre: a survey's own digits, not a distance to forgive.
_PER_MM = 1000.0


@dataclass(frozen=True)
class Dangle:
    channel: str
    end: str  # "start" | "end"
    x: float
    y: float


@dataclass(frozen=True)
class NearMiss:
    channel: str
    end: str
    other: str
    distance_m: float  # rounded to 0.01


@dataclass(frozen=True)
class Crossing:
    channels: tuple[str, str]  # sorted
    x: float
    y: float


@dataclass(frozen=True)
class Reversed:
    channel: str
    why: str  # "fed_from_below" | "head_on"
    other: str | None  # the line met head on; None when fed from below


@dataclass(frozen=True)
class Unreached:
    channel: str
    start: float  # fractions 0..1 of the channel's length, from its first point
    end: float


@dataclass(frozen=True)
class Overlap:
    channels: tuple[str, str]
    length_m: float  # rounded to 0.1


@dataclass(frozen=True)
class Short:
    channel: str
    length_m: float  # rounded to 0.1


@dataclass(frozen=True)
class Ring:
    channels: tuple[str, ...]


@dataclass(frozen=True)
class NetworkCheck:
    reversed: tuple[Reversed, ...]
    near_misses: tuple[NearMiss, ...]
    crossings: tuple[Crossing, ...]
    unreached: tuple[Unreached, ...]
    dangles: tuple[Dangle, ...]
    short: tuple[Short, ...]
    overlaps: tuple[Overlap, ...]
    rings: tuple[Ring, ...]

    def counts(self) -> dict[str, int]:
        return {field.name: len(getattr(self, field.name)) for field in fields(self)}


def check_network(codes: Sequence[str], lines: Sequence[shapely.LineString],
                  sources: Sequence[tuple[float, float]], *, snap_m: float = JOIN_M,
                  near_m: float = NEAR_M, short_m: float = SHORT_M) -> NetworkCheck:
    """The findings on `lines` (local metres, each drawn from upstream to downstream) with water
    entering at `sources`, by the model in the module docstring. Every tuple is sorted by channel
    code, then by position."""
    codes, lines, sources = _checked(codes, lines, sources, snap_m, near_m, short_m)
    if not len(lines):
        return NetworkCheck((), (), (), (), (), (), (), ())
    net = _Network(lines, snap_m, near_m)
    wet_piece, wet_node = net.flow(sources)
    crossings, overlaps = _crossings_and_overlaps(net, codes, snap_m)
    return NetworkCheck(
        reversed=_sorted(_fed_from_below(net, codes, wet_piece, wet_node)
                         + _head_on(net, codes, {o.channels for o in overlaps})),
        near_misses=_near_misses(net, codes, snap_m),
        crossings=crossings,
        unreached=_unreached(net, codes, wet_piece),
        dangles=_dangles(net, codes),
        short=_sorted(Short(codes[k], round(float(net.length[k]), 1))
                      for k in np.flatnonzero(net.length < short_m).tolist()),
        overlaps=overlaps,
        rings=_rings(net, codes),
    )


_END = ("start", "end")


def _checked(codes, lines, sources, snap_m, near_m, short_m):
    for name, value in (("snap_m", snap_m), ("near_m", near_m), ("short_m", short_m)):
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite 0 or more, got {value}")
    if near_m < snap_m:
        raise ValueError(f"near_m ({near_m}) must not be less than snap_m ({snap_m})")
    codes, geoms = list(codes), list(lines)
    if len(codes) != len(geoms):
        raise ValueError(f"{len(codes)} codes for {len(geoms)} lines")
    if len(set(codes)) != len(codes):
        raise ValueError("channel codes must be unique")
    for code, line in zip(codes, geoms):
        if not isinstance(line, shapely.LineString):
            raise ValueError(f"channel {code} is not a LineString: {line!r:.80}")
    lines = np.empty(len(geoms), dtype=object)
    lines[:] = geoms
    few = np.flatnonzero(shapely.get_num_points(lines) < 2)
    if few.size:
        raise ValueError(f"channel {codes[few[0]]} has fewer than 2 points")
    if not np.isfinite(shapely.get_coordinates(lines)).all():
        raise ValueError("every coordinate must be a finite number")
    sources = np.asarray(sources, dtype=float).reshape(-1, 2)
    if not np.isfinite(sources).all():
        raise ValueError("every source must be two finite numbers")
    return codes, lines, sources


class _Network:
    """The lines cut at their junctions. Cut points, one per line and millimetre, sorted by line
    and then along it, have a `line`, a distance `t` along it, a position `xy` and a junction
    `node`; `first` and `last` are the cut points of each line's ends. A piece runs from cut point
    k to k + 1 of the same line farther along."""

    def __init__(self, lines: np.ndarray, snap_m: float, near_m: float):
        self.lines, n = lines, len(lines)
        xy, idx = shapely.get_coordinates(lines, return_index=True)
        step = np.hypot(*np.diff(xy, axis=0).T)
        step[idx[1:] != idx[:-1]] = 0.0
        along = np.concatenate(([0.0], np.cumsum(step)))
        first = np.searchsorted(idx, np.arange(n))
        last = np.append(first[1:], len(idx)) - 1
        along -= along[first][idx]
        self.n, self.length = n, along[last]
        # Closed: the ends within the snap of each other, yet the line goes farther than that
        # (a stub shorter than the snap has its ends together too, but goes nowhere).
        reach = np.zeros(n)
        np.maximum.at(reach, idx, np.hypot(*(xy - xy[first][idx]).T))
        self.closed = (np.hypot(*(xy[last] - xy[first]).T) <= snap_m) & (reach > snap_m)

        group = _same_mm(xy)
        keep = np.bincount(np.unique(group * n + idx) // n)[group] >= 2  # on two lines or more
        keep[first] = keep[last] = True
        slot = np.cumsum(keep) - 1
        end_cut = np.concatenate((slot[first], slot[last]))  # end e: first points, then last
        self.ends = shapely.points(np.concatenate((xy[first], xy[last])))
        e, j = shapely.STRtree(lines).query(self.ends, predicate="dwithin", distance=near_m)
        e, j = e[j != e % n], j[j != e % n]
        self.near = (e, j, shapely.distance(self.ends[e], lines[j]))
        snapped = self.near[2] <= snap_m
        on, end = j[snapped], e[snapped]
        t = np.clip(shapely.line_locate_point(lines[on], self.ends[end]), 0.0, self.length[on])
        at = shapely.get_coordinates(shapely.line_interpolate_point(lines[on], t))

        line, t = np.concatenate((idx[keep], on)), np.concatenate((along[keep], t))
        cut_xy = np.concatenate((xy[keep], at))
        # One cut per place and half of a line: a shared end and its projection are one cut.
        label = _same_mm(cut_xy)
        half = line * 2 + (t > self.length[line] / 2)
        _, once, twin = np.unique(half * (label.max() + 1) + label, return_index=True,
                                  return_inverse=True)
        order = once[np.lexsort((t[once], line[once]))]
        rank = np.empty(len(line), dtype=np.int64)
        rank[order] = np.arange(len(order))
        kept = rank[once[twin.reshape(-1)]]
        self.line, self.t, self.xy = line[order], t[order], cut_xy[order]
        close = np.flatnonzero((self.line[1:] == self.line[:-1]) & (np.diff(self.t) <= snap_m))
        p, q = shapely.STRtree(self.ends).query(self.ends, predicate="dwithin", distance=snap_m)
        self.node = _merged(label[order],
                            np.concatenate((kept[end_cut[end]], kept[end_cut[p]], close)),
                            np.concatenate((kept[slot[-1] + 1:], kept[end_cut[q]], close + 1)))
        self.first, self.last = kept[slot[first]], kept[slot[last]]

        self.nodes = int(self.node.max()) + 1
        self.piece = np.flatnonzero((self.line[1:] == self.line[:-1]) & (np.diff(self.t) > 0))
        self.u, self.v = self.node[self.piece], self.node[self.piece + 1]
        self.collapsed = self.node[self.first] == self.node[self.last]
        lines_at = np.bincount(np.unique(self.node * n + self.line) // n, minlength=self.nodes)
        end_nodes = np.concatenate((self.node[self.first], self.node[self.last]))
        self.loose = (lines_at[end_nodes] == 1) & ~np.tile(self.collapsed, 2)

    def flow(self, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each piece is reached and each junction wet."""
        xy = np.column_stack([np.bincount(self.node, c) for c in self.xy.T])
        graph = networkx.MultiDiGraph(xy=xy / np.bincount(self.node)[:, None])
        graph.add_nodes_from(range(self.nodes))
        pieces = len(self.piece)
        for k, (u, v) in enumerate(zip(self.u.tolist(), self.v.tolist())):
            graph.add_edge(u, v, k, reach=k)
        # A loop at every junction makes live_reaches say which are wet, a fed one with nothing
        # leaving it included: a line drawn up to its own source is fed from below there.
        for k in range(self.nodes):
            graph.add_edge(k, k, pieces + k, reach=pieces + k)
        live = live_reaches(graph, sources, (), SOURCE_SNAP_M)
        wet = np.array([live[k] for k in range(pieces + self.nodes)], dtype=bool)
        return wet[:pieces], wet[pieces:]


def _same_mm(xy: np.ndarray) -> np.ndarray:
    """A label per point, shared by the points at the same millimetre."""
    # As complex numbers, numpy sorts the pairs in one pass; rows (axis=0) sort many times slower.
    mm = np.round(xy * _PER_MM)
    return np.unique(mm[:, 0] + 1j * mm[:, 1], return_inverse=True)[1].reshape(-1)


def _merged(label: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each point's junction: labels joined by the links (a[k], b[k]), transitively."""
    # Most links join points already at the same millimetre: only the rest go to networkx.
    a, b = label[a], label[b]
    graph = networkx.Graph()
    graph.add_nodes_from(range(int(label.max()) + 1))
    graph.add_edges_from(zip(a[a != b].tolist(), b[a != b].tolist()))
    junction = np.empty(graph.number_of_nodes(), dtype=np.int64)
    for k, members in enumerate(networkx.connected_components(graph)):
        junction[list(members)] = k
    return junction[label]


def _by_channel(codes, ends: np.ndarray) -> list[int]:
    """Ends (first points 0..n-1, then last points) by channel code, a first point first."""
    return sorted(ends.tolist(), key=lambda e: (codes[e % len(codes)], e // len(codes)))


def _dangles(net: _Network, codes) -> tuple[Dangle, ...]:
    xy = shapely.get_coordinates(net.ends).tolist()
    return tuple(Dangle(codes[e % net.n], _END[e // net.n], *xy[e])
                 for e in _by_channel(codes, np.flatnonzero(net.loose)))


def _near_misses(net: _Network, codes, snap_m: float) -> tuple[NearMiss, ...]:
    e, j, gap = net.near
    keep = (gap > snap_m) & net.loose[e]
    nearest: dict[int, tuple[float, str]] = {}
    for end, code, d in zip(e[keep].tolist(), (codes[k] for k in j[keep]), gap[keep].tolist()):
        nearest[end] = min(nearest.get(end, (d, code)), (d, code))
    return tuple(NearMiss(codes[e % net.n], _END[e // net.n], other, round(gap, 2))
                 for e in _by_channel(codes, np.array(list(nearest), dtype=int))
                 for gap, other in [nearest[e]])


def _unreached(net: _Network, codes, wet_piece: np.ndarray) -> tuple[Unreached, ...]:
    dry = ~wet_piece
    line = net.line[net.piece]
    same = line[1:] == line[:-1]
    begins = net.piece[dry & ~np.r_[False, dry[:-1] & same]]
    stops = net.piece[dry & ~np.r_[dry[1:] & same, False]] + 1
    return _sorted(
        Unreached(codes[k], float(net.t[a] / net.length[k]), float(net.t[b] / net.length[k]))
        for k, a, b in zip(net.line[begins].tolist(), begins.tolist(), stops.tolist()))


def _fed_from_below(net: _Network, codes, wet_piece, wet_node) -> list[Reversed]:
    # Piece numbers grow along each line, so "upstream of" is "a smaller number than".
    number, line, below_wet = np.arange(len(net.piece)), net.line[net.piece], wet_node[net.v]
    first_dry, last_wet = np.full(net.n, len(number)), np.full(net.n, -1)
    np.minimum.at(first_dry, line[~wet_piece], number[~wet_piece])
    np.maximum.at(last_wet, line[below_wet], number[below_wet])
    return [Reversed(codes[k], "fed_from_below", None)
            for k in np.flatnonzero(first_dry <= last_wet).tolist()]


def _head_on(net: _Network, codes, overlapping: set[tuple[str, str]]) -> list[Reversed]:
    leaving = np.bincount(net.u[net.u != net.v], minlength=net.nodes)
    meeting: dict[int, list[str]] = {}
    for k in np.flatnonzero(~net.collapsed).tolist():
        node = int(net.node[net.last[k]])
        if not leaving[node]:
            meeting.setdefault(node, []).append(codes[k])
    found = []
    for here in meeting.values():
        for code in here:
            others = [o for o in here if o != code and _pair(o, code) not in overlapping]
            if others:
                found.append(Reversed(code, "head_on", min(others)))
    return found


def _crossings_and_overlaps(net: _Network, codes, snap_m: float):
    a, b = shapely.STRtree(net.lines).query(net.lines, predicate="intersects")
    # Each pair in the order of its codes, so the points found do not hang on the input's order.
    by_code = np.argsort(np.argsort(np.array(codes, dtype=object)))
    a, b = a[by_code[a] < by_code[b]], b[by_code[a] < by_code[b]]
    parts, pair = shapely.get_parts(shapely.intersection(net.lines[a], net.lines[b]),
                                    return_index=True)
    parts, inner = shapely.get_parts(parts, return_index=True)  # a collection may hold multis
    full = ~shapely.is_empty(parts)  # a line of no length "intersects" but leaves nothing
    parts, pair = parts[full], pair[inner[full]]
    size = shapely.length(parts)
    stretch = size > snap_m
    shared = np.bincount(pair[stretch], size[stretch], minlength=len(a))
    overlaps = _sorted(Overlap((codes[a[k]], codes[b[k]]), round(float(shared[k]), 1))
                       for k in np.flatnonzero(shared > 0).tolist())
    # A point (or a stretch within the snap) is a junction of both lines if one junction has cut
    # points of both lines within the snap of it.
    points, pa, pb = shapely.centroid(parts[~stretch]), a[pair[~stretch]], b[pair[~stretch]]
    m, c = shapely.STRtree(shapely.points(net.xy)).query(
        points, predicate="dwithin", distance=snap_m + 1.0 / _PER_MM)
    side = np.where(net.line[c] == pa[m], 0, np.where(net.line[c] == pb[m], 1, -1))
    m, c, side = m[side >= 0], c[side >= 0], side[side >= 0]
    at, count = np.unique(np.unique((m * net.nodes + net.node[c]) * 2 + side) // 2,
                          return_counts=True)
    joined = np.zeros(len(points), dtype=bool)
    joined[at[count == 2] // net.nodes] = True
    xy = shapely.get_coordinates(points).tolist()
    crossings = _sorted(Crossing((codes[pa[k]], codes[pb[k]]), *xy[k])
                        for k in np.flatnonzero(~joined).tolist())
    return crossings, overlaps


def _sorted(items) -> tuple:
    # Field by field: a channel code first, then a position (or a reason) for every kind.
    return tuple(sorted(items, key=astuple))


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _rings(net: _Network, codes) -> tuple[Ring, ...]:
    graph = networkx.DiGraph()
    moving = net.u != net.v
    graph.add_edges_from(zip(net.u[moving].tolist(), net.v[moving].tolist()))
    part = np.full(net.nodes, -1)
    for k, members in enumerate(networkx.strongly_connected_components(graph)):
        if len(members) > 1:
            part[list(members)] = k
    inside = (part[net.u] >= 0) & (part[net.u] == part[net.v])
    rings: dict[int, set[str]] = {}
    for k, line in zip(part[net.u[inside]].tolist(), net.line[net.piece[inside]].tolist()):
        rings.setdefault(k, set()).add(codes[line])
    found = {tuple(sorted(r)) for r in rings.values()}
    found.update((codes[k],) for k in np.flatnonzero(net.closed).tolist())
    return tuple(Ring(r) for r in sorted(found))
