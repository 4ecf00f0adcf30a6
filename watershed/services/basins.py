"""The basin a database holds. One basin per database for now: every layer belongs to it."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.errors import NotFound
from watershed.services.audit import now
from watershed.store.tables import Basin

DEFAULT_CODE = "basin"


def current_basin(session: Session) -> Basin:
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    if basin is None:
        raise NotFound("basin.none")
    return basin


def basin_for_import(session: Session) -> Basin:
    """The basin, created on the first import into an empty database."""
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    if basin is None:
        basin = Basin(code=DEFAULT_CODE, name="流域", synthetic=False, created_at=now())
        session.add(basin)
        session.flush()
    return basin
