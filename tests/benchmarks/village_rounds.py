"""Villages rated over several rounds, written apart from watershed.evaluation.simulation.

The model in watershed.evaluation was first tuned on that module's single round; these worlds
check it on data it was not tuned on. They differ from it on purpose in structure, not only in
numbers:

- *Villages.* Households rate only segments of their own village (as the service offers them);
  each village has its own general level of upkeep, so villages differ.
- *Rounds.* Households, their habits and their segments persist from round to round; a segment's
  upkeep moves a little between rounds (the campaign improves some, neglect slips others).
- *Who rates what.* Each segment is given a number of raters between 3 and 12 first (some
  segments are simply more visible), and the raters are then drawn among the village's households
  so that every household rates about as many segments as the others.
- *Five dimensions.* Each segment has its own profile over 河畅 水清 岸绿 景美 人和 around its
  upkeep (a segment may flow well and yet be littered); a rating is the mean of five whole-star
  answers.
- *Collusion where it pays.* Only custodians of poorly kept segments collude: pairs, and one ring
  of four, within a village. Each rates each partner's segment once per round, about two points
  above their honest opinion (so 4s and 5s, not always 5).

Three regimes (see REGIMES): `sparse` (the issue's one-round regime: about 3 ratings per household,
30% erratic raters), `drift` (raters' generosity wanders from round to round; noise of every degree,
a few raters who give everything one score) and `floor4` (a third of the raters never rate below 4).
A fourth, `linear`, is `sparse` with ratings drawn from the model's own equation (no widget): what
goes wrong there is the fit's doing.
A fifth, `whole`, is `sparse` rated on a one-question widget: one whole star (1-5) per rating, so
every rating is rounded by up to half a point and a 5 stands for anything above 4.5.
A sixth, `clique`, is `sparse` whose ring's households each rate all three others once a round
(the issue's words, "each rating the others' segments once", read that way), not the next one only.
A seventh, `dense`, has small villages whose households each keep a segment and rate six to eight
of their neighbours': honest households there rate each other both ways often.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DIMENSIONS = 5


@dataclass(frozen=True)
class Regime:
    name: str
    villages: tuple[int, int] = (8, 12)  # how many villages
    households: tuple[int, int] = (40, 80)  # per village
    custodian_share: float = 0.42  # households keeping a segment (some keep two)
    raters_per_segment: tuple[int, int] = (3, 12)
    leniency_sd: float = 0.7
    erratic_share: float = 0.3
    careful_sd: float = 0.35
    erratic_sd: float = 1.3
    noise_lognormal: float = 0.0  # >0: every rater's sd drawn lognormally around careful_sd instead
    leniency_drift_sd: float = 0.0  # per round, a random walk
    floor_share: float = 0.0  # raters who never rate below 4
    uniform_share: float = 0.0  # raters who give every segment one score
    pairs_per_village: tuple[int, int] = (1, 2)
    inflation: tuple[float, float] = (2.0, 0.35)  # mean, sd of a colluder's extra points
    upkeep_step_sd: float = 0.25  # how far a segment's upkeep moves between rounds
    stars: bool = True  # False: the rating is the impression itself, clipped to 1-5 (no widget)
    whole_stars: bool = False  # True: one whole-star answer per rating (1, 2, ... 5), no dimensions
    ring_rates_all: bool = False  # True: each of a ring rates every other member, not the next only
    notes: str = ""


REGIMES = {
    "sparse": Regime(
        "sparse", notes="3-12 raters per segment, ~3 ratings per household, 30% erratic (sd 1.3), "
        "careful sd 0.35, leniency sd 0.7"),
    "drift": Regime(
        "drift", custodian_share=0.6, raters_per_segment=(3, 9), leniency_sd=0.5,
        erratic_share=0.0, noise_lognormal=0.6, careful_sd=0.5, leniency_drift_sd=0.35,
        uniform_share=0.03, notes="generosity drifts (sd 0.35 a round), noise sd lognormal around "
        "0.5, 3% uniform raters"),
    "floor4": Regime(
        "floor4", raters_per_segment=(4, 10), leniency_sd=0.4, erratic_share=0.15,
        floor_share=1 / 3, notes="a third of raters never rate below 4 (half floor at 4, half "
        "squeeze their scale into 4-5), 15% erratic"),
    # The sparse villages with ratings drawn from the model's own equation, so that
    # what goes wrong here is the fit's doing, not the widget's (stars, dimensions, rounding).
    "linear": Regime(
        "linear", stars=False, notes="the sparse regime, ratings = upkeep + leniency + noise "
        "(+ favours) clipped to 1-5: no stars, no dimensions; the fit's own errors"),
    # The sparse villages rated on a one-question widget: a whole number of stars, so a 5 stands
    # for anything above 4.5 and every rating is rounded by up to half a point.
    "whole": Regime(
        "whole", whole_stars=True, notes="the sparse regime rated in whole stars (1-5, one question): "
        "a 5 is anything above 4.5"),
    "clique": Regime(
        "clique", ring_rates_all=True, notes="the sparse regime, the ring's four households each "
        "rating all three others"),
    "dense": Regime(
        "dense", households=(15, 30), custodian_share=1.0, raters_per_segment=(6, 8),
        notes="villages of 15-30 households, each keeping a segment and rating 6-8 of the others'"),
}


@dataclass
class World:
    """Everything that persists between rounds. Households are numbered from 1 across villages."""

    regime: Regime
    village_of: np.ndarray  # per household (0-based index)
    custodian: np.ndarray  # per segment: household index
    segment_village: np.ndarray
    upkeep: np.ndarray  # per segment, current round
    profile: np.ndarray  # per segment x dimension: offset of that dimension from the upkeep
    leniency: np.ndarray  # per household, current round
    sd: np.ndarray  # per household
    kind: np.ndarray  # per household: "careful" | "erratic" | "floor" | "squeeze" | "uniform"
    uniform_score: np.ndarray
    groups: list[tuple[int, ...]] = field(default_factory=list)  # colluders, in rating order


@dataclass(frozen=True)
class Round:
    ratings: pd.DataFrame  # rater_id, segment_id, custodian_id, score, village_id
    truth: pd.Series  # segment_id -> true upkeep in this round
    colluders: frozenset[int]
    groups: tuple[tuple[int, ...], ...]  # pairs and rings, household ids
    uniform_raters: frozenset[int]
    traits: pd.DataFrame  # per household id: leniency, sd (in this round), kind


def make_world(regime: Regime, rng: np.random.Generator) -> World:
    n_villages = int(rng.integers(regime.villages[0], regime.villages[1] + 1))
    sizes = rng.integers(regime.households[0], regime.households[1] + 1, size=n_villages)
    village_of = np.repeat(np.arange(n_villages), sizes)
    n = len(village_of)
    level = rng.normal(3.0, 0.45, size=n_villages)  # each village its own general upkeep
    custodian, seg_village = [], []
    for v in range(n_villages):
        members = np.flatnonzero(village_of == v)
        keepers = rng.choice(members, size=max(4, round(regime.custodian_share * len(members))),
                             replace=False)
        twice = keepers[rng.random(len(keepers)) < 0.15]
        held = np.concatenate([keepers, twice])
        custodian.extend(held.tolist())
        seg_village.extend([v] * len(held))
    custodian, seg_village = np.array(custodian), np.array(seg_village)
    upkeep = np.clip(level[seg_village] + rng.normal(0, 0.8, size=len(custodian)), 1, 5)
    profile = rng.normal(0, 0.35, size=(len(custodian), DIMENSIONS))
    profile -= profile.mean(axis=1, keepdims=True)  # the upkeep is the level of the five
    kind = np.full(n, "careful", dtype=object)
    draw = rng.random(n)
    kind[draw < regime.erratic_share] = "erratic"
    floor = (draw >= regime.erratic_share) & (draw < regime.erratic_share + regime.floor_share)
    kind[floor] = np.where(rng.random(n) < 0.5, "floor", "squeeze")[floor]
    uniform = rng.random(n) < regime.uniform_share
    kind[uniform] = "uniform"
    if regime.noise_lognormal > 0:
        sd = regime.careful_sd * np.exp(rng.normal(0, regime.noise_lognormal, size=n))
    else:
        sd = np.where(kind == "erratic", regime.erratic_sd, regime.careful_sd)
    world = World(regime, village_of, custodian, seg_village, upkeep, profile,
                  rng.normal(0, regime.leniency_sd, size=n), sd, kind,
                  rng.choice([3.0, 4.0, 5.0], size=n))
    world.groups = _collusion_groups(world, rng)
    return world


def _collusion_groups(world: World, rng: np.random.Generator) -> list[tuple[int, ...]]:
    """Pairs in every village and one ring of four, among keepers of poorly kept segments."""
    groups, ring_village = [], int(rng.integers(world.village_of.max() + 1))
    for v in range(world.village_of.max() + 1):
        here = world.segment_village == v
        poor = np.unique(world.custodian[here & (world.upkeep <= np.quantile(world.upkeep[here], 0.4))])
        poor = poor[np.isin(world.kind[poor], ["careful", "erratic"])]
        poor = rng.permutation(poor)
        n_pairs = int(rng.integers(world.regime.pairs_per_village[0],
                                   world.regime.pairs_per_village[1] + 1))
        sizes = [4] * (v == ring_village) + [2] * n_pairs
        start = 0
        for size in sizes:
            if start + size <= len(poor):
                groups.append(tuple(int(h) for h in poor[start:start + size]))
                start += size
    return groups


def _raters(world: World, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(rater, segment): each segment's raters drawn in its village, lightest-loaded first."""
    load = np.zeros(len(world.village_of))
    low, high = world.regime.raters_per_segment
    want = np.clip(np.round(np.exp(rng.normal(np.log(np.sqrt(low * high)), 0.45,
                                               size=len(world.custodian)))), low, high).astype(int)
    raters, segments = [], []
    for s in rng.permutation(len(world.custodian)):
        pool = np.flatnonzero(world.village_of == world.segment_village[s])
        pool = pool[pool != world.custodian[s]]
        weight = 1.0 / (1.0 + load[pool]) ** 3
        chosen = rng.choice(pool, size=min(want[s], len(pool)), replace=False, p=weight / weight.sum())
        load[chosen] += 1
        raters.extend(chosen.tolist())
        segments.extend([s] * len(chosen))
    return np.array(raters), np.array(segments)


