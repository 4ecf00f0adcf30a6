"""The nearest home with room for a segment, in any village, found fast: a grid over the homes.

Rule 4c of watershed.domain.assignment gives a segment that its own village cannot keep to the
nearest household with room for it within the reach R, in any village. Measuring every such
segment against every home would be too slow for a county (400,000 households; see the benchmark
tests/benchmarks/segment_and_assign.py), so `Grid` keeps the homes in a spatial index instead.
It knows only "the nearest home with room for a length, within R, equal distances by household
id" and takes the homes as arrays; the rules, and the order in which segments ask, stay in
assignment. `nearest_distances` tells how far the nearest home is, whatever it keeps: what the
reason "assign.too_far" names.

Speed (for developers): a uniform grid over all homes that knows the least load in each cell.
The left-over segments' nearest homes with room are first found all at once, block of cells by
block; a segment whose home has lost its room by its turn searches again, the cells with room
nearest first, in a window of cells widened until nothing outside it could be nearer, or nothing
outside it lies within R. R thus bounds every search: once the homes near a segment are full,
it looks no further than R instead of across the whole county; and a segment farther than R
from the box around all homes (the far end of a long network) is answered without a search.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

_INF = math.inf
BLOCK = 16_384  # distances computed at once (segments x homes); small enough to stay in cache
_PER_CELL = 16  # homes per grid cell, on average over the grid's extent
_GROUP = 3  # cells a side of the blocks in which segments look for their nearest home at once
_MARGIN = 1e-6  # metres; guards the grid's bounds against rounding at cell edges
_NOBODY = (-1, _INF)  # a search's answer when no home within R has room


class Grid:
    """Rule 4c: the nearest home with room for a length, within R, in any village.

    The homes are copied into cell order (cells row by row), so the homes of a run of cells in
    one row are one slice. `least_load` per cell tells at once whether a cell has room for a
    length. A search takes the cells with room in a window around the segment, nearest cell
    first, and widens the window until nothing outside it could be nearer or lie within R.
    Homes at equal distance go by household id.
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        ids: np.ndarray,
        load: np.ndarray,
        cap: float | None,
        reach: float | None = None,
    ):
        """The homes' positions, household ids (below 2**53) and metres kept, the limit M and
        the reach R (None: no limit). The arrays are copied: `give` does not change `load`."""
        self.cap = cap
        self.reach = _INF if reach is None else reach
        n = len(ids)
        x0, y0 = (float(x.min()), float(y.min())) if n else (0.0, 0.0)
        width = float(x.max()) - x0 if n else 0.0
        height = float(y.max()) - y0 if n else 0.0
        cells_wanted = max(n / _PER_CELL, 1.0)
        size = max(math.sqrt(width * height / cells_wanted), max(width, height) / cells_wanted, 1.0)
        self.x0, self.y0, self.size = x0, y0, size
        self.x1, self.y1 = x0 + width, y0 + height
        self.ncx, self.ncy = int(width // size) + 1, int(height // size) + 1
        cx = np.minimum(((x - x0) // size).astype(np.int64), self.ncx - 1)
        cy = np.minimum(((y - y0) // size).astype(np.int64), self.ncy - 1)
        cell = cy * self.ncx + cx
        self.home = np.argsort(cell, kind="stable")  # grid position -> index in homes
        self.cell = cell[self.home]
        self.x, self.y, self.load = x[self.home], y[self.home], load[self.home]
        self.ids = ids[self.home]
        self.id_as_float = self.ids.astype(np.float64)  # for ties; exact below 2**53
        ncells = self.ncx * self.ncy
        self.start = np.searchsorted(self.cell, np.arange(ncells + 1))
        self.least_load = np.full(ncells, _INF)  # inf: an empty cell
        np.minimum.at(self.least_load, self.cell, self.load)
        self.lightest = float(self.least_load.min()) if n else _INF  # the least load of all
        self.lightest_stale = False

    def give_nearest(
        self, px: np.ndarray, py: np.ndarray, lengths: np.ndarray
    ) -> list[tuple[int, float] | None]:
        """For each point in turn, the nearest home within R with room for its length, which is
        then given that length: (index in the arrays the grid was built from, distance), or None
        where no home within R has room left."""
        # Each segment's nearest home with room, as things stand before any of them is given out,
        # found for all at once. While that home still has room when the segment's turn comes, it
        # is still the nearest with room; and where no home within R had room then, none has now:
        # homes only ever lose room.
        guesses = self.nearest_homes(px, py, lengths)
        given: list[tuple[int, float] | None] = []
        for x, y, length, guess in zip(px.tolist(), py.tolist(), lengths.tolist(), guesses):
            if guess is _NOBODY:
                found = None
            elif guess is not None and self.has_room(guess[0], length):
                found = guess
            else:
                found = self.nearest_with_room(x, y, length)
            if found is None:
                given.append(None)
                continue
            k, distance = found
            self.give(k, length)
            given.append((int(self.home[k]), distance))
        return given

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

    def nearest_homes(self, px, py, lengths) -> list[tuple[int, float] | None]:
        """For each point, (grid position, distance) of the nearest home within R with room for
        its length; _NOBODY where there is none; None where that cannot be told from the homes
        close around it.

        Points are taken in groups, one per block of _GROUP x _GROUP cells, each group against
        the homes of its block and of one ring of cells around it.
        """
        found: list[tuple[int, float] | None] = [None] * len(px)
        if len(self.ids) == 0 or len(px) == 0:
            return found
        near = np.arange(len(px))
        if self.reach < _INF:  # farther than R from the box around all homes: none within R
            gap_x = np.maximum(np.maximum(self.x0 - px, px - self.x1), 0.0)
            gap_y = np.maximum(np.maximum(self.y0 - py, py - self.y1), 0.0)
            far = np.sqrt(gap_x * gap_x + gap_y * gap_y) - _MARGIN > self.reach
            for p in np.flatnonzero(far).tolist():
                found[p] = _NOBODY
            near = near[~far]
            if len(near) == 0:
                return found
        icx, icy = self._cell_of(px, py)
        bx, by = icx // _GROUP, icy // _GROUP
        blocks = by * (self.ncx // _GROUP + 1) + bx
        order = near[np.argsort(blocks[near], kind="stable")]
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
            rows = max(1, BLOCK // len(index))
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
                if self.reach < _INF:
                    key[key.real > self.reach] = _INF
                best = key.argmin(axis=1)
                nearest = key.real[np.arange(len(part)), best]
                # Sure when no home outside the window could be nearer, or lie within R.
                clear = self._clear_of(sides, px[part], py[part])
                sure = (nearest < clear) | (clear > self.reach)
                for p, k, d, ok in zip(part.tolist(), index[best].tolist(), nearest.tolist(), sure):
                    if ok:
                        found[p] = (k, d) if d < _INF else _NOBODY
        return found

    def nearest_with_room(self, px: float, py: float, length: float):
        """(grid position, distance) of the nearest home within R with room for `length`, or
        None."""
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
            clear = self._clear_of(sides, px, py)
            if not sides or clear > self.reach or (found is not None and found[1] < clear):
                return found
            r *= 2

    def _nearest_in(self, cells: np.ndarray, px: float, py: float, length: float):
        """(grid position, distance) of the nearest home within R with room in these cells, or
        None; the cells are visited in order of how near a home in them could be."""
        if len(cells) == 0:
            return None
        left = self.x0 + (cells % self.ncx) * self.size
        bottom = self.y0 + (cells // self.ncx) * self.size
        gap_x = np.maximum(np.maximum(left - px, px - (left + self.size)), 0.0)
        gap_y = np.maximum(np.maximum(bottom - py, py - (bottom + self.size)), 0.0)
        could_be = np.sqrt(gap_x * gap_x + gap_y * gap_y) - _MARGIN
        could_be[could_be > self.reach] = _INF  # no home in these cells lies within R
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
            key[distance > self.reach] = _INF
            j = int(key.argmin())
            if key[j].real < _INF:
                found = (float(distance[j]), int(self.ids[index[j]]), int(index[j]))
                best = found if best is None else min(best, found)


def nearest_distances(x: np.ndarray, y: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """For each point (px, py), how far the nearest of the homes (x, y) is, whatever it keeps
    and however far; inf where there are no homes. Asked only of the segments left open, which
    on a long network may lie tens of kilometres from any home: an R-tree answers those at once,
    where the grid would widen its window cell ring by cell ring."""
    if len(x) == 0:
        return np.full(len(px), _INF)
    tree = shapely.STRtree(shapely.points(x, y))
    point, home = tree.query_nearest(shapely.points(px, py), all_matches=False)
    # The distance as the rules measure it everywhere else, to the last bit.
    dx, dy = x[home] - px[point], y[home] - py[point]
    distances = np.empty(len(px))
    distances[point] = np.sqrt(dx * dx + dy * dy)
    return distances
