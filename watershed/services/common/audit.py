"""The audit log: who did what, when, with the state before and after."""

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from watershed.services.common.actors import Actor
from watershed.services.common.clock import now
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
