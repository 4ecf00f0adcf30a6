"""Evaluation rounds (群众评群众): staff open one, households rate, staff close it.

Opening a round draws the segments each household is offered (watershed.domain.rating): by
default segments of its own village, or within a radius of its home, never one it keeps.
Closing it computes every segment's robust score once (watershed.evaluation), stores the results
and the collusion warnings, and freezes the round: nothing about a closed round changes again.
The score reads the raters' habits (generosity, care, favours to the same households) in the
HISTORY_ROUNDS rounds closed before it, whose ratings are frozen; a closed round's own results
are never computed again, whatever closes after it.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import chain

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from watershed.domain import rating as rules
from watershed.errors import Conflict, InputError, NotFound
from watershed.evaluation import evaluate
from watershed.evaluation.history import HISTORY_ROUNDS
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clashes import locked, locking
from watershed.services.common.clock import now, today
from watershed.services.common.numbers import RECORD_ID, amount, collect, whole
from watershed.services.places.villages import LocalFrame
from watershed.services.common.transaction import reads, writes
from watershed.store.batches import insert_rows, numbers
from watershed.store.tables import (Basin, CollusionFlag, Custody, EvaluationRound, Group,
                                    Household, Rating, RoundOffer, RoundResult, RoundSegment,
                                    Segment)

MAX_NAME = 100


@dataclass(frozen=True)
class RoundLine:
    id: int
    name: str
    start_date: date
    end_date: date
    status: str  # open | closed
    segments: int
    households: int  # households offered something to rate
    ratings: int
    raters: int  # households that rated at least once
    ranked: int  # segments with enough ratings (closed rounds; open: so far)


def _round(session: Session, round_id) -> EvaluationRound:
    round_id = whole(round_id, "field.round_id", RECORD_ID)
    found = session.get(EvaluationRound, round_id)
    if found is None:
        raise NotFound("round.unknown", id=round_id)
    return found


def _read_round(name: str, start: date, end: date, offers, radius_m):
    """(problems, offers, radius_m): every fault of the form at once, and the numbers read."""
    problems = []
    if not name or len(name) > MAX_NAME:
        problems.append(InputError("round.bad_name", maximum=MAX_NAME))
    if start > end:
        problems.append(InputError("round.bad_dates", start=start.isoformat(), end=end.isoformat()))
    offers = collect(problems, whole, offers, "field.offers", rules.OFFERS)
    if radius_m is not None:
        radius_m = collect(problems, amount, radius_m, "field.radius_m", rules.RADIUS_M)
    return problems, offers, radius_m


def _keepers(session: Session) -> dict[int, set[int]]:
    """segment id -> the households keeping it now, as primary or deputy."""
    kept: dict[int, set[int]] = defaultdict(set)
    for segment_id, household_id in session.execute(
            select(Custody.segment_id, Custody.household_id).where(Custody.end_date.is_(None))):
        kept[segment_id].add(household_id)
    return kept


def _eligible(session: Session, round_id: int,
              radius_m: float | None) -> dict[int, list[int]]:
    """household id -> the round's segments it may rate: in its village (or within radius_m of
    its home, for a household whose home is known), and not kept by it."""
    segments = session.execute(
        select(Segment.id, Segment.village_id, Segment.geom)
        .join(RoundSegment, RoundSegment.segment_id == Segment.id)
        .where(RoundSegment.round_id == round_id)
    ).all()
    households = session.execute(
        select(Household.id, Group.village_id, Household.lon, Household.lat)
        .join(Group, Household.group_id == Group.id)
    ).all()
    by_village: dict[int, list[int]] = defaultdict(list)
    for segment_id, village_id, _ in segments:
        by_village[village_id].append(segment_id)
    near: dict[int, list[int]] = defaultdict(list)
    placed = [h for h in households if h.lon is not None and h.lat is not None]
    if radius_m is not None and placed and segments:
        lons, lats = np.array([h.lon for h in placed]), np.array([h.lat for h in placed])
        frame = LocalFrame(lons, lats)
        local = [shapely.linestrings(np.column_stack(frame.metres(*np.asarray(line.coords).T)))
                 for _, _, line in segments]
        hx, hy = frame.metres(lons, lats)
        tree = shapely.STRtree(local)
        home_index, line_index = tree.query(shapely.points(hx, hy), predicate="dwithin",
                                            distance=radius_m)
        for h, s in zip(home_index.tolist(), line_index.tolist()):
            near[placed[h].id].append(segments[s].id)
    keeps: dict[int, set[int]] = defaultdict(set)  # household id -> the segments it keeps
    for segment_id, keepers in _keepers(session).items():
        for household_id in keepers:
            keeps[household_id].add(segment_id)
    placed_ids = {h.id for h in placed}
    eligible = {}
    for household_id, village_id, _, _ in households:
        if radius_m is not None and household_id in placed_ids:
            pool = near.get(household_id, [])
        else:  # the village, also for a household whose home is not known
            pool = by_village.get(village_id, [])
        own = keeps.get(household_id)
        # The village's own list where nothing is taken out of it: draw_offers sorts a pool
        # once per list, and most households of a village share theirs.
        mine = [s for s in pool if s not in own] if own else pool
        if mine:
            eligible[household_id] = mine
    return eligible


@writes
def open_round(session: Session, actor: Actor, name: str | None = None, *,
               start: date | None = None, end: date | None = None,
               segment_codes: list[str] | None = None, offers=rules.DEFAULT_OFFERS,
               radius_m=None, seed: int | None = None) -> EvaluationRound:
    """Open a round (staff). Defaults: this calendar month in Beijing (rules.monthly), every
    segment in service, five segments offered to each household from its own village. One
    round is open at a time. `offers` and `radius_m` may be given as typed."""
    require_role(actor, "staff", action="action.manage_rounds")
    month_start, month_end = rules.monthly(today())
    start, end = start or month_start, end or month_end
    name = (name or "").strip() or rules.round_name(start)
    problems, offers, radius_m = _read_round(name, start, end, offers, radius_m)
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)
    # One round is open at a time: the basins' rows are held while this looks for an open round
    # and opens one, so that two staff opening rounds at once do so one after the other.
    session.scalars(locking(select(Basin.id))).all()
    already = session.scalars(select(EvaluationRound).where(EvaluationRound.status == "open")).first()
    if already is not None:
        raise Conflict("round.already_open", name=already.name)
    query = select(Segment.id, Segment.code).where(Segment.retired_at.is_(None))
    if segment_codes is not None:
        query = query.where(Segment.code.in_(segment_codes))
    found = dict(session.execute(query).all())
    missing = sorted(set(segment_codes or ()) - set(found.values()))
    if missing:
        raise NotFound("segment.unknown", code=", ".join(missing[:5]))
    if not found:
        raise InputError("round.no_segments")
    seed = secrets.randbelow(2**31) if seed is None else seed
    stamp = now()
    evaluation = EvaluationRound(name=name, start_date=start, end_date=end, status="open",
                                 offers_per_household=offers, radius_m=radius_m, seed=seed,
                                 created_by=actor.name, created_at=stamp)
    session.add(evaluation)
    session.flush()
    segment_ids = sorted(found)
    insert_rows(session, RoundSegment.__table__, {"segment_id": segment_ids},
                same={"round_id": evaluation.id}, analyze=True)
    drawn = rules.draw_offers(_eligible(session, evaluation.id, radius_m), offers, seed)
    offered = [h for h, chosen in drawn.items() for _ in chosen]
    insert_rows(session, RoundOffer.__table__,  # 2 million at 100 times the demo
                {"household_id": offered, "segment_id": list(chain.from_iterable(drawn.values()))},
                same={"round_id": evaluation.id}, analyze=True)
    evaluation.segment_count, evaluation.household_count = len(segment_ids), len(drawn)
    record(session, actor, "round.open", "evaluation_round", evaluation.id,
           after={"name": name, "start": start.isoformat(), "end": end.isoformat(),
                  "segments": len(segment_ids), "households": len(drawn), "offers": len(offered),
                  "radius_m": radius_m, "seed": seed})
    return evaluation


def _ratings_frame(session: Session, round_ids: list[int]) -> pd.DataFrame:
    """The ratings of these rounds, with each segment's village (a segment with few ratings is
    pulled towards its village's level) and the round."""
    rows = numbers(session, select(Rating.household_id, Rating.segment_id,
                                   Rating.custodian_household_id, Rating.score,
                                   Segment.village_id, Rating.round_id)
                   .join(Segment, Rating.segment_id == Segment.id)
                   .where(Rating.round_id.in_(round_ids))
                   .order_by(Rating.round_id, Rating.id))
    frame = pd.DataFrame(rows,
                         columns=["rater_id", "segment_id", "custodian_id", "score", "village_id",
                                  "round_id"])
    # A segment nobody kept is nobody's: an id no rater can have, so it never looks reciprocal.
    frame["custodian_id"] = frame["custodian_id"].fillna(-frame["segment_id"]).astype("int64")
    frame["village_id"] = frame["village_id"].fillna(-1).astype("int64")
    frame["score"] = frame["score"].astype(float)
    return frame


