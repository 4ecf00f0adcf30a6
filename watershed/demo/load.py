"""The synthetic demo basin (`watershed demo`), so the app has something to show at first start.

The source files in data/demo are made by `python -m watershed.demo.synthetic_basin`; they are
synthetic, labelled as such, and loaded through the same services as real data. The whole load is
one transaction, and loading into a database that already holds the demo changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watershed.catalogue import text
from watershed.config import demo_dir
from watershed.domain.checks import CATEGORIES, DIMENSIONS
from watershed.domain.localtime import day_start
from watershed.errors import Conflict
from watershed.services.accounts.users import add_user
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.places.basins import DEMO_CODE, DEMO_PASSWORD, create_basin, is_demo
from watershed.services.common.clock import now, today
from watershed.services.custody.custody import (assign, auto_assign, custody_history,
                                                end_custodies, end_custody)
from watershed.demo.campaign import seed_campaign
from watershed.demo.ledgers import seed_ledgers
from watershed.demo.problems import seed_problems
from watershed.demo.rounds import seed_rounds
from watershed.demo.showcase import showcase
from watershed.demo.signboards import seed_signboards
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.geometry.segmenting import segment_channels
from watershed.services.common.transaction import writes
from watershed.store.batches import by_column, insert_rows
from watershed.store.keys import keys_checked_at_end
from watershed.store.tables import (Basin, Channel, Check, Custody, Household, Rating,
                                    RoundOffer, RoundResult, RoundSegment, Segment, User)

CUSTODY_START = date(2026, 3, 1)
# One segment in this many is left open on purpose, so the dashboard has something to chase.
LEFT_OPEN_EVERY = 40
LEFT_OPEN_ON = date(2026, 9, 15)
MERGED_ON = date(2026, 4, 10)
# Check history up to the day the demo is loaded, so the freshness map and the dashboard have a
# spread to show: the share of kept segments whose latest check is this many days old.
LAST_CHECK_SPREAD = ((0, 6, 0.55), (7, 13, 0.20), (14, 29, 0.12), (30, 60, 0.08))  # rest: never
EARLIER_CHECKS = 2  # at most, one interval of 5 to 9 days before each other
PROBLEM_SHARE = 0.06
DEMO_SEED = 20261127


@dataclass
class DemoReport:
    loaded: bool  # False when the demo was already there


def _leave_some_open(session: Session, actor: Actor) -> None:
    segments = session.scalars(
        select(Segment.code).join(Custody, Custody.segment_id == Segment.id)
        .where(Custody.end_date.is_(None)).order_by(Segment.id)
    ).all()
    end_custodies(session, actor, segments[LEFT_OPEN_EVERY // 2::LEFT_OPEN_EVERY],
                  end=LEFT_OPEN_ON, reason=text("demo.left_open_reason", "zh"))


def _custodian_of_two(session: Session, actor: Actor) -> str:
    """Auto-assignment spreads segments over many households; the demo custodian account should
    show a household keeping two, so the keeper of THG-001 takes over its neighbour THG-002."""
    first, second, _ = showcase(session)
    household = custody_history(session, first)[-1].household_code
    end_custody(session, actor, second, end=MERGED_ON - timedelta(days=1),
                reason=text("demo.merged_reason", "zh"))
    assign(session, actor, second, household, start=MERGED_ON)
    return household


def _demo_accounts(session: Session, actor: Actor) -> str:
    """The four demo accounts; returns the demo custodian's household code."""
    keeper = _custodian_of_two(session, actor)
    keeping = select(Custody.household_id).where(Custody.end_date.is_(None))
    resident = session.scalars(
        select(Household.code).where(Household.id.not_in(keeping)).order_by(Household.code)
    ).first()
    add_user(session, actor, "staff", "staff", DEMO_PASSWORD)
    add_user(session, actor, "custodian", "custodian", DEMO_PASSWORD, keeper)
    add_user(session, actor, "resident", "resident", DEMO_PASSWORD, resident)
    add_user(session, actor, "leader", "leader", DEMO_PASSWORD)
    return keeper


