"""The synthetic demo basin (`watershed demo`), so the app has something to show at first start.

The source files in data/demo are made by `python -m watershed.synthetic_basin`; they are
synthetic, labelled as such, and loaded through the same services as real data. The whole load is
one transaction, and loading into a database that already holds the demo changes nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watershed.catalogue import text
from watershed.config import demo_dir
from watershed.errors import Conflict
from watershed.services.accounts import add_user
from watershed.services.actors import Actor, require_role
from watershed.services.basins import create_basin
from watershed.services.custody import assign, auto_assign, custody_history, end_custody
from watershed.services.imports import import_households, import_layer
from watershed.services.segmenting import segment_channels
from watershed.services.transaction import reads, writes
from watershed.store.tables import Basin, Custody, Household, Segment

DEMO_CODE = "taihugang-demo"
DEMO_PASSWORD = "demo1234"
CUSTODY_START = date(2026, 3, 1)
# One segment in this many is left open on purpose, so the dashboard has something to chase.
LEFT_OPEN_EVERY = 40
LEFT_OPEN_ON = date(2026, 9, 15)
MERGED_ON = date(2026, 4, 10)


@dataclass
class DemoReport:
    loaded: bool  # False when the demo was already there


@reads
def is_demo(session: Session) -> bool:
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    return basin is not None and basin.code == DEMO_CODE


def _leave_some_open(session: Session, actor: Actor) -> None:
    segments = session.scalars(
        select(Segment.code).join(Custody, Custody.segment_id == Segment.id)
        .where(Custody.end_date.is_(None)).order_by(Segment.id)
    ).all()
    for code in segments[LEFT_OPEN_EVERY // 2::LEFT_OPEN_EVERY]:
        end_custody(session, actor, code, end=LEFT_OPEN_ON, reason=text("demo.left_open_reason", "zh"))


def _custodian_of_two(session: Session, actor: Actor) -> str:
    """Auto-assignment spreads segments over many households; the demo custodian account should
    show a household keeping two, so the keeper of THG-001 takes over its neighbour THG-002."""
    first, second = "THG-001", "THG-002"
    household = custody_history(session, first)[-1].household_code
    end_custody(session, actor, second, end=MERGED_ON - timedelta(days=1),
                reason=text("demo.merged_reason", "zh"))
    assign(session, actor, second, household, start=MERGED_ON)
    return household


def _demo_accounts(session: Session, actor: Actor) -> None:
    keeper = _custodian_of_two(session, actor)
    keeping = select(Custody.household_id).where(Custody.end_date.is_(None))
    resident = session.scalars(
        select(Household.code).where(Household.id.not_in(keeping)).order_by(Household.code)
    ).first()
    add_user(session, actor, "staff", "staff", DEMO_PASSWORD)
    add_user(session, actor, "custodian", "custodian", DEMO_PASSWORD, keeper)
    add_user(session, actor, "resident", "resident", DEMO_PASSWORD, resident)
    add_user(session, actor, "leader", "leader", DEMO_PASSWORD)


@writes
def load_demo(session: Session, actor: Actor, folder: Path | None = None, *,
              only_if_empty: bool = False) -> DemoReport:
    """Load the demo into an empty database. A database that already holds the demo is left as
    it is; one that holds other data is refused, or left alone with `only_if_empty`."""
    require_role(actor, "staff", action="action.import")
    if is_demo(session):
        return DemoReport(loaded=False)
    if session.scalar(select(func.count()).select_from(Basin)) or session.scalar(
        select(func.count()).select_from(Household)
    ):
        if only_if_empty:
            return DemoReport(loaded=False)
        raise Conflict("demo.not_empty")
    folder = Path(folder or demo_dir())
    create_basin(session, actor, DEMO_CODE, text("demo.basin_name", "zh"), synthetic=True)
    for kind in ("boundary", "channels", "ponds", "sources"):
        import_layer(session, actor, kind, folder / f"{kind}.geojson")
    import_households(session, actor, folder / "households.csv")
    segment_channels(session, actor)
    auto_assign(session, actor, start=CUSTODY_START)
    _leave_some_open(session, actor)
    _demo_accounts(session, actor)
    return DemoReport(loaded=True)
