"""Water bodies by kind: a pond, a reservoir, a lake or a river surface.

Only a pond blocks a channel; the ponds already stored were all imported as ponds, so they
become kind "pond".

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ponds") as table:
        table.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="pond"))


def downgrade() -> None:
    with op.batch_alter_table("ponds") as table:
        table.drop_column("kind")
