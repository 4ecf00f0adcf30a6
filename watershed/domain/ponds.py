"""The life of a fish pond that cuts a channel, as the campaign clears it.

占用 (occupying) -> 协商中 (negotiating) -> 已清退 (cleared) -> 已连通 (reconnected). Until it is
cleared a pond blocks the water of every segment it crosses. A status moves one step forward at a
time, or back one step to correct a mistake; it never jumps (an agreement comes before clearing).
The compensation agreed with the owner is in 元 with fen, within COMPENSATION.
"""

from watershed.domain.numbers import Limits

STATUSES = ("occupying", "negotiating", "cleared", "reconnected")
BLOCKING = frozenset({"occupying", "negotiating"})
COMPENSATION = Limits(0, 100_000_000, 2)


def blocks(status: str) -> bool:
    return status in BLOCKING


def may_move(current: str, new: str) -> bool:
    """One step forward, or one back; staying put is no move."""
    if current not in STATUSES or new not in STATUSES:
        return False
    return abs(STATUSES.index(new) - STATUSES.index(current)) == 1
