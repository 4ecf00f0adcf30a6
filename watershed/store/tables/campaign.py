"""The dredging campaign (百日攻坚): works, progress entries and acceptances; ponds and live water."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from watershed.store.geometry import Geometry
from watershed.store.tables.base import BBoxMixin, Base


class Campaign(Base):
    """A dredging campaign (e.g. 百日攻坚): a start, a length in days, the segments in it."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    m3_per_metre: Mapped[float] = mapped_column(Float)  # the default planned silt per metre
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Work(Base):
    """The dredging of one segment in a campaign: what is planned and who does it. Its status
    is never stored: it follows from the progress entries and the acceptance."""

    __tablename__ = "works"
    __table_args__ = (UniqueConstraint("campaign_id", "segment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), index=True)
    planned_m3: Mapped[float] = mapped_column(Float)
    planned_bank_m: Mapped[float] = mapped_column(Float)
    team: Mapped[str] = mapped_column(String(20))  # contractor | volunteers | households
    team_name: Mapped[str] = mapped_column(String(100), default="")  # e.g. the contractor's name


class ProgressEntry(Base):
    """Work done on a day: silt removed, bank reinforced, and whether the segment is now done.
    Never edited: a correction is a new entry (negative amounts, or `state` not_done)."""

    __tablename__ = "progress_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("works.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    m3: Mapped[float] = mapped_column(Float)
    bank_m: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(10))  # progress | done | not_done
    note: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(200))
    corrects: Mapped[int | None] = mapped_column(ForeignKey("progress_entries.id"))
    user_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Acceptance(Base):
    """A staff member's acceptance (验收) of a done segment: who and when."""

    __tablename__ = "acceptances"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("works.id"), unique=True)
    day: Mapped[date] = mapped_column(Date)
    accepted_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


# Ponds and live water. A pond's outline comes in with the geometry import, as channels and
# sources do, but its life (status, owner, agreement, compensation) is the campaign's. The table
# also holds the reservoirs, lakes and river surfaces of a survey's water layer, by `kind`.


class Pond(BBoxMixin, Base):
    __tablename__ = "ponds"
    __table_args__ = (UniqueConstraint("basin_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    basin_id: Mapped[int] = mapped_column(ForeignKey("basins.id"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200), default="")
    owner: Mapped[str] = mapped_column(String(100), default="")
    # pond | reservoir | lake | river: only a pond blocks (watershed.domain.ponds)
    kind: Mapped[str] = mapped_column(String(20), default="pond", server_default="pond")
    # occupying -> negotiating -> cleared -> reconnected; kept, but meaningless, for other kinds
    status: Mapped[str] = mapped_column(String(20), default="occupying")
    geom = mapped_column(Geometry, nullable=False)
    area_m2: Mapped[float] = mapped_column(Float)
    agreement_date: Mapped[date | None] = mapped_column(Date)  # the owner's signed agreement
    compensation_yuan: Mapped[float | None] = mapped_column(Float)
    source_crs: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
