"""Peer evaluation (群众评群众): rounds, offers, ratings, results and collusion flags.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DIMENSIONS = ("flow", "water", "banks", "scenery", "harmony")


def _key(name: str, table: str) -> sa.Column:
    return sa.Column(name, sa.Integer, sa.ForeignKey(f"{table}.id"), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "evaluation_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("offers_per_household", sa.Integer, nullable=False),
        sa.Column("radius_m", sa.Float),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_by", sa.String(100)),
        sa.Column("closed_at", sa.DateTime),
    )
    op.create_table("round_segments", _key("round_id", "evaluation_rounds"),
                    _key("segment_id", "segments"))
    op.create_table("round_offers", _key("round_id", "evaluation_rounds"),
                    _key("household_id", "households"), _key("segment_id", "segments"))
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("evaluation_rounds.id"), nullable=False),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id"), nullable=False),
        sa.Column("household_id", sa.Integer, sa.ForeignKey("households.id"), nullable=False),
        sa.Column("custodian_household_id", sa.Integer, sa.ForeignKey("households.id")),
        *(sa.Column(d, sa.Integer, nullable=False) for d in DIMENSIONS),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("photo_path", sa.String(200)),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("round_id", "segment_id", "household_id"),
    )
    for column in ("round_id", "segment_id", "household_id"):
        op.create_index(f"ix_ratings_{column}", "ratings", [column])
    op.create_table(
        "round_results",
        _key("round_id", "evaluation_rounds"),
        _key("segment_id", "segments"),
        sa.Column("custodian_household_id", sa.Integer, sa.ForeignKey("households.id")),
        sa.Column("n_ratings", sa.Integer, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("ci_low", sa.Float),
        sa.Column("ci_high", sa.Float),
        sa.Column("plain_mean", sa.Float),
    )
    op.create_table(
        "collusion_flags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("evaluation_rounds.id"), nullable=False),
        sa.Column("rater_a", sa.Integer, sa.ForeignKey("households.id"), nullable=False),
        sa.Column("rater_b", sa.Integer, sa.ForeignKey("households.id"), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
    )
    op.create_index("ix_collusion_flags_round_id", "collusion_flags", ["round_id"])


def downgrade() -> None:
    for table in ("collusion_flags", "round_results", "ratings", "round_offers", "round_segments",
                  "evaluation_rounds"):
        op.drop_table(table)
