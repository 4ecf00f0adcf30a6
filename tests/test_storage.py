"""The storage layer: geometry survives both databases, SQLite is tuned, writes survive contention."""

import sqlite3
import threading

import pytest
import shapely
from sqlalchemy import create_engine, delete, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from watershed.services.common.clock import now
from watershed.store.batches import insert_rows
from watershed.store.database import Database
from watershed.store.keys import keys_checked_at_end
from watershed.store.migrate import current_revision, head_revision, upgrade
from watershed.store.tables import AuditEntry, Basin, Channel, RoundOffer

LINE = shapely.LineString([(112.081234567, 30.371234567), (112.0825, 30.3725), (112.084, 30.373)])


def _basin(session) -> Basin:
    basin = Basin(code="b", name="测试流域", synthetic=True, created_at=now())
    session.add(basin)
    session.flush()
    return basin


def test_a_channel_line_comes_back_exactly_as_it_was_stored(db):
    with db.write() as session:
        basin = _basin(session)
        session.add(
            Channel(basin_id=basin.id, code="GZQ", name="港中渠", kind="干渠", parent_code="",
                    geom=LINE, length_m=1.0, source_crs="EPSG:4326", created_at=now(),
                    minx=0, miny=0, maxx=0, maxy=0)
        )
    with db.read() as session:
        channel = session.scalars(select(Channel)).one()
    assert shapely.equals_exact(channel.geom, LINE, tolerance=0)
    assert channel.name == "港中渠"


def test_a_trial_sees_its_own_writes_and_keeps_none_of_them(db):
    with db.trial() as session:
        _basin(session)
        assert session.scalar(select(Basin.code)) == "b"
    with db.read() as session:
        assert session.scalar(select(Basin.code)) is None
    try:
        with db.trial() as session:
            _basin(session)
            raise RuntimeError("a refusal half way")
    except RuntimeError:
        pass
    with db.read() as session:
        assert session.scalar(select(Basin.code)) is None


def test_postgis_stores_geometry_as_a_real_geometry_in_epsg_4326(db):
    if db.dialect != "postgresql":
        return
    with db.write() as session:
        basin = _basin(session)
        session.add(
            Channel(basin_id=basin.id, code="GZQ", name="", kind="", parent_code="", geom=LINE,
                    length_m=1.0, source_crs="", created_at=now(),
                    minx=0, miny=0, maxx=0, maxy=0)
        )
    with db.read() as session:
        srid, kind = session.execute(text("SELECT ST_SRID(geom), GeometryType(geom) FROM channels")).one()
    assert (srid, kind) == (4326, "LINESTRING")


def test_migrating_twice_leaves_the_schema_at_the_newest_revision(db):
    assert upgrade(db) == (head_revision(), head_revision())
    assert current_revision(db) == head_revision()


def test_a_write_after_the_server_dropped_its_connection_succeeds(db):
    """The pool does not ping a connection before lending it (watershed.store.database): one the
    server closed meanwhile must still not fail the next write."""
    if db.dialect != "postgresql":
        return
    with db.write() as session:
        _basin(session)  # the pool now holds a connection
    admin = create_engine(db.url)
    with admin.connect() as connection:
        pids = connection.execute(text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")).scalars().all()
        for pid in pids:  # waits until each has gone
            assert connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"),
                                      {"pid": pid}).scalar()
    admin.dispose()
    assert pids
    with db.write() as session:
        session.add(Basin(code="c", name="", synthetic=True, created_at=now()))
    with db.read() as session:
        assert session.scalars(select(Basin.code).order_by(Basin.code)).all() == ["b", "c"]


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'w.db'}")
    with database.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 1  # NORMAL
        assert pragma("busy_timeout") >= 5000
    database.dispose()


def test_concurrent_read_then_write_transactions_lose_nothing(db):
    """24 threads each read the number of audit rows, then add one: every write must land."""
    threads, rounds = 24, 10
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(rounds):
                with db.write() as session:
                    seen = session.scalar(text("SELECT COUNT(*) FROM audit_log"))
                    session.add(AuditEntry(at=now(), actor=f"t{worker}", action="probe",
                                           entity="test", entity_id=str(i), after={"seen": seen}))
        except BaseException as error:  # the test reports every failure, not just the first
            errors.append(error)

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    with db.read() as session:
        seen = session.scalars(select(AuditEntry.after)).all()
    assert len(seen) == threads * rounds
    if db.dialect == "sqlite":
        # BEGIN IMMEDIATE serialises writers, so each one saw all earlier rows.
        assert sorted(s["seen"] for s in seen) == list(range(threads * rounds))


def _foreign_keys(db: Database, table: str) -> list[tuple]:
    found = inspect(db.engine).get_foreign_keys(table)
    return sorted((tuple(k["constrained_columns"]), k["referred_table"],
                   tuple(k["referred_columns"])) for k in found)


def test_keys_checked_at_end_refuse_a_row_that_breaks_one_and_come_back_as_they_were(db):
    before = _foreign_keys(db, "round_offers")
    assert len(before) == 3
    with pytest.raises((IntegrityError, sqlite3.IntegrityError)):  # SQLite's from its driver
        with db.write() as session:
            with keys_checked_at_end(session, [RoundOffer.__table__]):
                insert_rows(session, RoundOffer.__table__,
                            {"round_id": [1], "household_id": [2], "segment_id": [3]})
    assert _foreign_keys(db, "round_offers") == before
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(RoundOffer)) == 0


def test_keys_checked_at_end_are_not_checked_row_by_row_on_postgresql(db):
    """What setting the keys aside buys: a row that breaks one may stand until the end. SQLite
    cannot set them aside and checks each row as it comes."""
    bad = {"round_id": [1], "household_id": [2], "segment_id": [3]}
    with db.write() as session:
        with keys_checked_at_end(session, [RoundOffer.__table__]):
            if db.dialect == "sqlite":  # straight from the driver: insert_rows bypasses SQLAlchemy
                with pytest.raises(sqlite3.IntegrityError):
                    insert_rows(session, RoundOffer.__table__, bad)
            else:
                insert_rows(session, RoundOffer.__table__, bad)
                session.execute(delete(RoundOffer))
    assert len(_foreign_keys(db, "round_offers")) == 3
