"""The contribution ledger (投工投劳): staff record what households gave (labour, machines,
materials, money) and withdraw a wrong entry with a reason; everyone sees the honour board of
their village. Rules in watershed.domain.ledgers."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watershed.domain import ledgers as rules
from watershed.errors import Conflict, InputError, NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clashes import locked
from watershed.services.common.clock import now, today
from watershed.services.custody.custody import live_segment
from watershed.services.common.numbers import RECORD_ID, collect, number, whole
from watershed.services.common.transaction import reads, writes
from watershed.store.tables import (Campaign, Contribution, Group, Household, Segment, Village)

MAX_NOTE = 500
MAX_TEXT = 100
ALL_ROLES = ("staff", "custodian", "resident", "leader")


def household_by_code(session: Session, code: str) -> Household:
    household = session.scalars(select(Household).where(Household.code == code)).first()
    if household is None:
        raise NotFound("ledger.unknown_household", code=code)
    return household


def _problems(kind: str, amount, day: date, machine: str, description: str,
              note: str) -> tuple[Decimal | None, list[InputError]]:
    """The amount read in the kind's unit, and every fault of the entry."""
    if kind not in rules.KINDS:
        return None, [InputError("ledger.bad_kind", kind=kind, choices=", ".join(rules.KINDS))]
    problems = []
    value = collect(problems, number, amount, f"field.amount_{kind}", rules.AMOUNT[kind])
    if day > today():
        problems.append(InputError("ledger.future_day", day=day.isoformat(),
                                   today=today().isoformat()))
    if kind == "machine" and not machine:
        problems.append(InputError("ledger.no_machine"))
    if kind == "materials" and not description:
        problems.append(InputError("ledger.no_description"))
    if len(machine) > MAX_TEXT or len(description) > MAX_TEXT or len(note) > MAX_NOTE:
        problems.append(InputError("ledger.too_long", maximum=MAX_TEXT, note=MAX_NOTE))
    return value, problems


@writes
def record_contribution(session: Session, actor: Actor, household_code: str, kind: str, amount,
                        *, day: date | None = None, machine: str = "", description: str = "",
                        segment_code: str | None = None, campaign_id=None,
                        note: str = "") -> Contribution:
    """A contribution of a household (staff): `amount` in the kind's unit (person-days,
    machine-hours, or 元 for materials and money), as typed or as a number."""
    require_role(actor, "staff", action="action.record_contribution")
    household = household_by_code(session, household_code)
    day = day or today()
    machine, description, note = machine.strip(), description.strip(), note.strip()
    amount, problems = _problems(kind, amount, day, machine, description, note)
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)
    segment = live_segment(session, segment_code) if segment_code else None
    if campaign_id is not None:
        campaign_id = whole(campaign_id, "field.campaign_id", RECORD_ID)
        if session.get(Campaign, campaign_id) is None:
            raise NotFound("ledger.unknown_campaign", id=campaign_id)
    quantity = float(amount) if kind in rules.QUANTITY_KINDS else None
    value = None if kind in rules.QUANTITY_KINDS else rules.to_fen(amount)
    entry = Contribution(household_id=household.id, day=day, kind=kind, quantity=quantity,
                         value_fen=value, machine=machine if kind == "machine" else "",
                         description=description, segment_id=segment.id if segment else None,
                         campaign_id=campaign_id, note=note, recorded_by=actor.name,
                         created_at=now(), withdrawn_reason="")
    session.add(entry)
    session.flush()
    record(session, actor, "contribution.add", "contribution", entry.id, after={
        "household": household.code, "day": day.isoformat(), "kind": kind, "quantity": quantity,
        "value_fen": value, "machine": entry.machine, "description": description,
        "segment": segment_code, "campaign_id": campaign_id, "note": note})
    return entry


