"""The audit log: who did what, when, with the state before and after, as a hash chain.

A service's `record` does not write at once: the rows wait in the session and are chained and
written when its transaction commits (the `before_commit` hook below). That is the latest moment
there is, and it matters on PostgreSQL: appending locks the chain's head row (audit_chain) until
the commit, so the head lock is the last lock a transaction takes and the appender holding it
never waits for a row another writer holds (no deadlock), and two writers can never chain onto
the same row (no fork). The service's own rows are flushed before the lock for the same reason.
Under REPEATABLE READ or SERIALIZABLE a head moved by another commit makes PostgreSQL refuse the
lock (a serialization failure) rather than give a stale head. On SQLite every write transaction
holds the database's one write lock from BEGIN IMMEDIATE, so appends are serialised already.
On PostgreSQL a person's write appends in one round trip: the head locked, the id drawn, the row
hashed by the server, written, and the head moved onto it (`_ONE_ROW`).

Rows are read back (e.g. `undo_join`) only from earlier transactions, never from the one writing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import bindparam, event, func, insert, select, text, update
from sqlalchemy.orm import Session

from watershed.catalogue import text as text_of
from watershed.services.common.actors import Actor
from watershed.services.common.clock import now
from watershed.services.common.transaction import reads
from watershed.store.database import insert_or_skip, note_written
from watershed.store.tables import AuditChain, AuditEntry
from watershed.store.tables.common import GENESIS, audit_row_hash, audit_row_text_around

PENDING = "watershed.audit_pending"  # key in Session.info
HEAD_ID = 1
BATCH = 5_000


def entry(actor: Actor, action: str, entity: str, entity_id=None, before: dict | None = None,
          after: dict | None = None, at: datetime | None = None) -> dict:
    return dict(at=at or now(), actor=actor.name, action=action, entity=entity,
                entity_id=None if entity_id is None else str(entity_id), before=before, after=after)


def record(session: Session, actor: Actor, action: str, entity: str, entity_id=None,
           before: dict | None = None, after: dict | None = None) -> None:
    record_all(session, [entry(actor, action, entity, entity_id, before, after)])


def record_all(session: Session, entries: list[dict]) -> None:
    """Queue audit rows, written and chained in one statement when the transaction commits (a
    re-cut may touch 100,000 segments)."""
    if entries:
        session.info.setdefault(PENDING, []).extend(entries)


def _stored(moment: datetime) -> datetime:
    """A moment as the DateTime column gives it back: UTC without a zone, to the microsecond."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def head(session: Session, lock: bool = False) -> tuple[int, str] | None:
    """(id, hash) of the newest chained row as audit_chain records it."""
    query = select(AuditChain.last_id, AuditChain.last_hash).where(AuditChain.id == HEAD_ID)
    found = session.execute(query.with_for_update() if lock else query).first()
    return None if found is None else (found[0], found[1])


def set_head(session: Session, last_id: int | None, last_hash: str) -> None:
    """Point the head at a row (a restore, after writing the archive's log as it was)."""
    session.execute(AuditChain.__table__.delete())
    if last_id is not None:
        session.execute(insert(AuditChain.__table__).values(id=HEAD_ID, last_id=last_id,
                                                            last_hash=last_hash))


def _on_postgresql(session: Session) -> bool:
    return session.connection().dialect.name == "postgresql"


def _locked_head(session: Session) -> tuple[int, str]:
    found = head(session, lock=True)
    if found is not None:
        return found
    # No head yet (an empty database): start it where the log ends. Two first writers at once both
    # get here; the head row's primary key lets one insert and makes the other wait, then insert
    # nothing (ON CONFLICT DO NOTHING), so it goes on to lock the row the first one wrote.
    last = session.execute(select(AuditEntry.id, AuditEntry.row_hash)
                           .where(AuditEntry.row_hash.is_not(None))
                           .order_by(AuditEntry.id.desc()).limit(1)).first()
    start = (last[0], last[1]) if last else (0, GENESIS)
    session.execute(insert_or_skip(session, AuditChain.__table__)
                    .values(id=HEAD_ID, last_id=start[0], last_hash=start[1]))
    return head(session, lock=True)


