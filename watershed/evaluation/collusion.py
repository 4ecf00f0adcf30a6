"""Households that rate each other's segments up, and raters who rate everyone alike.

Rater ids and custodian ids are the same households: household A "rates B" when A rates a segment
whose custodian is B. Whether A rated B up is judged against the consensus, not the raw score:
each rating's *excess* is how far it lies above what everyone else's ratings predict for it (the
segment's upkeep fitted without it, plus A's generosity measured on A's *other* ratings, those of
households that trade with both A and B left out: `_apart_from_partners`), and its variance counts
A's own noisiness measured without it (an erratic rater is not suspected for being erratic). A
segment everyone rates 5 gives no excess to a friend's 5: well-kept segments are never evidence.

A single rating per direction is the usual case, so the evidence is weighed, not thresholded: each
rating gives a log-likelihood ratio, "a favour of about FAVOUR_MEAN points" against "an honest
rating"; an edge A -> B takes the mean of its ratings' ratios in a round (one favour a round,
`edge_evidence`), and adds what earlier closed rounds showed of the same edge, when given (a
pair that favours each other every round is surer than one that did once; history.py). How large
a sum honest households reach by chance is not taken from the model (whose odds are only as right as its
picture of the raters) but learnt from the round itself (candidates.py): no favour is traded
along an edge that is not rated back, so those edges show what honest evidence looks like, and an
honest pair is two such edges drawn at random; a cycle that is no ring is as many of the round's
ordinary links, a pair's favours among them. Then:

- `reciprocal`: A -> B and B -> A, each direction not plainly honest (TRADE_DIRECTION_MIN). One
  row per pair, rater_a < rater_b.
- `ring`: a cycle of 3 to candidates.MAX_RING households, at least candidates.RING_UP_MIN of its
  links rated up (ratio above RING_LINK_MIN), none plainly honest (above TRADE_DIRECTION_MIN). One
  row per link, rater_a rates rater_b's segments; a link on several rings is listed once.
- `uniform`: a rater who gave (nearly) the same score to at least UNIFORM_MIN_RATINGS segments that
  the other raters tell apart. rater_b equals rater_a.

A rating is one favour: where pairs and rings share a link, only the most suspect of them is
named (candidates.one_favour_one_reason), though all count as weighed. Pairs and rings are flagged
together when, among all of them that look at least as suspect, the share expected to be honest
by chance is at most 1 - FLAG_PROBABILITY (a false discovery rate). A flagged household is told
to staff, and a false flag costs a person's reputation: hence a high FLAG_PROBABILITY, and flags
that need both directions (or nearly the whole ring) to look rigged. Each row's `probability`
is one minus that expected honest share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from watershed.evaluation.candidates import (
    Edges, against_chance, edges, one_favour_one_reason, rated_up_cycles, ring_tail, sum_tail)
from watershed.evaluation.cores import each
from watershed.evaluation.model import NOISE_SDS, OUTLIER_SHARE, Fit, end_readings
from watershed.evaluation.normal import SCORE_MAX, SCORE_MIN, log_below

REASONS = ("reciprocal", "ring", "uniform")
COLUMNS = ("rater_a", "rater_b", "reason")

# A favour worth doing lifts a rating by about one to three points (five to fifteen
# dimension-stars). What the excess shows of it is less: the fit has already moved the segment and
# the rater a little towards the favour. Normal(1.5, 1), held to zero or more, puts 95% of its
# weight on 0.2 to 3.5.
FAVOUR_MEAN, FAVOUR_SD = 1.5, 1.0
# Probability at which a pair or ring is told to staff: about one flag in ten at most is wrong.
FLAG_PROBABILITY = 0.9
# Each direction of a traded pair, and each link of a ring, must not be this much likelier honest
# than a favour (e^-2: seven times): a favour about FAVOUR_MEAN points up is rarely read that way
# even from an erratic rater, while an honest return from a careful one is.
TRADE_DIRECTION_MIN = -2.0
# A link of a ring "looks rated up" when it looks at least as likely a favour as honest; a ring
# needs candidates.RING_UP_MIN such links, its others only not plainly honest, or the search would
# wander through every cycle of ordinary ratings. One favour in four is read as honest about as
# often as one direction of a pair is (an erratic rater's, or one to a segment the others rate too
# high), and in whole stars more often: with every link held to RING_LINK_MIN, half the rings of
# four on tests/benchmarks/peer_scores.py's village rounds (13 of 25, one round each) could not be
# found at all; with all but one, 1-3 of the 14-15 rings of four of each (seeds 1-15, one round).
RING_LINK_MIN = 0.0
# "Same score to everyone" needs enough ratings to mean anything; a spread of one dimension-star
# (0.2) is still "the same"; and the segments must differ in the others' eyes by a point more than
# the widget's step, which rounding hides (in whole stars, 2.6 and 3.4 are both a 3). With a point
# alone, 59 careful households were flagged in 10 whole-star rounds of village_rounds.py (seeds
# 1-10, none such a household), 5 so; drifting rounds: 65 of 164 such found with 10 others, 54 with 3.
UNIFORM_MIN_RATINGS = 4
UNIFORM_SPREAD_MAX = 0.2 + 1e-9
UNIFORM_CONSENSUS_SPREAD_MIN = 1.0


@dataclass(frozen=True)
class Suspicion:
    """What the detection found: the flagged rows and, per rating, its probability of being a favour."""

    rows: pd.DataFrame  # rater_a, rater_b, reason (and probability, for pairs and rings)
    doubt: np.ndarray  # per rating of the fit
    candidates: pd.DataFrame  # every reciprocal pair and ring considered, with its probability


def rating_evidence(model: Fit, graph: Edges) -> np.ndarray:
    """Per rating: log-likelihood ratio of "a favour" against "an honest rating"."""
    excess, spread = _apart_from_partners(model, graph)
    # The rater's noise read without this rating, so that a big favour does not make its giver
    # look erratic and so excuse itself: each class's log-probability less this rating's part of
    # it. (In single precision, where weights below e^-60 count as none and a log-probability is
    # good to a ten-thousandth: on a million ratings 0.38 s of CPU in double, 0.07 so.)
    half_ordinary = (0.5 * (1 - model.outlier)).astype(np.float32)
    square, single, rounding = (excess**2).astype(np.float32), spread.astype(np.float32), model.problem.rounding
    log_classes = np.log(model.noise_classes + 1e-300).astype(np.float32)
    without = np.empty((len(NOISE_SDS), len(square)), dtype=np.float32)
    # A rating at an end of the scale as the fit reads it for its rater's classes.
    at_end, end_terms = end_readings(excess, single, rounding,
                                     (model.problem.ends, model.latent, model.latent_variance))

    def fill(k: int) -> None:
        own = np.add(np.float32(NOISE_SDS[k]**2 + rounding), single)
        row = np.divide(square, own, out=without[k])
        row += np.log(own, out=own)
        row[at_end] = end_terms[k]
        row *= half_ordinary
        row += log_classes[:, k].take(model.rater)

    each(fill, len(NOISE_SDS))
    without -= without.max(axis=0)
    relative = np.maximum(without, np.float32(-60.0), out=without)
    without = np.exp(relative, out=relative)
    variance = (np.einsum("k,kn->n", (NOISE_SDS**2).astype(np.float32), without, dtype=float)
                / without.sum(axis=0, dtype=float) + rounding + spread)
    honest = -0.5 * (np.log(variance) + excess**2 / variance)
    favour = _favour_loglik(excess, variance)
    # Not trading favours does not mean every rating is honest: a one-off favour (or slip) is an
    # outlier like any other. So one rating can lift an edge by log(1 / OUTLIER_SHARE), about 4,
    # at most, and a pair needs both directions. (Uncapped, tests/benchmarks/peer_scores.py's
    # pairs ranked worse on two simulators and about the same on three: one wild rating then
    # outweighs a consistent pair.)
    alone = np.logaddexp(np.log(1 - OUTLIER_SHARE) + honest, np.log(OUTLIER_SHARE) + favour)
    return favour - alone


def edge_evidence(edge: np.ndarray, evidence: np.ndarray, n: int) -> np.ndarray:
    """Per edge (codes below n): the log of the mean of its ratings' likelihood ratios, "one of
    them a favour" against "none".

    A favour is traded once a round, on one segment: where A also rated another of B's segments,
    that honest rating says nothing against the favour, and summed with it (as "every one of them
    a favour") it cancelled it. On the drift rounds of tests/benchmarks/peer_scores.py, where
    households keep more segments, one round found 81% of the colluders instead of 77% at 92%
    precision; on the other simulators flags moved by a household or two either way.
    """
    top = np.full(n, -np.inf)
    np.maximum.at(top, edge, evidence)
    mean = np.bincount(edge, np.exp(evidence - top.take(edge)), minlength=n) / np.bincount(edge, minlength=n)
    return top + np.log(mean)


def favour_edges(model: Fit, rater_ids: np.ndarray, custodian_ids: np.ndarray) -> pd.Series:
    """Per (rater id, custodian id) of a fitted round, households' own segments left out: the
    evidence that the one rated the other up (`edge_evidence`)."""
    codes, households = pd.factorize(np.concatenate([rater_ids, custodian_ids]))
    width = len(households) + 1
    n = len(rater_ids)
    found = edges(codes[:n], codes[n:], width)
    evidence = edge_evidence(found.edge, rating_evidence(model, found)[found.other], len(found.keys))
    keys = np.asarray(found.keys)
    return pd.Series(evidence, index=pd.MultiIndex.from_arrays(
        [households.take(keys // width), households.take(keys % width)]))


def _apart_from_partners(model: Fit, graph: Edges) -> tuple[np.ndarray, np.ndarray]:
    """Per rating: its excess and that excess's variance (the fit's `excess` and `spread`); for a
    rating A -> B where A and B trade with a third household C (each rates the other two and is
    rated back) in a village where few pairs trade (Edges.triangles), with A's generosity measured
    without A's ratings of each such C.

    The fit measures a household's generosity on its other ratings, and where those are favours
    too, it takes them for generosity: a ring of four whose households each rate all three others
    (a clique) gives each of them three favours among three to five ratings, and its favours
    then lay barely above what its households were read to give everyone. On
    tests/benchmarks/apart_rounds.py's clique variant (seeds 1-10, a round alone) 20 of its 40
    households were found so, 37 now. Left out for every rating rated back (one honest rating in
    seven is, in those villages), the generosity of honest households was measured on fewer
    ratings, and their returns looked like trades: in the first sparse rounds of
    tests/benchmarks/village_rounds.py (seeds 11-18) the pairs and rings flagged were 89.9% right
    where they had been 94.0%; left out where three households trade, 92.5%, as many found.
    """
    p, s = model.problem, model.state
    ab, ac = graph.triangles(p.components[1].take(p.rater))
    if not len(ab):
        return model.excess, model.spread
    kept, site = s.as_told()
    a = s.tau.take(p.rater) * kept * p.trust
    rho = a * s.others / (a + s.others)  # what a rating tells of its rater's generosity, as in the sweep
    rho, said = rho[graph.other], (rho * (site - s.consensus))[graph.other]
    n = len(graph.keys)
    told_of_edge, said_of_edge = np.bincount(graph.edge, rho, n), np.bincount(graph.edge, said, n)
    left_out = np.zeros(len(site)), np.zeros(len(site))
    for out, of_edge in zip(left_out, (told_of_edge, said_of_edge)):
        out[graph.other] = np.bincount(ab, of_edge.take(ac), n).take(graph.edge)
    precision = np.maximum(s.cavity_precision - left_out[0], s.leniency_prior.take(p.rater))
    generosity = (s.cavity_mean * s.cavity_precision - left_out[1]) / precision
    apart = left_out[0] > 0
    excess = np.where(apart, model.latent - model.consensus - generosity, model.excess)
    spread = np.where(apart, model.spread - 1 / s.cavity_precision + 1 / precision, model.spread)
    return excess, spread


def _favour_loglik(excess: np.ndarray, variance: np.ndarray) -> np.ndarray:
    """log-likelihood of `excess` for an honest rating (noise of `variance`) lifted by a favour of
    Normal(FAVOUR_MEAN, FAVOUR_SD^2) points held to zero or more. A favour never lowers a rating:
    with the lift free to be negative, a careful rater's rating far *below* the consensus was
    likelier a "favour" (the wider reading) than honest, and counted as one."""
    total = variance + FAVOUR_SD**2
    plain = -0.5 * (np.log(total) + (excess - FAVOUR_MEAN) ** 2 / total)
    # The lift given the excess is Normal(mean, spread^2); the chance that it is positive, against
    # the chance that a lift is positive at all.
    mean = (FAVOUR_MEAN * variance + excess * FAVOUR_SD**2) / total
    spread = np.sqrt(variance * FAVOUR_SD**2 / total)
    return plain + log_below(mean / spread) - log_below(FAVOUR_MEAN / FAVOUR_SD)


def suspect(model: Fit, households: pd.Index, rater: np.ndarray, custodian: np.ndarray,
            earlier_edges: pd.Series | None = None) -> Suspicion:
    """Reciprocal pairs, rings and uniform raters of a fitted round (codes index `households`)."""
    width = len(households) + 1
    found = edges(rater, custodian, width)
    other, rated_back = found.other, found.rated_back
    llr = edge_evidence(found.edge, rating_evidence(model, found)[other], len(found.keys))
    total = pd.Series(llr, index=found.keys)
    if earlier_edges is not None and len(earlier_edges):
        codes = pd.Series(np.arange(len(households)), index=households)
        known = earlier_edges[earlier_edges.index.get_level_values(0).isin(households)
                              & earlier_edges.index.get_level_values(1).isin(households)]
        past = pd.Series(known.to_numpy(), index=codes.reindex(known.index.get_level_values(0)).to_numpy()
                         * width + codes.reindex(known.index.get_level_values(1)).to_numpy())
        total = total.add(past.groupby(level=0).sum().reindex(total.index).fillna(0.0))
    # No favour is traded along an edge that is not rated back (but for the rare link of a ring):
    # these edges (`rated_back`) show what honest evidence looks like in this round.
    # Each edge's evidence with its custodian's stake as prior odds (see _stake): a pair's or a
    # ring's sum is then its log posterior odds, up to a constant.
    odds = total + np.log(_stake(model, custodian, len(households))).take(total.index.to_numpy() % width)
    pair_links, pair_chance = _pairs(total, odds, width, rated_back)
    cycles, ring_chance = _rings(total, odds, width)
    chance = np.concatenate([pair_chance, ring_chance])
    named, counted = one_favour_one_reason(chance, pair_links + cycles, width)
    # One false discovery rate over everything told to staff: weighed apart, pairs and rings each
    # let about one flag in ten be honest, and together nearly two where colluders are few (so
    # weighed, three honest households on a cycle were flagged in one of the 55 worlds without
    # colluders of tests/benchmarks/peer_scores.py, where nothing else was).
    probability = against_chance(chance, named, counted)
    pairs = pd.DataFrame(pair_links, columns=["a", "b"]).assign(p=probability[:len(pair_links)])
    rings = list(zip(cycles, probability[len(pair_links):]))
    rows = [(a, b, "reciprocal", p) for a, b, p in pairs.itertuples(index=False) if p >= FLAG_PROBABILITY]
    on_rings: dict[tuple[int, int], float] = {}
    for cycle, p in rings:
        if p >= FLAG_PROBABILITY:
            for link in zip(cycle, cycle[1:] + cycle[:1]):
                on_rings[link] = max(on_rings.get(link, 0.0), p)
    rows += [(a, b, "ring", p) for (a, b), p in sorted(on_rings.items())]
    rows += [(r, r, "uniform", np.nan)
             for r in _uniform(rater, model.score, model.consensus, model.problem.step)]
    doubt = _doubt(rater.astype(np.int64) * width + custodian, other, width, pairs, rings)
    candidates = pd.DataFrame(
        [(tuple(households.take([a, b])), "reciprocal", p) for a, b, p in pairs.itertuples(index=False)]
        + [(tuple(households.take(list(c))), "ring", p) for c, p in rings],
        columns=["households", "kind", "probability"])
    return Suspicion(_rows(rows, households), doubt, candidates)


def _pairs(total: pd.Series, odds: pd.Series, width: int, rated_back: np.ndarray):
    """Every pair that rated each other ([a, b], a < b) and its chance of looking this suspect
    (by `odds`, `total` with the stakes) if honest."""
    a, b = total.index // width, total.index % width
    both = (a < b) & rated_back  # each pair once, from its smaller household
    back = (b * width + a)[both]
    # An honest pair is two honest edges, stakes and all, that happen to go both ways.
    chance = sum_tail(odds.to_numpy()[~rated_back], 2, odds[both].to_numpy() + odds.reindex(back).to_numpy())
    # A trade needs both directions: one big favour and a return the model reads as plainly
    # honest is a one-off (which a round with few one-way edges could not tell from a trade).
    chance[np.minimum(total[both].to_numpy(), total.reindex(back).to_numpy()) < TRADE_DIRECTION_MIN] = 1.0
    return [[int(x), int(y)] for x, y in zip(a[both], b[both])], chance


def _rings(total: pd.Series, odds: pd.Series, width: int):
    """Cycles of 3 or 4 households whose links look rated up (see RING_LINK_MIN), each with
    its chance of looking this suspect (by `odds`, `total` with the stakes) if it were no ring.

    Where two links of a ring of four may read as honest (not one), such rings are found, and
    the cycles of honest links that take the shape by chance sum lower, so that a ring all of
    whose links look rated up is surer too: one round of seeds 1-15 of
    tests/benchmarks/peer_scores.py found 3-18 more of the rings' 56-60 households on each village
    simulator (whole stars 36 -> 48, linear 35 -> 53) and 0.6-3.4% more of all colluders, at a
    precision from a point higher to 1.8 points lower (93.1% -> 91.3% in whole stars, 97.2% ->
    95.4% on the original simulator), and with three earlier rounds 0-1.1% more; in the worlds
    without colluders it flagged no more households in one round, and with three earlier rounds
    4 more in one of the 75 (whole stars, seed 6). Detection on a million ratings takes about
    0.1 s of CPU more (0.55 -> 0.63 s, the best of six).
    """
    values, keys = total.to_numpy(), total.index.to_numpy()
    up, allowed = values >= RING_LINK_MIN, values >= TRADE_DIRECTION_MIN
    cycles = []
    for cycle in sorted(rated_up_cycles(np.column_stack([keys[up] // width, keys[up] % width]),
                                        np.column_stack([keys[allowed] // width, keys[allowed] % width]))):
        start = cycle.index(min(cycle))
        cycles.append([int(h) for h in cycle[start:] + cycle[:start]])
    on_cycles = np.array([a * width + b for c in cycles for a, b in zip(c, c[1:] + c[:1])], dtype=np.int64)
    weighed = odds.to_numpy()
    links = weighed[np.searchsorted(keys, on_cycles)]
    length = np.array([len(c) for c in cycles], dtype=np.int64)
    which = np.repeat(np.arange(len(cycles)), length)
    # A cycle that is no ring is as many links of the round drawn at random, pairs' favours
    # included: a cycle through one pair's favour (or one outlier) is no ring, and judged against
    # honest links alone it looked like one (with three earlier rounds, a favour gives 5-12 nats).
    # Drawn among the links on no such cycle, the draws lacked the strongest honest links wherever
    # cycles are many: in villages whose households rate 6-8 of 15-30 others, nobody colluding,
    # 2.3-3.5 times as many cycles as chance allows came out below 0.01 (0.9 times so).
    strong = weighed[values >= RING_LINK_MIN]
    weak = weighed[(values >= TRADE_DIRECTION_MIN) & (values < RING_LINK_MIN)]
    evidence = np.bincount(which, links, minlength=len(cycles))
    chance = np.ones(len(cycles))
    for k in np.unique(length):
        chance[length == k] = ring_tail(strong, weak, int(k), evidence[length == k])
    return cycles, chance


def _stake(model: Fit, custodian: np.ndarray, n: int) -> np.ndarray:
    """Per household (codes below n): what a favour is worth to it, as a weight of mean 1 over the
    households that keep a rated segment (1 for the others, who have nothing to trade).

    Favours are traded where they pay. The board ranks each village's segments, so a household
    whose segments sit low on its village's board (by the fit's upkeep, their mean when it keeps
    several) has the most to gain and the one at the top the least: the weight falls in a straight
    line from the bottom of the board to the top (by the rank, as a share of the village's).

    A trade happens only if every household in it gains, so a pair's or ring's stake is the
    product of its households' (of mean 1 still over honest ones drawn at random): one at the
    top of its board makes the trade unlikely, whoever the others are. Their mean, as it was, let
    a household low on the board lend its stake to a partner at the top. On seeds 1-15 of
    tests/benchmarks/peer_scores.py's five village simulators (one round, and with three earlier
    ones) the product found 0-12 more colluders in each and flagged from 5 fewer to 2 more
    innocent households where colluders were (on the original simulator, seeds 1-5, 8 fewer); in
    the worlds without colluders it flagged the same households but on sparse (4 fewer with
    history), floor4 (2 fewer) and linear (4 more with history).

    The stake is prior odds, added in logs to each edge's evidence as its custodian's (each
    household of a pair or ring keeps the segments of one of its links), and so to the honest
    edges the sums are judged against. Weighing the chances by it afterwards needs chances that do
    not lean with it, and these do: near the top of the scale a favour has little room to show,
    and an edge to a household at the bottom of its board reached 3 nats 3-10 times as often as
    one to the top (one-way edges, worlds without colluders of tests/benchmarks/peer_scores.py,
    seeds 1-25). There, 49 candidates of the 275 worlds were a tenth as likely as their round's
    count of candidates allows, where 27.5 are expected (one round: 24 of 15); judged with the
    stakes inside, 40 (16).
    """

    keeper = np.zeros(model.problem.n_seg, dtype=np.int64)
    keeper[model.segment] = custodian
    village = np.zeros(n, dtype=np.int64)
    village[keeper] = model.problem.group
    count = np.bincount(keeper, minlength=n)
    keeps = np.flatnonzero(count)
    upkeep = np.bincount(keeper, model.upkeep, minlength=n)[keeps] / count[keeps]
    from_top = pd.Series(upkeep).groupby(village[keeps]).rank(pct=True, ascending=False).to_numpy()
    stake = np.ones(n)
    stake[keeps] = from_top / from_top.mean()
    return stake


def _doubt(key, other, width, pairs: pd.DataFrame, rings) -> np.ndarray:
    """Per rating: the probability that it was a favour (that of its pair or ring)."""
    link_probability: dict[int, float] = {}
    for a, b, p in pairs.itertuples(index=False):
        for k in (a * width + b, b * width + a):
            link_probability[k] = max(link_probability.get(k, 0.0), p)
    for cycle, p in rings:
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            link_probability[a * width + b] = max(link_probability.get(a * width + b, 0.0), p)
    doubt = pd.Series(key).map(link_probability).fillna(0.0).to_numpy()
    return np.where(other, doubt, 0.0)


def _uniform(rater: np.ndarray, score: np.ndarray, consensus: np.ndarray, step: float) -> list[int]:
    # On the scale: a segment all others rate 5 has a fitted upkeep above 5, yet is just "a 5".
    consensus = np.clip(consensus, SCORE_MIN, SCORE_MAX)
    # Each rater's count, lowest and highest (a pandas groupby of a million ratings took 60 ms of
    # CPU, this 14).
    n = int(rater.max()) + 1
    count = np.bincount(rater, minlength=n)
    low, c_low = np.full(n, np.inf), np.full(n, np.inf)
    high, c_high = np.full(n, -np.inf), np.full(n, -np.inf)
    np.minimum.at(low, rater, score)
    np.maximum.at(high, rater, score)
    np.minimum.at(c_low, rater, consensus)
    np.maximum.at(c_high, rater, consensus)
    uniform = ((count >= UNIFORM_MIN_RATINGS) & (high - low <= UNIFORM_SPREAD_MAX)
               & (c_high - c_low >= UNIFORM_CONSENSUS_SPREAD_MIN + step))
    return [int(r) for r in np.flatnonzero(uniform)]


def _rows(rows: list[tuple], households: pd.Index) -> pd.DataFrame:
    codes = np.array([(a, b) for a, b, _, _ in rows], dtype=np.int64).reshape(-1, 2)
    frame = pd.DataFrame({
        "rater_a": households.take(codes[:, 0]),
        "rater_b": households.take(codes[:, 1]),
        "reason": pd.Series([r for _, _, r, _ in rows], dtype=object),
        "probability": pd.Series([p for _, _, _, p in rows], dtype=float),
    })
    return frame.sort_values(["reason", "rater_a", "rater_b"], kind="mergesort").reset_index(drop=True)
