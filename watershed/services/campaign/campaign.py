"""The dredging campaign (e.g. 百日攻坚): create it, record progress on each segment, accept the
work. Progress entries are never edited: a correction is a new entry. Acceptance needs a staff
member who does not belong to the household keeping the segment."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.catalogue import Phrase
from watershed.domain import dredging as rules
from watershed.domain.numbers import figure
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clashes import locking
from watershed.services.common.clock import now, today
from watershed.services.custody.custody import live_segment
from watershed.services.common.numbers import amount, collect, number, whole
from watershed.services.common.photos import store_photo
from watershed.services.common.transaction import reads, writes
from watershed.store.batches import insert_rows
from watershed.store.tables import (Acceptance, Campaign, Channel, Custody, ProgressEntry, Segment,
                                    Work)

MAX_NAME = 100
MAX_NOTE = 500


@reads
def current_campaign(session: Session) -> Campaign | None:
    """The campaign begun most recently (there is usually one at a time)."""
    return session.scalars(select(Campaign).order_by(Campaign.start_date.desc(),
                                                     Campaign.id.desc())).first()


def find_campaign(session: Session, campaign_id: int | None) -> Campaign:
    """The campaign with this id, or the current one; NotFound when there is none."""
    found = session.get(Campaign, campaign_id) if campaign_id else current_campaign(session)
    if found is None:
        raise NotFound("campaign.none")
    return found


def _refuse(problems: list[InputError]) -> None:
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)


@writes
def create_campaign(session: Session, actor: Actor, name: str, *, start: date | None = None,
                    days=rules.DEFAULT_DAYS, m3_per_metre=rules.DEFAULT_M3_PER_METRE,
                    bank_share=0.0, segment_codes: list[str] | None = None,
                    channel_codes: list[str] | None = None,
                    team: str = "households") -> Campaign:
    """A campaign over the given segments (or the channels' segments, or every segment in
    service), each planned at length × m3_per_metre of silt and length × bank_share of bank.
    The numbers may be given as typed (watershed.domain.dredging has their ranges)."""
    require_role(actor, "staff", action="action.manage_campaign")
    name = (name or "").strip()
    problems = []
    if not name or len(name) > MAX_NAME:
        problems.append(InputError("campaign.bad_name", maximum=MAX_NAME))
    days = collect(problems, whole, days, "field.campaign_days", rules.DAYS)
    m3_per_metre = collect(problems, amount, m3_per_metre, "field.m3_per_metre",
                           rules.M3_PER_METRE)
    bank_share = collect(problems, amount, bank_share, "field.bank_share", rules.BANK_SHARE)
    if team not in rules.TEAMS:
        problems.append(InputError("campaign.bad_team", team=team, choices=", ".join(rules.TEAMS)))
    _refuse(problems)
    query = select(Segment.id, Segment.code, Segment.length_m).where(Segment.retired_at.is_(None))
    if segment_codes is not None:
        query = query.where(Segment.code.in_(segment_codes))
    if channel_codes is not None:
        query = query.join(Channel, Segment.channel_id == Channel.id).where(
            Channel.code.in_(channel_codes))
    rows = session.execute(query.order_by(Segment.code)).all()
    missing = sorted(set(segment_codes or ()) - {code for _, code, _ in rows})
    if missing:
        raise NotFound("segment.unknown", code=", ".join(missing[:5]))
    unknown = sorted(set(channel_codes or ()) - set(session.scalars(
        select(Channel.code).where(Channel.code.in_(channel_codes or ())))))
    if unknown:
        raise NotFound("campaign.unknown_channel", code=", ".join(unknown[:5]))
    if not rows:
        raise InputError("campaign.no_segments")
    campaign = Campaign(name=name, start_date=start or today(), days=days,
                        m3_per_metre=m3_per_metre, created_by=actor.name, created_at=now())
    session.add(campaign)
    session.flush()
    insert_rows(session, Work.__table__, {
        "segment_id": [segment_id for segment_id, _, _ in rows],
        "planned_m3": [round(length * m3_per_metre, 1) for _, _, length in rows],
        "planned_bank_m": [round(length * bank_share, 1) for _, _, length in rows]},
        same={"campaign_id": campaign.id, "team": team, "team_name": ""})
    record(session, actor, "campaign.create", "campaign", campaign.id,
           after={"name": name, "start": campaign.start_date.isoformat(), "days": days,
                  "segments": len(rows), "m3_per_metre": m3_per_metre})
    return campaign


def _work(session: Session, campaign: Campaign, code: str) -> tuple[Work, Segment]:
    """The segment's work in the campaign, held until the transaction ends: every service that
    reads a work to change it (its plan, its entries' totals, its acceptance) takes it first, so
    two of them on one segment run one after the other (services.common.clashes)."""
    segment = live_segment(session, code)
    work = session.scalars(locking(select(Work).where(Work.campaign_id == campaign.id,
                                                      Work.segment_id == segment.id))).first()
    if work is None:
        raise InputError("work.not_in_campaign", segment=code, name=campaign.name)
    return work, segment


def _plan_bounds(segment: Segment) -> dict[str, tuple[float, float]]:
    """(most, per metre) of the segment's planned silt and planned bank, from its length."""
    silt, bank = rules.plan_limits(segment.length_m)
    return {"planned_m3": (silt.high, rules.M3_PER_METRE.high),
            "planned_bank_m": (bank.high, rules.BANK_SHARE.high)}


@writes
def update_work(session: Session, actor: Actor, segment_code: str, *,
                planned_m3=None, planned_bank_m=None, team: str | None = None,
                team_name: str | None = None, campaign_id: int | None = None) -> Work:
    """Change a segment's plan or who does it (staff), e.g. a deeper ditch than the default.
    The plan may be given as typed; None leaves a value as it is."""
    require_role(actor, "staff", action="action.manage_campaign")
    campaign = find_campaign(session, campaign_id)
    work, segment = _work(session, campaign, segment_code)
    problems = []
    planned = {name: collect(problems, amount, value, f"field.{name}", kept)
               for name, value, kept in (("planned_m3", planned_m3, rules.PLANNED_M3),
                                         ("planned_bank_m", planned_bank_m, rules.PLANNED_BANK_M))
               if value is not None}
    bounds = _plan_bounds(segment)
    for name, value in planned.items():
        most, per_metre = bounds[name]
        if value is not None and value > most:
            problems.append(InputError("work.plan_above_length", field=Phrase(f"field.{name}"),
                                       value=figure(value, 1), segment=segment.code,
                                       length=figure(segment.length_m, 1),
                                       per_metre=figure(per_metre, 2), most=figure(most, 1)))
    if team is not None and team not in rules.TEAMS:
        problems.append(InputError("campaign.bad_team", team=team, choices=", ".join(rules.TEAMS)))
    _refuse(problems)
    before = {"planned_m3": work.planned_m3, "planned_bank_m": work.planned_bank_m,
              "team": work.team, "team_name": work.team_name}
    for name, value in {**planned, "team": team, "team_name": team_name}.items():
        if value is not None:
            setattr(work, name, value.strip() if isinstance(value, str) else value)
    record(session, actor, "work.plan", "work", work.id, before=before,
           after={"segment": segment.code, "planned_m3": work.planned_m3,
                  "planned_bank_m": work.planned_bank_m, "team": work.team,
                  "team_name": work.team_name})
    return work


def _keepers(session: Session, segment_id: int) -> set[int]:
    return set(session.scalars(select(Custody.household_id).where(
        Custody.segment_id == segment_id, Custody.end_date.is_(None))))


def _entries(session: Session, work_id: int) -> list[ProgressEntry]:
    return list(session.scalars(select(ProgressEntry).where(ProgressEntry.work_id == work_id)
                                .order_by(ProgressEntry.day, ProgressEntry.id)))


def _beyond(segment: Segment, work: Work, field: str, value, total: float) -> InputError | None:
    """The refusal of an entry that would take the segment's total past what it can hold: its
    plan times rules.ENTRY_OVER_PLAN of silt, both banks of its length."""
    silt = field == "field.m3"
    most = rules.most_m3(work.planned_m3) if silt else rules.most_bank_m(segment.length_m)
    if value <= 0 or total + float(value) <= most + 1e-9:
        return None
    shown = {"field": Phrase(field), "value": figure(value, 1), "segment": segment.code,
             "total": figure(total, 1), "most": figure(most, 1),
             "room": figure(max(0.0, most - total), 1)}
    if silt:
        return InputError("work.above_plan", planned=figure(work.planned_m3, 1),
                          factor=rules.ENTRY_OVER_PLAN, **shown)
    return InputError("work.above_banks", length=figure(segment.length_m, 1), **shown)


def _entry_problems(campaign: Campaign, segment: Segment, work: Work, day: date, m3, bank_m,
                    state: str, note: str, corrects: int | None,
                    totals: tuple[float, float]) -> tuple[list[float | None], list[InputError]]:
    """The entry's m3 and bank_m read (None where refused), and every fault of the entry."""
    problems = []
    last = campaign.start_date + timedelta(days=campaign.days - 1)
    if day < campaign.start_date or day > today():
        problems.append(InputError("work.bad_day", day=day.isoformat(),
                                   start=campaign.start_date.isoformat(),
                                   end=min(last, today()).isoformat()))
    amounts = []
    for value, field, kept, total in ((m3, "field.m3", rules.ENTRY_M3, totals[0]),
                                      (bank_m, "field.bank_m", rules.ENTRY_BANK_M, totals[1])):
        read = collect(problems, number, value, field, kept)  # a Decimal quotes -3 as -3
        amounts.append(None if read is None else float(read))
        if read is None:
            continue
        if read < 0 and corrects is None:
            problems.append(InputError("work.negative_without_correction", value=read))
        elif total + float(read) < 0:
            problems.append(InputError("work.below_zero", value=read, total=round(total, 1)))
        elif beyond := _beyond(segment, work, field, read, total):
            problems.append(beyond)
    if state not in rules.ENTRY_STATES:
        problems.append(InputError("work.bad_state", state=state,
                                   choices=", ".join(rules.ENTRY_STATES)))
    if len(note) > MAX_NOTE:
        problems.append(InputError("work.note_too_long", length=len(note), maximum=MAX_NOTE))
    return amounts, problems


@writes
def record_progress(session: Session, actor: Actor, segment_code: str, day: date, m3,
                    bank_m=0.0, *, state: str = "progress", note: str = "",
                    corrects: int | None = None, photo: tuple[str, bytes] | None = None,
                    photo_folder=None, campaign_id: int | None = None) -> ProgressEntry:
    """Record a day's work on a segment (staff, or the custodian household keeping it).
    `state` done says the segment is finished; not_done takes back a done said too soon.
    `m3` and `bank_m` may be given as typed; negative amounts are corrections and must name the
    entry they correct (`corrects`)."""
    require_role(actor, "staff", "custodian", action="action.record_progress")
    campaign = find_campaign(session, campaign_id)
    work, segment = _work(session, campaign, segment_code)
    if actor.role == "custodian" and actor.household_id not in _keepers(session, segment.id):
        raise PermissionDenied("work.not_your_segment", segment=segment.code)
    if session.scalars(select(Acceptance).where(Acceptance.work_id == work.id)).first():
        raise Conflict("work.already_accepted", segment=segment.code)
    entries = _entries(session, work.id)
    if corrects is not None and corrects not in {e.id for e in entries}:
        raise InputError("work.bad_correction", entry=corrects, segment=segment.code)
    totals = (sum(e.m3 for e in entries), sum(e.bank_m for e in entries))
    note = (note or "").strip()
    (m3, bank_m), problems = _entry_problems(campaign, segment, work, day, m3, bank_m, state,
                                             note, corrects, totals)
    _refuse(problems)
    entry = ProgressEntry(work_id=work.id, day=day, m3=m3, bank_m=bank_m,
                          state=state, note=note, corrects=corrects, user_name=actor.name,
                          photo_path=store_photo(photo[1], photo_folder, name=photo[0]).path
                          if photo else None, created_at=now())
    session.add(entry)
    session.flush()
    record(session, actor, "work.progress", "progress_entry", entry.id,
           after={"segment": segment.code, "day": day.isoformat(), "m3": m3, "bank_m": bank_m,
                  "state": state, "corrects": corrects})
    return entry


@writes
def accept_work(session: Session, actor: Actor, segment_code: str, day: date | None = None,
                note: str = "", campaign_id: int | None = None) -> Acceptance:
    """Accept (验收) a done segment: staff only, never a member of the household keeping it."""
    require_role(actor, "staff", action="action.accept_work")
    campaign = find_campaign(session, campaign_id)
    work, segment = _work(session, campaign, segment_code)
    if actor.household_id is not None and actor.household_id in _keepers(session, segment.id):
        raise PermissionDenied("work.accept_own", segment=segment.code)
    if session.scalars(select(Acceptance).where(Acceptance.work_id == work.id)).first():
        raise Conflict("work.already_accepted", segment=segment.code)
    day = day or today()
    entries = [rules.Entry(e.day, e.id, e.state) for e in _entries(session, work.id)]
    if rules.status(entries, None, day) != "done":
        raise Conflict("work.not_done", segment=segment.code)
    acceptance = Acceptance(work_id=work.id, day=day, accepted_by=actor.name,
                            note=(note or "").strip(), created_at=now())
    session.add(acceptance)
    session.flush()
    record(session, actor, "work.accept", "acceptance", acceptance.id,
           after={"segment": segment.code, "day": day.isoformat()})
    return acceptance
