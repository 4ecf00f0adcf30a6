"""PostgreSQL's plans of the heavy page queries at ten times the demo, after the product's own bulk
writes (PostgreSQL only).

The basin is the demo's synthetic basin in a 3 x 3 grid (about 9 times the demo: 36,000
households, 7,000 segments), written the way an office writes it: each layer imported, the
channels cut, the segments assigned, each in a transaction of its own, then a check history and
the dredging campaign as the demo seeds them. Nothing else refreshes the planner's statistics:
autovacuum is off for every table, so what the planner knows comes from the ANALYZE the product
runs after a bulk write (watershed.store.database).

Each page's service is called as the page calls it and every SELECT it sends is run again under
EXPLAIN ANALYZE. The measure is the plan's work, not its time: over all nodes, the rows each
produced plus the rows it read and threw away (filters, join filters, rechecks), times its loops.
A sound plan reads each table about once; a nested loop over a table the planner took for empty
reads it once per outer row (at 100 times the demo, 838 s instead of 1.1 s). A plan may do at
most WORK_PER_ROW times the rows of the tables it reads. Measured here: at most 3.9 times with the
product's ANALYZE; without it the segment register's plans did 99.6 million rows of work over
16,272 rows (6,100 times). `pytest -s` prints each statement's figures.
"""

import pytest
from sqlalchemy import event, text

from tests.conftest import new_database
from tests.factories import STAFF
from watershed.demo import synthetic_basin
from watershed.demo.campaign import seed_campaign
from watershed.demo.load import CUSTODY_START, _demo_checks
from watershed.services.campaign.figures import campaign_figures
from watershed.services.checks.checks import check_page
from watershed.services.custody.custody import auto_assign
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.geometry.segmenting import segment_channels
from watershed.services.places.registers import household_page, segment_page
from watershed.store.database import Database
from watershed.store.tables import Base

TILES = 3
WORK_PER_ROW = 10
PAGES = {
    "segment_register": lambda db: segment_page(db, STAFF),
    "segment_register_found": lambda db: segment_page(db, STAFF, custodian="1", number=20),
    "segment_register_open": lambda db: segment_page(db, STAFF, only_open=True),
    "households": lambda db: household_page(db, STAFF, number=50),
    "checks": lambda db: check_page(db, STAFF, number=10),
    "checks_with_problems": lambda db: check_page(db, STAFF, only_problems=True),
    "campaign_figures": lambda db: campaign_figures(db, STAFF),
}


def _without_autovacuum(db: Database) -> None:
    with db.engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            connection.exec_driver_sql(
                f'ALTER TABLE "{table.name}" SET (autovacuum_enabled = false)')


@pytest.fixture(scope="module")
def tenfold(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tenfold")
    with new_database("postgresql", folder) as url:
        if url is None:
            pytest.skip("PostgreSQL not configured: set WATERSHED_TEST_DATABASE_URL")
        db = Database(url)
        _without_autovacuum(db)
        synthetic_basin.write(synthetic_basin.generate(tiles=TILES), folder)
        for kind in ("boundary", "channels", "ponds", "sources"):
            import_layer(db, STAFF, kind, folder / f"{kind}.geojson")
        import_households(db, STAFF, folder / "households.csv")
        segment_channels(db, STAFF)
        auto_assign(db, STAFF, start=CUSTODY_START)
        with db.write() as session:
            _demo_checks(session, STAFF, keeper="")  # nobody's segments left unchecked
        with db.write() as session:
            seed_campaign(session, STAFF)
        yield db
        db.dispose()


def _selects(db: Database, page) -> list[tuple[str, object]]:
    """The SELECTs the page's service sends, with their parameters."""
    sent = []

    def seen(_connection, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        page(db)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return sent


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def plan_work(plan: dict) -> tuple[int, set[str]]:
    """(rows produced or read and discarded, over every node and loop; the tables read)."""
    work, tables = 0, set()
    for node in _nodes(plan):
        # EXPLAIN gives rows per loop, the removed ones too.
        rows = node["Actual Rows"] + sum(node.get(f"Rows Removed by {what}", 0)
                                         for what in ("Filter", "Join Filter", "Index Recheck"))
        work += rows * node["Actual Loops"]
        if "Relation Name" in node:
            tables.add(node["Relation Name"])
    return round(work), tables


def _explained(db: Database, statement: str, parameters) -> dict:
    with db.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters)
        return cursor.fetchone()[0][0]["Plan"]


def _rows(db: Database, tables: set[str]) -> int:
    with db.engine.connect() as connection:
        return sum(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                   for table in tables)


def test_postgresql_tenfold_basin_is_built(tenfold):
    with tenfold.engine.connect() as connection:
        count = lambda table: connection.execute(  # noqa: E731
            text(f"SELECT count(*) FROM {table}")).scalar_one()
        assert count("households") > 30_000 and count("segments") > 6_000
        assert count("checks") > 5_000 and count("progress_entries") > 5_000


@pytest.mark.parametrize("page", sorted(PAGES))
def test_postgresql_page_plans_work_in_proportion_to_the_rows(tenfold, page):
    statements = _selects(tenfold, PAGES[page])
    assert statements
    wrong = []
    for statement, parameters in statements:
        work, tables = plan_work(_explained(tenfold, statement, parameters))
        rows = _rows(tenfold, tables)
        print(f"{page}: work {work:,}, rows {rows:,} in {sorted(tables)}")  # shown with -s
        if work > WORK_PER_ROW * max(rows, 1):
            wrong.append(f"{work:,} rows of work over {rows:,} rows in {sorted(tables)}: "
                         f"{statement[:300]}")
    assert not wrong, "\n".join(wrong)