def _new_ids(session: Session, count: int, after: int) -> list[int]:
    if _on_postgresql(session):
        return sorted(session.scalars(text(
            "SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) "
            "FROM generate_series(1, :count)"), {"count": count}))
    first = max(session.scalar(select(func.max(AuditEntry.id))) or 0, after) + 1
    return list(range(first, first + count))


# The head locked and the new rows' ids drawn in one round trip: the ids are drawn for the rows
# of the join, so only once the head's row, and its lock, are had.
_HEAD_AND_IDS = text(
    "WITH head AS (SELECT last_id, last_hash FROM audit_chain WHERE id = :head FOR UPDATE) "
    "SELECT head.last_id, head.last_hash, nextval(pg_get_serial_sequence('audit_log', 'id')) "
    "FROM head, generate_series(1, :count)")


def _head_and_ids(session: Session, count: int) -> tuple[int, str, list[int]]:
    """The head, locked, and `count` new ids for the rows chained after it."""
    if _on_postgresql(session):
        drawn = session.execute(_HEAD_AND_IDS, {"head": HEAD_ID, "count": count}).all()
        if drawn:
            return drawn[0][0], drawn[0][1], sorted(row[2] for row in drawn)
    last_id, prev = _locked_head(session)
    return last_id, prev, _new_ids(session, count, last_id)


def _write(session: Session, rows: list[dict]) -> None:
    """Insert the chained rows and move the head onto the last."""
    for start in range(0, len(rows), BATCH):
        session.execute(insert(AuditEntry.__table__), rows[start:start + BATCH])
    session.execute(update(AuditChain.__table__).where(AuditChain.id == HEAD_ID)
                    .values(last_id=rows[-1]["id"], last_hash=rows[-1]["row_hash"]))


# What a person's write appends, one row, in one round trip on PostgreSQL (a write in a WITH,
# which SQLite cannot run): the head locked, the row's id drawn once the lock is had, its hash
# made by the server over the text audit_row_hash hashes (the parts around the id and the head's
# hash made here), the row written and the head moved onto it: one round trip, not two.
_ONE_ROW = text(
    "WITH head AS (SELECT last_hash FROM audit_chain WHERE id = :head FOR UPDATE), "
    "drawn AS (SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id, "
    "last_hash AS prev FROM head), "
    "hashed AS (SELECT id, prev, encode(sha256(convert_to(CAST(:first AS text) || id "
    "|| CAST(:middle AS text) || prev || CAST(:last AS text), 'UTF8')), 'hex') AS row_hash "
    "FROM drawn), "
    "appended AS (INSERT INTO audit_log "
    "(id, at, actor, action, entity, entity_id, before, after, prev_hash, row_hash) "
    "SELECT id, CAST(:at AS timestamp), :actor, :action, :entity, :entity_id, "
    "CAST(:before AS json), CAST(:after AS json), prev, row_hash FROM hashed "
    "RETURNING id, row_hash) "
    "UPDATE audit_chain SET last_id = appended.id, last_hash = appended.row_hash "
    "FROM appended WHERE audit_chain.id = :head"
).bindparams(*(bindparam(name, type_=AuditEntry.__table__.c[name].type)
               for name in ("at", "before", "after")))


def _appended_in_one(session: Session, values: dict) -> bool:
    """Append one entry in one statement; False if there is no head yet (an empty database's
    first write), which the general way below starts."""
    row = {**values, "at": _stored(values["at"])}
    first, middle, last = audit_row_text_around(row)
    moved = session.execute(_ONE_ROW, {**row, "head": HEAD_ID, "first": first,
                                       "middle": middle, "last": last}).rowcount
    if moved:
        note_written(session, AuditEntry.__tablename__, 1)  # the events do not see it
    return bool(moved)


