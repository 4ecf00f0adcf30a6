"""Proposing custodians (包保户) for open segments: who keeps which segment, and why.

`propose` takes the segments nobody keeps yet and the registered households, and returns a
proposal: one household for each segment it can place, and for each segment it cannot place the
reason why. It decides nothing else; the caller shows the proposal and records it.

How the proposal is made (the rules a member of staff can explain to a superior)
-------------------------------------------------------------------------------

1. Capacity. A household keeps at most M metres in total (`max_metres_per_household`), counting
   the metres it already keeps (`load_m`). Without M there is no limit; a person gives M within
   MAX_METRES. No household is ever given a segment that would take it past M; one already past M
   keeps what it has and gets nothing.

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
      of the segment, with room for it. Among them, the household that would then keep the fewest
      metres per member: (metres kept + length of the segment) / members. A household of 4 thus
      ends up keeping about four times as many metres as a household of 1 next door. Equal: the
      nearer one; still equal: the lower household id.
   b. Otherwise, the nearest household of its own village with room for it, however far away.
   c. Otherwise (nobody in its own village has room, or its village is unknown): the nearest
      household with room for it in any village. The proposal marks it `same_village=False`.
   d. Otherwise it stays open, with a reason (a catalogue key):
      - "assign.longer_than_capacity": the segment alone is longer than M, so no household can
        ever keep it; cut it into shorter segments or raise M.
      - "assign.no_capacity": every household is too close to M to take it (or none is
        registered); raise M or register more households.

   Households never give metres back during a proposal, so a segment stays open only if, at the
   end, no household anywhere has room for it: nothing is left open while capacity remains.

Distances are straight lines in local metres between a household's home and the middle of the
segment (the caller converts longitude/latitude into local metres). Assignments and open segments
are listed by segment id.

Speed (for developers): households are held in numpy arrays sorted by (village, id), so a
village's households are one slice. Distances from a village's segments to its homes are computed
in blocks; rules 4a and 4b then cost a handful of array operations per segment: one argmin over
complex numbers (real part: metres per member, infinite if too far; imaginary part: distance),
which numpy orders by real part, then imaginary part, then position (= household id). Rule 4c
uses a uniform grid over all homes that knows the least load in each cell. The left-over
segments' nearest homes with room are first found all at once, block of cells by block; a segment
whose home has lost its room by its turn searches again, the cells with room nearest first, in a
window of cells widened until nothing outside it could be nearer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from watershed.domain.numbers import Limits

MAX_METRES = Limits(0, 100_000, 1, above_low=True)  # M, as a person gives it: 100 km is no limit
NO_CAPACITY = "assign.no_capacity"
LONGER_THAN_CAPACITY = "assign.longer_than_capacity"

_INF = math.inf
_BLOCK = 16_384  # distances computed at once (segments x homes); small enough to stay in cache
_PER_CELL = 16  # homes per grid cell, on average over the grid's extent
_GROUP = 3  # cells a side of the blocks in which segments look for their nearest home at once
_MARGIN = 1e-6  # metres; guards the grid's bounds against rounding at cell edges


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
    reason: str  # a catalogue key: NO_CAPACITY or LONGER_THAN_CAPACITY


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
) -> Proposal:
    """Propose a custodian household for each open segment, by the rules in the module docstring.

    Raises ValueError for input the caller should have refused: a limit that is not a positive
    number, a negative `nearby_m`, duplicate ids, positions or lengths that are not finite,
    negative lengths or loads, households with fewer than 1 member.
    """
    cap = _checked_limit(max_metres_per_household)
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
            leftover.extend(homes.serve_own_village(span, own, segs, nearby_m, chosen))

    if leftover:
        _serve_any_village(homes, segs, segs.longest_first(np.array(leftover)), chosen, reasons)

    assignments: list[Assignment] = []
    unassigned: list[Unassigned] = []
    for i in np.argsort(segs.ids, kind="stable").tolist():
        segment = segs.items[i]
        if chosen[i] is None:
            unassigned.append(Unassigned(segment.id, reasons[i]))
            continue
        home, distance = chosen[i]
        same = segment.village is not None and int(homes.village[home]) == segment.village
        assignments.append(Assignment(segment.id, int(homes.ids[home]), float(distance), same))
    return Proposal(assignments, unassigned)


def _serve_any_village(homes, segs, order: list[int], chosen, reasons) -> None:
    """Rule 4c for the segments left over, in order: the nearest home with room, any village."""
    grid = _Grid(homes)
    # Each segment's nearest home with room, as things stand before any of them is given out,
    # found for all at once. While that home still has room when the segment's turn comes, it
    # is still the nearest with room: homes only ever lose room.
    guesses = grid.nearest_homes(segs.x[order], segs.y[order], segs.lengths[order])
    for i, (guess, guess_distance) in zip(order, guesses):
        length = segs.length[i]
        if guess >= 0 and grid.has_room(guess, length):
            k, distance = guess, guess_distance
        else:
            found = grid.nearest_with_room(float(segs.x[i]), float(segs.y[i]), length)
            if found is None:
                reasons[i] = NO_CAPACITY
                continue
            k, distance = found
        grid.give(k, length)
        chosen[i] = (int(grid.home[k]), distance)


def _checked_limit(limit: float | None) -> float | None:
    if limit is None or limit == _INF:
        return None
    if not limit > 0:
        raise ValueError(f"max_metres_per_household must be a positive number, not {limit!r}")
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
        chosen: list[tuple[int, float] | None],
    ) -> list[int]:
        """Rules 4a and 4b for one village's segments, in order; returns those it could not place.

        chosen[i] becomes (household index, distance) for each segment i placed.
        """
        a, b = span
        x, y, members, load = self.x[a:b], self.y[a:b], self.members[a:b], self.load[a:b]
        cap = self.cap
        left: list[int] = []
        heaviest = float(load.max())  # while it has room for a segment, everyone has
        rows = max(1, _BLOCK // (b - a))
        for first in range(0, len(own), rows):
            block = own[first : first + rows]
            dx = x[None, :] - segs.x[block, None]
            dy = y[None, :] - segs.y[block, None]
            dx *= dx
            dy *= dy
            dx += dy
            # One complex number per home: the real part is added to its metres per member and
            # is infinite for homes beyond nearby_m; the imaginary part is its distance. numpy
            # orders complex numbers by real part, then imaginary part, so one argmin picks the
            # least metres per member, then the nearest, then the first, i.e. the lowest id.
            base = np.empty(dx.shape, np.complex128)
            base.imag = np.sqrt(dx, out=dx)
            base.real = np.where(base.imag <= nearby_m, 0.0, _INF)
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
                    reach = near_first.imag
                    if someone_full:
                        reach = np.where(full, _INF, reach)
                    j = int(reach.argmin())
                    if reach[j] == _INF:
                        left.append(i)
                        continue
                load[j] += length  # a view: updates self.load
                heaviest = max(heaviest, load[j])
                chosen[i] = (a + j, near_first[j].imag)
        return left


class _Grid:
    """Rule 4c: the nearest home with room for a length, in any village.

    The homes are copied into cell order (cells row by row), so the homes of a run of cells in
    one row are one slice. `least_load` per cell tells at once whether a cell has room for a
    length. A search takes the cells with room in a window around the segment, nearest cell
    first, and widens the window until nothing outside it could be nearer. Homes at equal
    distance go by household id.
    """

    def __init__(self, homes: _Homes):
        self.cap = homes.cap
        n = len(homes.ids)
        x0, y0 = (float(homes.x.min()), float(homes.y.min())) if n else (0.0, 0.0)
        width = float(homes.x.max()) - x0 if n else 0.0
        height = float(homes.y.max()) - y0 if n else 0.0
        cells_wanted = max(n / _PER_CELL, 1.0)
        size = max(math.sqrt(width * height / cells_wanted), max(width, height) / cells_wanted, 1.0)
        self.x0, self.y0, self.size = x0, y0, size
        self.ncx, self.ncy = int(width // size) + 1, int(height // size) + 1
        cx = np.minimum(((homes.x - x0) // size).astype(np.int64), self.ncx - 1)
        cy = np.minimum(((homes.y - y0) // size).astype(np.int64), self.ncy - 1)
        cell = cy * self.ncx + cx
        self.home = np.argsort(cell, kind="stable")  # grid position -> index in homes
        self.cell = cell[self.home]
        self.x, self.y, self.load = homes.x[self.home], homes.y[self.home], homes.load[self.home]
        self.ids = homes.ids[self.home]
        self.id_as_float = self.ids.astype(np.float64)  # for ties; exact below 2**53
        ncells = self.ncx * self.ncy
        self.start = np.searchsorted(self.cell, np.arange(ncells + 1))
        self.least_load = np.full(ncells, _INF)  # inf: an empty cell
        np.minimum.at(self.least_load, self.cell, self.load)
        self.lightest = float(self.least_load.min()) if n else _INF  # the least load of all
        self.lightest_stale = False

    def has_room(self, k: int, length: float) -> bool:
        return self.cap is None or self.load[k] + length <= self.cap

    def give(self, k: int, length: float) -> None:
        self.load[k] += length
        c = self.cell[k]
        if self.least_load[c] == self.lightest:
            self.lightest_stale = True
        self.least_load[c] = self.load[self.start[c] : self.start[c + 1]].min()

    def _rooms(self, least_load, length):
        """Which cells (given their least loads) have a home with room for `length`."""
        if self.cap is None:
            return least_load < _INF
        return least_load + length <= self.cap

    def _cell_of(self, px, py):
        """The (column, row) of the cell a point lies in, or of the nearest cell if outside."""
        icx = np.clip((np.asarray(px) - self.x0) // self.size, 0, self.ncx - 1).astype(np.int64)
        icy = np.clip((np.asarray(py) - self.y0) // self.size, 0, self.ncy - 1).astype(np.int64)
        return icx, icy

    def _window(self, xl: int, xh: int, yl: int, yh: int):
        """The cells from column xl to xh and row yl to yh, clipped to the grid, as an array;
        and the window's open sides, those beyond which homes could lie, for `_clear_of`."""
        xl, xh = max(xl, 0), min(xh, self.ncx - 1)
        yl, yh = max(yl, 0), min(yh, self.ncy - 1)
        cells = (np.arange(yl, yh + 1)[:, None] * self.ncx + np.arange(xl, xh + 1)).ravel()
        sides = (
            (-1.0, 0.0, self.x0 + xl * self.size) if xl > 0 else None,
            (1.0, 0.0, self.x0 + (xh + 1) * self.size) if xh < self.ncx - 1 else None,
            (0.0, -1.0, self.y0 + yl * self.size) if yl > 0 else None,
            (0.0, 1.0, self.y0 + (yh + 1) * self.size) if yh < self.ncy - 1 else None,
        )
        return cells, [side for side in sides if side is not None]

    @staticmethod
    def _clear_of(sides, px, py):
        """How far (px, py) is from the nearest of the open sides of a window; inf if none."""
        clear = _INF
        for ux, uy, at in sides:  # (ux, uy) points out of the window across the side at `at`
            gap = (at - px) * ux if ux else (at - py) * uy
            clear = np.minimum(clear, gap)
        return clear - _MARGIN

    def _homes_in(self, cells: np.ndarray) -> np.ndarray:
        """The grid positions of the homes in these cells."""
        starts, ends = self.start[cells], self.start[cells + 1]
        counts = ends - starts
        total = int(counts.sum())
        if total == 0:
            return np.empty(0, np.int64)
        return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)

    def nearest_homes(self, px, py, lengths) -> list[tuple[int, float]]:
        """For each point, (grid position, distance) of the nearest home with room for its
        length; (-1, inf) where that cannot be told from the homes close around it.

        Points are taken in groups, one per block of _GROUP x _GROUP cells, each group against
        the homes of its block and of one ring of cells around it.
        """
        found = [(-1, _INF)] * len(px)
        if len(self.ids) == 0 or len(px) == 0:
            return found
        icx, icy = self._cell_of(px, py)
        bx, by = icx // _GROUP, icy // _GROUP
        blocks = by * (self.ncx // _GROUP + 1) + bx
        order = np.argsort(blocks, kind="stable")
        firsts = np.flatnonzero(np.diff(blocks[order], prepend=-1))
        for group in np.split(order, firsts[1:]):
            x_first, y_first = int(bx[group[0]]) * _GROUP, int(by[group[0]]) * _GROUP
            x_last, y_last = x_first + _GROUP - 1, y_first + _GROUP - 1
            cells, sides = self._window(x_first - 1, x_last + 1, y_first - 1, y_last + 1)
            index = self._homes_in(cells)
            if len(index) == 0:
                continue
            hx, hy, hid = self.x[index], self.y[index], self.id_as_float[index]
            hload = self.load[index]
            rows = max(1, _BLOCK // len(index))
            for first in range(0, len(group), rows):
                part = group[first : first + rows]
                dx = hx[None, :] - px[part, None]
                dy = hy[None, :] - py[part, None]
                dx *= dx
                dy *= dy
                dx += dy
                key = np.empty(dx.shape, np.complex128)  # (distance, id): nearest, then id
                key.real = np.sqrt(dx, out=dx)
                key.imag = hid
                if self.cap is not None:
                    key[hload[None, :] + lengths[part, None] > self.cap] = _INF
                best = key.argmin(axis=1)
                nearest = key.real[np.arange(len(part)), best]
                sure = nearest < self._clear_of(sides, px[part], py[part])
                for p, k, d, ok in zip(part.tolist(), index[best].tolist(), nearest.tolist(), sure):
                    if ok:
                        found[p] = (k, d)
        return found

    def nearest_with_room(self, px: float, py: float, length: float):
        """(grid position, distance) of the nearest home with room for `length`, or None."""
        if self.lightest_stale:
            self.lightest, self.lightest_stale = float(self.least_load.min()), False
        if self.lightest == _INF or (self.cap is not None and self.lightest + length > self.cap):
            return None  # the least loaded home has no room, so none has
        icx, icy = (int(c) for c in self._cell_of(px, py))
        r = 1
        while True:  # at the latest when the window covers the grid, it has no open sides
            cells, sides = self._window(icx - r, icx + r, icy - r, icy + r)
            roomy = cells[self._rooms(self.least_load[cells], length)]
            found = self._nearest_in(roomy, px, py, length)
            if not sides or (found is not None and found[1] < self._clear_of(sides, px, py)):
                return found
            r *= 2

    def _nearest_in(self, cells: np.ndarray, px: float, py: float, length: float):
        """(grid position, distance) of the nearest home with room in these cells, or None;
        the cells are visited in order of how near a home in them could be."""
        if len(cells) == 0:
            return None
        left = self.x0 + (cells % self.ncx) * self.size
        bottom = self.y0 + (cells // self.ncx) * self.size
        gap_x = np.maximum(np.maximum(left - px, px - (left + self.size)), 0.0)
        gap_y = np.maximum(np.maximum(bottom - py, py - (bottom + self.size)), 0.0)
        could_be = np.sqrt(gap_x * gap_x + gap_y * gap_y) - _MARGIN
        best = None  # (distance, id, grid position)
        while True:
            if best is None:
                k = int(could_be.argmin())
                visit = [k] if could_be[k] < _INF else []
            else:
                visit = np.flatnonzero(could_be <= best[0])
            if len(visit) == 0:
                return None if best is None else (best[2], best[0])
            index = self._homes_in(cells[visit])
            could_be[visit] = _INF
            dx, dy = self.x[index] - px, self.y[index] - py
            distance = np.sqrt(dx * dx + dy * dy)
            key = np.empty(len(index), np.complex128)  # (distance, id): nearest, then lowest id
            key.real, key.imag = distance, self.id_as_float[index]
            if self.cap is not None:
                key[self.load[index] + length > self.cap] = _INF
            j = int(key.argmin())
            if key[j].real < _INF:
                found = (float(distance[j]), int(self.ids[index[j]]), int(index[j]))
                best = found if best is None else min(best, found)
