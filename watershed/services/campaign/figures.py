"""Where the dredging stands on a day: each segment's status, the campaign's figures, the
burndown and the forecast, and the tables per village and per channel behind them. Everything
is computed from the progress entries up to that day, so the figures of a past day are what
they were on that day."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.catalogue import text
from watershed.domain import dredging as rules
from watershed.errors import NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.campaign.campaign import find_campaign
from watershed.services.common.clock import today
from watershed.services.common.transaction import reads
from watershed.services.geometry.network import labelled
from watershed.store.tables import (Acceptance, Channel, Custody, ProgressEntry, Segment, Village,
                                    Work)


@dataclass(frozen=True)
class WorkLine:
    segment_id: int
    code: str
    channel: str  # code and name, as sentences name a channel (network.labelled)
    village: str
    length_m: float
    planned_m3: float
    removed_m3: float
    planned_bank_m: float
    bank_m: float
    status: str  # one of dredging.STATUSES


@dataclass(frozen=True)
class CampaignFigures:
    name: str
    start_date: date
    end_date: date
    days: int
    as_of: date
    day: int  # campaign day of as_of (1 = the start; see rules.campaign_day)
    phase: str  # before, running or after (rules.phase)
    length_km: float
    done_km: float  # done or accepted
    accepted_km: float
    planned_m3: float
    removed_m3: float
    planned_bank_m: float
    bank_m: float
    statuses: dict[str, int]  # status -> segments
    forecast: date | None  # when the silt would be gone at the recent rate; None: no recent work
    late: bool  # silt remains and the forecast falls after the last day (or there is none)
    burndown: list[rules.BurndownDay]
    works: list[WorkLine]


def _works(session: Session, campaign_id: int, as_of: date):
    rows = session.execute(
        select(Work, Segment.code, Segment.length_m, Channel.code, Channel.name, Village.name)
        .join(Segment, Work.segment_id == Segment.id)
        .join(Channel, Segment.channel_id == Channel.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .where(Work.campaign_id == campaign_id).order_by(Segment.code)
    ).all()
    entries = defaultdict(list)
    for entry in session.scalars(select(ProgressEntry).join(Work).where(
            Work.campaign_id == campaign_id, ProgressEntry.day <= as_of)):
        entries[entry.work_id].append(entry)
    accepted = dict(session.execute(select(Acceptance.work_id, Acceptance.day).join(Work).where(
        Work.campaign_id == campaign_id)).all())
    return rows, entries, accepted


def _lines(session: Session, campaign_id: int, as_of: date):
    """(a WorkLine per segment of the campaign on `as_of`, m³ removed per day)."""
    rows, entries, accepted = _works(session, campaign_id, as_of)
    lines, removed_by_day = [], defaultdict(float)
    for work, code, length, channel_code, channel_name, village in rows:
        mine = entries.get(work.id, [])
        for entry in mine:
            removed_by_day[entry.day] += entry.m3
        status = rules.status([rules.Entry(e.day, e.id, e.state) for e in mine],
                              accepted.get(work.id), as_of)
        lines.append(WorkLine(work.segment_id, code, labelled(channel_code, channel_name),
                              village or "", length, work.planned_m3, sum(e.m3 for e in mine),
                              work.planned_bank_m, sum(e.bank_m for e in mine), status))
    return lines, removed_by_day


@reads
def my_works(session: Session, actor: Actor) -> list[WorkLine]:
    """The current campaign's work on the segments my household keeps now (custodians), as
    of today: what they may report progress on from a phone."""
    require_role(actor, "custodian", action="action.record_progress")
    campaign = find_campaign(session, None)
    kept = set(session.scalars(select(Custody.segment_id).where(
        Custody.household_id == actor.household_id, Custody.end_date.is_(None))))
    return [line for line in _lines(session, campaign.id, today())[0] if line.segment_id in kept]


@reads
def campaign_figures(session: Session, actor: Actor, as_of: date | None = None,
                     campaign_id: int | None = None) -> CampaignFigures:
    """The campaign as it stood at the end of `as_of` (default today), for staff and leadership."""
    require_role(actor, "staff", "leader", action="action.view_campaign")
    campaign = find_campaign(session, campaign_id)
    as_of = as_of or today()
    lines, removed_by_day = _lines(session, campaign.id, as_of)
    planned = sum(x.planned_m3 for x in lines)
    removed = sum(x.removed_m3 for x in lines)
    end = campaign.start_date + timedelta(days=campaign.days - 1)
    forecast = rules.forecast(planned - removed, removed_by_day, as_of)
    day = rules.campaign_day(campaign.start_date, as_of)
    km = lambda keep: round(sum(x.length_m for x in lines if keep(x)) / 1000, 3)  # noqa: E731
    return CampaignFigures(
        campaign.name, campaign.start_date, end, campaign.days, as_of,
        day, rules.phase(day, campaign.days), km(lambda x: True),
        km(lambda x: x.status in ("done", "accepted")), km(lambda x: x.status == "accepted"),
        round(planned, 1), round(removed, 1), round(sum(x.planned_bank_m for x in lines), 1),
        round(sum(x.bank_m for x in lines), 1),
        {s: sum(x.status == s for x in lines) for s in rules.STATUSES},
        # Late only while silt remains: a campaign finished early is not late after its end.
        forecast, planned > removed and (forecast is None or forecast > end),
        rules.burndown(planned, removed_by_day, campaign.start_date, campaign.days, as_of), lines)


def progress_phrase(figures: CampaignFigures, lang: str | None = None) -> str:
    """Where the campaign stands on its day: "day 60 of 100", "not begun" or "ended"."""
    return text(f"campaign.day.{figures.phase}", lang, day=figures.day, days=figures.days)


def by_group(lines: list[WorkLine], key: str) -> pd.DataFrame:
    """The figures per village or per channel (`key`: "village" or "channel"): segments, km,
    km done, km accepted, m³ planned and removed, and the share removed."""
    frame = pd.DataFrame([{key: getattr(x, key), "segments": 1, "km": x.length_m / 1000,
                           "done_km": x.length_m / 1000 * (x.status in ("done", "accepted")),
                           "accepted_km": x.length_m / 1000 * (x.status == "accepted"),
                           "planned_m3": x.planned_m3, "removed_m3": x.removed_m3}
                          for x in lines],
                         columns=[key, "segments", "km", "done_km", "accepted_km", "planned_m3",
                                  "removed_m3"])
    grouped = frame.groupby(key, as_index=False).sum()
    grouped["removed_share"] = (grouped["removed_m3"] / grouped["planned_m3"]).where(
        grouped["planned_m3"] > 0, 0.0)
    return grouped.round({"km": 2, "done_km": 2, "accepted_km": 2, "planned_m3": 0,
                          "removed_m3": 0, "removed_share": 3})


@reads
def dredging_statuses(session: Session, as_of: date | None = None) -> dict[int, str]:
    """segment id -> its dredging status on `as_of` in the current campaign (empty without one)."""
    try:
        campaign = find_campaign(session, None)
    except NotFound:  # no campaign yet: nothing to colour
        return {}
    rows, entries, accepted = _works(session, campaign.id, as_of or today())
    return {work.segment_id: rules.status([rules.Entry(e.day, e.id, e.state)
                                           for e in entries.get(work.id, [])],
                                          accepted.get(work.id), as_of or today())
            for work, *_ in rows}
