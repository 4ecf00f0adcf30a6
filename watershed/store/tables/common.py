"""The audit log every part's writes leave a row in, chained so that an edit shows.

Each row carries the hash of the row before it (`prev_hash`) and its own (`row_hash`, over its
id, its content and `prev_hash`), so deleting, changing or renumbering a row breaks the chain at
that row (`watershed audit verify`). `audit_chain` holds the newest link: appends lock it, which
keeps two writers from chaining onto the same row, and a log cut short at its end no longer
reaches it. The hash is plain SHA-256 (anyone may check it, no secret needed); what anchors the
chain against someone rewriting all of it is the signed backup, which records the head.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from watershed.store.tables.base import Base

GENESIS = ""  # the prev_hash of the first row


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(80))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    # Null only on a row written around watershed.services.common.audit, which verify reports.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class AuditChain(Base):
    """One row (id 1): the id and hash of the newest chained audit row. Derived from the log, so
    not backed up: a restore sets it from the restored log."""
    __tablename__ = "audit_chain"
    __table_args__ = {"info": {"backup": False}}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


def _json(value) -> str:
    # Through JSON and back first: the database returns lists for tuples and text keys for numbers.
    plain = json.loads(json.dumps(value, ensure_ascii=False))
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _content(row) -> list:
    """What a row's hash covers but its id and the previous row's hash, in order."""
    get = row.get if isinstance(row, Mapping) else lambda name: getattr(row, name)
    return [get("at").isoformat(sep=" ", timespec="microseconds"), get("actor"), get("action"),
            get("entity"), get("entity_id"), _json(get("before")), _json(get("after"))]


def audit_row_hash(row, prev_hash: str) -> str:
    """SHA-256 (hex) of one audit row as the database gives it back, chained to `prev_hash`.
    `row`: anything with the columns as attributes or keys (a Row, a mapping, an AuditEntry)."""
    row_id = row["id"] if isinstance(row, Mapping) else row.id
    content = ["audit-1", int(row_id), *_content(row), prev_hash]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def audit_row_text_around(row) -> tuple[str, str, str]:
    """The text audit_row_hash hashes for `row` (its id and the previous hash not known yet), in
    the three parts around them: first + id + middle + previous hash + last. For a database that
    draws the id and reads the head itself, to append a row in one round trip; the escaping stays
    json.dumps's, since only digits and a hex digest go in between."""
    middle = json.dumps(_content(row), ensure_ascii=False)[1:-1]
    return '["audit-1", ', f', {middle}, "', '"]'
