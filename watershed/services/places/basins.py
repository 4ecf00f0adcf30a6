"""The basin a database holds. One basin per database for now: every layer belongs to it."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.errors import NotFound
from watershed.services.common.actors import Actor
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.common.transaction import reads
from watershed.store.tables import Basin

DEFAULT_CODE = "basin"
# The synthetic demo basin (`watershed demo`) is known by its code. Its accounts share one
# password, which the login page names while the demo is loaded so that a visitor can try each
# role. Both live here rather than in watershed/demo because the product never imports the demo.
DEMO_CODE = "taihugang-demo"
DEMO_PASSWORD = "demo1234"


def current_basin(session: Session) -> Basin:
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    if basin is None:
        raise NotFound("basin.none")
    return basin


@reads
def is_demo(session: Session) -> bool:
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    return basin is not None and basin.code == DEMO_CODE


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
