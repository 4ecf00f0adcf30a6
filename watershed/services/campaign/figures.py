"""Where the dredging stands on a day: each segment's status, the campaign's figures, the
burndown and the forecast, and the tables per village and per channel behind them. Everything
is computed from the progress entries up to that day, so the figures of a past day are what
they were on that day."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select
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


def _works(session: Session, campaign_id: int, as_of: date, segment_ids=None):
    """The columns of each work and what its entries up to `as_of` add up to, read as rows of
    plain values and aggregated in the database: at the size of a district a campaign has tens
    of thousands of works and hundreds of thousands of entries, far too many to load as objects.

    Returns (rows, sums, said, accepted): rows of (work id, segment id, segment code, length,
    channel code, channel name, village, planned m³, planned bank) in segment code order; work id
    -> (m³, bank m) summed over its entries up to `as_of` (absent: no entry yet); work id -> the
    state of its latest entry that said done or not_done (by day, then the order entered); work
    id -> the day it was accepted."""
    mine = Work.campaign_id == campaign_id
    if segment_ids is not None:
        mine = mine & Work.segment_id.in_(segment_ids)
    rows = session.execute(
        select(Work.id, Work.segment_id, Segment.code, Segment.length_m, Channel.code,
               Channel.name, Village.name, Work.planned_m3, Work.planned_bank_m)
        .join(Segment, Work.segment_id == Segment.id)
        .join(Channel, Segment.channel_id == Channel.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .where(mine).order_by(Segment.code)
    ).all()
    upto = mine & (ProgressEntry.day <= as_of)
    sums = {work: (m3, bank) for work, m3, bank in session.execute(
        select(ProgressEntry.work_id, func.sum(ProgressEntry.m3), func.sum(ProgressEntry.bank_m))
        .join(Work).where(upto).group_by(ProgressEntry.work_id))}
    ranked = (
        select(ProgressEntry.work_id, ProgressEntry.state, func.row_number().over(
            partition_by=ProgressEntry.work_id,
            order_by=(ProgressEntry.day.desc(), ProgressEntry.id.desc())).label("rank"))
        .join(Work).where(upto, ProgressEntry.state.in_(("done", "not_done")))
        .subquery())
    said = dict(session.execute(select(ranked.c.work_id, ranked.c.state)
                                .where(ranked.c.rank == 1)).all())
    accepted = dict(session.execute(select(Acceptance.work_id, Acceptance.day).join(Work)
                                    .where(mine)).all())
    return rows, sums, said, accepted


def _status(work_id: int, sums, said, accepted, as_of: date) -> str:
    """rules.status, from what _works read: the same rule, with the entries already folded."""
    accepted_on = accepted.get(work_id)
    if accepted_on is not None and accepted_on <= as_of:
        return "accepted"
    if work_id not in sums:
        return "not_started"
    return "done" if said.get(work_id) == "done" else "in_progress"


def _removed_by_day(session: Session, campaign_id: int, as_of: date) -> dict[date, float]:
    return dict(session.execute(
        select(ProgressEntry.day, func.sum(ProgressEntry.m3)).join(Work)
        .where(Work.campaign_id == campaign_id, ProgressEntry.day <= as_of)
        .group_by(ProgressEntry.day)).all())


def _lines(session: Session, campaign_id: int, as_of: date, segment_ids=None) -> list[WorkLine]:
    """A WorkLine per segment of the campaign (or of `segment_ids` among them) on `as_of`."""
    rows, sums, said, accepted = _works(session, campaign_id, as_of, segment_ids)
    lines = []
    for (work_id, segment_id, code, length, channel_code, channel_name, village, planned_m3,
         planned_bank_m) in rows:
        removed_m3, bank_m = sums.get(work_id, (0.0, 0.0))
        lines.append(WorkLine(segment_id, code, labelled(channel_code, channel_name),
                              village or "", length, planned_m3, removed_m3, planned_bank_m,
                              bank_m, _status(work_id, sums, said, accepted, as_of)))
    return lines


@reads
def my_works(session: Session, actor: Actor) -> list[WorkLine]:
    """The current campaign's work on the segments my household keeps now (custodians), as
    of today: what they may report progress on from a phone."""
    require_role(actor, "custodian", action="action.record_progress")
    campaign = find_campaign(session, None)
    kept = select(Custody.segment_id).where(Custody.household_id == actor.household_id,
                                            Custody.end_date.is_(None))
    return _lines(session, campaign.id, today(), kept)


def may_view_campaign(actor: Actor) -> None:
    """Refuse anyone but staff and the leadership the campaign's figures."""
    require_role(actor, "staff", "leader", action="action.view_campaign")


@reads
def campaign_figures(session: Session, actor: Actor, as_of: date | None = None,
                     campaign_id: int | None = None) -> CampaignFigures:
    """The campaign as it stood at the end of `as_of` (default today), for staff and leadership."""
    may_view_campaign(actor)
    return whole_campaign(session, as_of, campaign_id)


@reads
def whole_campaign(session: Session, as_of: date | None = None,
                   campaign_id: int | None = None) -> CampaignFigures:
    """campaign_figures without asking who wants them: the same for every viewer, so a page
    shares it across sessions (ui.wiring.shared) once may_view_campaign has let the viewer in."""
    campaign = find_campaign(session, campaign_id)
    as_of = as_of or today()
    lines = _lines(session, campaign.id, as_of)
    removed_by_day = _removed_by_day(session, campaign.id, as_of)
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


@reads
def campaign_tables(session: Session, as_of: date | None = None,
                    campaign_id: int | None = None) -> tuple[CampaignFigures, dict]:
    """whole_campaign with its works folded into the tables by village and by channel
    ({"village": by_group, "channel": by_group}) and left out of the figures: what 清淤进度
    shows, small enough to be shared and copied on every rerun however many segments there are."""
    figures = whole_campaign(session, as_of, campaign_id)
    return (replace(figures, works=[]),
            {key: by_group(figures.works, key) for key in ("village", "channel")})


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
def dredging_statuses(session: Session, as_of: date | None = None, *,
                      segment_ids=None) -> dict[int, str]:
    """segment id -> its dredging status on `as_of` in the current campaign (empty without one),
    for every segment of the campaign or those among `segment_ids` (the segments a map draws)."""
    try:
        campaign = find_campaign(session, None)
    except NotFound:  # no campaign yet: nothing to colour
        return {}
    as_of = as_of or today()
    rows, sums, said, accepted = _works(session, campaign.id, as_of, segment_ids)
    return {row[1]: _status(row[0], sums, said, accepted, as_of) for row in rows}
