"""The full backup (`watershed backup` / `watershed restore`): every table of the schema into one
file, and back into an empty database, keeping every value and every primary key.

By the file's suffix: `.xlsx`, a workbook with one sheet per table (the registers, readable by a
clerk; _xlsx.py), or `.gpkg`, a GeoPackage with one layer per table (the exact archive, readable
by QGIS; _gpkg.py). Both start with `_about`: the format, the schema revision (Alembic), the
time of the export, the basin's code and the rows of each table (a truncated file is caught).

The tables are those of `Base.metadata` (but the login sessions), in foreign-key order: a table
added to the schema is backed up without a change here (and tests/test_backup.py fails if one of
its columns has a type _cells.py does not know). Photos are files in the photo folder, not rows: the archive holds
their names and SHA-256 hashes (check_photos), and the photo folder is copied apart.
"""

import os
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, literal, select, text
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from watershed.errors import InputError
from watershed.services.backup import _gpkg as backup_gpkg
from watershed.services.backup import _xlsx as backup_xlsx
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.backup._cells import FROM_GEOPACKAGE, FROM_WORKBOOK, kind
from watershed.services.common.clock import now
from watershed.services.common.transaction import reads, writes
from watershed.store.migrate import head_revision
from watershed.store.tables import Base, Basin

FORMAT = "watershed-backup-1"
# suffix -> (module writing and reading it, its sheet/layer name of a table, cell decoders)
FORMATS = {
    ".xlsx": (backup_xlsx, backup_xlsx.sheet_name, FROM_WORKBOOK),
    ".gpkg": (backup_gpkg, lambda name: name, FROM_GEOPACKAGE),
}
MAX_PROBLEMS = 20  # listed before giving up on a bad file
BATCH = 5_000


def tables():
    """Every table that holds a record, parents before children (not the login sessions)."""
    return [table for table in Base.metadata.sorted_tables if table.info.get("backup", True)]


def columns(table) -> list[tuple[str, str, bool]]:
    """(name, kind, nullable) of each column; a column of a type without a kind is a bug."""
    found = [(column.name, kind(column), bool(column.nullable)) for column in table.columns]
    missing = [name for name, column_kind, _ in found if column_kind is None]
    if missing:
        raise RuntimeError(f"_cells.py has no kind for {table.name}.{', '.join(missing)}")
    return found


def _format(path):
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise InputError("backup.bad_suffix", file=path.name, suffixes=", ".join(FORMATS))
    return path, FORMATS[path.suffix.lower()]


def _revision(session: Session) -> str | None:
    return MigrationContext.configure(session.connection()).get_current_revision()


