"""A transaction that writes many rows leaves the planner's statistics of those tables fresh
(watershed.store.database): at 100 times the demo PostgreSQL planned a freshly filled segment
table as if it were empty, and the segment register took 838 s instead of 1.1 s. Both databases."""

import pytest
from sqlalchemy import text

from tests.conftest import migrated
from tests.factories import STAFF, households_file
from watershed.services.geometry.imports import import_households
from watershed.store.database import ANALYZE_AFTER_ROWS

MANY = ANALYZE_AFTER_ROWS + 200


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A new database for each test: the shared PostgreSQL one is emptied between tests, and its
    tables keep the statistics an earlier test's bulk write left."""
    with migrated(request.param, tmp_path) as database:
        yield database


def _homes(count: int) -> list[dict]:
    return [dict(code=f"H-{k:05d}", head_name=f"户主{k}", group="一组", village="梅槐社区",
                 phone="", members=3, lon=112.07 + k * 1e-6, lat=30.37) for k in range(count)]


def _rows_the_planner_knows(db, table: str) -> float | None:
    """The row count in the table's statistics; None where there are none."""
    with db.engine.connect() as connection:
        if db.dialect == "postgresql":
            known = connection.execute(text("SELECT reltuples FROM pg_class WHERE relname = :t"),
                                       {"t": table}).scalar()
            return None if known is None or known < 0 else float(known)
        if not _has_stat1(connection):
            return None
        found = connection.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t"),
                                   {"t": table}).scalars().all()
        return max(float(stat.split()[0]) for stat in found) if found else None


def _has_stat1(connection) -> bool:
    return connection.execute(text(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar() > 0


def test_a_bulk_import_leaves_its_table_analyzed(db, tmp_path):
    assert _rows_the_planner_knows(db, "households") in (None, 0.0)
    import_households(db, STAFF, households_file(tmp_path, _homes(MANY)))
    known = _rows_the_planner_knows(db, "households")
    # PostgreSQL counts a table this small exactly; SQLite samples (analysis_limit).
    assert known is not None and MANY * 0.5 <= known <= MANY


def test_a_small_write_does_not_analyze(db, tmp_path):
    import_households(db, STAFF, households_file(tmp_path, _homes(20)))
    assert _rows_the_planner_knows(db, "households") in (None, 0.0)


def test_a_write_rolled_back_analyzes_nothing(db, tmp_path):
    with db.trial() as session:
        import_households(session, STAFF, households_file(tmp_path, _homes(MANY)))
    assert _rows_the_planner_knows(db, "households") in (None, 0.0)
