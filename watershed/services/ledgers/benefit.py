"""The collective benefit ledger (全体居民受益): income from collective assets, its distribution
to every household of the basin, and the figures that reconcile. Staff write; everyone reads the
totals; a household reads only its own shares. Rules in watershed.domain.ledgers."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from watershed.catalogue import Phrase
from watershed.domain import ledgers as rules
from watershed.domain.localtime import day_start
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clock import now, today
from watershed.services.ledgers.contributions import ALL_ROLES, MAX_NOTE, MAX_TEXT, household_by_code
from watershed.services.common.numbers import number
from watershed.services.common.transaction import reads, writes
from watershed.store.batches import insert_rows
from watershed.store.tables import (DistributedIncome, Distribution, Household, Income, Pond,
                                    Share)


def _not_future(day: date) -> None:
    if day > today():
        raise InputError("ledger.future_day", day=day.isoformat(), today=today().isoformat())


@writes
def record_income(session: Session, actor: Actor, amount, source: str, *,
                  pond_code: str | None = None, day: date | None = None,
                  description: str = "") -> Income:
    """Income of the collective (staff), in 元 with at most two decimals, as typed or as a
    number."""
    require_role(actor, "staff", action="action.manage_benefit")
    day, description = day or today(), (description or "").strip()
    if source not in rules.SOURCES:
        raise InputError("ledger.bad_source", source=source, choices=", ".join(rules.SOURCES))
    fen = rules.to_fen(number(amount, "field.income_yuan", rules.INCOME))
    _not_future(day)
    if len(description) > MAX_TEXT:
        raise InputError("ledger.too_long", maximum=MAX_TEXT, note=MAX_NOTE)
    pond = None
    if pond_code:
        pond = session.scalars(select(Pond).where(Pond.code == pond_code)).first()
        if pond is None:
            raise NotFound("pond.unknown", code=pond_code)
    income = Income(day=day, source=source, pond_id=pond.id if pond else None,
                    description=description, amount_fen=fen, recorded_by=actor.name,
                    created_at=now())
    session.add(income)
    session.flush()
    record(session, actor, "income.add", "income", income.id, after={
        "day": day.isoformat(), "source": source, "pond": pond_code, "amount_fen": fen,
        "description": description})
    return income


def _open_incomes(session: Session, up_to: date) -> list[Income]:
    taken = select(DistributedIncome.income_id)
    return list(session.scalars(select(Income).where(Income.id.not_in(taken), Income.day <= up_to)
                                .order_by(Income.id)))


def _households(session: Session, day: date) -> list[tuple[int, str, int]]:
    """(id, code, members) of every household registered by the end of `day`."""
    return session.execute(
        select(Household.id, Household.code, Household.members)
        .where(Household.created_at < day_start(day + timedelta(days=1)))
        .order_by(Household.code)).all()


def _retain(retain_yuan, retain_percent) -> Callable[[int], int]:
    """The fen to keep for upkeep out of a total, read before anything is looked up."""
    if retain_yuan is not None and retain_percent is not None:
        raise InputError("ledger.retain_twice")
    if retain_percent is not None:
        percent = number(retain_percent, "field.retain_percent", rules.RETAINED_PERCENT)
        return lambda total: rules.retained_from_percent(total, percent)
    fen = 0 if retain_yuan is None else rules.to_fen(
        number(retain_yuan, "field.retain_yuan", rules.RETAINED))
    return lambda total: fen


@writes
def distribute(session: Session, actor: Actor, rule: str, *, retain_yuan=None,
               retain_percent=None, day: date | None = None, note: str = "") -> Distribution:
    """Share every income not yet distributed (dated up to `day`) among all households of the
    basin by `rule`, keeping `retain_yuan` 元 (or `retain_percent` of the total) for upkeep."""
    require_role(actor, "staff", action="action.manage_benefit")
    day = day or today()
    if rule not in rules.RULES:
        raise InputError("ledger.bad_rule", rule=rule, choices=", ".join(rules.RULES))
    retain = _retain(retain_yuan, retain_percent)
    _not_future(day)
    incomes = _open_incomes(session, day)
    if not incomes:
        raise InputError("ledger.nothing_to_distribute", day=day.isoformat())
    total = sum(income.amount_fen for income in incomes)
    retained = retain(total)
    if retained > total:
        raise InputError("ledger.retain_above_total", retained=rules.yuan(retained),
                         total=rules.yuan(total))
    households = _households(session, day)
    weights = {code: rules.weight(rule, members) for _, code, members in households}
    if not households or not sum(weights.values()):
        raise InputError("ledger.no_households", day=day.isoformat())
    shares = rules.split(total - retained, weights)
    persons = sum(members for _, _, members in households)
    distribution = Distribution(day=day, rule=rule, income_fen=total, retained_fen=retained,
                                distributed_fen=total - retained, households=len(households),
                                persons=persons, note=(note or "").strip()[:MAX_NOTE],
                                created_by=actor.name, created_at=now())
    session.add(distribution)
    session.flush()
    try:  # the income's id is the key: two distributions at once cannot both take it
        session.execute(insert(DistributedIncome), [
            {"income_id": income.id, "distribution_id": distribution.id} for income in incomes])
    except IntegrityError:
        raise Conflict("ledger.distributed_meanwhile") from None
    insert_rows(session, Share.__table__, {
        "household_id": [id_ for id_, _, _ in households],
        "members": [members for _, _, members in households],
        "amount_fen": [shares[code] for _, code, _ in households]},
        same={"distribution_id": distribution.id})
    record(session, actor, "distribution.add", "distribution", distribution.id, after={
        "day": day.isoformat(), "rule": rule, "incomes": [income.id for income in incomes],
        "income_fen": total, "retained_fen": retained, "households": len(households),
        "persons": persons})
    return distribution


@dataclass(frozen=True)
class LedgerStatus:
    income_fen: int
    distributed_fen: int  # the sum of every share
    retained_fen: int
    undistributed_fen: int
    incomes: int
    distributions: int
    reconciles: bool  # income = shares + retained + undistributed, and each distribution adds up


@reads
def ledger_status(session: Session, actor: Actor) -> LedgerStatus:
    """The figures of the whole ledger, counted from the stored rows."""
    require_role(actor, *ALL_ROLES, action="action.view_benefit")
    total = session.scalar(select(func.coalesce(func.sum(Income.amount_fen), 0)))
    shared = session.scalar(select(func.coalesce(func.sum(Share.amount_fen), 0)))
    retained = session.scalar(select(func.coalesce(func.sum(Distribution.retained_fen), 0)))
    open_ = session.scalar(select(func.coalesce(func.sum(Income.amount_fen), 0)).where(
        Income.id.not_in(select(DistributedIncome.income_id))))
    per = select(Distribution.id).where(
        Distribution.income_fen != Distribution.distributed_fen + Distribution.retained_fen)
    taken = select(DistributedIncome.distribution_id, func.sum(Income.amount_fen).label("fen")
                   ).join(Income, Income.id == DistributedIncome.income_id).group_by(
        DistributedIncome.distribution_id).subquery()
    given = select(Share.distribution_id, func.sum(Share.amount_fen).label("fen")).group_by(
        Share.distribution_id).subquery()
    wrong = session.scalar(select(func.count()).select_from(Distribution)
                           .outerjoin(taken, taken.c.distribution_id == Distribution.id)
                           .outerjoin(given, given.c.distribution_id == Distribution.id)
                           .where(Distribution.id.in_(per) |
                                  (func.coalesce(taken.c.fen, 0) != Distribution.income_fen) |
                                  (func.coalesce(given.c.fen, 0) != Distribution.distributed_fen)))
    total, shared, retained, open_ = (int(v) for v in (total, shared, retained, open_))
    return LedgerStatus(total, shared, retained, open_,
                        session.scalar(select(func.count()).select_from(Income)),
                        session.scalar(select(func.count()).select_from(Distribution)),
                        total == shared + retained + open_ and wrong == 0)


@dataclass(frozen=True)
class IncomeLine:
    id: int
    day: date
    source: str
    pond_code: str | None
    description: str
    amount_fen: int
    distribution_id: int | None  # None: not yet distributed
    recorded_by: str


@reads
def income_lines(session: Session, actor: Actor) -> list[IncomeLine]:
    require_role(actor, *ALL_ROLES, action="action.view_benefit")
    rows = session.execute(
        select(Income, Pond.code, DistributedIncome.distribution_id)
        .outerjoin(Pond, Income.pond_id == Pond.id)
        .outerjoin(DistributedIncome, DistributedIncome.income_id == Income.id)
        .order_by(Income.day.desc(), Income.id.desc())).all()
    return [IncomeLine(i.id, i.day, i.source, code, i.description, i.amount_fen, taken,
                       i.recorded_by) for i, code, taken in rows]


@reads
def distributions(session: Session, actor: Actor) -> list[Distribution]:
    require_role(actor, *ALL_ROLES, action="action.view_benefit")
    return list(session.scalars(select(Distribution).order_by(Distribution.id.desc())))


@dataclass(frozen=True)
class ReceiptLine:
    distribution_id: int
    day: date
    rule: str
    members: int
    amount_fen: int
    distributed_fen: int
    households: int
    persons: int


@reads
def household_receipts(session: Session, actor: Actor,
                       household_code: str | None = None) -> tuple[str, list[ReceiptLine]]:
    """What a household received, distribution by distribution (newest first): (its code, the
    lines). A custodian or resident sees only their own household (the default); staff and the
    leadership may name any."""
    require_role(actor, *ALL_ROLES, action="action.view_benefit")
    if household_code is None:
        if actor.household_id is None:
            raise InputError("ledger.no_household_given")
        household = session.get(Household, actor.household_id)
    else:
        household = household_by_code(session, household_code)
    if actor.role in ("custodian", "resident") and household.id != actor.household_id:
        raise PermissionDenied("ledger.not_your_household", who=actor.name, code=household.code)
    rows = session.execute(
        select(Share, Distribution).join(Distribution, Share.distribution_id == Distribution.id)
        .where(Share.household_id == household.id).order_by(Distribution.id.desc())).all()
    return household.code, [
        ReceiptLine(d.id, d.day, d.rule, s.members, s.amount_fen, d.distributed_fen,
                    d.households, d.persons) for s, d in rows]


def rule_phrase(rule: str) -> Phrase:
    return Phrase(f"ledger.rule.{rule}")
