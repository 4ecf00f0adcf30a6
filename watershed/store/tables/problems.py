"""Problems (问题) on segments, the steps that move them along, and their photos."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from watershed.store.tables.base import Base


class Problem(Base):
    """A problem (问题) on a segment, from a check's problem answer or reported directly. Its
    stage is never stored here: it is the stage its latest ProblemStep left it in
    (watershed.domain.problems)."""

    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    lon: Mapped[float] = mapped_column(Float, index=True)
    lat: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    check_id: Mapped[int | None] = mapped_column(ForeignKey("checks.id"), index=True)
    # The reporting household; null when staff (or a check of a segment nobody keeps) reported it.
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    user_name: Mapped[str] = mapped_column(String(100))
    found_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC
    created_at: Mapped[datetime] = mapped_column(DateTime)

    steps: Mapped[list["ProblemStep"]] = relationship(order_by="ProblemStep.id")


class ProblemStep(Base):
    """One move of a problem (reported, screened, assigned, …): who, when, the stage it left,
    a note and the move's data (deadline, assignee, level, stars, merged into). Never edited."""

    __tablename__ = "problem_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(20))
    user_name: Mapped[str] = mapped_column(String(100))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))  # who acted
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC

    photos: Mapped[list["ProblemPhoto"]] = relationship(order_by="ProblemPhoto.id")


class ProblemPhoto(Base):
    """A photo of a problem's report or handling, stored once by its SHA-256 (as check photos)."""

    __tablename__ = "problem_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("problem_steps.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(200))  # relative to the photo folder, with /
    filename: Mapped[str] = mapped_column(String(255), default="")
