"""The basin, its villages, villager groups and households."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from watershed.store.geometry import Geometry
from watershed.store.tables.base import Base


class Basin(Base):
    __tablename__ = "basins"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    boundary = mapped_column(Geometry, nullable=True)
    area_km2: Mapped[float | None] = mapped_column(Float)
    source_crs: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Village(Base):
    __tablename__ = "villages"
    __table_args__ = (UniqueConstraint("basin_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    basin_id: Mapped[int] = mapped_column(ForeignKey("basins.id"))
    name: Mapped[str] = mapped_column(String(100))


class Group(Base):
    """A villager group (村民小组)."""

    __tablename__ = "villager_groups"
    __table_args__ = (UniqueConstraint("village_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    name: Mapped[str] = mapped_column(String(100))

    village: Mapped[Village] = relationship()


class Household(Base):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    head_name: Mapped[str] = mapped_column(String(100))
    group_id: Mapped[int] = mapped_column(ForeignKey("villager_groups.id"), index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    members: Mapped[int] = mapped_column(Integer)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    group: Mapped[Group] = relationship()