def earlier_rounds(session: Session, evaluation: EvaluationRound) -> list[int]:
    """The ids of the rounds (at most HISTORY_ROUNDS) closed before this one closed, or before
    now if it is open: the rounds whose raters' habits its scores read."""
    query = select(EvaluationRound.id).where(EvaluationRound.status == "closed",
                                             EvaluationRound.id != evaluation.id)
    if evaluation.closed_at is not None:
        query = query.where(EvaluationRound.closed_at < evaluation.closed_at)
    found = session.scalars(query.order_by(EvaluationRound.closed_at.desc(), EvaluationRound.id.desc())
                            .limit(HISTORY_ROUNDS)).all()
    return sorted(found)


@writes
def close_round(session: Session, actor: Actor, round_id: int) -> EvaluationRound:
    """Close a round (staff): compute and store every segment's score and the collusion
    warnings; from now on the round, its ratings and its results never change."""
    require_role(actor, "staff", action="action.manage_rounds")
    evaluation = _round(session, round_id)
    # Held from here: a rating being saved now finishes first (it holds the round FOR SHARE)
    # and is counted; one that comes later finds the round closed.
    locked(session, EvaluationRound, evaluation.id)
    if evaluation.status != "open":
        raise Conflict("round.closed", name=evaluation.name)
    ratings = _ratings_frame(session, [evaluation.id]).drop(columns="round_id")
    earlier = earlier_rounds(session, evaluation)
    history = _ratings_frame(session, earlier) if earlier else None
    result = evaluate(ratings, history if history is not None and len(history) else None)
    scores = result.scores
    counts = ratings.groupby("segment_id")["score"].agg(["size", "mean"])
    keepers = dict(session.execute(
        select(Custody.segment_id, Custody.household_id)
        .where(Custody.end_date.is_(None), Custody.role == "primary")).all())
    segment_ids = session.scalars(select(RoundSegment.segment_id)
                                  .where(RoundSegment.round_id == evaluation.id)).all()
    # Whole columns aligned on the round's segments at once: a pandas lookup per segment costs
    # tens of microseconds, seconds for the 78,230 segments of 100 times the demo.
    n_ratings = counts["size"].reindex(segment_ids, fill_value=0).astype(int).tolist()
    means = counts["mean"].reindex(segment_ids).tolist()
    found = scores.reindex(segment_ids)
    in_scores = pd.Index(segment_ids).isin(scores.index).tolist()
    ranked = [n >= rules.MIN_RATINGS and scored for n, scored in zip(n_ratings, in_scores)]

    def if_ranked(values: list) -> list:
        return [float(value) if rank else None for value, rank in zip(values, ranked)]

    insert_rows(session, RoundResult.__table__, {
        "segment_id": segment_ids, "custodian_household_id": [keepers.get(s) for s in segment_ids],
        "n_ratings": n_ratings, "score": if_ranked(found["score"].tolist()),
        "ci_low": if_ranked(found["ci_low"].tolist()), "ci_high": if_ranked(found["ci_high"].tolist()),
        "plain_mean": [float(mean) if n else None for mean, n in zip(means, n_ratings)]},
        same={"round_id": round_id}, analyze=True)
    flag_rows = [{"round_id": round_id, "rater_a": int(f.rater_a), "rater_b": int(f.rater_b),
                  "reason": f.reason} for f in result.flags.itertuples()]
    if flag_rows:
        session.execute(insert(CollusionFlag), flag_rows)
    evaluation.status, evaluation.closed_by, evaluation.closed_at = "closed", actor.name, now()
    evaluation.rating_count, evaluation.ranked_count = len(ratings), sum(ranked)
    evaluation.rater_count = int(ratings["rater_id"].nunique())
    record(session, actor, "round.close", "evaluation_round", evaluation.id,
           after={"ratings": len(ratings), "ranked": sum(ranked),
                  "segments": len(segment_ids), "flags": len(flag_rows),
                  "history_rounds": len(earlier)})
    return evaluation


