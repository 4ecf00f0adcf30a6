"""Proposing custodians (包保户) for open segments: who keeps which segment, and why.

`propose` takes the segments nobody keeps yet and the registered households, and returns a
proposal: one household for each segment it can place, and for each segment it cannot place the
reason why. It decides nothing else; the caller shows the proposal and records it.

How the proposal is made (the rules a member of staff can explain to a superior)
-------------------------------------------------------------------------------

1. Capacity and reach. A household keeps at most M metres in total (`max_metres_per_household`),
   counting the metres it already keeps (`load_m`). Without M there is no limit; a person gives M
   within MAX_METRES. No household is ever given a segment that would take it past M; one already
   past M keeps what it has and gets nothing. Nor is any household ever given a segment farther
   than R from its home (`max_distance_m`, default 3,000 m; a person gives R in km within
   MAX_DISTANCE_KM, 0.1 to 100 km), by no rule below, for its own village or another. A
   custodian walks to the segment and along it every week: a segment 98 km away is kept by
   nobody, and leaving it open says so.

2. Order. Segments are handled one at a time, the longest first; equal lengths by segment id.
   Long segments are the hardest to fit under a limit, so they take the room that is still free and
   the short ones fill the gaps left over, the way one loads a lorry with the big boxes first. For
   example, with M = 1,000 m, two households and segments of 500, 500 and 1,000 m: by id, the two
   500s would go one to each household and the 1,000 m would fit nowhere; longest first, all three
   are kept. It also evens out the load: a long segment handed out last could only land on top of
   a household that already keeps a lot. The same input always gives the same proposal.

3. Each village first serves its own segments. All segments lying in a village are handled against
   that village's households before any segment from elsewhere may use them. Only then are the
   segments left over (their own village has no room for them, their village has no registered
   household, or their village is unknown) handed out, again the longest first.

4. For one segment, the first of these that finds a household wins:

   a. Near households of its own village: home within `nearby_m` (default 1,500 m) of the middle
      of the segment, and within R, with room for it. Among them, the household that would then
      keep the fewest metres per member: (metres kept + length of the segment) / members. A
      household of 4 thus ends up keeping about four times as many metres as a household of 1
      next door. Equal: the nearer one; still equal: the lower household id.
   b. Otherwise, the nearest household of its own village with room for it, within R.
   c. Otherwise (nobody in its own village within R has room, or its village is unknown): the
      nearest household with room for it within R, in any village. If that household is of
      another village, the proposal marks it `same_village=False`.
   d. Otherwise it stays open, with a reason (a catalogue key):
      - "assign.longer_than_capacity": the segment alone is longer than M, so no household can
        ever keep it; cut it into shorter segments or raise M.
      - "assign.too_far": no registered household at all lives within R of it, whatever it
        keeps; `nearest_m` says how far the nearest one lives. Raise R or register the
        households that live near it.
      - "assign.no_capacity": households live within R, but every one of them is too close to M
        to take it (or none is registered at all); raise M or register more households.

   Households never give metres back during a proposal, so a segment stays open only if, at the
   end, no household within R has room for it: nothing is left open while capacity remains
   within reach.

Distances are straight lines in local metres between a household's home and the middle of the
segment, the point halfway along it (the caller converts longitude/latitude into local metres).
The middle, not the segment's nearest point, for four reasons. It is the one measure of every
rule: "near" (4a), "nearest" (4b, 4c) and "too far" (1) then always agree, and the distance the
proposal reports is the one the rules used. It is the stricter: the nearest point is never
farther than the middle, so a cap on the middle caps the nearest point too, and the far end of
the segment, which the custodian also walks to, lies at most half its length beyond R (measured
to the nearest point, a segment could stretch a whole length beyond R). Segments are cut to
about 200 m by default, so the two measures differ by 100 m at most, a thirtieth of the default R; a
segment long enough for the difference to matter should be cut shorter anyway. And a point per
segment keeps the search for the nearest home a search among points, which is what the grid
makes fast. Assignments and open segments are listed by segment id.

Speed (for developers): households are held in numpy arrays sorted by (village, id), so a
village's households are one slice. Distances from a village's segments to its homes are computed
in blocks; rules 4a and 4b then cost a handful of array operations per segment: one argmin over
complex numbers (real part: metres per member, infinite if not near or beyond R; imaginary
part: distance), which numpy orders by real part, then imaginary part, then position
(= household id). Rule 4c uses the grid over all homes in watershed.domain.nearest_homes, whose
searches stop at R; the distance "assign.too_far" names, an R-tree, asked only of open segments.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from watershed.domain.nearest_homes import BLOCK, Grid, nearest_distances
from watershed.domain.numbers import Limits

MAX_METRES = Limits(0, 100_000, 1, above_low=True)  # M, as a person gives it: 100 km is no limit
MAX_DISTANCE_KM = Limits(0.1, 100, 1)  # R, as a person gives it: 100 m to 100 km, in tenths
DEFAULT_MAX_DISTANCE_M = 3000.0
NO_CAPACITY = "assign.no_capacity"
LONGER_THAN_CAPACITY = "assign.longer_than_capacity"
TOO_FAR = "assign.too_far"

_INF = math.inf


# Inputs are named tuples, not frozen dataclasses: a county passes 400,000 households, and a
# frozen dataclass takes four times as long to build.
class OpenSegment(NamedTuple):
    id: int
    x: float  # middle of the segment, local metres
    y: float
    length_m: float
    village: int | None  # the village it lies in; None when unknown


class Household(NamedTuple):
    id: int
    x: float  # home, local metres
    y: float
    village: int
    members: int  # people in the household, at least 1
    load_m: float = 0.0  # metres it already keeps


@dataclass(frozen=True)
class Assignment:
    segment_id: int
    household_id: int
    distance_m: float
    same_village: bool


@dataclass(frozen=True)
class Unassigned:
    segment_id: int
    reason: str  # a catalogue key: NO_CAPACITY, LONGER_THAN_CAPACITY or TOO_FAR
    nearest_m: float | None = None  # TOO_FAR: metres to the nearest household, whatever it keeps


@dataclass(frozen=True)
class Proposal:
    assignments: list[Assignment]
    unassigned: list[Unassigned]


def propose(
    segments: Iterable[OpenSegment],
    households: Iterable[Household],
    max_metres_per_household: float | None = None,
    *,
    nearby_m: float = 1500.0,
    max_distance_m: float | None = DEFAULT_MAX_DISTANCE_M,
) -> Proposal:
    """Propose a custodian household for each open segment, by the rules in the module docstring.
    `max_distance_m` is R; None (or infinity) for no limit.

    Raises ValueError for input the caller should have refused: a limit or R that is not a
    positive number, a negative `nearby_m`, duplicate ids, positions or lengths that are not
    finite, negative lengths or loads, households with fewer than 1 member.
    """
    cap = _checked_limit(max_metres_per_household, "max_metres_per_household")
    reach = _checked_limit(max_distance_m, "max_distance_m")
    if not nearby_m >= 0:
        raise ValueError(f"nearby_m must be 0 or more metres, not {nearby_m!r}")
    segs = _Segments(list(segments))
    homes = _Homes(list(households), cap)
    chosen: list[tuple[int, float] | None] = [None] * len(segs.items)  # (home index, distance)
    reasons: dict[int, str] = {}

    by_village: dict[int | None, list[int]] = {}
    for i in segs.longest_first(np.arange(len(segs.items))):
        if cap is not None and segs.length[i] > cap:
            reasons[i] = LONGER_THAN_CAPACITY
        else:
            by_village.setdefault(segs.village[i], []).append(i)

    leftover: list[int] = []
    for village, own in by_village.items():
        span = homes.villages.get(village) if village is not None else None
        if span is None:
            leftover.extend(own)
        else:
            leftover.extend(homes.serve_own_village(span, own, segs, nearby_m, reach, chosen))

    nearest: dict[int, float] = {}  # segment index -> metres to the nearest home, for TOO_FAR
    if leftover:
        order = segs.longest_first(np.array(leftover))
        _serve_any_village(homes, segs, order, reach, chosen, reasons, nearest)

    assignments: list[Assignment] = []
    unassigned: list[Unassigned] = []
    for i in np.argsort(segs.ids, kind="stable").tolist():
        segment = segs.items[i]
        if chosen[i] is None:
            unassigned.append(Unassigned(segment.id, reasons[i], nearest.get(i)))
            continue
        home, distance = chosen[i]
        same = segment.village is not None and int(homes.village[home]) == segment.village
        assignments.append(Assignment(segment.id, int(homes.ids[home]), float(distance), same))
    return Proposal(assignments, unassigned)


def _serve_any_village(homes, segs, order: list[int], reach, chosen, reasons, nearest) -> None:
    """Rule 4c for the segments left over, in order: the nearest home with room within R, any
    village; then why each one still open is open (4d)."""
    grid = Grid(homes.x, homes.y, homes.ids, homes.load, homes.cap, reach)
    given = grid.give_nearest(segs.x[order], segs.y[order], segs.lengths[order])
    still_open = []
    for i, found in zip(order, given):
        if found is None:
            reasons[i] = NO_CAPACITY
            still_open.append(i)
        else:
            chosen[i] = found  # (home index, distance)
    if reach is None or not still_open or not len(homes.ids):
        return
    # Asked only now, and only of the open ones: does anybody live within R at all?
    for i, distance in zip(still_open, nearest_distances(
            homes.x, homes.y, segs.x[still_open], segs.y[still_open]).tolist()):
        if distance > reach:
            reasons[i], nearest[i] = TOO_FAR, distance


def _checked_limit(limit: float | None, name: str) -> float | None:
    if limit is None or limit == _INF:
        return None
    if not limit > 0:
        raise ValueError(f"{name} must be a positive number, not {limit!r}")
    return float(limit)


def _first_duplicate(ids: np.ndarray):
    ordered = np.sort(ids)
    twice = np.flatnonzero(ordered[1:] == ordered[:-1])
    return int(ordered[twice[0]]) if len(twice) else None


class _Segments:
    """The open segments, with their ids, positions and lengths as arrays."""

    def __init__(self, items: list[OpenSegment]):
        n = len(items)
        self.items = items
        self.ids = np.fromiter((s.id for s in items), np.int64, n)
        self.x = np.fromiter((s.x for s in items), np.float64, n)
        self.y = np.fromiter((s.y for s in items), np.float64, n)
        self.lengths = lengths = np.fromiter((s.length_m for s in items), np.float64, n)
        self.length: list[float] = lengths.tolist()
        self.village = [s.village for s in items]
        twice = _first_duplicate(self.ids)
        if twice is not None:
            raise ValueError(f"segment id {twice} appears twice")
        lost = ~(np.isfinite(self.x) & np.isfinite(self.y))
        if lost.any():
            raise ValueError(f"segment {self.ids[lost][0]} has no finite position")
        bad = ~(np.isfinite(lengths) & (lengths >= 0))
        if bad.any():
            raise ValueError(f"segment {self.ids[bad][0]} has length {lengths[bad][0]!r}")

    def longest_first(self, indices: np.ndarray) -> list[int]:
        """The segments at these indices, the longest first; equal lengths by segment id."""
        return indices[np.lexsort((self.ids[indices], -self.lengths[indices]))].tolist()


class _Homes:
    """The households as arrays sorted by (village, id); `load` grows as segments are given."""

    def __init__(self, households: list[Household], cap: float | None):
        n = len(households)
        self.cap = cap
        ids = np.fromiter((h.id for h in households), np.int64, n)
        village = np.fromiter((h.village for h in households), np.int64, n)
        order = np.lexsort((ids, village))
        self.ids, self.village = ids[order], village[order]
        self.x = np.fromiter((h.x for h in households), np.float64, n)[order]
        self.y = np.fromiter((h.y for h in households), np.float64, n)[order]
        self.members = np.fromiter((h.members for h in households), np.float64, n)[order]
        self.load = np.fromiter((h.load_m for h in households), np.float64, n)[order]
        self._check()
        bounds = [0, *(np.flatnonzero(self.village[1:] != self.village[:-1]) + 1).tolist(), n]
        self.villages: dict[int, tuple[int, int]] = {
            int(self.village[a]): (a, b) for a, b in zip(bounds[:-1], bounds[1:]) if b > a
        }

    def _check(self) -> None:
        twice = _first_duplicate(self.ids)
        if twice is not None:
            raise ValueError(f"household id {twice} appears twice")
        if len(self.ids) and np.abs(self.ids).max() >= 2**53:
            raise ValueError("household ids must be below 2**53 (ties are broken on them)")
        lost = ~(np.isfinite(self.x) & np.isfinite(self.y))
        if lost.any():
            raise ValueError(f"household {self.ids[lost][0]} has no finite position")
        bad = ~(np.isfinite(self.load) & (self.load >= 0))
        if bad.any():
            raise ValueError(f"household {self.ids[bad][0]} has load_m {self.load[bad][0]!r}")
        if (~(self.members >= 1)).any():
            raise ValueError(f"household {self.ids[~(self.members >= 1)][0]} has no members")

    def serve_own_village(
        self,
        span: tuple[int, int],
        own: list[int],
        segs: _Segments,
        nearby_m: float,
        reach: float | None,
        chosen: list[tuple[int, float] | None],
    ) -> list[int]:
        """Rules 4a and 4b for one village's segments, in order; returns those it could not place.

        chosen[i] becomes (household index, distance) for each segment i placed.
        """
        a, b = span
        x, y, members, load = self.x[a:b], self.y[a:b], self.members[a:b], self.load[a:b]
        cap = self.cap
        near = nearby_m if reach is None else min(nearby_m, reach)
        farthest = _INF if reach is None else reach
        left: list[int] = []
        heaviest = float(load.max())  # while it has room for a segment, everyone has
        rows = max(1, BLOCK // (b - a))
        for first in range(0, len(own), rows):
            block = own[first : first + rows]
            dx = x[None, :] - segs.x[block, None]
            dy = y[None, :] - segs.y[block, None]
            dx *= dx
            dy *= dy
            dx += dy
            # One complex number per home: the real part is added to its metres per member and
            # is infinite for homes beyond nearby_m (or R, if nearer); the imaginary part is its
            # distance. numpy orders complex numbers by real part, then imaginary part, so one
            # argmin picks the least metres per member, then the nearest, then the first, i.e.
            # the lowest id.
            base = np.empty(dx.shape, np.complex128)
            base.imag = np.sqrt(dx, out=dx)
            base.real = np.where(base.imag <= near, 0.0, _INF)
            for i, near_first in zip(block, base):
                length = segs.length[i]
                after = load + length
                key = near_first + after / members
                someone_full = cap is not None and heaviest + length > cap
                if someone_full:
                    full = after > cap
                    key[full] = _INF
                j = int(key.argmin())
                if key[j].real == _INF:  # 4b: nobody near has room; the nearest with room
                    with_room = near_first.imag
                    if someone_full:
                        with_room = np.where(full, _INF, with_room)
                    j = int(with_room.argmin())
                    if with_room[j] == _INF or with_room[j] > farthest:  # none, or out of reach
                        left.append(i)
                        continue
                load[j] += length  # a view: updates self.load
                heaviest = max(heaviest, load[j])
                chosen[i] = (a + j, near_first[j].imag)
        return left
