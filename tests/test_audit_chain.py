"""The audit log is a hash chain: an edit made with a database client shows in `watershed audit
verify`, PostgreSQL refuses UPDATE and DELETE on it outright, concurrent writers never fork it,
and the migration chains the rows written before it existed. On SQLite and PostgreSQL."""

import hashlib
import json
import threading
import uuid
from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.conftest import POSTGRES_ADMIN_URL
from tests.factories import STAFF, run_cli
from watershed.services.common import audit
from watershed.services.common.transaction import writes
from watershed.store.database import Database
from watershed.store.migrate import _config, upgrade
from watershed.store.tables import AuditEntry
from watershed.store.tables.common import audit_row_hash, audit_row_text_around


@writes
def _note(session, actor, what: str, count: int = 1) -> None:
    """A stand-in for any service: it writes its audit rows through the one door."""
    audit.record_all(session, [audit.entry(actor, "probe", "note", n, after={"what": what, "n": n})
                               for n in range(count)])


def _raw(db, statement: str, **params) -> None:
    """A database client's edit. On PostgreSQL it has to get past the trigger first, as the
    table's owner can: the chain must still show it."""
    with db.engine.begin() as connection:
        if db.dialect == "postgresql":
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        connection.execute(text(statement), params)
        if db.dialect == "postgresql":
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))


@pytest.fixture
def logged(db):
    """A database with twelve audit rows written by three services."""
    for what in ("first", "second", "third"):
        _note(db, STAFF, what, 4)
    return db


def test_an_intact_chain_verifies_and_the_command_says_so(logged, capsys):
    report = audit.verify(logged)
    assert report.intact and report.rows == 12 and report.head_id == 12
    status, out, _ = run_cli(capsys, logged.url, "audit", "verify")
    assert status == 0 and "intact: 12 rows" in out
    status, out, _ = run_cli(capsys, logged.url, "audit", "verify", "--json")
    assert status == 0 and json.loads(out)["intact"] is True


@pytest.mark.parametrize("edit, problem, row", [
    ("UPDATE audit_log SET actor = 'someone else' WHERE id = 5", "audit.row_changed", 5),
    ("UPDATE audit_log SET after = '{\"what\": \"second\", \"n\": 100}' WHERE id = 6",
     "audit.row_changed", 6),
    ("DELETE FROM audit_log WHERE id = 7", "audit.link_broken", 8),
    ("DELETE FROM audit_log WHERE id <= 3", "audit.first_missing", 4),
    ("DELETE FROM audit_log WHERE id >= 11", "audit.cut_short", 10),
    ("UPDATE audit_log SET id = id + 100 WHERE id = 12", "audit.row_changed", 112),
    ("INSERT INTO audit_log (id, at, actor, action, entity) "
     "VALUES (50, '2026-01-01 00:00:00.000000', 'x', 'y', 'z')", "audit.unchained", 50),
])
def test_an_edit_with_a_database_client_is_found_at_the_row_it_broke(logged, capsys, edit,
                                                                       problem, row):
    _raw(logged, edit)
    report = audit.verify(logged)
    assert (report.problem, report.params["row"]) == (problem, row)
    status, out, err = run_cli(capsys, logged.url, "audit", "verify", "--json")
    assert status == 2 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert json.loads(out)["problem"] == problem and f"{row}" in err


def test_a_row_rewritten_with_its_own_hash_recomputed_breaks_the_next_link(logged):
    with logged.read() as session:
        row = dict(session.execute(text("SELECT * FROM audit_log WHERE id = 5")).mappings().one())
    row.update(actor="someone else", before=None, after={"what": "forged"},
               at=datetime.fromisoformat(str(row["at"])))
    from watershed.store.tables.common import audit_row_hash
    _raw(logged, "UPDATE audit_log SET actor = 'someone else', after = :after, row_hash = :digest "
                 "WHERE id = 5", after=json.dumps(row["after"]),
         digest=audit_row_hash(row, row["prev_hash"]))
    report = audit.verify(logged)
    assert (report.problem, report.params) == ("audit.link_broken", {"row": 6, "previous": 5})


