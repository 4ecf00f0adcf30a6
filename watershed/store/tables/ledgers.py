"""Contributions (投工投劳) and the collective benefit ledger (watershed.domain.ledgers)."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from watershed.store.tables.base import Base


class Contribution(Base):
    """A household's contribution: labour (person-days), machine work (machine-hours), materials
    or money (value in fen). Never edited: a wrong entry is withdrawn with a reason and kept."""

    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # labour | machine | materials | money
    quantity: Mapped[float | None] = mapped_column(Float)  # person-days or machine-hours
    value_fen: Mapped[int | None] = mapped_column(BigInteger)  # materials and money
    machine: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(String(200), default="")
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(100))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")


class Income(Base):
    """Income from a collective asset (a leased pond, fishing rights), in fen."""

    __tablename__ = "incomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(20))  # pond_lease | fishing_rights | other
    pond_id: Mapped[int | None] = mapped_column(ForeignKey("ponds.id"))
    description: Mapped[str] = mapped_column(String(200), default="")
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Distribution(Base):
    """A distribution of the income not yet distributed: income_fen = distributed + retained."""

    __tablename__ = "distributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    rule: Mapped[str] = mapped_column(String(20))  # per_household | per_person
    income_fen: Mapped[int] = mapped_column(BigInteger)
    retained_fen: Mapped[int] = mapped_column(BigInteger)
    distributed_fen: Mapped[int] = mapped_column(BigInteger)
    households: Mapped[int] = mapped_column(Integer)
    persons: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DistributedIncome(Base):
    """Which distribution took an income (an income is distributed once: its id is the key)."""

    __tablename__ = "distributed_incomes"

    income_id: Mapped[int] = mapped_column(ForeignKey("incomes.id"), primary_key=True)
    distribution_id: Mapped[int] = mapped_column(ForeignKey("distributions.id"), index=True)


class Share(Base):
    """What one household received in one distribution, with the members count used."""

    __tablename__ = "shares"

    distribution_id: Mapped[int] = mapped_column(ForeignKey("distributions.id"), primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), primary_key=True,
                                              index=True)
    members: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
