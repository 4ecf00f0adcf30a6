"""Peer evaluation (群众评群众): rounds, the segments and offers in them, ratings, results and
collusion flags."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from watershed.store.tables.base import Base


class EvaluationRound(Base):
    """A round of peer evaluation (群众评群众): households rate other households' segments.

    Open while households rate; closing it computes the results once and freezes it for good."""

    __tablename__ = "evaluation_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))  # open | closed
    offers_per_household: Mapped[int] = mapped_column(Integer)
    radius_m: Mapped[float | None] = mapped_column(Float)  # None: a household's own village
    seed: Mapped[int] = mapped_column(Integer)  # of the random draw of offers
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Counted once: segments and households offered when it opens, the rest when it closes
    # (None while open: counted as they come).
    segment_count: Mapped[int | None] = mapped_column(Integer)
    household_count: Mapped[int | None] = mapped_column(Integer)
    rating_count: Mapped[int | None] = mapped_column(Integer)
    rater_count: Mapped[int | None] = mapped_column(Integer)
    ranked_count: Mapped[int | None] = mapped_column(Integer)  # segments with a score


class RoundSegment(Base):
    """A segment in a round."""

    __tablename__ = "round_segments"

    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id"), primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), primary_key=True)


class RoundOffer(Base):
    """A segment a household is offered to rate in a round, drawn at random among its eligible
    ones; a household rates only what it is offered (so nobody picks friends)."""

    __tablename__ = "round_offers"

    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id"), primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), primary_key=True)


class Rating(Base):
    """One household's rating of one segment in one round (1-5 on each dimension). Changed in
    place while the round is open (the audit log keeps every version); the rater is never shown
    to custodians."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("round_id", "segment_id", "household_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)  # rater
    # The segment's keeper when it was rated: the score is theirs.
    custodian_household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    flow: Mapped[int] = mapped_column(Integer)
    water: Mapped[int] = mapped_column(Integer)
    banks: Mapped[int] = mapped_column(Integer)
    scenery: Mapped[int] = mapped_column(Integer)
    harmony: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)  # the mean of the five
    comment: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(200))  # relative to the photo folder
    user_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class RoundResult(Base):
    """A segment's result in a closed round, computed once when the round closed."""

    __tablename__ = "round_results"

    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id"), primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), primary_key=True)
    custodian_household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    n_ratings: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)  # None: too few ratings to rank
    ci_low: Mapped[float | None] = mapped_column(Float)
    ci_high: Mapped[float | None] = mapped_column(Float)
    plain_mean: Mapped[float | None] = mapped_column(Float)


class CollusionFlag(Base):
    """Two households (or one) whose ratings in a closed round look rigged, for staff to review."""

    __tablename__ = "collusion_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id"), index=True)
    rater_a: Mapped[int] = mapped_column(ForeignKey("households.id"))
    rater_b: Mapped[int] = mapped_column(ForeignKey("households.id"))
    reason: Mapped[str] = mapped_column(String(20))  # reciprocal | ring | uniform
