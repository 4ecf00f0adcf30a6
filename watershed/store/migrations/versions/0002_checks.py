"""Custodian checks (巡查) and their photos.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id"), nullable=False),
        sa.Column("household_id", sa.Integer, sa.ForeignKey("households.id")),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("flow", sa.String(10), nullable=False),
        sa.Column("water", sa.String(10), nullable=False),
        sa.Column("banks", sa.String(10), nullable=False),
        sa.Column("scenery", sa.String(10), nullable=False),
        sa.Column("harmony", sa.String(10), nullable=False),
        sa.Column("problems", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("on_site", sa.Boolean),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_checks_segment_id", "checks", ["segment_id"])
    op.create_index("ix_checks_household_id", "checks", ["household_id"])
    op.create_index("ix_checks_at", "checks", ["at"])
    op.create_table(
        "check_photos",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("check_id", sa.Integer, sa.ForeignKey("checks.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("reused", sa.Boolean, nullable=False),
        sa.Column("taken_at", sa.DateTime),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("distance_m", sa.Float),
    )
    op.create_index("ix_check_photos_check_id", "check_photos", ["check_id"])
    op.create_index("ix_check_photos_sha256", "check_photos", ["sha256"])


def downgrade() -> None:
    op.drop_table("check_photos")
    op.drop_table("checks")
