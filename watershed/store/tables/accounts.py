"""The accounts people sign in with: roles, passwords, lockout, how staff appear on signboards."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
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
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # How a staff member is named and reached on the signboards of the villages they supervise.
    display_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # an office phone, shown in full


class LoginSession(Base):
    """A browser's login, carried in a cookie. Only the token's SHA-256 is kept, so a copy of the
    database opens no session; a session ends on logout, password change or lock (ended_at)."""
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
    end_reason: Mapped[str] = mapped_column(String(20), default="")  # logout | password | locked
