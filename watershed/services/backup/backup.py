"""The full backup (`watershed backup` / `watershed restore`): every table of the schema into one
file, and back into an empty database, keeping every value and every primary key.

By the file's suffix: `.xlsx`, a workbook with one sheet per table (the registers, readable by a
clerk; _xlsx.py), or `.gpkg`, a GeoPackage with one layer per table (the exact archive, readable
by QGIS; _gpkg.py). Both hold `_about`: the format, the schema revision (Alembic), the
time of the export, the basin's code, the rows of each table, the state of the audit chain, and
the signature; and end with `_manifest`, a hash of every row (_signing.py). A restore refuses a
file whose signature or any row's hash fails, naming the table and the row, before writing
anything; a file signed by another installation only with `accept_unsigned`, after the caller
was shown what differs, and audited so. Both ways the rows stream, a batch at a time, never a
whole table in memory: the export as it reads the database, the restore reading the file twice,
to check it and then to write it (_restore.py).

The password hashes of the accounts are left out (written empty, so nobody can log in to a
restored copy until staff set passwords) unless `with_accounts`. Writing a backup and restoring
one each leave an audit row; writing one first walks the audit chain and records what it found
(a broken chain is written and reported, not refused: a backup is most needed when something
went wrong).

The tables are those of `Base.metadata` (but the login sessions and the audit chain's head), in
foreign-key order: a table added to the schema is backed up without a change here (and
tests/test_backup.py fails if one of its columns has a type _cells.py does not know). Photos are
files in the photo folder, not rows: the archive holds their names and SHA-256 hashes
(check_photos), and the photo folder is copied apart.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import literal, select, text
from sqlalchemy.orm import Session

from watershed.errors import InputError
from watershed.services.backup import _gpkg as backup_gpkg
from watershed.services.backup import _restore
from watershed.services.backup import _signing as signing
from watershed.services.backup import _xlsx as backup_xlsx
from watershed.services.backup._cells import (FROM_GEOPACKAGE, FROM_WORKBOOK, columns,
                                              key_positions, kind, tables)
from watershed.services.common import audit
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.clock import now
from watershed.services.common.transaction import reads, writes
from watershed.store.migrate import head_revision
from watershed.store.tables import Basin

FORMAT = "watershed-backup-2"
# suffix -> (module writing and reading it, its sheet/layer name of a table, cell decoders)
FORMATS = {
    ".xlsx": (backup_xlsx, backup_xlsx.sheet_name, FROM_WORKBOOK),
    ".gpkg": (backup_gpkg, lambda name: name, FROM_GEOPACKAGE),
}
READ_BATCH = 10_000  # rows read from the database at a time on export
SECRET_COLUMNS = {"users": "password_hash"}  # left empty unless with_accounts


@dataclass(frozen=True)
class Written:
    """What `export_all` wrote: rows per table, the audit chain as found, the signature."""
    counts: dict[str, int]
    chain: audit.ChainReport
    signature: str
    with_accounts: bool


@dataclass(frozen=True)
class Restored:
    """What `import_all` wrote: rows per table, what differed from the signed manifest (empty
    unless accept_unsigned; the first _signing.MAX_KEPT), the restored audit chain, whether
    password hashes came along."""
    counts: dict[str, int]
    chain: audit.ChainReport
    with_accounts: bool
    differences: list = field(default_factory=list)
    differing: int = 0  # every difference, counted (`differences` keeps the first ones)


def ensure_secret() -> Path:
    """The installation's secret file, made now if there is none yet (`watershed init`)."""
    path = signing.secret_path()
    signing.secret()  # refuses a file that is there but holds no secret
    return path


def _format(path):
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise InputError("backup.bad_suffix", file=path.name, suffixes=", ".join(FORMATS))
    return path, FORMATS[path.suffix.lower()]


def _revision(session: Session) -> str | None:
    return MigrationContext.configure(session.connection()).get_current_revision()


def _chain_state(chain: audit.ChainReport) -> str:
    return "intact" if chain.intact else f"broken at row {chain.params.get('row')} ({chain.problem})"


def _streamed(session: Session, table, with_accounts: bool):
    """The table's rows in key order, READ_BATCH at a time from the database (a server-side
    cursor on PostgreSQL), the password hashes blanked unless `with_accounts`."""
    secret = None if with_accounts else SECRET_COLUMNS.get(table.name)
    at = [column.name for column in table.columns].index(secret) if secret else None
    result = session.execute(select(table).order_by(*table.primary_key.columns),
                             execution_options={"yield_per": READ_BATCH})
    for row in result:
        row = tuple(row)
        yield row if at is None else row[:at] + ("",) + row[at + 1:]


