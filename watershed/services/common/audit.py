"""The audit log: who did what, when, with the state before and after."""

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from watershed.services.common.actors import Actor
from watershed.services.common.clock import now
from watershed.services.common.transaction import reads
from watershed.store.tables import AuditEntry


def entry(actor: Actor, action: str, entity: str, entity_id=None, before: dict | None = None,
          after: dict | None = None, at: datetime | None = None) -> dict:
    return dict(at=at or now(), actor=actor.name, action=action, entity=entity,
                entity_id=None if entity_id is None else str(entity_id), before=before, after=after)


def record(session: Session, actor: Actor, action: str, entity: str, entity_id=None,
           before: dict | None = None, after: dict | None = None) -> None:
    record_all(session, [entry(actor, action, entity, entity_id, before, after)])


def record_all(session: Session, entries: list[dict]) -> None:
    """Write many audit rows in one statement (a re-cut may touch 100,000 segments)."""
    if entries:
        session.execute(insert(AuditEntry.__table__), entries)


@reads
def last_change(session: Session) -> int:
    """The id of the newest audit row: every write leaves one, so this number changes whenever
    the data does, whoever wrote it (a results cache keys on it: watershed.ui.wiring)."""
    return session.scalar(select(func.max(AuditEntry.id))) or 0
