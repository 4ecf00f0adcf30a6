"""The demo's dredging campaign: 百日攻坚 on the trunk and branch canals, on about its 60th day,
with uneven progress (some villages ahead, some behind, the whole a little behind the ideal
line), part of the done segments accepted, and four of the nine ponds cleared. Synthetic, like
the rest of the demo."""

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.demo.showcase import showcase
from watershed.domain.localtime import day_start
from watershed.services.common.actors import Actor
from watershed.services.common.audit import record
from watershed.services.campaign.campaign import create_campaign
from watershed.services.common.clock import today
from watershed.services.campaign.ponds import update_pond
from watershed.store.batches import by_column, insert_rows
from watershed.store.tables import (Acceptance, Channel, Pond, ProgressEntry, Segment, Village,
                                    Work)

DAY_OF_CAMPAIGN = 60
SEED = 20261127
KINDS = ("干渠", "支渠")  # trunk and branch canals; the households keep the small ditches clean
# Ponds by the order of their codes: cleared and reconnected, cleared, under negotiation, still
# occupying, so the what-if has something to show and the 港中渠 below them is still dead.
POND_STEPS = ("reconnected", "reconnected", "cleared", "cleared", "negotiating", "negotiating",
              "occupying", "occupying", "occupying")
POND_PATH = ("occupying", "negotiating", "cleared", "reconnected")


def _segments(session: Session):
    return session.execute(
        select(Work.id, Work.planned_m3, Work.planned_bank_m, Segment.code, Village.name)
        .join(Segment, Work.segment_id == Segment.id)
        .outerjoin(Village, Segment.village_id == Village.id).order_by(Segment.code)).all()


def _progress(rng: random.Random, planned_m3: float, planned_bank_m: float, start: date,
              pace: float, last: date) -> tuple[list[dict], bool]:
    """A segment's entries: work begins on some day, goes on every few days at the village's
    pace, and the segment is done once its silt is out (if that happens by `last`)."""
    begin = start + timedelta(days=rng.randint(0, int(DAY_OF_CAMPAIGN * 1.1)))  # some not yet
    day, removed, rows = begin, 0.0, []
    while day <= last and removed < planned_m3:
        m3 = min(planned_m3 - removed, round(rng.uniform(11, 42) * pace, 1))
        removed += m3
        rows.append({"day": day, "m3": m3,
                     "bank_m": round(planned_bank_m * m3 / planned_m3, 1) if planned_m3 else 0.0,
                     "state": "done" if removed >= planned_m3 else "progress"})
        day += timedelta(days=rng.randint(1, 4))
    return rows, bool(rows) and rows[-1]["state"] == "done"


def seed_campaign(session: Session, actor: Actor) -> None:
    rng = random.Random(SEED)
    start, last = today() - timedelta(days=DAY_OF_CAMPAIGN - 1), today() - timedelta(days=1)
    channels = list(session.scalars(select(Channel.code).where(Channel.kind.in_(KINDS))))
    campaign = create_campaign(session, actor, "百日攻坚（演示）", start=start, days=100,
                               m3_per_metre=3.0, bank_share=0.5, channel_codes=channels)
    works = _segments(session)
    mine = showcase(session)[:2]
    paces = {village: rng.uniform(0.6, 1.5) for village in sorted({w.name or "" for w in works})}
    entries, acceptances = [], []
    for work_id, planned_m3, planned_bank_m, code, village in works:
        rows, done = _progress(rng, planned_m3, planned_bank_m, start, paces[village or ""], last)
        if code in mine:  # the demo custodian's: still theirs to report
            rows, done = rows[:1], False
            for row in rows:
                row["state"] = "progress"
        at = day_start(start) + timedelta(hours=18)
        entries += [{**row, "work_id": work_id, "note": "", "photo_path": None, "corrects": None,
                     "user_name": actor.name, "created_at": at} for row in rows]
        if done and rng.random() < 0.6:
            accepted_on = min(last, rows[-1]["day"] + timedelta(days=rng.randint(1, 6)))
            acceptances.append({"work_id": work_id, "day": accepted_on, "accepted_by": actor.name,
                                "note": "", "created_at": at})
    insert_rows(session, ProgressEntry.__table__, by_column(entries))
    insert_rows(session, Acceptance.__table__, by_column(acceptances))
    ponds = list(session.scalars(select(Pond.code).order_by(Pond.code)))
    for code, target in zip(ponds, POND_STEPS):
        for status in POND_PATH[1:POND_PATH.index(target) + 1]:
            update_pond(session, actor, code, status=status, owner="（演示塘主）",
                        agreement_date=start + timedelta(days=20) if status == "cleared" else None,
                        compensation_yuan=8000.0 if status == "cleared" else None)
    record(session, actor, "demo.campaign", "campaign", campaign.id,
           after={"entries": len(entries), "acceptances": len(acceptances)})
