"""Logging in: a password checked against its argon2 hash, and waits after wrong passwords.

Wrong passwords are counted per user name and client (the browser's address): after
FREE_FAILURES in a row that client waits a minute, then twice as long after each further one,
up to MAX_WAIT_MINUTES. Nothing locks the account itself, so a stranger typing wrong passwords
for a custodian's name only makes the stranger wait; the custodian's phone and open sessions
are untouched. A name nobody has is counted in the same way, so the waits betray no account.
A success from that client clears its count; staff can clear every count of an account.

A login is looked at first and settled afterwards. The count and the user are read and the
password verified outside any write transaction (argon2 takes a noticeable fraction of a second,
and on SQLite a write transaction holds the database's one write lock). The outcome is then
written in a write transaction of its own, which re-reads the count under a row lock and commits
before any refusal is raised: a failed attempt must count even though the caller sees an
exception.

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

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from watershed.errors import NotFound, PermissionDenied
from watershed.services.accounts.users import hashed, password_matches
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import entry, record_all
from watershed.services.common.clock import now as clock
from watershed.services.common.transaction import reads, writes
from watershed.store.database import insert_or_skip
from watershed.store.tables import LoginThrottle, User

FREE_FAILURES = 5  # a person mistypes; five in a row from one place is someone guessing
MAX_WAIT_MINUTES = 60  # a guesser gets about 30 tries a day from one client, after the first five
_NAME_IN_AUDIT = 60  # what was typed as a user name is cut to this length (the column's)
_CLIENT_LENGTH = 64  # an IPv6 address with a zone fits
_FORGET_AFTER = timedelta(days=1)  # counts untouched this long are dropped (see _settle)


def wait_minutes(failures: int) -> int:
    """How long a client waits after its `failures`-th wrong password in a row (0: not at all)."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_WAIT_MINUTES, 2 ** (failures - FREE_FAILURES))


@cache
def _stand_in() -> User:
    """A user nobody can log in as, whose hash is verified when the name typed is unknown: made
    as every account's is, so that an unknown name takes as long as a known one."""
    return User(password_hash=hashed(secrets.token_urlsafe(32)))


def _failed() -> PermissionDenied:
    return PermissionDenied("auth.failed", attempts=FREE_FAILURES)


def _waiting(until: datetime, at: datetime) -> PermissionDenied:
    minutes = max(1, math.ceil((until - at).total_seconds() / 60))
    return PermissionDenied("auth.wait", minutes=minutes)


def _key(username: str, client: str) -> tuple[str, str]:
    return username[:_NAME_IN_AUDIT], (client or "")[:_CLIENT_LENGTH]


@reads
def _look_up(session: Session, username: str, client: str):
    """(the user or None, the moment this client may try again or None)."""
    name, place = _key(username, client)
    user = session.scalars(select(User).where(User.username == username)).first()
    until = session.scalar(select(LoginThrottle.blocked_until).where(
        LoginThrottle.username == name, LoginThrottle.client == place))
    return user, until


def _count_row(session: Session, name: str, place: str, at: datetime) -> LoginThrottle:
    """This name and client's count, created if need be and locked for this transaction (two
    guesses at once from one client must both count)."""
    session.execute(insert_or_skip(session, LoginThrottle, "username", "client")
                    .values(username=name, client=place, failures=0, last_failure_at=at))
    return session.scalars(
        select(LoginThrottle).where(LoginThrottle.username == name, LoginThrottle.client == place)
        .with_for_update().execution_options(populate_existing=True)).one()


@writes
def _settle(session: Session, username: str, client: str, matched: bool,
            at: datetime) -> Actor | PermissionDenied:
    """Record one attempt and return what it comes to: the actor, or the refusal to raise."""
    name, place = _key(username, client)
    user = session.scalars(select(User).where(User.username == username)).first()

    def log(action: str, after: dict) -> None:
        who = Actor(user.username, user.role) if user else Actor(name, "")
        record_all(session, [entry(who, action, "user", user.id if user else None, at=at,
                                   after={"username": name, "client": place, **after})])

    count = _count_row(session, name, place, at)
    if count.blocked_until is not None and count.blocked_until > at:
        log("login.refused_waiting", {"until": count.blocked_until.isoformat(timespec="seconds")})
        return _waiting(count.blocked_until, at)
    if matched and user is not None:
        if not user.active:
            log("login.refused_inactive", {})
            return PermissionDenied("auth.inactive")
        session.delete(count)
        log("login.ok", {"failures_before": count.failures})
        return Actor(name=user.username, role=user.role, household_id=user.household_id)
    count.failures += 1
    count.last_failure_at = at
    log("login.failed", {"failures": count.failures})
    # Counts nobody has touched for a day go, so that names sprayed by a guesser do not pile up.
    session.execute(delete(LoginThrottle).where(
        LoginThrottle.last_failure_at < at - _FORGET_AFTER,
        or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < at)))
    minutes = wait_minutes(count.failures)
    if not minutes:
        return _failed()
    count.blocked_until = at + timedelta(minutes=minutes)
    log("login.wait", {"failures": count.failures,
                       "until": count.blocked_until.isoformat(timespec="seconds")})
    return _waiting(count.blocked_until, at)


def login(target, username: str, password: str, *, client: str = "",
          now: datetime | None = None) -> Actor:
    """The actor for this user name and password, or PermissionDenied saying why not.

    `target` is a Database (the attempt is committed on its own, refused or not) or an open
    Session (see the module's note). `client` names where the attempt comes from (the browser's
    address); `now` (UTC, no zone) is for tests.
    """
    at = now or clock()
    stand_in = _stand_in()  # made on the first attempt of any kind, so that it betrays nothing
    user, until = _look_up(target, username, client)
    if until is not None and until > at:
        matched = False  # waiting: the password is not even looked at
    else:
        matched = password_matches(user or stand_in, password) and user is not None
    outcome = _settle(target, username, client, matched, at)
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
    if not user.active:
        outcome, action = PermissionDenied("auth.inactive"), "login.refused_inactive"
    else:
        outcome, action = actor, "login.ok"
    record_all(session, [entry(actor, action, "user", user.id, at=at, after={"method": "provider"})])
    return outcome


def login_with_provider(target, identity: str, *, now: datetime | None = None) -> Actor:
    """The actor for someone the office's identity provider has signed in (st.login): the
    account whose user name is `identity` (by default the e-mail address the provider gives).
    The provider has checked who they are; this decides what they may do here, so an unknown or
    switched-off account is refused. `target` as for `login`."""
    outcome = _provider_outcome(target, identity, now or clock())
    if isinstance(outcome, PermissionDenied):
        raise outcome
    return outcome


@writes
def unlock(session: Session, actor: Actor, username: str, *, now: datetime | None = None) -> int:
    """Staff clear every count of wrong passwords for an account, e.g. for a custodian who phoned
    the office after mistyping on their phone; the account then opens at once from anywhere.
    Returns how many clients were waiting."""
    require_role(actor, "staff", action="action.unlock_user")
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound("auth.no_user", username=username)
    at = now or clock()
    counts = session.scalars(select(LoginThrottle).where(
        LoginThrottle.username == username[:_NAME_IN_AUDIT])).all()
    waiting = sum(1 for count in counts if count.blocked_until and count.blocked_until > at)
    for count in counts:
        session.delete(count)
    record_all(session, [entry(actor, "user.unlock", "user", user.id, at=at,
                               before={"clients": len(counts), "waiting": waiting})])
    return waiting
