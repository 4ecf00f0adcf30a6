"""Reading a backup back, streamed (issue 17: at 100 times the demo, holding every table's
rows at once took gigabytes): the file is read twice, a sheet or layer at a time, never whole.

The first pass (`checked`) reads every row, decodes it and compares it with the signed manifest
as both go by (_signing.Comparison), keeping only counts, the rows out of step and the first
problems; the second (`write_rows`) reads the rows again and inserts them BATCH at a time. Both
run in the restore's one transaction, so a file refused by the first pass writes nothing, and
one that fails in the second (a row the database refuses) leaves nothing written either.
"""

import zipfile
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from watershed.errors import InputError
from watershed.services.backup import _signing as signing
from watershed.services.backup._cells import columns, tables
from watershed.store.batches import by_column, insert_rows

MAX_PROBLEMS = 20  # listed before giving up on a bad file
BATCH = 5_000  # rows inserted at a time
AUDIT = "audit_log"


def _unreadable(path: Path, error: Exception) -> InputError:
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
    return InputError("backup.unreadable", file=path.name, reason=reason)


@contextmanager
def opened(path: Path, module):
    """The file opened by its format's Reader (its `about`, `sheets`, `rows(sheet)`)."""
    try:
        archive = module.Reader(path)
    except Exception as error:  # a damaged file fails anywhere in zipfile, the XML parser or GDAL
        raise _unreadable(path, error) from None
    try:
        yield archive
    finally:
        archive.close()


def _guarded(path: Path, rows):
    """`rows`, a damaged file's failure on the way as backup.unreadable."""
    rows = iter(rows)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 — as in `opened`
            raise _unreadable(path, error) from None
        yield row


def records(path: Path, archive, fmt, table, problems: list):
    """(row number, typed record) of each row of `table` in the file, as they are read; at the
    first cell that is not its column's, a problem is added and the table ends there."""
    _, sheet_name, decoders = fmt
    sheet = sheet_name(table.name)
    header = archive.sheets[sheet]
    kinds = {name: column_kind for name, column_kind, _ in columns(table)}
    # A spreadsheet program saving the workbook again drops empty text cells: an empty cell of
    # a column that cannot be null is the empty text (a nullable one's are listed in `_cells`).
    blank = {name: "" for name, column_kind, nullable in columns(table)
             if column_kind == "text" and not nullable}
    decode = [decoders[kinds[column]] for column in header]
    mine: dict[int, list] = {}  # row -> [(column, text)] from `_cells`
    for (name, row, column), whole in archive.long_cells.items():
        if name == sheet:
            mine.setdefault(row, []).append((column, whole))
    width = len(header)
    for number, raw in enumerate(_guarded(path, archive.rows(sheet)), start=1):
        raw = list(raw[:width]) + [None] * (width - len(raw))
        for column, whole in mine.get(number, ()):
            raw[header.index(column)] = whole
        try:
            yield number, {column: blank.get(column) if value is None else convert(value)
                           for column, convert, value in zip(header, decode, raw)}
        except Exception:  # noqa: BLE001 — ValueError, TypeError, GEOSException...: find which
            for column, convert, value in zip(header, decode, raw):
                try:
                    None if value is None else convert(value)
                except Exception as error:  # noqa: BLE001
                    problems.append(InputError("backup.bad_value", table=table.name, row=number,
                                               column=column, reason=str(error)[:120]))
                    return


def _shape_problems(path: Path, archive, fmt) -> list[InputError]:
    _, sheet_name, _ = fmt
    problems = []
    known = {sheet_name(table.name) for table in tables()} | {signing.SHEET}
    for sheet in sorted(set(archive.sheets) - known):
        problems.append(InputError("backup.unknown_sheet", file=path.name, sheet=sheet))
    for table in tables():
        sheet = sheet_name(table.name)
        if sheet not in archive.sheets:
            problems.append(InputError("backup.missing_sheet", file=path.name, sheet=sheet))
            continue
        header = archive.sheets[sheet]
        wanted = [name for name, _, _ in columns(table)]
        missing, extra = [c for c in wanted if c not in header], [c for c in header if c not in wanted]
        if missing or extra or len(set(header)) != len(header):
            problems.append(InputError("backup.bad_columns", table=table.name,
                                       missing=", ".join(missing) or "—",
                                       extra=", ".join(map(str, extra)) or "—"))
    return problems


