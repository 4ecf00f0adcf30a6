"""The problem loop (发现→甄别→交办→办理→督办→评价): problems, their steps and photos.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _key(table: str, column: str = "id") -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.{column}")


def upgrade() -> None:
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer, _key("segments"), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("check_id", sa.Integer, _key("checks")),
        sa.Column("household_id", sa.Integer, _key("households")),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("found_at", sa.DateTime, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    for column in ("segment_id", "lon", "check_id", "household_id", "found_at"):
        op.create_index(f"ix_problems_{column}", "problems", [column])
    op.create_table(
        "problem_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("problem_id", sa.Integer, _key("problems"), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("household_id", sa.Integer, _key("households")),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_problem_steps_problem_id", "problem_steps", ["problem_id"])
    op.create_table(
        "problem_photos",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("step_id", sa.Integer, _key("problem_steps"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
    )
    op.create_index("ix_problem_photos_step_id", "problem_photos", ["step_id"])


def downgrade() -> None:
    for table in ("problem_photos", "problem_steps", "problems"):
        op.drop_table(table)