def _last_check_age(rng: random.Random) -> int | None:
    draw = rng.random()
    for low, high, share in LAST_CHECK_SPREAD:
        if draw < share:
            return rng.randint(low, high)
        draw -= share
    return None


def _check_row(rng: random.Random, segment_id: int, household_id: int, day: date, user: str,
               stamp) -> dict:
    answers = dict.fromkeys(DIMENSIONS, "good")
    problems = {}
    if rng.random() < PROBLEM_SHARE:
        dimension = rng.choice(DIMENSIONS)
        answers[dimension], problems[dimension] = "problem", rng.choice(CATEGORIES)
    # Between 07:00 and 18:00 in the basin (stored in UTC), and never later than the load.
    at = day_start(day) + timedelta(hours=rng.randint(7, 17), minutes=rng.randint(0, 59))
    at = min(at, stamp - timedelta(minutes=30))
    return {"segment_id": segment_id, "household_id": household_id, "user_name": user, "at": at,
            **answers, "problems": problems, "note": "", "on_site": None, "created_at": stamp}


def _demo_checks(session: Session, actor: Actor, keeper: str) -> None:
    """Synthetic check history for the kept segments; the demo custodian's own segments are left
    unchecked, so that account opens on segments waiting for a check."""
    kept = session.execute(
        select(Custody.segment_id, Custody.household_id, Custody.start_date)
        .join(Household, Custody.household_id == Household.id)
        .where(Custody.end_date.is_(None), Custody.role == "primary", Household.code != keeper)
        .order_by(Custody.segment_id)
    ).all()
    rng, day, stamp, rows = random.Random(DEMO_SEED), today(), now(), []
    for segment_id, household_id, start in kept:
        age = _last_check_age(rng)
        if age is None:
            continue
        checked = day - timedelta(days=age)
        for _ in range(1 + rng.randint(0, EARLIER_CHECKS)):
            if checked < start:
                break
            rows.append(_check_row(rng, segment_id, household_id, checked, actor.name, stamp))
            checked -= timedelta(days=rng.randint(5, 9))
    insert_rows(session, Check.__table__, by_column(rows))
    record(session, actor, "demo.checks", "checks", None, after={"checks": len(rows)})


@writes
def load_demo(session: Session, actor: Actor, folder: Path | None = None, *,
              only_if_empty: bool = False) -> DemoReport:
    """Load the demo into an empty database. A database that already holds the demo is left as
    it is; one that holds other data is refused, or left alone with `only_if_empty`."""
    require_role(actor, "staff", action="action.import")
    if is_demo(session):
        return DemoReport(loaded=False)
    # Any account counts: the demo's four accounts share one published password, and must
    # never sit beside an office's real ones.
    if any(session.scalar(select(func.count()).select_from(table))
           for table in (Basin, Household, User, Channel)):
        if only_if_empty:
            return DemoReport(loaded=False)
        raise Conflict("demo.not_empty")
    folder = Path(folder or demo_dir())
    create_basin(session, actor, DEMO_CODE, text("demo.basin_name", "zh"), synthetic=True)
    for kind in ("boundary", "channels", "ponds", "sources"):
        import_layer(session, actor, kind, folder / f"{kind}.geojson")
    import_households(session, actor, folder / "households.csv")
    segment_channels(session, actor)
    auto_assign(session, actor, start=CUSTODY_START)
    _leave_some_open(session, actor)
    _demo_checks(session, actor, _demo_accounts(session, actor))
    # At a district's size the rounds write millions of rows, each checked against its keys.
    with keys_checked_at_end(session, [t.__table__ for t in (RoundSegment, RoundOffer, Rating,
                                                              RoundResult)]):
        seed_rounds(session, actor)
    seed_campaign(session, actor)
    seed_signboards(session, actor)
    seed_ledgers(session, actor)
    seed_problems(session, actor)
    return DemoReport(loaded=True)
