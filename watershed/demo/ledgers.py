"""The demo's two ledgers: a few hundred contributions over the campaign (labour, machines,
materials, money; the demo custodian's and resident's households among the givers, one wrong entry
withdrawn), the two reconnected ponds leased by the collective with their income, and one
distribution per person with part retained for upkeep. Synthetic, like the rest of the demo."""

import random
from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from watershed.services.common.actors import Actor
from watershed.services.common.audit import record
from watershed.services.ledgers.benefit import distribute, record_income
from watershed.services.campaign.campaign import current_campaign
from watershed.services.common.clock import now, today
from watershed.services.ledgers.contributions import withdraw_contribution
from watershed.store.tables import (Contribution, Household, Pond, Segment, User, Work)

SEED = 20261128
ENTRIES = 360
GIVERS = 180
MACHINES = ("挖掘机", "拖拉机", "抽水泵", "运输车")
MATERIALS = (("石料", 80.0), ("水泥", 35.0), ("木桩", 12.0), ("砂石", 60.0))
# The two reconnected ponds are leased out by the collective for a year, paid in two parts.
LEASES = (("8600.00", 40, "上半年承包费"), ("8600.00", 12, "下半年承包费"),
          ("6240.50", 35, "上半年承包费"), ("6240.50", 10, "下半年承包费"))
FISHING = ("1888.88", 0, "港中渠捕捞权（一季）")
RETAIN_PERCENT = 20  # kept by the collective for upkeep


def _amount(rng: random.Random, kind: str) -> tuple[dict, str]:
    if kind == "labour":
        return {"quantity": rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 3.0))}, ""
    if kind == "machine":
        return {"quantity": float(rng.randint(2, 16)), "machine": rng.choice(MACHINES)}, ""
    if kind == "materials":
        name, price = rng.choice(MATERIALS)
        units = rng.randint(1, 8)
        return {"value_fen": int(price * units * 100)}, f"{name} {units}"
    return {"value_fen": rng.choice((50, 100, 200, 300, 500, 1000)) * 100}, ""


def _contributions(session: Session, actor: Actor, rng: random.Random) -> int:
    campaign = current_campaign(session)
    start = campaign.start_date if campaign else today() - timedelta(days=60)
    days = max(1, (today() - start).days)
    segments = list(session.scalars(select(Segment.id).join(Work, Work.segment_id == Segment.id)
                                    .order_by(Segment.id)))
    households = list(session.scalars(select(Household.id).order_by(Household.code)))
    demo_homes = [h for h in session.scalars(select(User.household_id).where(
        User.household_id.is_not(None)).order_by(User.username))]
    givers = demo_homes + rng.sample(households, min(GIVERS, len(households)))
    stamp, rows = now(), []
    for index in range(ENTRIES):
        kind = rng.choices(("labour", "machine", "materials", "money"), (60, 15, 12, 13))[0]
        amounts, description = _amount(rng, kind)
        rows.append({"household_id": givers[index % len(givers)] if index < 2 * len(demo_homes)
                     else rng.choice(givers), "day": start + timedelta(days=rng.randrange(days)),
                     "kind": kind, "quantity": None, "value_fen": None, "machine": "",
                     **amounts, "description": description,
                     "segment_id": rng.choice(segments) if segments and kind in (
                         "labour", "machine") else None,
                     "campaign_id": campaign.id if campaign else None, "note": "",
                     "recorded_by": actor.name, "created_at": stamp, "withdrawn_reason": ""})
    rows[-1].update(kind="labour", quantity=60.0, value_fen=None, machine="", description="")
    session.execute(insert(Contribution), rows)
    last = session.scalars(select(Contribution.id).order_by(Contribution.id.desc())).first()
    withdraw_contribution(session, actor, last, "多填了一位数（应为 6 人·天），已另行登记")
    record(session, actor, "demo.contributions", "contribution", None,
           after={"contributions": len(rows)})
    return len(rows)


def seed_ledgers(session: Session, actor: Actor) -> None:
    rng = random.Random(SEED)
    _contributions(session, actor, rng)
    ponds = list(session.scalars(select(Pond.code).where(Pond.status == "reconnected")
                                 .order_by(Pond.code)))[:2]
    for index, (amount, ago, what) in enumerate(LEASES):
        if len(ponds) > index // 2:
            pond = ponds[index // 2]
            record_income(session, actor, amount, "pond_lease", pond_code=pond,
                          day=today() - timedelta(days=ago), description=f"{pond} {what}")
    # Distributed on the day of the load (the households are registered that day); the fishing
    # rights come in afterwards and wait for the next distribution.
    distribute(session, actor, "per_person", retain_percent=RETAIN_PERCENT,
               note="第一次集体收益分配（演示）")
    amount, _, what = FISHING
    record_income(session, actor, amount, "fishing_rights", description=what)
