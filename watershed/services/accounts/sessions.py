"""Login sessions kept on the server, so that a reload or a shared link keeps a person in.

A login hands the browser a random token (kept in a cookie); the database keeps only its SHA-256,
so a copy of the database or a backup opens nothing. A token is honoured while its session has
not ended, has been used within WATERSHED_SESSION_MINUTES, is younger than WATERSHED_SESSION_DAYS
and its account is active. Logging out ends the session; a password change ends every session of
the account, so a stolen cookie replayed afterwards is refused. Wrong passwords typed elsewhere
end nothing: a stranger's guesses must not log a custodian out (see auth).
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from watershed.config import session_days, session_minutes
from watershed.services.common.actors import Actor
from watershed.services.common.clock import now as clock
from watershed.services.common.transaction import reads, writes
from watershed.store.tables import LoginSession, User

REASONS = ("logout", "password")
# last_seen_at is written at most this often: a rerun is not a write on SQLite's one lock.
_TOUCH_EVERY = timedelta(seconds=60)


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _actor(user: User) -> Actor:
    return Actor(name=user.username, role=user.role, household_id=user.household_id)


@writes
def start(session: Session, actor: Actor, *, now: datetime | None = None) -> str:
    """A new session for the actor who has just logged in; returns the token for the cookie."""
    at = now or clock()
    user = session.scalars(select(User).where(User.username == actor.name)).one()
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, token_hash=_hashed(token), started_at=at,
                             last_seen_at=at, expires_at=at + timedelta(days=session_days())))
    return token


def resume(target, token: str | None, *, now: datetime | None = None) -> Actor | None:
    """The actor whose session `token` opens, or None (unknown, ended, idle too long, expired,
    or the account switched off since). Asked at every rerun of every page, so it only
    reads, and writes last_seen_at at most once a minute."""
    if not token:
        return None
    at = now or clock()
    found = _look_up(target, _hashed(token))
    if found is None:
        return None
    login, user = found
    idle = at - login.last_seen_at >= timedelta(minutes=session_minutes())
    if login.ended_at is not None or idle or at >= login.expires_at or not user.active:
        return None
    if at - login.last_seen_at >= _TOUCH_EVERY:
        _touch(target, login.id, at)
    return _actor(user)


@reads
def _look_up(session: Session, token_hash: str):
    return session.execute(select(LoginSession, User).join(User, User.id == LoginSession.user_id)
                           .where(LoginSession.token_hash == token_hash)).first()


@writes
def _touch(session: Session, login_id: int, at: datetime) -> None:
    session.execute(update(LoginSession).where(LoginSession.id == login_id)
                    .values(last_seen_at=at))


@writes
def end(session: Session, token: str | None, *, now: datetime | None = None) -> None:
    """Logging out: the session of this token ends (an unknown or ended one is left as it is)."""
    if token:
        session.execute(update(LoginSession).where(
            LoginSession.token_hash == _hashed(token), LoginSession.ended_at.is_(None))
            .values(ended_at=now or clock(), end_reason="logout"))


def end_all(session: Session, user_id: int, reason: str, at: datetime) -> int:
    """Every open session of an account ends (its password changed): part of the caller's
    transaction. Returns how many ended."""
    assert reason in REASONS
    result = session.execute(update(LoginSession).where(
        LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
        .values(ended_at=at, end_reason=reason))
    return result.rowcount
