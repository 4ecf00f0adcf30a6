"""Logging in: a password checked against its argon2 hash, and a lock after repeated failures.

A login is looked at first and settled afterwards. The user is read and the password verified
outside any write transaction (argon2 takes a noticeable fraction of a second, and on SQLite a
write transaction holds the database's one write lock). The outcome is then written in a write
transaction of its own, which re-reads the user under a row lock and commits before any refusal
is raised: a failed attempt must count even though the caller sees an exception.

Called with a Database (as the interface does), that is all there is to it. Called with an open
Session, the caller owns the transaction; a refusal then propagates through the caller's
`with db.write()` block and rolls the count back, so such a caller must catch it and commit.

Refusals never tell an unknown user name from a wrong password: the message is the same, and an
unknown name costs the same argon2 work, verified against a hash of a random secret.
"""

import math
import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.errors import NotFound, PermissionDenied
from watershed.services.accounts import sessions
from watershed.services.accounts.users import password_matches
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import entry, record_all
from watershed.services.common.clock import now as clock
from watershed.services.common.transaction import reads, writes
from watershed.store.tables import User

MAX_FAILURES = 5
LOCK_MINUTES = 15
_NAME_IN_AUDIT = 60  # what was typed as a user name is cut to this length in the audit log


@cache
def _stand_in() -> User:
    """A user nobody can log in as, whose hash is verified when the name typed is unknown."""
    return User(password_hash=PasswordHasher().hash(secrets.token_urlsafe(32)))


def _failed() -> PermissionDenied:
    return PermissionDenied("auth.failed", attempts=MAX_FAILURES, minutes=LOCK_MINUTES)


def _locked(until: datetime, at: datetime) -> PermissionDenied:
    minutes = max(1, math.ceil((until - at).total_seconds() / 60))
    return PermissionDenied("auth.locked", minutes=minutes)


def _is_locked(user: User, at: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > at


def _state(user: User) -> dict:
    until = user.locked_until.isoformat(timespec="seconds") if user.locked_until else None
    return {"failed_logins": user.failed_logins, "locked_until": until}


@reads
def _look_up(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


@writes
def _settle(session: Session, username: str, matched: bool, at: datetime) -> Actor | PermissionDenied:
    """Record one attempt and return what it comes to: the actor, or the refusal to raise."""
    typed = username[:_NAME_IN_AUDIT]
    user = session.scalars(
        select(User).where(User.username == username).with_for_update().execution_options(
            populate_existing=True)
    ).first()
    if user is None:
        record_all(session, [entry(Actor(typed, ""), "login.failed", "user", None, at=at,
                                   after={"username": typed})])
        return _failed()

    def log(action: str, before: dict | None = None, after: dict | None = None) -> None:
        record_all(session, [entry(Actor(user.username, user.role), action, "user", user.id,
                                   before=before, after=after, at=at)])

    if _is_locked(user, at):
        log("login.refused_locked", after=_state(user))
        return _locked(user.locked_until, at)
    before = _state(user)
    if user.locked_until is not None:  # a lock that has run out: the count starts afresh
        user.failed_logins, user.locked_until = 0, None
    if not matched:
        user.failed_logins += 1
        log("login.failed", before=before, after=_state(user))
        if user.failed_logins < MAX_FAILURES:
            return _failed()
        user.locked_until = at + timedelta(minutes=LOCK_MINUTES)
        log("login.lock", before=before, after=_state(user))
        sessions.end_all(session, user.id, "locked", at)  # whoever is guessing may hold a cookie
        return _locked(user.locked_until, at)
    if not user.active:
        log("login.refused_inactive", after=_state(user))
        return PermissionDenied("auth.inactive")
    user.failed_logins, user.locked_until = 0, None
    log("login.ok", before=before, after=_state(user))
    return Actor(name=user.username, role=user.role, household_id=user.household_id)


def login(target, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """The actor for this user name and password, or PermissionDenied saying why not.

    `target` is a Database (the attempt is committed on its own, refused or not) or an open
    Session (see the module's note). `now` (UTC, no zone) is for tests.
    """
    at = now or clock()
    stand_in = _stand_in()  # made on the first attempt of any kind, so that it betrays nothing
    user = _look_up(target, username)
    if user is not None and _is_locked(user, at):
        matched = False  # locked: the password is not even looked at
    else:
        matched = password_matches(user or stand_in, password) and user is not None
    outcome = _settle(target, username, matched, at)
    if isinstance(outcome, PermissionDenied):
        raise outcome
    return outcome


@writes
def _provider_outcome(session: Session, identity: str, at: datetime) -> Actor | PermissionDenied:
    """Record a provider sign-in and return what it comes to (committed, refused or not)."""
    user = session.scalars(select(User).where(User.username == identity)).first()
    if user is None:
        record_all(session, [entry(Actor(identity[:_NAME_IN_AUDIT], ""), "login.provider_unknown",
                                   "user", None, at=at)])
        return PermissionDenied("auth.not_registered", identity=identity)
    actor = Actor(name=user.username, role=user.role, household_id=user.household_id)
    if _is_locked(user, at):
        outcome, action = _locked(user.locked_until, at), "login.refused_locked"
    elif not user.active:
        outcome, action = PermissionDenied("auth.inactive"), "login.refused_inactive"
    else:
        outcome, action = actor, "login.ok"
    record_all(session, [entry(actor, action, "user", user.id, at=at, after={"method": "provider"})])
    return outcome


def login_with_provider(target, identity: str, *, now: datetime | None = None) -> Actor:
    """The actor for someone the office's identity provider has signed in (st.login): the
    account whose user name is `identity` (by default the e-mail address the provider gives).
    The provider has checked who they are; this decides what they may do here, so an unknown or
    switched-off account is refused and a locked one stays locked. `target` as for `login`."""
    outcome = _provider_outcome(target, identity, now or clock())
    if isinstance(outcome, PermissionDenied):
        raise outcome
    return outcome


@writes
def unlock(session: Session, actor: Actor, username: str, *, now: datetime | None = None) -> User:
    """Staff lift a lock and clear the failure count, e.g. for a custodian who phoned the office."""
    require_role(actor, "staff", action="action.unlock_user")
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound("auth.no_user", username=username)
    before = _state(user)
    user.failed_logins, user.locked_until = 0, None
    record_all(session, [entry(actor, "user.unlock", "user", user.id, before=before,
                               after=_state(user), at=now)])
    return user