def _opinion(world: World, rater: np.ndarray, segment: np.ndarray, extra: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
    """What each rater records for each segment: five whole-star answers, averaged."""
    impression = (world.upkeep[segment] + world.leniency[rater] + extra
                  + world.sd[rater] * rng.standard_normal(len(rater)))
    if not world.regime.stars:
        return np.clip(impression, 1, 5)
    if world.regime.whole_stars:
        return np.clip(np.rint(impression + rng.normal(0, 0.25, len(rater))), 1, 5)
    answers = impression[:, None] + world.profile[segment] + rng.normal(0, 0.25, (len(rater), DIMENSIONS))
    kind = world.kind[rater][:, None]
    answers = np.where(kind == "floor", np.maximum(answers, 4.0), answers)
    answers = np.where(kind == "squeeze", 4.0 + (np.clip(answers, 1, 5) - 1) / 4, answers)
    answers = np.where(kind == "uniform", world.uniform_score[rater][:, None], answers)
    return np.clip(np.rint(answers), 1, 5).mean(axis=1)


def play_round(world: World, rng: np.random.Generator) -> Round:
    """One round on the world as it is now; then the world moves on (upkeep, drift)."""
    rater, segment = _raters(world, rng)
    extra = np.zeros(len(rater))
    held = pd.Series(np.arange(len(world.custodian))).groupby(world.custodian).agg(list)
    c_rater, c_segment = [], []
    for group in world.groups:
        ring = len(group) > 2 and world.regime.ring_rates_all
        links = [(m, p) for m in group for p in group if m != p] if ring else zip(group, group[1:] + group[:1])
        for member, partner in links:
            target = int(rng.choice(held[partner]))  # once per direction
            c_rater.append(member)
            c_segment.append(target)
    c_rater, c_segment = np.array(c_rater, dtype=int), np.array(c_segment, dtype=int)
    keep = ~np.isin(rater * 10_000 + segment, c_rater * 10_000 + c_segment)
    rater, segment, extra = rater[keep], segment[keep], extra[keep]
    mean, sd = world.regime.inflation
    rater = np.concatenate([rater, c_rater])
    segment = np.concatenate([segment, c_segment])
    extra = np.concatenate([extra, rng.normal(mean, sd, size=len(c_rater))])
    score = _opinion(world, rater, segment, extra, rng)
    ratings = pd.DataFrame({
        "rater_id": rater + 1, "segment_id": segment + 1,
        "custodian_id": world.custodian[segment] + 1, "score": score,
        "village_id": world.segment_village[segment] + 1,
    })
    played = Round(
        ratings=ratings,
        truth=pd.Series(world.upkeep.copy(), index=pd.RangeIndex(1, len(world.upkeep) + 1,
                                                                  name="segment_id")),
        colluders=frozenset(h + 1 for g in world.groups for h in g),
        groups=tuple(tuple(h + 1 for h in g) for g in world.groups),
        uniform_raters=frozenset(int(h) + 1 for h in np.flatnonzero(world.kind == "uniform")),
        traits=pd.DataFrame({"leniency": world.leniency.copy(), "sd": world.sd, "kind": world.kind},
                            index=pd.RangeIndex(1, len(world.kind) + 1, name="household")),
    )
    step = world.regime.upkeep_step_sd
    world.upkeep = np.clip(world.upkeep + rng.normal(0.05, step, size=len(world.upkeep)), 1, 5)
    colluding = np.isin(world.custodian, [h for g in world.groups for h in g])
    world.upkeep[colluding] = np.minimum(world.upkeep[colluding], 2.6)  # they stay neglected
    world.leniency = world.leniency + rng.normal(0, world.regime.leniency_drift_sd, len(world.leniency))
    return played


def play(regime: str | Regime, rounds: int, seed: int, colluding: bool = True) -> list[Round]:
    """`rounds` consecutive rounds of one freshly drawn world. Same arguments, same rounds.
    colluding=False: the same world, but nobody trades favours (what is flagged there is false)."""
    regime = REGIMES[regime] if isinstance(regime, str) else regime
    rng = np.random.default_rng([seed, sum(map(ord, regime.name))])
    world = make_world(regime, rng)
    if not colluding:
        world.groups = []
    return [play_round(world, rng) for _ in range(rounds)]