def test_postgresql_refuses_update_and_delete_on_the_audit_log(postgres_url):
    if postgres_url is None:
        pytest.skip("PostgreSQL not configured: set WATERSHED_TEST_DATABASE_URL")
    db = Database(postgres_url)
    with db.engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_log, audit_chain"))  # allowed: empties it all
    _note(db, STAFF, "kept", 3)
    for statement in ("UPDATE audit_log SET actor = 'x' WHERE id = 2",
                      "DELETE FROM audit_log WHERE id = 3",
                      "DELETE FROM audit_log WHERE id = -1"):  # even one that matches nothing
        with pytest.raises(DBAPIError, match="append-only"):
            with db.engine.begin() as connection:
                connection.execute(text(statement))
    assert audit.verify(db).intact and audit.verify(db).rows == 3
    db.dispose()


def test_concurrent_writers_chain_one_after_the_other_without_a_fork(db):
    failures = []

    def write(worker: int) -> None:
        # One row at a time (a person's write: one statement on PostgreSQL) between several.
        try:
            for round_ in range(5):
                _note(db, STAFF, f"w{worker}.{round_}", 1 if (worker + round_) % 2 else 3)
        except Exception as error:  # noqa: BLE001 — reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    report = audit.verify(db)
    assert report.intact and report.rows == 15 * 1 + 15 * 3


def test_the_text_a_row_is_hashed_over_is_the_same_when_the_server_puts_it_together():
    row = {"id": 4711, "at": datetime(2028, 2, 29, 16, 30, 0, 5), "actor": '张三 "\\ \u2028',
           "action": "check.submit", "entity": "check", "entity_id": None,
           "before": {"note": "<script>\n\u0000", "数": [1, 2.5]}, "after": None}
    first, middle, last = audit_row_text_around(row)
    prev = "ab" * 32
    server = hashlib.sha256((first + "4711" + middle + prev + last).encode()).hexdigest()
    assert server == audit_row_hash(row, prev)
    assert audit_row_hash(row, prev) != audit_row_hash({**row, "id": 4712}, prev)


def test_a_rolled_back_write_leaves_no_audit_row_and_does_not_leak_into_the_next(db):
    with db.trial() as session:
        _note(session, STAFF, "tried")
    with pytest.raises(RuntimeError):
        with db.write() as session:
            _note(session, STAFF, "failed")
            raise RuntimeError("the service failed after recording")
    _note(db, STAFF, "kept")
    with db.read() as session:
        kept = session.execute(text("SELECT after FROM audit_log")).scalars().all()
    assert [json.loads(a) if isinstance(a, str) else a for a in kept] == [{"what": "kept", "n": 0}]
    assert audit.verify(db).intact


def test_a_row_written_around_the_service_is_reported(db):
    _note(db, STAFF, "through the door")
    with db.write() as session:
        session.execute(insert(AuditEntry.__table__).values(
            at=datetime(2026, 1, 1), actor="x", action="y", entity="z"))
    report = audit.verify(db)
    assert report.problem == "audit.unchained" and report.params["row"] == 2


def _at_revision(url: str, revision: str) -> Database:
    db = Database(url)
    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return db


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_migration_chains_the_rows_written_before_it(backend, tmp_path):
    if backend == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'old.db'}", None
    else:
        if not POSTGRES_ADMIN_URL:
            pytest.skip("PostgreSQL not configured: set WATERSHED_TEST_DATABASE_URL")
        name = f"watershed_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        drop = name
    try:
        db = _at_revision(url, "0010")
        with db.engine.begin() as connection:
            for n in range(1, 8):
                connection.execute(text(
                    "INSERT INTO audit_log (at, actor, action, entity, entity_id, after) "
                    "VALUES (:at, 'old', 'import', 'channel', :n, :after)"),
                    {"at": datetime(2026, 3, n, 8, 30, 0, 123456), "n": str(n),
                     "after": json.dumps({"name": "港中渠", "n": n, "length_m": n * 1.1})})
        upgrade(db)
        report = audit.verify(db)
        assert report.intact and report.rows == 7 and report.head_id == 7
        _note(db, STAFF, "after the migration")
        assert audit.verify(db).intact and audit.verify(db).rows == 8
        db.dispose()
    finally:
        if drop:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{drop}" WITH (FORCE)'))
            admin.dispose()
