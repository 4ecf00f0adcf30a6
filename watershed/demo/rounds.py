"""The demo's peer evaluation: three closed monthly rounds with synthetic ratings, and this
month's round open, so the board, the trend of a custodian's score and the rating page all have
something to show. Ratings come from a hidden 'true upkeep' per segment, raters who are lenient,
harsh or careless, and one household that gives everything five stars, so the review list is
not empty either. All of it is synthetic, like the rest of the demo."""

import random
from datetime import date, timedelta
from itertools import chain

import numpy as np

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.domain.checks import DIMENSIONS
from watershed.domain.localtime import day_start
from watershed.domain.rating import monthly, round_name
from watershed.services.common.actors import Actor
from watershed.services.common.audit import record
from watershed.services.common.clock import today
from watershed.services.evaluation.rounds import close_round, open_round
from watershed.store.batches import insert_rows, numbers
from watershed.store.tables import Custody, Rating, RoundOffer

CLOSED_ROUNDS = 3
RATED_SHARE = 0.7  # of the offers, per round
SEED = 20261201
COMMENTS = ("水面很干净，保持得好。", "岸边有塑料袋，请清理一下。", "杂草有点多。",
            "护坡有一处塌了，要修。", "比上个月好多了。", "")


def closed_months(day: date) -> list[tuple[date, date]]:
    """The first and last days of the CLOSED_ROUNDS calendar months before `day`'s, oldest
    first: the demo's closed rounds."""
    months = []
    for _ in range(CLOSED_ROUNDS):
        day = day.replace(day=1) - timedelta(days=1)
        months.insert(0, monthly(day))
    return months


def demo_name(start: date) -> str:
    return f"{round_name(start)}（演示）"


def _rate_round(session: Session, rng: random.Random, round_id: int, upkeep: dict[int, float],
                raters: dict[int, tuple[float, float]], keepers: dict[int, int],
                yes_man: int, day: date) -> int:
    """Rate about RATED_SHARE of the round's offers (all of the yes-man's): each dimension the
    segment's upkeep plus the rater's leniency plus their noise, rounded to a star. Drawn in
    numpy, for a district-sized demo rates millions of offers."""
    pairs = numbers(session, select(RoundOffer.household_id, RoundOffer.segment_id)
                    .where(RoundOffer.round_id == round_id)
                    .order_by(RoundOffer.household_id, RoundOffer.segment_id))
    # Read as one flat run of numbers: np.array over a list of rows probes each row for the
    # array protocols, which took longer than the rest of the rating.
    offers = np.fromiter(chain.from_iterable(pairs), np.int64, 2 * len(pairs)).reshape(-1, 2)
    draw = np.random.default_rng(rng.getrandbits(64))
    rated = (offers[:, 0] == yes_man) | (draw.random(len(offers)) <= RATED_SHARE)
    households, segments = offers[rated, 0].tolist(), offers[rated, 1].tolist()
    leniency, spread = np.array([raters[h] for h in households]).reshape(-1, 2).T
    centre = np.array([upkeep[s] for s in segments]) + leniency
    noise = draw.standard_normal((len(households), len(DIMENSIONS))) * spread[:, None]
    stars = np.clip(np.rint(centre[:, None] + noise), 1, 5).astype(int)
    stars[offers[rated, 0] == yes_man] = 5
    comments = np.where(draw.random(len(households)) < 0.1,
                        draw.integers(0, len(COMMENTS), len(households)), len(COMMENTS) - 1)
    at = day_start(day) + timedelta(hours=10)
    insert_rows(session, Rating.__table__, {
        "segment_id": segments, "household_id": households,
        "custodian_household_id": [keepers.get(s) for s in segments],
        **dict(zip(DIMENSIONS, stars.T.tolist())), "score": stars.mean(axis=1).tolist(),
        "comment": [COMMENTS[c] for c in comments.tolist()]},
        same={"round_id": round_id, "photo_path": None, "user_name": "demo", "created_at": at,
              "updated_at": at}, analyze=True)
    return len(households)


def seed_rounds(session: Session, actor: Actor) -> None:
    rng = random.Random(SEED)
    keepers = dict(session.execute(select(Custody.segment_id, Custody.household_id)
                                   .where(Custody.end_date.is_(None), Custody.role == "primary")
                                   .order_by(Custody.segment_id)).all())
    months = closed_months(today())
    upkeep, raters, yes_man, rated = {}, {}, None, 0
    for number, (start, end) in enumerate(months):
        evaluation = open_round(session, actor, demo_name(start), start=start,
                                end=end, seed=SEED + number)
        households = sorted(session.scalars(select(RoundOffer.household_id).distinct()
                                             .where(RoundOffer.round_id == evaluation.id)))
        for household_id in households:  # a household keeps its habits from round to round
            kind = rng.random()
            raters.setdefault(household_id, (0.8 if kind < 0.15 else -0.8 if kind < 0.3 else 0.0,
                                             1.4 if 0.3 <= kind < 0.4 else 0.6))
        yes_man = yes_man or households[len(households) // 2]
        for segment_id in session.scalars(select(RoundOffer.segment_id).distinct()
                                          .where(RoundOffer.round_id == evaluation.id)
                                          .order_by(RoundOffer.segment_id)):
            # Upkeep drifts a little from month to month; most segments are kept fairly well.
            base = upkeep.get(segment_id, rng.triangular(1.5, 5.0, 4.0))
            upkeep[segment_id] = min(5.0, max(1.0, base + rng.gauss(0.1, 0.3)))
        rated += _rate_round(session, rng, evaluation.id, upkeep, raters, keepers, yes_man,
                             end - timedelta(days=3))
        close_round(session, actor, evaluation.id)
    start, end = monthly(today())
    open_round(session, actor, demo_name(start), start=start, end=end,
               seed=SEED + CLOSED_ROUNDS)
    record(session, actor, "demo.ratings", "ratings", None,
           after={"closed_rounds": CLOSED_ROUNDS, "ratings": rated})
