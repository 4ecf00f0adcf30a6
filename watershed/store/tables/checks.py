"""Custodians' checks (巡查) of their segments, and the photos that come with them."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from watershed.store.tables.base import Base


class Check(Base):
    """A custodian's check (巡查) of a segment: five answers, a note, photos. Never edited."""

    __tablename__ = "checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), index=True)
    # The custodian household; null when staff checked a segment nobody keeps.
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    user_name: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC, when the check was made
    flow: Mapped[str] = mapped_column(String(10))  # good | problem
    water: Mapped[str] = mapped_column(String(10))
    banks: Mapped[str] = mapped_column(String(10))
    scenery: Mapped[str] = mapped_column(String(10))
    harmony: Mapped[str] = mapped_column(String(10))
    problems: Mapped[dict] = mapped_column(JSON)  # {dimension: category} for each problem
    note: Mapped[str] = mapped_column(Text, default="")
    on_site: Mapped[bool | None] = mapped_column(Boolean)  # None: no photo with a position
    created_at: Mapped[datetime] = mapped_column(DateTime)

    photos: Mapped[list["CheckPhoto"]] = relationship(order_by="CheckPhoto.id")


class CheckPhoto(Base):
    """A photo of a check, stored once by its SHA-256 under the photo folder."""

    __tablename__ = "check_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(String(200))  # relative to the photo folder, with /
    filename: Mapped[str] = mapped_column(String(255), default="")  # as the phone named it
    reused: Mapped[bool] = mapped_column(Boolean)  # the same bytes came with an earlier check
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)  # UTC, from EXIF
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)  # from the segment
