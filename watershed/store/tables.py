"""The tables. Names follow the vocabulary of DESIGN.md.

Nothing users entered is deleted: custody ends (end_date), segments are retired when a channel is
re-cut (retired_at), and every write leaves a row in audit_log.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from watershed.store.geometry import Geometry


class Base(DeclarativeBase):
    pass


class BBoxMixin:
    """Bounding-box columns, so SQLite can answer "what is in this map window" with an index."""

    minx: Mapped[float] = mapped_column(Float)
    miny: Mapped[float] = mapped_column(Float)
    maxx: Mapped[float] = mapped_column(Float)
    maxy: Mapped[float] = mapped_column(Float)


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


class Pond(BBoxMixin, Base):
    __tablename__ = "ponds"
    __table_args__ = (UniqueConstraint("basin_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    basin_id: Mapped[int] = mapped_column(ForeignKey("basins.id"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200), default="")
    owner: Mapped[str] = mapped_column(String(100), default="")
    # occupying -> negotiating -> cleared -> reconnected (watershed.domain.ponds)
    status: Mapped[str] = mapped_column(String(20), default="occupying")
    geom = mapped_column(Geometry, nullable=False)
    area_m2: Mapped[float] = mapped_column(Float)
    agreement_date: Mapped[date | None] = mapped_column(Date)  # the owner's signed agreement
    compensation_yuan: Mapped[float | None] = mapped_column(Float)
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

    channel: Mapped[Channel] = relationship()


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


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # staff | custodian | resident | leader
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # How a staff member is named and reached on the signboards of the villages they supervise.
    display_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # an office phone, shown in full


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(80))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


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


# Contributions (投工投劳) and the collective benefit ledger (watershed.domain.ledgers).


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


# --- signboards (0008) ---------------------------------------------------------------------------

class VillageSupervisor(Base):
    """A staff account named as the supervisor of a village's segments (on its signboards), from
    `set_at`; the village's latest row is the current one. Never edited: a change is a new row.
    (A table of its own rather than villages.supervisor_id: that column would close a cycle of
    keys villages → users → households → groups → villages, and tables could not be sorted.)"""

    __tablename__ = "village_supervisors"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(DateTime)  # UTC
