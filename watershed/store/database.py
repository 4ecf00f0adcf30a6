"""Opening a database and running transactions on it.

SQLite is tuned for many readers and one writer at a time: WAL, synchronous=NORMAL, foreign keys
on, a busy timeout, and write transactions opened with BEGIN IMMEDIATE. With SQLite's default
deferred BEGIN, a transaction that reads and then writes takes the write lock late and fails with
"database is locked" without waiting (measured here: 954 of 1,000 such transactions failed); BEGIN
IMMEDIATE makes it wait its turn at the start instead.

A write transaction that wrote many rows to a table (an import, a cut, an assignment, the demo,
a restore) leaves the table's statistics fresh: ANALYZE runs on it once the transaction has
committed. Without that PostgreSQL plans a table filled since the last autovacuum as if it were
empty, and at 100 times the demo the segment register took 838 s in a nested loop instead of
1.1 s. The rule is here, once, so that no service has to remember it.

A PostgreSQL connection taken from the pool is not pinged (a round trip before every
transaction: a tenth of a check's time, measured by tests/benchmarks/writes.py). A server that
drops a connection (a restart, pg_terminate_backend, idle_session_timeout) writes its goodbye to
the socket and closes it, and an idle connection has nothing else to read: one whose socket is
readable when taken is discarded, and the pool opens a new one.
"""

import logging
import select
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

BUSY_TIMEOUT_MS = 30_000
# A table that gained, lost or changed this many rows in one transaction is analyzed after it.
# A few hundred rows without statistics are planned badly already: on PostgreSQL every check and
# rating of the freshly loaded demo read all 764 current custodies to find a segment's keepers
# (0.11 ms of the server's a call; 0.013 once analyzed) until autovacuum came round. Analyzing
# a table that small takes milliseconds, and a larger one samples at most a few hundred pages.
ANALYZE_AFTER_ROWS = 100
# SQLite's ANALYZE reads every index row unless told to sample; 1,000 rows per index is what
# its documentation suggests for PRAGMA optimize.
SQLITE_ANALYSIS_LIMIT = 1_000
# SQLite's own page cache per connection, in KiB (its default is 2 MiB). A district's database is
# over a gigabyte, and a round's millions of offers and ratings go into indexes far larger than
# 2 MiB, in no order the cache can follow: each missed page is read again from the file. Pages
# are taken only as they are used, so a small basin's connections stay small.
SQLITE_CACHE_KIB = 65_536
_WRITTEN = "watershed.rows_written"  # key in Session.info: table name -> rows


def insert_or_skip(session: Session, table, *keys: str):
    """An INSERT into `table` (a table or a mapped class) that skips a row whose `keys` clash with
    one already there, instead of failing: ON CONFLICT DO NOTHING, which SQLite and PostgreSQL
    both have, each through its own SQLAlchemy construct. With RETURNING it returns only the rows
    it inserted."""
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return make(table).on_conflict_do_nothing(index_elements=list(keys) or None)


def note_written(session: Session, table: str, rows: int) -> None:
    """Count rows written to `table` by a statement the events below cannot see."""
    written = session.info.setdefault(_WRITTEN, {})
    written[table] = written.get(table, 0) + rows


@event.listens_for(Session, "do_orm_execute")
def _count_bulk(state: ORMExecuteState) -> None:
    """Rows written by an INSERT, UPDATE or DELETE statement: one per parameter set of
    (insert(Model), rows); one for a statement that carries its values (how many rows its WHERE
    or ON CONFLICT touches is known only after it ran, and a lower bound does for the rule)."""
    table = getattr(state.statement, "table", None)
    if (state.is_insert or state.is_update or state.is_delete) and table is not None:
        rows = len(state.parameters) if isinstance(state.parameters, list) else 1
        note_written(state.session, table.name, rows)


@event.listens_for(Session, "after_flush")
def _count_flushed(session: Session, _context) -> None:
    """Rows written by the unit of work (objects added, changed or deleted one by one)."""
    for row in (*session.new, *session.dirty, *session.deleted):
        table = getattr(row, "__tablename__", None)
        if table:
            note_written(session, table, 1)


def _sqlite_file(url: str) -> Path | None:
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control away from the driver so that BEGIN is ours to issue.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _drop_dead_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, _record, _proxy):
        if dbapi_connection.closed:  # broken ones too
            raise DisconnectionError("connection closed")
        poller = select.poll()  # not select.select: a busy process may hold fds past 1024
        poller.register(dbapi_connection.pgconn.socket, select.POLLIN)
        if poller.poll(0):
            raise DisconnectionError("the server wrote to an idle connection: closed by it")


class Database:
    """One database: an engine for reads and the same engine set up for writes."""

    def __init__(self, url: str):
        self.url = url
        self.dialect = make_url(url).get_backend_name()
        if self.dialect == "sqlite":
            path = _sqlite_file(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _tune_sqlite(self.engine)
            writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        else:
            self.engine = create_engine(url)
            _drop_dead_postgres(self.engine)
            writer = self.engine
        self._writer = writer
        self._reading = sessionmaker(self.engine, expire_on_commit=False)
        self._writing = sessionmaker(writer, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for looking; it never commits, and closing it ends its transaction."""
        with self._reading() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed if the block finishes, rolled back if it raises; the tables
        it wrote many rows to are analyzed after the commit (see the module's note)."""
        with self._writing() as session:
            with session.begin():
                yield session
            written = session.info.pop(_WRITTEN, {})
        self.analyze(sorted(t for t, rows in written.items() if rows >= ANALYZE_AFTER_ROWS))

    def analyze(self, tables: list[str]) -> None:
        """Refresh the planner's statistics of these tables. Statistics help; they are not the
        work: a failure here (another writer holding SQLite's lock past the busy timeout) is
        logged, and the write that came before stays committed."""
        if not tables:
            return
        try:
            with self._writer.begin() as connection:
                if self.dialect == "sqlite":
                    connection.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
                for table in tables:
                    connection.exec_driver_sql(f'ANALYZE "{table}"')
        except OperationalError as error:
            logging.getLogger(__name__).warning("statistics of %s not refreshed: %s", tables, error)

    @contextmanager
    def trial(self) -> Iterator[Session]:
        """A transaction that is always rolled back: to see what a change would give (an import
        checked before it is saved) without keeping it."""
        with self._writing() as session:
            transaction = session.begin()
            try:
                yield session
            finally:
                transaction.rollback()
                session.info.pop(_WRITTEN, None)

    def dispose(self) -> None:
        self.engine.dispose()


@cache
def open_database(url: str) -> Database:
    """The Database for a URL, created once per process (engines hold connection pools)."""
    return Database(url)