@reads
def current_round(session: Session) -> EvaluationRound | None:
    """The round open now, if any."""
    return session.scalars(select(EvaluationRound).where(EvaluationRound.status == "open")).first()


@reads
def list_rounds(session: Session, actor: Actor) -> list[RoundLine]:
    """Every round, newest first, with how far rating has gone (staff and leadership)."""
    require_role(actor, "staff", "leader", action="action.view_rounds")
    rounds = session.scalars(select(EvaluationRound).order_by(EvaluationRound.id.desc())).all()
    # A closed round's counts were kept when it closed; only what is still open is counted here.
    counting = [r.id for r in rounds if r.rating_count is None]

    def per_round(query) -> dict[int, int]:
        return dict(session.execute(query).all()) if counting else {}

    rated = per_round(select(Rating.round_id, func.count())
                      .where(Rating.round_id.in_(counting)).group_by(Rating.round_id))
    raters = per_round(select(Rating.round_id, func.count(func.distinct(Rating.household_id)))
                       .where(Rating.round_id.in_(counting)).group_by(Rating.round_id))
    enough = select(Rating.round_id, Rating.segment_id).where(Rating.round_id.in_(counting)) \
        .group_by(Rating.round_id, Rating.segment_id) \
        .having(func.count() >= rules.MIN_RATINGS).subquery()
    ranked = per_round(select(enough.c.round_id, func.count()).group_by(enough.c.round_id))

    def kept_or(count: int | None, counted: dict[int, int], round_id: int) -> int:
        return count if count is not None else counted.get(round_id, 0)

    return [RoundLine(r.id, r.name, r.start_date, r.end_date, r.status, r.segment_count or 0,
                      r.household_count or 0, kept_or(r.rating_count, rated, r.id),
                      kept_or(r.rater_count, raters, r.id), kept_or(r.ranked_count, ranked, r.id))
            for r in rounds]
