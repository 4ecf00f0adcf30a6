"""The basin a database holds. One basin per database for now: every layer belongs to it."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.errors import NotFound
from watershed.services.common.actors import Actor
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.store.tables import Basin

DEFAULT_CODE = "basin"


def current_basin(session: Session) -> Basin:
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    if basin is None:
        raise NotFound("basin.none")
    return basin


def create_basin(session: Session, actor: Actor, code: str, name: str, synthetic: bool) -> Basin:
    basin = Basin(code=code, name=name, synthetic=synthetic, created_at=now())
    session.add(basin)
    session.flush()
    record(session, actor, "basin.create", "basin", code, after={"name": name, "synthetic": synthetic})
    return basin


def basin_for_import(session: Session, actor: Actor) -> Basin:
    """The basin, created on the first import into an empty database."""
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    return basin or create_basin(session, actor, DEFAULT_CODE, "流域", synthetic=False)
