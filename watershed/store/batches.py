"""Writing and reading many rows: long id lists split for IN (...) clauses (SQLite allows at most
32,766 parameters), and many rows of one table inserted in one go."""

from collections.abc import Iterator, Sequence

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from watershed.store.database import ANALYZE_AFTER_ROWS, note_written

BATCH = 5000


def chunked(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert rows of plain values (numbers, text, dates, None; every row with the same keys) into
    `table`, in the session's transaction, straight through the driver: SQLAlchemy's executemany
    spends most of its time building each row's parameters, and a round at 100 times the demo
    writes 2 million offers. On PostgreSQL this is a COPY (executemany costs about 70 µs a row
    there and COPY 9, measured on 50,000 rows); on SQLite the driver's executemany over tuples,
    each value stored as SQLAlchemy stores it (the column type's own bind processor). Column
    defaults set in Python are filled in first, so both databases store the same. The rows are
    counted for the ANALYZE after the commit (watershed.store.database); on PostgreSQL the table
    is analyzed here too, which gives the rest of the transaction plans that know these rows
    (ANALYZE counts the rows its own transaction wrote)."""
    if not rows:
        return
    session.flush()  # the rows these may refer to
    unknown = set(rows[0]) - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    given = [c for c in table.columns if c.name in rows[0]]
    filled = [c for c in table.columns
              if c.name not in rows[0] and c.default is not None and c.default.is_scalar]
    defaults = [c.default.arg for c in filled]
    names = ", ".join(f'"{c.name}"' for c in given + filled)
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with driver.cursor() as cursor:
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([*(row[c.name] for c in given), *defaults])
        if len(rows) >= ANALYZE_AFTER_ROWS:
            session.execute(text(f'ANALYZE "{table.name}"'))
    else:
        stored = [c.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
                  for c in given + filled]
        marks = ", ".join("?" * len(stored))
        cursor = driver.cursor()
        try:
            cursor.executemany(
                f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
                (tuple(value if store is None or value is None else store(value)
                       for store, value in zip(stored, [*(row[c.name] for c in given), *defaults]))
                 for row in rows))
        finally:
            cursor.close()
    note_written(session, table.name, len(rows))
