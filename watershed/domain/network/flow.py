"""Which segments carry live water (活水): the channel network as a directed graph.

Channels are digitised in flow direction and cut into segments, so every segment runs downstream
from its first point to its last. Where segments meet (a boundary inside a channel, or a branch
leaving or joining one), their ends lie within about a metre of each other but are not always the
same coordinates: the cut at a confluence is computed on the parent channel, while the branch keeps
its own digitised first or last vertex. The network therefore joins ends by distance, not by
equality.

Water enters at source points and flows downstream only. A fish pond that is not yet cleared blocks
every segment it crosses: water neither enters such a segment nor passes through it. A segment is
live if water reaches its upstream end and it is not blocked itself.

Everything here works in a local frame of metres (x east, y north); `reaches_from_lines` gets there
from lon/lat LineStrings. Only gaps of a metre or so between nearby ends matter, and the
equirectangular frame of `geodesy.local_metres` stretches them by under 0.1% (1 mm in a metre)
within 10 km of its origin.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import networkx
import numpy as np
import shapely

from watershed.domain.geodesy import local_metres

# Segment ends closer than this are one junction: `segmenting` finds confluences with the same
# 1 m tolerance, so a branch end it cut a channel for is joined to the cut it made.
JOIN_M = 1.0
# A source feeds the nearest junction within this distance. Sources are put in by hand at a
# sluice, an outlet or a pump, often from a phone (GPS good to 5-10 m) and often on the bank or at
# the reservoir rather than on the channel's first vertex: 50 m forgives that, yet is a quarter of
# the usual 200 m segment, so a source cannot feed a junction a whole segment away when a nearer
# one exists. (The demo's source is exactly the first point of the main canal.)
SOURCE_SNAP_M = 50.0


@dataclass(frozen=True)
class Reach:
    """One segment as the network sees it: its id and its two ends in local metres."""

    id: int
    start: tuple[float, float]  # upstream end
    end: tuple[float, float]  # downstream end


def reaches_from_lines(
    ids: Sequence[int], lines: Sequence[shapely.LineString], origin: tuple[float, float]
) -> list[Reach]:
    """Reaches for lon/lat LineStrings digitised downstream: the first point of each is its
    upstream end. `origin` (lon, lat) is the centre of the local frame: take one near the middle of
    the basin (within 10 km of every line keeps a 1 m gap right to 1 mm)."""
    if len(ids) != len(lines):
        raise ValueError(f"{len(ids)} ids for {len(lines)} lines")
    ends = _line_ends(lines, origin)
    n = len(ids)
    sx, sy, ex, ey = (column.tolist() for column in (ends[:n, 0], ends[:n, 1], ends[n:, 0],
                                                      ends[n:, 1]))
    return [Reach(int(i), (a, b), (c, d)) for i, a, b, c, d in zip(ids, sx, sy, ex, ey)]


def graph_from_lines(ids: Sequence[int], lines: Sequence[shapely.LineString],
                     origin: tuple[float, float], tolerance_m: float = JOIN_M
                     ) -> networkx.MultiDiGraph:
    """flow_graph(reaches_from_lines(ids, lines, origin), tolerance_m), the ends going from the
    lines to the junctions as arrays: for a district's 78,000 segments, making a Reach of each
    and reading them back took about as long as joining the ends."""
    if len(ids) != len(lines):
        raise ValueError(f"{len(ids)} ids for {len(lines)} lines")
    return _graph(list(ids), _line_ends(lines, origin), tolerance_m)


def _line_ends(lines, origin: tuple[float, float]) -> np.ndarray:
    """The first points of `lines` then their last points, as rows of local metres."""
    lines = np.asarray(lines, dtype=object)
    if not len(lines):
        return np.empty((0, 2))
    wrong = np.flatnonzero(shapely.get_type_id(lines) != shapely.GeometryType.LINESTRING)
    if wrong.size:
        raise ValueError(f"line {wrong[0]} is not a LineString: {lines[wrong[0]]!r:.80}")
    counts = shapely.get_num_points(lines)
    if np.any(counts < 2):
        raise ValueError(f"line {np.flatnonzero(counts < 2)[0]} has fewer than 2 points")
    # Every vertex in one array, not a Point per end: the lines' vertices come one line after
    # another, so each line's last is at the running count less one.
    xy = shapely.get_coordinates(lines)
    last = np.cumsum(counts) - 1
    at = np.concatenate((last - counts + 1, last))
    x, y = local_metres(xy[at, 0], xy[at, 1], *origin)
    return np.column_stack((x, y))


def flow_graph(reaches: Sequence[Reach], tolerance_m: float = JOIN_M) -> networkx.MultiDiGraph:
    """The network: a node per junction, numbered 0, 1, ..., and an edge per reach from its
    upstream junction to its downstream one, keyed by the reach id and carrying `reach=<id>`.
    `graph.graph["xy"]` is a (nodes, 2) array: row k is junction k's position, the mean of the
    ends joined there. (One array rather than an attribute on each node: the sources are snapped
    against it as it is.) `graph.graph["edges"]` holds the edges as arrays too (upstream
    junctions, downstream junctions, reach ids, in the order of `reaches`), which the walks below
    read: reading 78,000 edges back through networkx's views costs more than the walks.

    Ends within `tolerance_m` of each other are one junction, and so, transitively, are ends linked
    by a chain of such pairs. A multigraph, because two reaches may join the same two junctions
    (a braid). A reach shorter than the tolerance may collapse into a loop at one junction; it
    then cannot hold water back from what lies below that junction."""
    ends = np.array([r.start for r in reaches] + [r.end for r in reaches], dtype=float)
    return _graph([r.id for r in reaches], ends if reaches else np.empty((0, 2)), tolerance_m)


def _graph(ids: list[int], ends: np.ndarray, tolerance_m: float) -> networkx.MultiDiGraph:
    """flow_graph of the reaches `ids` whose upstream ends are the first len(ids) rows of `ends`
    and downstream ends the rest."""
    if not (math.isfinite(tolerance_m) and tolerance_m >= 0):
        raise ValueError(f"tolerance_m must be 0 or more, got {tolerance_m}")
    if len(set(ids)) != len(ids):
        raise ValueError("reach ids must be unique")
    graph = networkx.MultiDiGraph(tolerance_m=tolerance_m, xy=np.empty((0, 2)))
    if not ids:
        return graph
    if ends.shape != (2 * len(ids), 2) or not np.isfinite(ends).all():
        raise ValueError("every reach end must be two finite numbers")
    node, graph.graph["xy"] = _junctions(ends, tolerance_m)
    n = len(ids)
    graph.graph["edges"] = (node[:n], node[n:], np.asarray(ids))
    graph.add_nodes_from(range(len(graph.graph["xy"])))
    # add_edge one by one is twice as fast as add_edges_from, which looks every edge up again.
    add_edge = graph.add_edge
    for u, v, i in zip(node[:n].tolist(), node[n:].tolist(), ids):
        add_edge(u, v, i, reach=i)
    return graph


def _edges(graph: networkx.MultiDiGraph) -> list[tuple[int, int, int]]:
    """(upstream junction, downstream junction, reach) of every edge: the arrays flow_graph kept,
    else (a graph made by hand, as the network check makes one) read through networkx."""
    kept = graph.graph.get("edges")
    if kept is None:
        return list(graph.edges(data="reach"))
    return list(zip(*(column.tolist() for column in kept)))


def live_reaches(
    graph: networkx.MultiDiGraph,
    sources: Sequence[tuple[float, float]],
    blocked: Collection[int],
    snap_m: float = SOURCE_SNAP_M,
) -> dict[int, bool]:
    """Reach id -> True if live, False if dead, for every reach in `graph` (from `flow_graph`).

    Each source feeds the junction nearest to it if that lies within `snap_m` (all of them, if
    several are equally near); a source farther from every junction feeds nothing. Water then
    flows downstream along every reach not in `blocked`; a blocked reach is dead and passes no
    water on, even if it is fed. Ids in `blocked` that are not in the graph are ignored."""
    if not (math.isfinite(snap_m) and snap_m >= 0):
        raise ValueError(f"snap_m must be 0 or more, got {snap_m}")
    blocked = set(blocked)
    edges = _edges(graph)
    # Plain lists, not networkx's adjacency views: the walk below touches every reach once, and
    # a view per step would cost more than the walk itself.
    below: dict[int, list[int]] = {}
    for u, v, reach in edges:
        if reach not in blocked:
            below.setdefault(u, []).append(v)
    wet = _fed(graph, sources, snap_m)
    frontier = list(wet)
    while frontier:
        for v in below.get(frontier.pop(), ()):
            if v not in wet:
                wet.add(v)
                frontier.append(v)
    return {reach: reach not in blocked and u in wet for u, _, reach in edges}


def _fed(graph: networkx.MultiDiGraph, sources, snap_m: float) -> set[int]:
    """The junctions the sources feed."""
    xy = graph.graph["xy"]
    fed: set[int] = set()
    if not len(xy):
        return fed
    # A basin has a handful of sources: a distance to every junction from each is cheaper than
    # building a spatial index over the junctions.
    for x, y in np.asarray(sources, dtype=float).reshape(-1, 2).tolist():
        gap = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        nearest = gap.min()
        if nearest <= snap_m:
            fed.update(np.flatnonzero(gap == nearest).tolist())
    return fed


def _junctions(ends: np.ndarray, tolerance_m: float) -> tuple[np.ndarray, np.ndarray]:
    """For each end, the junction it belongs to, and each junction's position: the mean of its
    ends. Junctions are numbered in order of their first end, so the order of the reaches, not
    their coordinates, decides the numbers."""
    points = shapely.points(ends)
    a, b = shapely.STRtree(points).query(points, predicate="dwithin", distance=tolerance_m)
    # A component is named by its smallest end, so sorting names sorts by first end.
    _, node = np.unique(_components(len(ends), a, b), return_inverse=True)
    count = np.bincount(node)
    xy = np.column_stack(
        (np.bincount(node, ends[:, 0]) / count, np.bincount(node, ends[:, 1]) / count)
    )
    return node, xy


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of n items linked in pairs (a[k], b[k]): each item's smallest
    member. Union-find in whole-array steps: hook each root onto the smallest root it is linked
    to, then flatten the trees, until no link spans two roots. Parents only ever point down, so
    no cycle can form."""
    parent = np.arange(n)
    keep = a != b
    a, b = a[keep], b[keep]
    while True:
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        if not apart.any():
            return parent
        lo, hi = np.minimum(ra[apart], rb[apart]), np.maximum(ra[apart], rb[apart])
        np.minimum.at(parent, hi, lo)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


