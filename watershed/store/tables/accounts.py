"""The accounts people sign in with: roles, passwords, waits after wrong passwords, how staff
appear on signboards."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from watershed.store.tables.base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # staff | custodian | resident | leader
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # How a staff member is named and reached on the signboards of the villages they supervise.
    display_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # an office phone, shown in full


class LoginSession(Base):
    """A browser's login, carried in a cookie. Only the token's SHA-256 is kept, so a copy of the
    database opens no session; a session ends on logout or a password change (ended_at)."""
    __tablename__ = "login_sessions"
    # Not backed up: a restored copy must not let an old cookie in, and sessions are no record.
    __table_args__ = {"info": {"backup": False}}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str] = mapped_column(String(20), default="")  # logout | password


class LoginThrottle(Base):
    """Wrong passwords typed for one user name from one client (browser address): after a few in
    a row that client waits, longer each time. Kept per client so that a stranger guessing
    cannot shut a custodian out of their own phone; a name nobody has is counted the same way,
    so the waits betray no account."""
    __tablename__ = "login_throttles"
    # Not backed up: a wait is no record, and one restored would shut someone out for nothing.
    __table_args__ = (UniqueConstraint("username", "client"), {"info": {"backup": False}})

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60))  # as typed, cut to 60
    client: Mapped[str] = mapped_column(String(64))  # "" where the caller names none (tests)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row, since the last success
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime)
