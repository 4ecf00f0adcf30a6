"""Who keeps which segment (分段包保), from a start date until an end date."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from watershed.store.tables.base import Base
from watershed.store.tables.geometry import Segment
from watershed.store.tables.places import Household


class Custody(Base):
    """A household keeping a segment from start_date until end_date (open while end_date is null)."""

    __tablename__ = "custodies"
    __table_args__ = (
        Index(
            "uq_custodies_current_role",
            "segment_id",
            "role",
            unique=True,
            sqlite_where=text("end_date IS NULL"),
            postgresql_where=text("end_date IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # primary | deputy
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    segment: Mapped[Segment] = relationship()
    household: Mapped[Household] = relationship()
