"""Two requests at the same moment: how a service keeps them apart, and what the loser is told.

SQLite takes its write lock at BEGIN (IMMEDIATE, watershed.store.database), so writers there
run one after the other and every read inside a write is already fresh. PostgreSQL runs them side
by side at READ COMMITTED: two withdrawals of one entry both read "not withdrawn" and both write.
A service that reads a record in order to decide whether and how to change it therefore reads it
with `locked` (or a select through `locking`): the second request waits at that read until the
first commits, and then reads what the first wrote.

The lock is FOR NO KEY UPDATE, not FOR UPDATE: it keeps other changers out but lets rows that
merely point at the locked one (a check of a locked segment) be inserted meanwhile. Services take
it before they write anything, the audit row included: the audit append is serialised by a lock
of its own, and a row lock taken after it could wait on a request that waits on the audit.

Where a service relies on a constraint instead (a unique index that a concurrent insert meets),
or a lock was not taken, the database refuses the second write. `clash` turns that refusal into a
Conflict with a sentence, for every service at once (watershed.services.common.transaction).
"""

from sqlalchemy import Select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from watershed.catalogue import CATALOGUE
from watershed.errors import Conflict, InputError, WatershedError

_FOR_CHANGE = {"key_share": True}  # FOR NO KEY UPDATE on PostgreSQL; nothing on SQLite


def locked(session: Session, model, key, **options):
    """The row of `model` with primary key `key`, read afresh and held against other changers
    until this transaction ends; None if there is none."""
    return session.get(model, key, with_for_update=_FOR_CHANGE, populate_existing=True,
                       **options)


def locking(statement: Select, of=None) -> Select:
    """`statement`, holding the rows it returns as `locked` does; with `of`, only the rows of that
    table (a join that reads others along, an outer join whose missing side cannot be held)."""
    return (statement.with_for_update(of=of, **_FOR_CHANGE)
            .execution_options(populate_existing=True))


def holding(statement: Select, of=None) -> Select:
    """`statement`, its rows read afresh and kept from changing (FOR SHARE) until this transaction
    ends, while others may read and hold them too: for rows a write depends on but does not
    change (the round a rating is given in); with `of`, only the rows of that table."""
    return (statement.with_for_update(read=True, of=of)
            .execution_options(populate_existing=True))


# SQLSTATEs of PostgreSQL's refusals of a write that lost a race: a unique or exclusion
# constraint met, a referenced row gone; then a deadlock or a serialisation failure (the
# request was chosen to give way) and a lock not had in time.
_CONSTRAINT = {"23505", "23P01", "23503"}
_GAVE_WAY = {"40P01", "40001", "55P03"}


def _table(error: IntegrityError) -> str:
    """The table whose constraint refused the write, if the driver says."""
    diag = getattr(error.orig, "diag", None)
    if diag is not None:
        return diag.table_name or ""
    # SQLite: "UNIQUE constraint failed: custodies.segment_id, custodies.role"
    _, _, columns = str(error.orig).partition(": ")
    return columns.split(".")[0] if "." in columns else ""


def _sqlstate(error: DBAPIError) -> str:
    return getattr(error.orig, "sqlstate", None) or ""


def clash(error: DBAPIError) -> WatershedError | None:
    """The refusal a person reads for a database error that a concurrent request (or a text the
    database cannot hold) caused; None for any other error, which is a bug and stays one."""
    message = str(error.orig)
    if isinstance(error, IntegrityError):
        state = _sqlstate(error)
        if state == "23505" or message.startswith("UNIQUE constraint failed"):
            # The same row twice: the table says what someone else just did.
            key = f"clash.{_table(error)}"
            return Conflict(key if key in CATALOGUE else "clash.any")
        if state in _CONSTRAINT or message.startswith("FOREIGN KEY constraint failed"):
            return Conflict("clash.any")
        return None  # a NOT NULL or CHECK violation is the code's mistake, not a race
    if isinstance(error, OperationalError) and (
            _sqlstate(error) in _GAVE_WAY or "database is locked" in message):
        return Conflict("clash.busy")
    if isinstance(error, DataError) and "NUL" in message:
        # Text that reached the database without passing a service's arguments (a file's
        # cells); watershed.services.common.typed_text names the field when it can.
        return InputError("error.nul_in_text_unnamed")
    return None
