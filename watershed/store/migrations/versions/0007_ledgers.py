"""Contributions (投工投劳) and the collective benefit ledger.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _key(table: str, column: str = "id") -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.{column}")


def upgrade() -> None:
    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.Integer, _key("households"), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("quantity", sa.Float),
        sa.Column("value_fen", sa.BigInteger),
        sa.Column("machine", sa.String(100), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("segment_id", sa.Integer, _key("segments")),
        sa.Column("campaign_id", sa.Integer, _key("campaigns")),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("withdrawn_by", sa.String(100)),
        sa.Column("withdrawn_at", sa.DateTime),
        sa.Column("withdrawn_reason", sa.Text, nullable=False),
    )
    op.create_index("ix_contributions_household_id", "contributions", ["household_id"])
    op.create_index("ix_contributions_day", "contributions", ["day"])
    op.create_table(
        "incomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("pond_id", sa.Integer, _key("ponds")),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_incomes_day", "incomes", ["day"])
    op.create_table(
        "distributions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("rule", sa.String(20), nullable=False),
        sa.Column("income_fen", sa.BigInteger, nullable=False),
        sa.Column("retained_fen", sa.BigInteger, nullable=False),
        sa.Column("distributed_fen", sa.BigInteger, nullable=False),
        sa.Column("households", sa.Integer, nullable=False),
        sa.Column("persons", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_distributions_day", "distributions", ["day"])
    op.create_table(
        "distributed_incomes",
        sa.Column("income_id", sa.Integer, _key("incomes"), primary_key=True),
        sa.Column("distribution_id", sa.Integer, _key("distributions"), nullable=False),
    )
    op.create_index("ix_distributed_incomes_distribution_id", "distributed_incomes",
                    ["distribution_id"])
    op.create_table(
        "shares",
        sa.Column("distribution_id", sa.Integer, _key("distributions"), primary_key=True),
        sa.Column("household_id", sa.Integer, _key("households"), primary_key=True),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_shares_household_id", "shares", ["household_id"])


def downgrade() -> None:
    for table in ("shares", "distributed_incomes", "distributions", "incomes", "contributions"):
        op.drop_table(table)
