"""Writing and reading many rows: long id lists split for IN (...) clauses (SQLite allows at most
32,766 parameters), and many rows of one table inserted in one go."""

from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat

from sqlalchemy import Select, Table, text
from sqlalchemy.orm import Session

from watershed.store.database import ANALYZE_AFTER_ROWS, note_written

BATCH = 5000


def chunked(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_rows(session: Session, table: Table, columns: Mapping[str, Sequence],
                same: Mapping[str, object] | None = None, *, analyze: bool = False) -> None:
    """Insert rows given column by column into `table`, in the session's transaction: `columns`
    maps a column name to its values, one per row (numbers, text, dates, JSON or None; every list
    as long; no geometry), `same` a column to the one value every row has. Straight through the
    driver: SQLAlchemy's executemany spends most of its time building each row's parameters, and
    a round at 100 times the demo writes 2 million offers. Each value is converted as SQLAlchemy
    would (a date to SQLite's text, a dict to JSON), a shared one once. On PostgreSQL this is a
    COPY (executemany costs about 70 µs a row there and COPY 9, measured on 50,000 rows); on
    SQLite the driver's executemany. Column defaults set in Python are filled in first, so both
    databases store the same. The rows are counted for the ANALYZE after the commit
    (watershed.store.database). With `analyze`, a PostgreSQL table is analyzed here too, for a
    transaction that goes on to read these rows in joins (a round's offers, the demo's load): its
    plans then know them (ANALYZE counts the rows its own transaction wrote). Only there: the
    row count it leaves stays even if the transaction is rolled back."""
    same = dict(same or {})
    count = len(next(iter(columns.values()), ()))
    if not count:
        return
    unknown = (set(columns) | set(same)) - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    if any(len(values) != count for values in columns.values()):
        raise ValueError(f"{table.name}: columns of different lengths")
    session.flush()  # the rows these may refer to
    for column in table.columns:
        if column.name not in columns and column.name not in same and \
                column.default is not None and column.default.is_scalar:
            same[column.name] = column.default.arg
    given = [c for c in table.columns if c.name in columns]
    shared = [c for c in table.columns if c.name in same]
    names = ", ".join(f'"{c.name}"' for c in given + shared)
    connection = session.connection()
    dialect = connection.dialect
    driver = connection.connection.driver_connection
    def stored(column, values):
        convert = column.type.dialect_impl(dialect).bind_processor(dialect)
        if convert is None:
            return values
        return [None if value is None else convert(value) for value in values]

    values = [stored(c, columns[c.name]) for c in given]
    values += [repeat(stored(c, [same[c.name]])[0], count) for c in shared]
    if dialect.name == "postgresql":
        with driver.cursor() as cursor:
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in zip(*values):
                    copy.write_row(row)
        if analyze and count >= ANALYZE_AFTER_ROWS:
            session.execute(text(f'ANALYZE "{table.name}"'))
    else:
        marks = ", ".join("?" * len(values))
        cursor = driver.cursor()
        try:
            cursor.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
                               zip(*values))
        finally:
            cursor.close()
    note_written(session, table.name, count)


def by_column(rows: Sequence[Mapping[str, object]]) -> dict[str, list]:
    """Rows of the same keys (as dicts) as insert_rows takes them: column by column."""
    return {name: [row[name] for row in rows] for name in (rows[0] if rows else ())}


def numbers(session: Session, query: Select) -> list[tuple]:
    """The rows of a query that selects only numbers (ids, counts, scores), as plain tuples
    straight from the driver: a result's rows cost about twice as much to read, seconds for
    the millions of offers and ratings of a district. Nothing is converted on the way, so a
    date or a decimal would come back as the driver gives it: numbers only."""
    session.flush()  # what a session.execute would flush first
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect,
                             compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()
