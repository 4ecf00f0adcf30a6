"""Orienting a network from its sources: which lines to turn round, and which the data cannot
decide.

A line is turned only when the answer is unambiguous: `check` says water reaches it only from its
downstream end (fed_from_below), and once turned, water reaches all of it from its new upstream
end. Turning a line can make the next one up the chain decidable (a chain of three
lines drawn the wrong way is found one line per round), so rounds repeat until one turns nothing.

What is left undecided is named with the reason the check gave: a line fed from its middle (water
would leave it both ways), a line whose start misses another line by a little (drawn right but
cut off, or drawn backwards: both fit), two lines meeting head-on where either may be the wrong
one, a tributary with no source of its own. The office decides those, line by line
(`watershed channel reverse`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from watershed.domain.network.check import NetworkCheck, Reversed, check_network
from watershed.domain.network.flow import JOIN_M


@dataclass(frozen=True)
class Orientation:
    flipped: tuple[str, ...]  # channel codes to turn round, in the order they were found
    undecided: tuple[Reversed, ...]  # what still looks reversed after turning them
    reached_m_before: float  # length water reaches, as drawn and once turned
    reached_m_after: float


def reached_m(check: NetworkCheck, codes: Sequence[str], lines: Sequence) -> float:
    """The length water reaches: every line's length less its unreached runs."""
    length = dict(zip(codes, shapely.length(np.asarray(lines, dtype=object)).tolist()))
    missing = sum((run.end - run.start) * length[run.channel] for run in check.unreached)
    return sum(length.values()) - missing


def orient(codes: Sequence[str], lines: Sequence[shapely.LineString],
           sources: Sequence[tuple[float, float]], *, snap_m: float = JOIN_M,
           max_rounds: int = 1000) -> Orientation:
    """The lines of `lines` (local metres, as drawn) to turn round so that water from `sources`
    reaches them, where that is unambiguous; see the module docstring."""
    codes, lines = list(codes), list(lines)
    index = {code: k for k, code in enumerate(codes)}
    check = check_network(codes, lines, sources, snap_m=snap_m)
    before = reached_m(check, codes, lines)
    flipped: list[str] = []
    for _ in range(max_rounds):
        # A line whose start misses another line by a little may be drawn right and only cut
        # off: that is for the office (or `network join`) to settle, not for turning.
        gapped = {miss.channel for miss in check.near_misses if miss.end == "start"}
        candidates = _alone_at_start(sorted(
            {item.channel for item in check.reversed if item.why == "fed_from_below"}
            - set(flipped) - gapped), lines, index, snap_m)
        settled = _settled(codes, lines, index, sources, snap_m, candidates)
        if settled is None:
            break
        accepted, tried, after = settled
        lines = _turned(lines, index, accepted)
        flipped += accepted
        check = after if accepted == tried else check_network(codes, lines, sources,
                                                              snap_m=snap_m)
    return Orientation(tuple(flipped), check.reversed, before, reached_m(check, codes, lines))


def _alone_at_start(candidates: list[str], lines: list, index: dict[str, int],
                    snap_m: float) -> list[str]:
    """The candidates that leave their start alone. Two lines fed from below that leave one
    junction are one dry junction: turning either would water it and then the other, so which
    one is drawn wrong is not the data's to say."""
    if not candidates:
        return []
    starts = shapely.points([lines[index[code]].coords[0] for code in candidates])
    near, _ = shapely.STRtree(starts).query(starts, predicate="dwithin", distance=max(snap_m, 1e-3))
    crowded = np.bincount(near, minlength=len(candidates)) > 1
    return [code for code, shared in zip(candidates, crowded.tolist()) if not shared]


def _settled(codes, lines, index, sources, snap_m, candidates):
    """(the candidates that turning settles, those turned in that trial, the check after it),
    or None. All at once first, the usual case of independent lines; if that settles none, one
    at a time, since two candidates may look wrong only to each other."""
    trials = [candidates] + ([[code] for code in candidates] if len(candidates) > 1 else [])
    for tried in trials if candidates else []:
        after = check_network(codes, _turned(lines, index, tried), sources, snap_m=snap_m)
        # Meeting another line head-on is no objection: that line is then fed from below itself
        # and is turned in the next round (a chain drawn the wrong way), or it is an outlet.
        still_wrong = {item.channel for item in after.reversed if item.why == "fed_from_below"} | {
            run.channel for run in after.unreached}
        accepted = [code for code in tried if code not in still_wrong]
        if accepted:
            return accepted, tried, after
    return None


def _turned(lines: list, index: dict[str, int], codes: Sequence[str]) -> list:
    turned = list(lines)
    for code in codes:
        turned[index[code]] = shapely.reverse(turned[index[code]])
    return turned
