"""The audit log as a hash chain: prev_hash and row_hash on every row, the chain's head in
audit_chain, the rows already written chained in id order; on PostgreSQL a trigger refuses
UPDATE and DELETE on audit_log (TRUNCATE, which empties a whole database, stays allowed).

The hash is watershed.store.tables.common.audit_row_hash, whose content starts with its format
("audit-1"): a later change of format comes with a migration of its own that re-chains.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

from watershed.store.tables.common import GENESIS, audit_row_hash

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 5_000

# Statement-level, so that a DELETE or UPDATE is refused even when it matches no row. A rewrite
# that has to happen (a future migration) disables it by name, which only the table's owner may.
APPEND_ONLY = ("""
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'audit_log is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege',
        HINT = 'the audit log keeps every write; see watershed audit verify';
END
$$
""", """
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
""")

LOG = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
               sa.column("actor", sa.String), sa.column("action", sa.String),
               sa.column("entity", sa.String), sa.column("entity_id", sa.String),
               sa.column("before", sa.JSON), sa.column("after", sa.JSON),
               sa.column("prev_hash", sa.String), sa.column("row_hash", sa.String))


def _chain_existing(connection) -> tuple[int, str] | None:
    """Chain the rows already written, in id order; returns the head (id, hash), or None."""
    prev, last_id, after_id = GENESIS, None, 0
    while True:
        rows = connection.execute(sa.select(LOG).where(LOG.c.id > after_id)
                                  .order_by(LOG.c.id).limit(BATCH)).mappings().all()
        if not rows:
            break
        links = []
        for row in rows:
            digest = audit_row_hash(row, prev)
            links.append({"key": row["id"], "prev": prev, "digest": digest})
            prev, last_id = digest, row["id"]
        connection.execute(LOG.update().where(LOG.c.id == sa.bindparam("key"))
                           .values(prev_hash=sa.bindparam("prev"), row_hash=sa.bindparam("digest")),
                           links)
        after_id = last_id
    return None if last_id is None else (last_id, prev)


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64)))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(64)))
    chain = op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_id", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    connection = op.get_bind()
    head = _chain_existing(connection)
    if head is not None:
        op.bulk_insert(chain, [{"id": 1, "last_id": head[0], "last_hash": head[1]}])
    if connection.dialect.name == "postgresql":
        for statement in APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
