"""The foundation: basin geometry, households, segments, custody, users, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

from watershed.store.geometry import Geometry

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GEOMETRY_TABLES = {"channels": "geom", "ponds": "geom", "sources": "geom", "segments": "geom"}


def _bbox():
    return [sa.Column(name, sa.Float, nullable=False) for name in ("minx", "miny", "maxx", "maxy")]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    op.create_table(
        "basins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("synthetic", sa.Boolean, nullable=False),
        sa.Column("boundary", Geometry),
        sa.Column("area_km2", sa.Float),
        sa.Column("source_crs", sa.String(80)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "villages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("basin_id", sa.Integer, sa.ForeignKey("basins.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.UniqueConstraint("basin_id", "name"),
    )
    op.create_table(
        "villager_groups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("village_id", sa.Integer, sa.ForeignKey("villages.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.UniqueConstraint("village_id", "name"),
    )
    op.create_table(
        "households",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(60), nullable=False, unique=True),
        sa.Column("head_name", sa.String(100), nullable=False),
        sa.Column("group_id", sa.Integer, sa.ForeignKey("villager_groups.id"), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_households_group_id", "households", ["group_id"])
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("basin_id", sa.Integer, sa.ForeignKey("basins.id"), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("parent_code", sa.String(60), nullable=False),
        sa.Column("geom", Geometry, nullable=False),
        sa.Column("length_m", sa.Float, nullable=False),
        sa.Column("source_crs", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        *_bbox(),
        sa.UniqueConstraint("basin_id", "code"),
    )
    op.create_table(
        "ponds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("basin_id", sa.Integer, sa.ForeignKey("basins.id"), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("geom", Geometry, nullable=False),
        sa.Column("area_m2", sa.Float, nullable=False),
        sa.Column("source_crs", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        *_bbox(),
        sa.UniqueConstraint("basin_id", "code"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("basin_id", sa.Integer, sa.ForeignKey("basins.id"), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("geom", Geometry, nullable=False),
        sa.Column("source_crs", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("basin_id", "code"),
    )
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel_id", sa.Integer, sa.ForeignKey("channels.id"), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("start_m", sa.Float, nullable=False),
        sa.Column("end_m", sa.Float, nullable=False),
        sa.Column("length_m", sa.Float, nullable=False),
        sa.Column("geom", Geometry, nullable=False),
        sa.Column("village_id", sa.Integer, sa.ForeignKey("villages.id")),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("retired_at", sa.DateTime),
        *_bbox(),
    )
    op.create_index("ix_segments_channel_id", "segments", ["channel_id"])
    op.create_index("ix_segments_code", "segments", ["code"])
    op.create_index(
        "uq_segments_live_code",
        "segments",
        ["channel_id", "seq"],
        unique=True,
        sqlite_where=sa.text("retired_at IS NULL"),
        postgresql_where=sa.text("retired_at IS NULL"),
    )
    op.create_index("ix_segments_bbox", "segments", ["minx", "miny", "maxx", "maxy"])
    op.create_table(
        "custodies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id"), nullable=False),
        sa.Column("household_id", sa.Integer, sa.ForeignKey("households.id"), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("end_reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_custodies_segment_id", "custodies", ["segment_id"])
    op.create_index("ix_custodies_household_id", "custodies", ["household_id"])
    op.create_index(
        "uq_custodies_current_role",
        "custodies",
        ["segment_id", "role"],
        unique=True,
        sqlite_where=sa.text("end_date IS NULL"),
        postgresql_where=sa.text("end_date IS NULL"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(60), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("household_id", sa.Integer, sa.ForeignKey("households.id")),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(80)),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])

    if postgres:
        for table, column in GEOMETRY_TABLES.items():
            op.create_index(f"gix_{table}_{column}", table, [column], postgresql_using="gist")


def downgrade() -> None:
    for table in (
        "audit_log",
        "users",
        "custodies",
        "segments",
        "sources",
        "ponds",
        "channels",
        "households",
        "villager_groups",
        "villages",
        "basins",
    ):
        op.drop_table(table)