@writes
def withdraw_contribution(session: Session, actor: Actor, contribution_id,
                          reason: str) -> Contribution:
    """Take a wrong entry out of the totals (staff); it stays in the ledger with the reason."""
    require_role(actor, "staff", action="action.record_contribution")
    contribution_id = whole(contribution_id, "field.contribution_id", RECORD_ID)
    # A second withdrawal of the same entry waits here, then sees this one.
    entry = locked(session, Contribution, contribution_id)
    if entry is None:
        raise NotFound("ledger.unknown_contribution", id=contribution_id)
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_NOTE:
        raise InputError("ledger.no_reason", maximum=MAX_NOTE)
    if entry.withdrawn_at is not None:
        raise Conflict("ledger.already_withdrawn", id=contribution_id,
                       reason=entry.withdrawn_reason)
    entry.withdrawn_by, entry.withdrawn_at, entry.withdrawn_reason = actor.name, now(), reason
    record(session, actor, "contribution.withdraw", "contribution", entry.id,
           before={"withdrawn": False}, after={"withdrawn": True, "reason": reason})
    return entry


@dataclass(frozen=True)
class ContributionLine:
    id: int
    day: date
    household_code: str
    head_name: str
    village: str
    kind: str
    amount: float  # in the kind's unit (元 for materials and money)
    machine: str
    description: str
    segment_code: str | None
    note: str
    recorded_by: str
    withdrawn_reason: str | None  # None while it counts


@reads
def contribution_lines(session: Session, actor: Actor, limit: int = 200) -> list[ContributionLine]:
    """The latest entries, newest first, withdrawn ones too (staff)."""
    require_role(actor, "staff", action="action.record_contribution")
    rows = session.execute(
        select(Contribution, Household.code, Household.head_name, Village.name, Segment.code)
        .join(Household, Contribution.household_id == Household.id)
        .join(Group, Household.group_id == Group.id).join(Village, Group.village_id == Village.id)
        .outerjoin(Segment, Contribution.segment_id == Segment.id)
        .order_by(Contribution.day.desc(), Contribution.id.desc()).limit(limit)).all()
    return [ContributionLine(
        c.id, c.day, code, name, village, c.kind,
        c.quantity if c.kind in rules.QUANTITY_KINDS else c.value_fen / 100, c.machine,
        c.description, segment, c.note, c.recorded_by,
        c.withdrawn_reason if c.withdrawn_at else None)
        for c, code, name, village, segment in rows]


@dataclass(frozen=True)
class BoardLine:
    rank: int
    household_code: str
    head_name: str
    group: str
    total: float  # person-days, machine-hours, or 元
    entries: int


@dataclass(frozen=True)
class HonourBoard:
    village: str
    kinds: dict[str, list[BoardLine]]  # every kind, in the order of rules.KINDS


@reads
def honour_board(session: Session, actor: Actor, village: str) -> HonourBoard:
    """The village's households that contributed, ranked kind by kind (withdrawn entries do not
    count)."""
    require_role(actor, *ALL_ROLES, action="action.view_contributions")
    if session.scalar(select(Village.id).where(Village.name == village)) is None:
        raise NotFound("ledger.unknown_village", village=village)
    amount = func.sum(func.coalesce(Contribution.quantity, 0.0) +
                      func.coalesce(Contribution.value_fen, 0) / 100.0)
    rows = session.execute(
        select(Contribution.kind, Household.code, Household.head_name, Group.name, amount,
               func.count(Contribution.id))
        .join(Household, Contribution.household_id == Household.id)
        .join(Group, Household.group_id == Group.id).join(Village, Group.village_id == Village.id)
        .where(Village.name == village, Contribution.withdrawn_at.is_(None))
        .group_by(Contribution.kind, Household.code, Household.head_name, Group.name)).all()
    kinds = {}
    for kind in rules.KINDS:
        mine = {code: (name, group, round(float(total), 2), count)
                for k, code, name, group, total, count in rows if k == kind}
        kinds[kind] = [BoardLine(line.rank, line.key, mine[line.key][0], mine[line.key][1],
                                 line.total, mine[line.key][3])
                       for line in rules.rank({code: v[2] for code, v in mine.items()})]
    return HonourBoard(village, kinds)
