"""Signboards: the supervising staff member of each village, and how staff are named on them.

village_supervisors names, row by row, the staff account supervising a village's segments (the
latest row is current); a staff account gains the name and office phone shown on the signboards
(empty for existing accounts).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as table:
        table.add_column(sa.Column("display_name", sa.String(100), nullable=False,
                                   server_default=""))
        table.add_column(sa.Column("phone", sa.String(40), nullable=False, server_default=""))
    op.create_table(
        "village_supervisors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("village_id", sa.Integer, sa.ForeignKey("villages.id"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("set_by", sa.String(100), nullable=False),
        sa.Column("set_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_village_supervisors_village_id", "village_supervisors", ["village_id"])


def downgrade() -> None:
    op.drop_table("village_supervisors")
    with op.batch_alter_table("users") as table:
        table.drop_column("phone")
        table.drop_column("display_name")
