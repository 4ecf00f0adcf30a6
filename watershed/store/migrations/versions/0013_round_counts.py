"""A round keeps its own counts: segments and households offered from its opening, ratings,
raters and segments ranked from its closing. Counting them again over millions of offers and
ratings took 10 s at 100 times the demo on PostgreSQL, after every change anywhere; what a closed
round counts never changes. Rounds already there are counted here once.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COUNTS = ("segment_count", "household_count", "rating_count", "rater_count", "ranked_count")


def upgrade() -> None:
    with op.batch_alter_table("evaluation_rounds") as table:
        for name in COUNTS:
            table.add_column(sa.Column(name, sa.Integer))
    rounds = sa.table("evaluation_rounds", sa.column("id", sa.Integer),
                      sa.column("status", sa.String), *(sa.column(name, sa.Integer) for name in COUNTS))
    segments = sa.table("round_segments", sa.column("round_id", sa.Integer))
    offers = sa.table("round_offers", sa.column("round_id", sa.Integer),
                      sa.column("household_id", sa.Integer))
    ratings = sa.table("ratings", sa.column("round_id", sa.Integer),
                       sa.column("household_id", sa.Integer), sa.column("segment_id", sa.Integer))
    results = sa.table("round_results", sa.column("round_id", sa.Integer),
                       sa.column("score", sa.Float))

    def counted(table, what=None):
        return (sa.select(sa.func.count(what) if what is not None else sa.func.count())
                .where(table.c.round_id == rounds.c.id).scalar_subquery())

    op.execute(rounds.update().values(
        segment_count=counted(segments),
        household_count=counted(offers, sa.distinct(offers.c.household_id))))
    op.execute(rounds.update().where(rounds.c.status == "closed").values(
        rating_count=counted(ratings), rater_count=counted(ratings, sa.distinct(ratings.c.household_id)),
        ranked_count=counted(results, results.c.score)))


def downgrade() -> None:
    with op.batch_alter_table("evaluation_rounds") as table:
        for name in COUNTS:
            table.drop_column(name)