def _keyed(table, numbered, tally: dict):
    """(key, row number, hash) of each record, counted in `tally` as they pass."""
    wanted = columns(table)
    keys = [column.name for column in table.primary_key.columns]
    tally[table.name] = 0
    for number, record in numbered:
        tally[table.name] += 1
        yield ("/".join(str(record[name]) for name in keys), number,
               signing.row_digest(table.name, wanted, [record[name] for name, _, _ in wanted]))


def _resaved_by(path: Path) -> str | None:
    """The program that saved a workbook again (this program's writer adds no docProps)."""
    if path.suffix.lower() != ".xlsx":
        return None
    with zipfile.ZipFile(path) as book:
        if "docProps/app.xml" not in book.namelist():
            return None
        app = book.read("docProps/app.xml").decode("utf-8", "replace")
    start = app.find("<Application>")
    end = app.find("</Application>")
    return app[start + 13:end].strip() if 0 <= start < end else "?"


def checked(path: Path, archive, fmt) -> tuple[list[InputError], int]:
    """The first pass: every row of every table read, typed and compared with the signed
    manifest. Raises InputError listing what is wrong with the file's shape or values; returns
    what differs from the manifest (the first signing.MAX_KEPT of them, then the row counts that
    differ from `_about`) and how many differences there are in all."""
    problems = _shape_problems(path, archive, fmt)
    if not problems:
        manifest = archive.sheets.get(signing.SHEET)
        lines = _guarded(path, archive.rows(signing.SHEET)) if manifest is not None else ()
        comparison = signing.Comparison(archive.about, manifest, lines,
                                        [table.name for table in tables()], path.name)
        tally: dict[str, int] = {}
        for table in tables():
            comparison.table(table.name, _keyed(table, records(path, archive, fmt, table, problems),
                                                tally))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)
    found = comparison.differences()
    program = _resaved_by(path)
    if program and found and found[0].key == "backup.row_changed":
        found[0] = InputError("backup.row_changed_resaved", program=program, **found[0].params)
    counts = [InputError("backup.row_count", table=name, found=found_rows, expected=expected or "?")
              for name, found_rows in tally.items()
              if (expected := archive.about.get(f"rows.{name}")) != str(found_rows)]
    return found + counts, comparison.count + len(counts)


def _inserter(session: Session, table):
    """How a batch of records goes in: column by column through the driver (a COPY on
    PostgreSQL), but for the tables with a geometry, which SQLAlchemy's insert turns into the
    database's own (a PostGIS call per row)."""
    if any(kind == "geometry" for _, kind, _ in columns(table)):
        return lambda batch: session.execute(insert(table), batch)
    return lambda batch: insert_rows(session, table, by_column(batch))


def write_rows(session: Session, path: Path, archive, fmt) -> tuple[dict[str, int], tuple | None]:
    """The second pass: every table's rows inserted BATCH at a time as they are read again.
    Returns the rows written per table and (id, hash) of the audit log's last chained row."""
    counts, last_link = {}, None
    driver = session.get_bind().dialect.dbapi  # a refusal seen by the driver, not SQLAlchemy
    for table in tables():
        problems: list = []
        batch: list[dict] = []
        counts[table.name] = 0
        write = _inserter(session, table)
        try:
            for _, record in records(path, archive, fmt, table, problems):
                batch.append(record)
                if table.name == AUDIT and record.get("row_hash"):
                    last_link = record["id"], record["row_hash"]
                if len(batch) == BATCH:
                    write(batch)
                    counts[table.name] += len(batch)
                    batch = []
            if batch:
                write(batch)
                counts[table.name] += len(batch)
        except (IntegrityError, DataError, driver.IntegrityError, driver.DataError) as error:
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:200]
            raise InputError("backup.refused", file=path.name, table=table.name,
                             reason=reason) from None
        if problems:  # checked in the first pass: the file changed since
            raise problems[0]
    return counts, last_link
