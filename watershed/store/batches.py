"""Writing and reading many rows: long id lists split for IN (...) clauses (SQLite allows at most
32,766 parameters), and many rows of one table inserted in one go."""

from collections.abc import Iterator, Sequence

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from watershed.store.database import ANALYZE_AFTER_ROWS

BATCH = 5000


def chunked(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert rows of plain values (numbers, text, dates, None; every row with the same keys) into
    `table`, in the session's transaction. On PostgreSQL this is a COPY: executemany costs about
    70 µs a row there and COPY 9 (measured on 50,000 rows), and a round at 100 times the demo
    writes 2 million offers. A COPY passes by the session's events, which count the rows written
    for the ANALYZE after the commit (watershed.store.database), so the table is analyzed here,
    which also gives the rest of the transaction plans that know these rows (ANALYZE counts the
    rows its own transaction wrote). Column defaults set in Python are filled in first, so both
    databases store the same."""
    if not rows:
        return
    session.flush()  # the rows these may refer to
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    unknown = set(rows[0]) - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    given = [c.name for c in table.columns if c.name in rows[0]]
    filled = [c for c in table.columns
              if c.name not in rows[0] and c.default is not None and c.default.is_scalar]
    defaults = [c.default.arg for c in filled]
    names = ", ".join(f'"{name}"' for name in given + [c.name for c in filled])
    with connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([*(row[name] for name in given), *defaults])
    if len(rows) >= ANALYZE_AFTER_ROWS:
        session.execute(text(f'ANALYZE "{table.name}"'))
