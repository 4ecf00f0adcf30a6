"""Pieces of one named channel drawn as several lines, joined back into one (`--merge-by-name`).

OpenStreetMap splits a river into ways wherever a tag changes (a bridge, an aqueduct, a new
width), and a map sheet cuts a canal at its edge. Imported as they are, each piece becomes a
channel with segments of its own, some a few metres long. Pieces join when they carry the same
name and the end of one lies within `JOIN_M` of the start of the next, in the direction they
were drawn: the way water runs along a channel that was digitised in flow direction.

Nothing is joined where the answer is not unique: unnamed pieces (two nameless ditches meeting
are not one ditch), a fork (an end at the start of two pieces of that name), a confluence of
two pieces into one, or pieces closing a ring. Those stay as they were drawn.
"""

from collections import Counter
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString

from watershed.domain.geodesy import GEOD, metres_per_degree

JOIN_M = 1.0


def chains(names: Sequence[str | None], lines: Sequence[LineString],
           within_m: float = JOIN_M) -> list[list[int]]:
    """Every position of `lines` in exactly one chain, each chain upstream first, the chains in
    the order of their first piece."""
    follows = _links(names, lines, within_m)
    after_something = set(follows.values())
    found, seen = [], set()
    for head in range(len(lines)):
        if head in after_something:
            continue
        chain = [head]
        while chain[-1] in follows:
            chain.append(follows[chain[-1]])
        found.append(chain)
        seen.update(chain)
    # What no head reaches closes a ring: left as drawn, one line each.
    found += [[position] for position in range(len(lines)) if position not in seen]
    return sorted(found)


def _links(names, lines, within_m) -> dict[int, int]:
    """piece -> the piece that continues it, where exactly one does."""
    named = [position for position, name in enumerate(names) if name]
    if len(named) < 2:
        return {}
    coords = [shapely.get_coordinates(lines[position]) for position in named]
    starts = np.array([c[0] for c in coords])
    ends = np.array([c[-1] for c in coords])
    per_lon, per_lat = metres_per_degree(np.abs(ends[:, 1]).max())
    degrees = 1.1 * within_m / min(float(per_lon), float(per_lat)) + 1e-12
    tree = shapely.STRtree(shapely.points(starts))
    end_k, start_k = tree.query(shapely.points(ends), predicate="dwithin", distance=degrees)
    name = np.array([names[position] for position in named], dtype=object)
    same = (end_k != start_k) & (name[end_k] == name[start_k])
    end_k, start_k = end_k[same], start_k[same]
    _, _, gap = GEOD.inv(ends[end_k, 0], ends[end_k, 1], starts[start_k, 0], starts[start_k, 1])
    close = np.asarray(gap) <= within_m
    pairs = list(zip(end_k[close].tolist(), start_k[close].tolist()))
    from_end = Counter(a for a, _ in pairs)
    into_start = Counter(b for _, b in pairs)
    return {named[a]: named[b] for a, b in pairs if from_end[a] == 1 and into_start[b] == 1}


def joined(lines: Sequence[LineString]) -> LineString:
    """The lines of one chain as one line, keeping every vertex; a joint shared exactly is kept
    once, a gap under JOIN_M is bridged by a straight edge."""
    parts = [shapely.get_coordinates(lines[0])]
    for line in lines[1:]:
        coords = shapely.get_coordinates(line)
        if tuple(coords[0]) == tuple(parts[-1][-1]):
            coords = coords[1:]
        parts.append(coords)
    return LineString(np.concatenate(parts))
