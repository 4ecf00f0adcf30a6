"""Loading millions of rows into tables with foreign keys.

PostgreSQL checks a foreign key with a trigger on every row inserted: about 16 µs a row whatever
the number of keys (measured on this server), most of a round's time when the demo at 100 times
writes 8 million offers and 4 million ratings. Its manual ("Populating a Database") says to drop
the keys for a bulk load and add them back after: adding a key checks every row in one join.
SQLite checks a key by one index lookup in the same statement, and cannot drop one: it is left
as it is.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

_KEYS = text(
    "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
    "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(CAST(:tables AS regclass[])) "
    "ORDER BY conrelid, conname")


@contextmanager
def keys_checked_at_end(session: Session, tables: Sequence[Table]) -> Iterator[None]:
    """Within the session's transaction, check the foreign keys of `tables` once at the end of
    the block rather than row by row. A row that breaks one fails the block (IntegrityError),
    and the transaction's rollback brings the keys back as they were. For one transaction that
    fills tables nobody else is using (the demo's load): dropping a key locks its table and the
    table it refers to until the commit."""
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    session.flush()
    keys = session.execute(_KEYS, {"tables": [table.name for table in tables]}).all()
    for table, name, _ in keys:
        session.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
    yield
    session.flush()
    for table, name, definition in keys:
        session.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"))