@reads
def export_all(session: Session, actor: Actor, path) -> dict[str, int]:
    """Write every table to `path` (.xlsx or .gpkg); returns the rows per table. Written to a
    temporary file first: a failed export leaves no half file behind."""
    require_role(actor, "staff", action="action.backup")
    path, (module, _, _) = _format(path)
    if path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    if session.get_bind().dialect.name == "postgresql":  # one snapshot for every table
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    data = [(str(table.name), columns(table),
             session.execute(select(table).order_by(*table.primary_key.columns)).all())
            for table in tables()]
    basin = session.scalars(select(Basin.code).order_by(Basin.id)).first()
    about = {"format": FORMAT, "revision": _revision(session) or "", "exported_at":
             now().isoformat(), "basin": basin or "",
             **{f"rows.{name}": str(len(rows)) for name, _, rows in data}}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        module.write(partial, about, data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return {name: len(rows) for name, _, rows in data}


def _read(path: Path, module):
    try:
        return module.read(path)
    except Exception as error:  # a damaged file fails anywhere in zipfile, the XML parser or GDAL
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
        raise InputError("backup.unreadable", file=path.name, reason=reason) from None


def _decoded(table, sheet: str, header: list, rows: list, decoders, long_cells: dict, problems):
    kinds = {name: column_kind for name, column_kind, _ in columns(table)}
    decode = [decoders[kinds[column]] for column in header]
    mine: dict[int, list] = {}  # row -> [(column, text)] from `_cells`
    for (name, row, column), whole in long_cells.items():
        if name == sheet:
            mine.setdefault(row, []).append((column, whole))
    width, records = len(header), []
    for number, raw in enumerate(rows, start=1):
        raw = list(raw[:width]) + [None] * (width - len(raw))
        for column, whole in mine.get(number, ()):
            raw[header.index(column)] = whole
        try:
            records.append({column: None if value is None else convert(value)
                            for column, convert, value in zip(header, decode, raw)})
        except Exception:  # noqa: BLE001 — ValueError, TypeError, GEOSException...: find which
            for column, convert, value in zip(header, decode, raw):
                try:
                    None if value is None else convert(value)
                except Exception as error:  # noqa: BLE001
                    problems.append(InputError("backup.bad_value", table=table.name, row=number,
                                               column=column, reason=str(error)[:120]))
                    return records
    return records


def _validated(path: Path, fmt) -> tuple[dict, dict[str, list[dict]]]:
    """The file's `_about` and every table's records, typed; InputError listing what is wrong."""
    module, sheet_name, decode = fmt
    about, sheets, long_cells = _read(path, module)
    if about.get("format") != FORMAT:
        raise InputError("backup.not_backup", file=path.name)
    if about.get("revision") != head_revision():
        raise InputError("backup.other_revision", file=path.name, revision=about.get("revision"),
                         head=head_revision())
    problems, records = [], {}
    known = {sheet_name(table.name) for table in tables()}
    for sheet in sorted(set(sheets) - known):
        problems.append(InputError("backup.unknown_sheet", file=path.name, sheet=sheet))
    for table in tables():
        sheet = sheet_name(table.name)
        if sheet not in sheets:
            problems.append(InputError("backup.missing_sheet", file=path.name, sheet=sheet))
            continue
        header, rows = sheets[sheet]
        wanted = [name for name, _, _ in columns(table)]
        missing, extra = [c for c in wanted if c not in header], [c for c in header if c not in wanted]
        if missing or extra or len(set(header)) != len(header):
            problems.append(InputError("backup.bad_columns", table=table.name,
                                       missing=", ".join(missing) or "—",
                                       extra=", ".join(map(str, extra)) or "—"))
            continue
        expected = about.get(f"rows.{table.name}")
        if expected != str(len(rows)):
            problems.append(InputError("backup.row_count", table=table.name, found=len(rows),
                                       expected=expected or "?"))
            continue
        records[table.name] = _decoded(table, sheet, header, rows, decode, long_cells, problems)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)
    return about, records


def _require_empty(session: Session) -> None:
    if _revision(session) != head_revision():
        raise InputError("backup.not_migrated", head=head_revision())
    for table in tables():
        if session.execute(select(literal(1)).select_from(table).limit(1)).first():
            raise InputError("backup.not_empty", table=table.name)


def _reset_sequences(session: Session) -> None:
    """PostgreSQL hands out ids from a sequence that rows written with their own id do not move:
    set each to the largest id, so the next row gets the next one."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or kind(keys[0]) != "int":
            continue
        name, key = f'"{table.name}"', f'"{keys[0].name}"'
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:table, :key), COALESCE(MAX({key}), 1), "
            f"MAX({key}) IS NOT NULL) FROM {name}"), {"table": name, "key": keys[0].name})


@writes
def import_all(session: Session, actor: Actor, path) -> dict[str, int]:
    """Restore a backup into an empty database at the same schema revision: everything is
    checked first, then written in this one transaction (all or nothing), with the ids it had.
    Returns the rows per table."""
    require_role(actor, "staff", action="action.restore")
    path, fmt = _format(path)
    if not path.is_file():
        raise InputError("backup.no_file", file=str(path))
    _require_empty(session)
    about, records = _validated(path, fmt)
    for table in tables():
        rows = records[table.name]
        try:
            for start in range(0, len(rows), BATCH):
                session.execute(insert(table), rows[start:start + BATCH])
        except (IntegrityError, DataError) as error:
            reason = str(error.orig).strip().splitlines()[0][:200]
            raise InputError("backup.refused", file=path.name, table=table.name,
                             reason=reason) from None
    if session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)
    counts = {name: len(rows) for name, rows in records.items()}
    record(session, actor, "backup.restore", "database", None, after={
        "file": path.name, "exported_at": about.get("exported_at"), "basin": about.get("basin"),
        "rows": sum(counts.values())})
    return counts

