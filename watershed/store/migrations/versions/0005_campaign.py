"""The dredging campaign: campaigns, works per segment, progress entries, acceptances.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _key(table: str, column: str = "id") -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.{column}")


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("m3_per_metre", sa.Float, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "works",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, _key("campaigns"), nullable=False),
        sa.Column("segment_id", sa.Integer, _key("segments"), nullable=False),
        sa.Column("planned_m3", sa.Float, nullable=False),
        sa.Column("planned_bank_m", sa.Float, nullable=False),
        sa.Column("team", sa.String(20), nullable=False),
        sa.Column("team_name", sa.String(100), nullable=False),
        sa.UniqueConstraint("campaign_id", "segment_id"),
    )
    op.create_index("ix_works_campaign_id", "works", ["campaign_id"])
    op.create_index("ix_works_segment_id", "works", ["segment_id"])
    op.create_table(
        "progress_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("work_id", sa.Integer, _key("works"), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("m3", sa.Float, nullable=False),
        sa.Column("bank_m", sa.Float, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("photo_path", sa.String(200)),
        sa.Column("corrects", sa.Integer, _key("progress_entries")),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_progress_entries_work_id", "progress_entries", ["work_id"])
    op.create_index("ix_progress_entries_day", "progress_entries", ["day"])
    op.create_table(
        "acceptances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("work_id", sa.Integer, _key("works"), nullable=False, unique=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("accepted_by", sa.String(100), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("acceptances", "progress_entries", "works", "campaigns"):
        op.drop_table(table)
