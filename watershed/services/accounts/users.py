"""User accounts: argon2 password hashes, a role, and for custodians and residents a household."""

import re

from argon2 import PasswordHasher
from zxcvbn.frequency_lists import FREQUENCY_LISTS
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.errors import Conflict, InputError, NotFound
from watershed.services.accounts import sessions
from watershed.services.common.actors import ROLES, Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.common.transaction import writes
from watershed.store.tables import Household, User

# An e-mail address is allowed, so that an account can match what an identity provider gives.
USERNAME = re.compile(r"^[A-Za-z0-9_.@+\-]{3,60}$")
MIN_PASSWORD = 8
# The 30,000 passwords seen most often in leaked lists (zxcvbn's copy of Xato's ten million):
# a guesser tries these first, so none of them is accepted, in any mix of capitals.
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
ROLES_WITH_HOUSEHOLD = ("custodian", "resident")

# argon2-cffi's defaults: argon2id with RFC 9106's low-memory profile (64 MiB, 3 passes), about
# a tenth of a second a hash here. A hash carries its own parameters, so one made with others
# (tests/conftest.py makes them cheap) is still verified.
_hasher = PasswordHasher()


def hashed(password: str) -> str:
    return _hasher.hash(password)


@writes
def add_user(session: Session, actor: Actor, username: str, role: str, password: str,
             household_code: str | None = None) -> User:
    require_role(actor, "staff", action="action.manage_users")
    if not USERNAME.match(username):
        raise InputError("account.bad_username", username=username)
    if role not in ROLES:
        raise InputError("account.bad_role", role=role, roles=", ".join(ROLES))
    _check_password(password, username)
    household = None
    if household_code:
        household = session.scalars(select(Household).where(Household.code == household_code)).first()
        if household is None:
            raise NotFound("account.no_household", code=household_code)
    elif role in ROLES_WITH_HOUSEHOLD:
        raise InputError("account.needs_household", role=role)
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise Conflict("account.exists", username=username)
    user = User(username=username, password_hash=hashed(password), role=role,
                household_id=household.id if household else None, active=True,
                created_at=now())
    session.add(user)
    session.flush()
    record(session, actor, "user.add", "user", user.id,
           after={"username": username, "role": role, "household": household_code})
    return user


def _check_password(password: str, username: str) -> None:
    """The least a password must be: long enough, not one key held down (eight spaces), not
    among the passwords guessers try first, not the user name. Said one rule at a time, the
    first that fails, so an elderly custodian reads one thing to fix."""
    if len(password) < MIN_PASSWORD:
        raise InputError("account.short_password", minimum=MIN_PASSWORD)
    if len(set(password)) == 1:
        raise InputError("account.one_character_password")
    folded = password.strip().lower()
    if folded in _COMMON or folded == username.lower():
        raise InputError("account.common_password")


def password_matches(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except Exception:  # argon2 raises several kinds of mismatch; all mean "no"
        return False


@writes
def change_password(session: Session, actor: Actor, username: str, new_password: str, *,
                    old_password: str | None = None) -> int:
    """A person sets a new password for their own account (typing the old one), or staff set one
    for anyone's (a custodian who forgot theirs). Every login session of the account ends, the
    changer's own too, so a cookie copied before the change opens nothing. Returns how many
    sessions ended."""
    own = actor.name == username
    if not own:
        require_role(actor, "staff", action="action.manage_users")
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound("auth.no_user", username=username)
    if own and not password_matches(user, old_password or ""):
        raise InputError("account.wrong_old_password")
    _check_password(new_password, username)
    user.password_hash = hashed(new_password)
    at = now()
    ended = sessions.end_all(session, user.id, "password", at)
    record(session, actor, "user.password", "user", user.id, after={"sessions_ended": ended})
    return ended