def _append(session: Session) -> None:
    entries = session.info.pop(PENDING, None)
    if not entries:
        return
    session.flush()  # the service's own row locks first, the head's last
    if len(entries) == 1 and _on_postgresql(session) and _appended_in_one(session, entries[0]):
        return
    _, prev, ids = _head_and_ids(session, len(entries))
    rows = []
    for number, values in zip(ids, entries):
        row = {**values, "id": number, "at": _stored(values["at"]), "prev_hash": prev}
        prev = row["row_hash"] = audit_row_hash(row, prev)
        rows.append(row)
    _write(session, rows)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    _append(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)  # a rolled-back write leaves no audit row either


@dataclass(frozen=True)
class ChainReport:
    """The walk along the chain: how many rows, the newest link, the first broken one if any.
    `problem` is a catalogue key (audit.*) and `params` fill it."""
    rows: int
    head_id: int | None
    head_hash: str
    problem: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return self.problem is None

    def message(self, lang: str | None = None) -> str:
        return "" if self.problem is None else text_of(self.problem, lang, **self.params)

    def as_dict(self) -> dict:
        return {"intact": self.intact, "rows": self.rows, "head_id": self.head_id,
                "head_hash": self.head_hash, "problem": self.problem, **self.params}


def check_chain(rows, recorded_head: tuple[int, str] | None) -> ChainReport:
    """Walk `rows` (in id order; each with the audit columns as keys or attributes) and report
    the first row whose hash or link is wrong; then compare the end with `recorded_head`
    (None: not recorded, so not compared)."""
    count, prev, prev_id = 0, GENESIS, None
    for row in rows:
        get = row.get if isinstance(row, Mapping) else lambda name, row=row: getattr(row, name)
        count += 1
        row_id = get("id")
        broken = None
        if get("row_hash") is None:
            broken = "audit.unchained"
        elif get("prev_hash") != prev:
            broken = "audit.first_missing" if prev_id is None else "audit.link_broken"
        elif audit_row_hash(row, prev) != get("row_hash"):
            broken = "audit.row_changed"
        if broken:
            return ChainReport(count, prev_id, prev, broken,
                               {"row": row_id, "previous": "—" if prev_id is None else prev_id})
        prev, prev_id = get("row_hash"), row_id
    if recorded_head is not None and recorded_head != (prev_id or 0, prev):
        return ChainReport(count, prev_id, prev, "audit.cut_short",
                           {"row": prev_id or 0, "head": recorded_head[0]})
    return ChainReport(count, prev_id, prev)


def _log(session: Session):
    after = 0
    while True:
        rows = session.execute(select(AuditEntry.__table__).where(AuditEntry.id > after)
                               .order_by(AuditEntry.id).limit(BATCH)).mappings().all()
        yield from rows
        if len(rows) < BATCH:
            return
        after = rows[-1]["id"]


def check_log(session: Session, rows=None) -> ChainReport:
    """The chain of this database's log (or of `rows`, the log as already read in this
    session), its end compared with the head recorded in audit_chain."""
    recorded = head(session)
    report = check_chain(_log(session) if rows is None else rows, recorded or (0, GENESIS))
    if report.problem == "audit.cut_short" and recorded is None:
        return ChainReport(report.rows, report.head_id, report.head_hash, "audit.no_head",
                           {"row": report.head_id})
    return report


@reads
def verify(session: Session) -> ChainReport:
    """Walk the whole audit log along its chain (`watershed audit verify`)."""
    return check_log(session)


@reads
def last_change(session: Session) -> int:
    """The id of the newest audit row: every write leaves one, so this number changes whenever
    the data does, whoever wrote it (a results cache keys on it: watershed.ui.wiring)."""
    return session.scalar(select(func.max(AuditEntry.id))) or 0
