"""Which households could be a ring, and how often honest ones look as suspect as a pair or a ring.

collusion.py weighs each reciprocal pair and each ring (a short cycle of households, each rating
the next one's segments up: `rated_up_cycles`) by the sum of its links' evidence
(log likelihood ratios, "a favour" against "an honest rating"). Whether that sum is large is
judged against sums of the round's own links drawn at random (`sum_tail`, `ring_tail`), not
against the model's odds, which are only as right as its picture of the raters; and the
candidates are flagged at a false discovery rate (`against_chance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
import pandas as pd

from watershed.evaluation.sweep import Groups

MAX_RING = 4  # the cycle searches look no further
# A cycle is weighed as a ring when at least two of its links look rated up (the others not
# plainly honest, see collusion.py): with one, every favour of a pair, and every one-off outlier,
# closes cycles through ordinary links.
RING_UP_MIN = 2

# Evidence is binned this finely (nats) to learn what honest links look like; a link below
# EVIDENCE_FLOOR is honest beyond doubt, however far below.
NULL_STEP = 0.02
EVIDENCE_FLOOR = -60.0


def sum_tail(sample: np.ndarray, k: int, at: np.ndarray) -> np.ndarray:
    """P(e1 + ... + ek >= at) for k independent draws among `sample`, with one pseudo-draw beyond
    every value (so that a small round cannot claim that nothing honest ever looks like this)."""
    n = len(sample)
    if n == 0:
        return np.ones(len(at))
    # Flooring changes no sum that could look suspect, and keeps the bins few.
    sample = np.maximum(sample, EVIDENCE_FLOOR)
    low = float(sample.min())
    mass = _binned(sample, low) / n
    summed = mass
    for _ in range(k - 1):
        summed = np.convolve(summed, mass)  # bin j: sums in [k low + j step, ... + (j + k) step)
    draws = float(n) ** k
    return (_reaching(summed, k, low, at) * draws + 1) / (draws + 1)


def ring_tail(strong: np.ndarray, weak: np.ndarray, k: int, at: np.ndarray) -> np.ndarray:
    """P(e1 + ... + ek >= at) for k draws among `strong` and `weak` together, given that at least
    RING_UP_MIN of them are strong (the shape a ring's links must have to be weighed at all), with
    one pseudo-draw beyond every value as in `sum_tail`."""
    n = len(strong) + len(weak)
    if not len(strong):
        return np.ones(len(at))
    low = float(min(strong.min(), weak.min() if len(weak) else np.inf))
    masses = (_binned(strong, low) / n, _binned(weak, low) / n)
    reached, shape = np.zeros(len(at)), 0.0
    for weak_draws in range(k - RING_UP_MIN + 1 if len(weak) else 1):
        summed = np.ones(1)
        for mass, draws in zip(masses, (k - weak_draws, weak_draws)):
            for _ in range(draws):
                summed = np.convolve(summed, mass)
        orders = comb(k, weak_draws)  # which of the k draws are the weak ones
        reached += orders * _reaching(summed, k, low, at)
        shape += orders * (len(strong) / n) ** (k - weak_draws) * (len(weak) / n) ** weak_draws
    draws = float(n) ** k
    return (reached * draws + 1) / (shape * draws + 1)


def _binned(values: np.ndarray, low: float) -> np.ndarray:
    return np.bincount(np.floor((values - low) / NULL_STEP).astype(np.int64)).astype(float)


def _reaching(summed: np.ndarray, k: int, low: float, at: np.ndarray) -> np.ndarray:
    """The mass of k-fold sums (binned from k low on) that reach `at`."""
    tail = np.cumsum(summed[::-1])[::-1]
    # A sum reaches `at` only from a bin whose upper end does; counting the whole bin errs high.
    first = np.ceil((at - k * low) / NULL_STEP).astype(np.int64) - k
    covered = np.where(first < 0, tail[0], tail[np.clip(first, 0, len(tail) - 1)])
    return np.where(first >= len(tail), 0.0, covered)


def one_favour_one_reason(chance: np.ndarray, groups: list[list[int]], width: int) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate (pairs and rings, each a list of households, each rating the next): whether it
    shares no link with a more suspect one, which alone is named (a rating is one favour, paid to
    a pair or to a ring, not to both); and how much it counts among those weighed
    (`against_chance`): the share of its links that no more suspect candidate holds.

    Without the naming, every cycle through one strong link of a pair or a ring (a favour summed
    over three earlier rounds gives 5-12 nats) looked like a ring itself, and named the innocent
    households on it; and a ring's link that its next household happened to rate back honestly
    made a pair that took the link from the ring. Such a candidate is the same favour read
    another way and names no one, but it was weighed, with its own chance, and counts so. Weighed
    as plainly honest (a chance of 1), it counted as two honest candidates in `against_chance`'s
    estimate of how many are honest, which then stood at every candidate in 11 of the 15
    whole-star rounds of tests/benchmarks/peer_scores.py (2-14 such candidates a round); left out
    of the count, the named one, the surest of those sharing its links, looked surer than it was.

    Counted whole, though, a ring of four whose households each rate all three others (a clique:
    six pairs, and over a dozen cycles over the same twelve favours) counted as some twenty
    discoveries, and let honest pairs through the false discovery rate with it: on
    tests/benchmarks/apart_rounds.py's clique variant (seeds 1-10, a round alone) 30 honest
    households were flagged beside the cliques' 37 of 40; counted by the links no surer candidate
    holds (each favour found once), 20. On the village rounds of tests/benchmarks/peer_scores.py
    (seeds 1-15, 16-25; a round alone and with three earlier) the colluders found so moved by 0 to
    -1.2 points (sparse seeds 16-25 93.4% -> 92.2%, linear 1-15 with three earlier 99.2% -> 98.4%),
    the flags' precision by 0 to +1.7; the worlds without colluders were flagged as before.
    """
    named = np.ones(len(chance), dtype=bool)
    counted = np.zeros(len(chance))
    taken: set[int] = set()  # the links of the named candidates
    seen: set[int] = set()  # the links of every candidate so far
    for i in np.argsort(chance, kind="mergesort"):
        group = groups[i]
        links = {a * width + b for a, b in zip(group, group[1:] + group[:1])}
        counted[i] = len(links - seen) / len(links)
        seen |= links
        if chance[i] >= 1.0:
            continue
        if taken.isdisjoint(links):
            taken |= links
        else:
            named[i] = False
    return named, counted


def against_chance(chance: np.ndarray, named: np.ndarray, counted: np.ndarray) -> np.ndarray:
    """Per candidate: one minus the share of honest candidates expected among those at least as
    suspect, given each one's `chance` of looking at least this suspect if honest, each counting
    as a discovery by `counted` (see one_favour_one_reason).

    This is Benjamini and Hochberg's false discovery rate, with a null learnt from the round
    itself: it holds whatever the model gets wrong about raters, as the evidence's own odds do
    not. How many candidates are honest is Storey's estimate: those whose chance is above one half
    are nearly all honest, and an honest one lands there half the time. (What a trade would be
    worth to its households is in the chance already, as prior odds: collusion.suspect. Weights
    on the chances, as Genovese, Roeder and Wasserman have them, need chances that do not lean
    with the weights, and these do: see collusion._stake. So judged, tests/benchmarks/peer_scores.py
    found in one round 0-3.9 points more of the colluders on seeds 1-15 and 16-25 of each simulator
    (drift 88.9% -> 91.6%, whole stars 83.9% -> 87.8% on 1-15) at a precision from 1.5 points
    higher to 2.2 lower; with three earlier rounds, recall moved by -1.0 to +1.4 points and
    precision fell by 0.5-3.8.)
    Only the `named` candidates can be flagged (the others' probability is 0: the same favour
    read another way), but every candidate weighed counts in the estimate of how many are honest.
    The named one is the most suspect of those that share its links, and so looks surer than its
    own chance says. Judged among the named alone, the worlds without colluders of
    tests/benchmarks/peer_scores.py (where any flag is false, and one world in ten may have one)
    had a flag in one round in 14.1% of 1,000 whole-star worlds (seeds 1-1000; 11.6% on drift),
    and the named rings' chances were 1.3-2.3 times as often below 0.001-0.03 as those values
    (all cycles' 0.9-1.2 times); so counted, 11.7% (drift 10.3%), and over the six simulators
    (seeds 1-300, one round and with three earlier rounds) 10.6% -> 10.0% of 3,300 worlds. The
    price, in one round: 1.2-1.9 points of the colluders in whole stars (seeds 1-15, 16-25),
    1.6 on drift seeds 1-15, up to 0.6 elsewhere; with three earlier rounds, none.
    """
    probability = np.zeros(len(chance))
    if not len(chance):
        return probability
    honest = min((np.sum(chance > 0.5) + 1) / 0.5, len(chance))
    order = np.argsort(chance, kind="mergesort")
    discoveries = np.maximum(np.cumsum(counted[order]), 1.0)
    share_false = honest * chance[order] / discoveries
    share_false = np.minimum.accumulate(share_false[::-1])[::-1]  # a surer candidate is never less sure
    probability[order] = 1 - np.minimum(share_false, 1.0)
    return np.where(named, probability, 0.0)


def rated_up_cycles(up, allowed) -> list[list[int]]:
    """Every directed cycle of 3 to MAX_RING households over the links `allowed` ((a, b) pairs)
    that takes at least RING_UP_MIN links of `up` (some of `allowed`), each once, from its
    smallest household. (Searched from the `up` links, which are few: from every allowed link,
    where half the round's links may be, detection on a million ratings took 2.4 s of CPU
    instead of 0.5.)"""
    up, allowed = _links(up), _links(allowed)
    if not len(up) or not len(allowed):
        return []
    width = int(allowed.max()) + 1
    up_keys, _ = _keys(up, width)
    keys, _ = _keys(allowed, width)
    up_table = table(up_keys)
    cycles, found = _closed_paths(up, keys, width, up_keys, up_table), []
    for length in range(3, MAX_RING + 1):
        households = np.array([c for c in cycles if len(c) == length], dtype=np.int64).reshape(-1, length)
        rated_up = contains(up_table, (households * width + np.roll(households, -1, axis=1)).ravel())
        households = households[rated_up.reshape(-1, length).sum(axis=1) >= RING_UP_MIN]
        # Found from one or more of its links rated up: kept once, from its smallest household.
        turn = (households.argmin(axis=1)[:, None] + np.arange(length)) % length
        found += np.unique(np.take_along_axis(households, turn, axis=1), axis=0).tolist()
    return found


def cycles_opened_by(opening, links) -> list[list[int]]:
    """Every directed cycle of 3 or 4 households that takes one link of `opening` and its others
    of `links`, each once, from that link. (Searched from the opening links: searching both sets
    together and keeping the cycles with one opening link, where half the round's links may open
    one, made detection on a million ratings take 2.4 s of CPU instead of 0.5.)"""
    opening, links = _links(opening), _links(links)
    if not len(opening) or not len(links):
        return []
    keys, width = _keys(links, int(max(opening.max(), links.max())) + 1)
    return _closed_paths(opening, keys, width)


def _links(links) -> np.ndarray:
    links = np.asarray(links, dtype=np.int64).reshape(-1, 2)
    return links[links[:, 0] != links[:, 1]]  # a household's own segments are no link


def _keys(links: np.ndarray, width: int) -> tuple[np.ndarray, int]:
    keys = links[:, 0] * width + links[:, 1]
    # A round's edges come sorted and distinct: sorting 600,000 of them again took 0.4 s of CPU.
    return (keys if np.all(keys[1:] > keys[:-1]) else np.unique(keys)), width


def _closed_paths(first: np.ndarray, keys: np.ndarray, width: int, up: np.ndarray | None = None,
                  up_table: pd.Index | None = None) -> list[list[int]]:
    """The cycles of 3 to MAX_RING households that start with one of the `first` links and go on
    and close along `keys` (a * width + b, sorted). With `up` (keys among `keys`, sorted; the
    `first` links among them), a path whose second link is not one of `up` goes on along `up`:
    in a cycle of at most four households two links of `up` are neighbours or one link apart, so
    every cycle that takes two is still found, from one of them at least, and the paths are
    fewer (on a million ratings the search took 0.17 s of CPU where it took 0.27). `up_table`:
    `up` as a `table`, if one was made."""
    ways = [(keys % width, Groups(keys // width, width))]
    closing = table(keys)
    if up is not None:
        ways.append((up % width, Groups(up // width, width)))
    found, paths = [], first
    for _ in range(MAX_RING - 2):
        narrow = np.zeros(len(paths), dtype=bool)
        if up is not None and paths.shape[1] == 3:
            narrow = ~contains(up if up_table is None else up_table, paths[:, 1] * width + paths[:, 2])
        grown = []
        for (end, leaving), these in zip(ways, (~narrow, narrow)):
            last = paths[these, -1]
            count = leaving.starts[last + 1] - leaving.starts[last]
            grown.append(np.column_stack([paths[these].repeat(count, axis=0), end.take(leaving.members(last))]))
        paths = np.concatenate(grown)
        fresh = paths[:, -1] != paths[:, 0]
        for k in range(1, paths.shape[1] - 2):  # the household before the last is never the next
            fresh &= paths[:, -1] != paths[:, k]
        paths = paths[fresh]
        found += paths[contains(closing, paths[:, -1] * width + paths[:, 0])].tolist()
    return found


# Where at most this share of a group's pairs of households trade, three that all trade are ten
# times likelier a ring than chance (a ring's closes for certain, chance closes one pair in that
# share): collusion._apart_from_partners reads their ratings of each other apart. In a village
# whose households all rate one another every pair trades, and read so, every household's
# generosity was measured on nothing: 103 honest households flagged in ten worlds of three
# villages of 20 where none had been.
TRIANGLE_DENSITY_MAX = 0.1


@dataclass(frozen=True)
class Edges:
    """Who rates whom in a round: `other`, per rating, whether it is of another household's
    segment; `keys`, the distinct edges among those (rater * width + custodian, sorted); `edge`,
    each such rating's; `rated_back`, per edge, whether its custodian rates its rater too."""

    other: np.ndarray
    keys: pd.Index
    edge: np.ndarray
    rated_back: np.ndarray
    width: int

    def triangles(self, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every edge A -> B rated back, each with every other edge A -> C rated back whose C and
        B rate each other too (three households that all trade both ways), where that is
        unusual: in a group of households (`group`, per rating: its rater's) at most
        TRIANGLE_DENSITY_MAX of whose pairs trade. Two arrays of positions among `keys`, A -> B's
        and A -> C's."""
        traded = np.flatnonzero(self.rated_back & (self._trading_density(group) <= TRIANGLE_DENSITY_MAX))
        codes = np.asarray(self.keys).take(traded)
        rater, custodian = codes // self.width, codes % self.width
        of_rater = Groups(rater, self.width)
        ab = np.repeat(np.arange(len(traded)), of_rater.starts[rater + 1] - of_rater.starts[rater])
        ac = of_rater.members(rater)
        apart = ab != ac
        ab, ac = ab[apart], ac[apart]
        closed = contains(pd.Index(codes), custodian.take(ab) * self.width + custodian.take(ac))
        return traded.take(ab[closed]), traded.take(ac[closed])

    def _trading_density(self, group: np.ndarray) -> np.ndarray:
        """Per edge: the share of the pairs of households in its rater's group that rate each other
        both ways, among the households that rate and keep a rated segment, its rater left out
        (a ring's own trades would otherwise make a small village's trading look common)."""
        codes = np.asarray(self.keys)
        of_edge = np.zeros(len(codes), dtype=np.int64)
        of_edge[self.edge] = group[self.other]
        rater, custodian = codes // self.width, codes % self.width
        household_group = np.full(self.width, -1)
        household_group[rater] = of_edge
        keeps = np.zeros(self.width, dtype=bool)
        keeps[custodian] = True
        n = int(group.max()) + 1 if len(group) else 0
        able = np.bincount(household_group[keeps & (household_group >= 0)], minlength=n).take(of_edge) - 1
        pairs = np.bincount(of_edge[self.rated_back], minlength=n) / 2
        partners = np.bincount(rater[self.rated_back], minlength=self.width)
        return (pairs.take(of_edge) - partners.take(rater)) / np.maximum(able * (able - 1) / 2, 1)


def edges(rater: np.ndarray, custodian: np.ndarray, width: int) -> Edges:
    """The round's `Edges`, from each rating's households (codes below `width`)."""
    other = rater != custodian
    keys, edge = distinct(rater[other].astype(np.int64) * width + custodian[other])
    keys = pd.Index(keys)
    return Edges(other, keys, edge, rated_back(keys, width), width)


def rated_back(keys: np.ndarray | pd.Index, width: int) -> np.ndarray:
    """Per edge key (rater * width + custodian): whether the custodian rated the rater. (Asked of
    the keys' Index, if given, whose hash table the pairs' lookups then use again.)"""
    codes = np.asarray(keys)
    return contains(keys, (codes % width) * width + codes // width)


def contains(keys: np.ndarray | pd.Index, wanted: np.ndarray) -> np.ndarray:
    """Per wanted key: whether it is among `keys` (distinct), or in their `table`. (On a million
    edges np.isin took 1.2 s of CPU, a search in the sorted keys 0.2, this hash lookup 0.06.)"""
    return table(keys).get_indexer(wanted) >= 0


def distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(keys, return_inverse=True): the distinct keys, sorted, and each key's position
    among them; by a stable sort, which runs through keys that come mostly in order (a round's
    ratings by rater) fast: on a million ratings 20 ms of CPU where np.unique took 63 (107 and
    122 with the ratings shuffled)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys.take(order)
    new = np.ones(len(keys), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    position = np.empty(len(keys), dtype=np.int64)
    position[order] = np.cumsum(new) - 1
    return ordered[new], position


def table(keys: np.ndarray | pd.Index) -> pd.Index:
    """`keys` (distinct) as a hash table that `contains` can ask again: the Index keeps the table
    it builds at its first lookup, which costs about as much as the lookup itself."""
    return keys if isinstance(keys, pd.Index) else pd.Index(keys)
