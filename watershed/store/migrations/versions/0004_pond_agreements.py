"""Ponds: the owner's agreement date and the compensation paid, for the campaign to clear them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ponds") as table:
        table.add_column(sa.Column("agreement_date", sa.Date))
        table.add_column(sa.Column("compensation_yuan", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("ponds") as table:
        table.drop_column("compensation_yuan")
        table.drop_column("agreement_date")
