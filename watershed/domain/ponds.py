"""The life of a fish pond that cuts a channel, as the campaign clears it; and the other water
bodies a survey brings, which never block.

A polygon is a fish pond only when the office says so (`watershed import ponds --kind`): a
survey's water layer also holds reservoirs, lakes and river surfaces, and treating a 263 km² river
surface as a pond kills a whole basin. Only a pond blocks, only while occupying or negotiating,
and only the channels it crosses.

占用 (occupying) -> 协商中 (negotiating) -> 已清退 (cleared) -> 已连通 (reconnected). A status
moves one step forward at a time, or back one step to correct a mistake; it never jumps (an
agreement comes before clearing). The compensation agreed with the owner is in 元 with fen,
within COMPENSATION. The other kinds keep the stored status untouched and have no workflow.
"""

from collections.abc import Sequence

import numpy as np
import shapely

from watershed.domain.numbers import Limits

STATUSES = ("occupying", "negotiating", "cleared", "reconnected")
BLOCKING = frozenset({"occupying", "negotiating"})
COMPENSATION = Limits(0, 100_000_000, 2)
KINDS = ("pond", "reservoir", "lake", "river")
POND = "pond"
# A fish pond cut into a canal is a few mu to a few dozen mu (1 mu ≈ 667 m²); over a km² a
# "pond" is almost surely a lake or a reservoir digitised into the same layer.
LARGE_POND_M2 = 1_000_000.0


def blocks(status: str, kind: str) -> bool:
    """Whether a water body of this kind and status stops the water of a channel it crosses."""
    return kind == POND and status in BLOCKING


def has_workflow(kind: str) -> bool:
    """Whether the clearing statuses apply: only to ponds."""
    return kind == POND


def crossing(bodies: Sequence, lines: Sequence) -> list[bool]:
    """For each polygon in `bodies`, whether it meets at least one of `lines` (same CRS)."""
    crossed = [False] * len(bodies)
    if not len(bodies) or not len(lines):
        return crossed
    tree = shapely.STRtree(np.asarray(lines, dtype=object))
    hit, _ = tree.query(np.asarray(bodies, dtype=object), predicate="intersects")
    for index in set(hit.tolist()):
        crossed[index] = True
    return crossed


def may_move(current: str, new: str) -> bool:
    """One step forward, or one back; staying put is no move."""
    if current not in STATUSES or new not in STATUSES:
        return False
    return abs(STATUSES.index(new) - STATUSES.index(current)) == 1