# Why a reach is dead, as `dead_causes` gives it; "pond:<code>" names the pond.
CAUSES = ("pond", "reversed", "gap", "no_source")


def dead_causes(graph: networkx.MultiDiGraph, live: Mapping[int, bool],
                live_without_ponds: Mapping[int, bool], ponds: Mapping[int, str],
                suspects: Mapping[int, str]) -> dict[int, str]:
    """Reach id -> why it is dead, for every dead reach of `live` (from `live_reaches`).

    - "pond:<code>": a pond blocks it (`ponds`: blocked reach -> pond code), or it is dead only
      because of ponds (`live_without_ponds`: the same flow with no pond blocking) and the nearest
      blocked reach above it is that pond's: clearing it is what brings the water.
    - "reversed" or "gap": dead even with every pond cleared, and at or below a reach the network
      check suspects (`suspects`: reach -> "reversed" for a line drawn against the flow, "gap"
      for one whose end misses the line it should join). A reversed line spreads from both its
      ends, since what it cut off may lie on either side of it as drawn.
    - "no_source": dead however the ponds stood, and nothing suspect above it: no source's water
      reaches that part of the network.

    Nearer causes win: each spreads downstream a step at a time, together."""
    ends = {reach: (u, v) for u, v, reach in _edges(graph)}
    below: dict[int, list[int]] = {}
    for reach, (u, _) in ends.items():
        below.setdefault(u, []).append(reach)
    dead = {reach for reach, wet in live.items() if not wet}
    causes = {reach: f"pond:{ponds[reach]}" for reach in dead if reach in ponds}
    _spread([(ends[r][1], causes[r]) for r in sorted(causes)], below, ends,
            {r for r in dead if live_without_ponds.get(r)}, causes)
    rest = dead - causes.keys()
    seeds = []
    for reach, cause in sorted(suspects.items()):
        if reach in rest:
            causes[reach] = cause
            u, v = ends[reach]
            seeds += [(u, cause), (v, cause)] if cause == "reversed" else [(v, cause)]
    _spread(seeds, below, ends, rest, causes)
    return {reach: causes.get(reach, "no_source") for reach in dead}


def _spread(seeds: list[tuple[int, str]], below: dict[int, list[int]],
            ends: dict[int, tuple[int, int]], eligible: set[int], causes: dict[int, str]) -> None:
    """Label the eligible reaches downstream of the seed junctions, breadth first: a reach takes
    the label of the nearest seed above it."""
    frontier = seeds
    while frontier:
        following = []
        for node, cause in frontier:
            for reach in below.get(node, ()):
                if reach in eligible and reach not in causes:
                    causes[reach] = cause
                    following.append((ends[reach][1], cause))
        frontier = following
