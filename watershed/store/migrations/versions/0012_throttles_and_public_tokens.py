"""Waits after wrong passwords per user name and client instead of a lock on the account (a
stranger could lock anyone out), and a random token in every segment's public address.

users.failed_logins and users.locked_until go: the count now lives per client in
login_throttles. Every segment gets its public_token here (as the model makes them: 72 random
bits), new ones from the model.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(60), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.DateTime, nullable=False),
        sa.Column("blocked_until", sa.DateTime),
        sa.UniqueConstraint("username", "client"),
    )
    with op.batch_alter_table("users") as table:
        table.drop_column("failed_logins")
        table.drop_column("locked_until")
    with op.batch_alter_table("segments") as table:
        table.add_column(sa.Column("public_token", sa.String(16)))
    segments = sa.table("segments", sa.column("id", sa.Integer),
                        sa.column("public_token", sa.String))
    connection = op.get_bind()
    ids = connection.execute(sa.select(segments.c.id)).scalars().all()
    if ids:
        connection.execute(
            segments.update().where(segments.c.id == sa.bindparam("segment_id"))
            .values(public_token=sa.bindparam("token")),
            [{"segment_id": id_, "token": secrets.token_urlsafe(9)} for id_ in ids])
    with op.batch_alter_table("segments") as table:
        table.alter_column("public_token", existing_type=sa.String(16), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("segments") as table:
        table.drop_column("public_token")
    with op.batch_alter_table("users") as table:
        table.add_column(sa.Column("failed_logins", sa.Integer, nullable=False,
                                   server_default="0"))
        table.add_column(sa.Column("locked_until", sa.DateTime))
    op.drop_table("login_throttles")
