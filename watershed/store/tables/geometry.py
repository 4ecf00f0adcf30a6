"""The basin's channels and water sources, and the custody segments channels are cut into."""

import secrets
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from watershed.store.geometry import Geometry
from watershed.store.tables.base import BBoxMixin, Base


class Channel(BBoxMixin, Base):
    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("basin_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    basin_id: Mapped[int] = mapped_column(ForeignKey("basins.id"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40), default="")
    parent_code: Mapped[str] = mapped_column(String(60), default="")
    geom = mapped_column(Geometry, nullable=False)
    length_m: Mapped[float] = mapped_column(Float)
    source_crs: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Source(Base):
    """A point where water enters the basin's network."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("basin_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    basin_id: Mapped[int] = mapped_column(ForeignKey("basins.id"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200), default="")
    geom = mapped_column(Geometry, nullable=False)
    source_crs: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


def public_token() -> str:
    """The secret half of a segment's public address (its QR code): 72 random bits, so the
    pages of a basin cannot be read one after another by counting codes."""
    return secrets.token_urlsafe(9)


class Segment(BBoxMixin, Base):
    """A custody segment: a piece of one channel, numbered upstream to downstream."""

    __tablename__ = "segments"
    __table_args__ = (
        # Codes are reused when a channel is re-cut; only segments in service must be unique.
        Index(
            "uq_segments_live_code",
            "channel_id",
            "seq",
            unique=True,
            sqlite_where=text("retired_at IS NULL"),
            postgresql_where=text("retired_at IS NULL"),
        ),
        Index("ix_segments_bbox", "minx", "miny", "maxx", "maxy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"), index=True)
    code: Mapped[str] = mapped_column(String(80), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    start_m: Mapped[float] = mapped_column(Float)
    end_m: Mapped[float] = mapped_column(Float)
    length_m: Mapped[float] = mapped_column(Float)
    geom = mapped_column(Geometry, nullable=False)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    public_token: Mapped[str] = mapped_column(String(16), default=public_token)

    channel: Mapped[Channel] = relationship()