@reads
def _export(session: Session, with_accounts: bool, key: bytes, module, path: Path):
    """Write every table to `path` from one snapshot, table by table as the rows come, then
    `_about` (row counts and the signature over the manifest, known only at the end)."""
    if session.get_bind().dialect.name == "postgresql":  # one snapshot for every table
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    # A pass of its own over the log (paged, in the same snapshot): the chain check pulls its
    # rows as the file writer pulls them, and both cannot pull from one stream.
    chain = audit.check_log(session)
    basin = session.scalars(select(Basin.code).order_by(Basin.id)).first()
    head = {"format": FORMAT, "revision": _revision(session) or "",
            "exported_at": now().isoformat(), "basin": basin or ""}
    manifest = signing.Manifest()

    def data():
        for table in tables():
            cols = columns(table)
            yield str(table.name), cols, manifest.passing(
                str(table.name), cols, key_positions(table),
                _streamed(session, table, with_accounts))
        yield signing.SHEET, signing.HEADER, manifest.lines()

    signed: dict[str, str] = {}  # `_about`, as the writer wrote it

    def about():
        signed.update(head)
        signed.update({f"rows.{name}": str(count) for name, count in manifest.counts.items()})
        signed.update({"accounts": "with password hashes" if with_accounts
                       else "without password hashes", "audit.chain": _chain_state(chain),
                       "audit.head": chain.head_hash, "signed_by": signing.installation(key)})
        signed["signature"] = signing.signature(key, signed, manifest.lines())
        return signed

    try:
        module.write(path, data(), about)
    finally:
        manifest.close()
    return signed, dict(manifest.counts), chain


@writes
def _record_written(session: Session, actor: Actor, path: Path, about: dict, rows: int) -> None:
    audit.record(session, actor, "backup.write", "database", None, after={
        "file": path.name, "rows": rows, "accounts": about["accounts"],
        "audit_chain": about["audit.chain"], "signature": about["signature"][:16]})


def export_all(target, actor: Actor, path, with_accounts: bool = False) -> Written:
    """Write every table to `path` (.xlsx or .gpkg), signed, then record that it was written.
    Written to a temporary file first: a failed export leaves no half file behind."""
    require_role(actor, "staff", action="action.backup")
    path, (module, _, _) = _format(path)
    if path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        about, counts, chain = _export(target, with_accounts, signing.secret(), module, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    _record_written(target, actor, path, about, sum(counts.values()))
    return Written(counts, chain, about["signature"], with_accounts)


def _check_about(path: Path, about: dict) -> None:
    """Refuse a file that is no backup, or one of another format or schema revision."""
    if about.get("format") != FORMAT:
        if about.get("format", "").startswith("watershed-backup-"):
            raise InputError("backup.other_revision", file=path.name,
                             revision=about.get("revision"), head=head_revision())
        raise InputError("backup.not_backup", file=path.name)
    if about.get("revision") != head_revision():
        raise InputError("backup.other_revision", file=path.name, revision=about.get("revision"),
                         head=head_revision())


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
def import_all(session: Session, actor: Actor, path, accept_unsigned: bool = False,
               shown=None) -> Restored:
    """Restore a backup into an empty database at the same schema revision: everything is
    checked first, then written in this one transaction (all or nothing), with the ids it had.
    A file whose signature or rows do not check is refused, unless `accept_unsigned` (staff
    restoring another installation's file): then `shown(differences)` is called before anything
    is written, and the restore's audit row lists them."""
    require_role(actor, "staff", action="action.restore")
    path, fmt = _format(path)
    if not path.is_file():
        raise InputError("backup.no_file", file=str(path))
    _require_empty(session)
    with _restore.opened(path, fmt[0]) as archive:
        about = archive.about
        _check_about(path, about)
        found, differing = _restore.checked(path, archive, fmt)
        if found and not accept_unsigned:
            raise InputError(found[0].key, problems=found, **found[0].params)
        if accept_unsigned and shown is not None:
            shown(found)
        counts, last_link = _restore.write_rows(session, path, archive, fmt)
    if session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)
    if last_link:  # the restored log goes on from its own newest link
        audit.set_head(session, *last_link)
    chain = audit.check_log(session)
    with_accounts = about.get("accounts") == "with password hashes"
    after = {"file": path.name, "exported_at": about.get("exported_at"),
             "basin": about.get("basin"), "rows": sum(counts.values()),
             "accounts": about.get("accounts"), "audit_chain": _chain_state(chain)}
    if accept_unsigned:
        after |= {"signed_by": about.get("signed_by"), "differences": differing,
                  "first_differences": [str(problem) for problem in found[:20]]}
    audit.record(session, actor, "backup.restore_unsigned" if accept_unsigned
                 else "backup.restore", "database", None, after=after)
    return Restored(counts, chain, with_accounts, found, differing)
