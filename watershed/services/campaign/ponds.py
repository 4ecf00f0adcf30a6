"""Ponds that cut a channel, as the campaign clears them: their status, owner, agreement and
compensation. Only staff change them; every change is in the audit log.

The same table holds the reservoirs, lakes and river surfaces of a survey's water layer. They
are listed only when asked for (`every_kind`), so that every count of ponds by status counts
ponds; the office may correct what a body is (`kind`), but only a pond has a status to move."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.catalogue import Phrase
from watershed.domain import ponds as rules
from watershed.errors import InputError, NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clashes import locking
from watershed.services.common.numbers import amount, collect
from watershed.services.common.transaction import reads, writes
from watershed.store.tables import Pond


@dataclass(frozen=True)
class PondLine:
    code: str
    name: str
    owner: str
    status: str
    area_m2: float
    agreement_date: date | None
    compensation_yuan: float | None
    kind: str = rules.POND  # one of rules.KINDS


def _line(pond: Pond) -> PondLine:
    return PondLine(pond.code, pond.name, pond.owner, pond.status, pond.area_m2,
                    pond.agreement_date, pond.compensation_yuan, pond.kind)


@reads
def list_ponds(session: Session, actor: Actor, every_kind: bool = False) -> list[PondLine]:
    """The ponds; with `every_kind`, the reservoirs, lakes and river surfaces too."""
    require_role(actor, "staff", "leader", action="action.view_ponds")
    query = select(Pond).order_by(Pond.code)
    if not every_kind:
        query = query.where(Pond.kind == rules.POND)
    return [_line(p) for p in session.scalars(query)]


def _problems(pond: Pond, status: str | None, agreement_date: date | None,
              kind: str | None) -> list[InputError]:
    problems = []
    if kind is not None and kind not in rules.KINDS:
        problems.append(InputError("pond.bad_kind", value=kind, choices=", ".join(rules.KINDS)))
    elif status is not None and not rules.has_workflow(kind or pond.kind):
        # Any other problem would be about a workflow this body does not have.
        return [InputError("pond.not_a_pond", code=pond.code,
                           kind=Phrase(f"pond.kind.{kind or pond.kind}"))]
    if status is not None and status not in rules.STATUSES:
        problems.append(InputError("pond.bad_status", status=status,
                                   choices=", ".join(rules.STATUSES)))
    elif status is not None and status != pond.status and not rules.may_move(pond.status, status):
        problems.append(InputError("pond.bad_move", code=pond.code,
                                   current=Phrase(f"pond.status.{pond.status}"),
                                   new=Phrase(f"pond.status.{status}")))
    if status in ("cleared", "reconnected") and (agreement_date or pond.agreement_date) is None:
        problems.append(InputError("pond.no_agreement", code=pond.code))
    return problems


@writes
def update_pond(session: Session, actor: Actor, code: str, *, status: str | None = None,
                owner: str | None = None, agreement_date: date | None = None,
                compensation_yuan=None, kind: str | None = None) -> Pond:
    """Change what is known of a pond (staff). The status moves one step at a time; a pond is
    cleared only once an agreement with its owner is recorded. The compensation may be given as
    typed. `kind` corrects what the water body is (a lake imported as a pond); a body that is
    not a pond has no status to change."""
    require_role(actor, "staff", action="action.manage_ponds")
    # Held until the commit, so that two moves of one pond's status run one after the other.
    pond = session.scalars(locking(select(Pond).where(Pond.code == code))).first()
    if pond is None:
        raise NotFound("pond.unknown", code=code)
    problems = _problems(pond, status, agreement_date, kind)
    if compensation_yuan is not None:
        compensation_yuan = collect(problems, amount, compensation_yuan,
                                    "field.compensation_yuan", rules.COMPENSATION)
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)
    before = _state(pond)
    for name, value in (("kind", kind), ("status", status), ("owner", owner),
                        ("agreement_date", agreement_date),
                        ("compensation_yuan", compensation_yuan)):
        if value is not None:
            setattr(pond, name, value.strip() if isinstance(value, str) else value)
    record(session, actor, "pond.update", "pond", pond.id, before=before, after=_state(pond))
    return pond


def _state(pond: Pond) -> dict:
    return {"kind": pond.kind, "status": pond.status, "owner": pond.owner,
            "agreement_date": pond.agreement_date.isoformat() if pond.agreement_date else None,
            "compensation_yuan": pond.compensation_yuan}
