"""Login sessions kept on the server: a token that opens the account until it is logged out, left
idle, too old, or ended by a password change or a lock; the database never holds the token."""

import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.factories import RESIDENT, STAFF, households_file, run_cli
from watershed.config import session_days, session_minutes
from watershed.errors import InputError, PermissionDenied
from watershed.services.accounts import sessions
from watershed.services.accounts import users as accounts
from watershed.services.accounts.auth import FREE_FAILURES, login
from watershed.services.common.actors import Actor
from watershed.services.geometry.imports import import_households
from watershed.store.tables import AuditEntry, LoginSession, User

PASSWORD = "river keeper 42"
T0 = datetime(2026, 12, 31, 15, 50)  # 23:50 on New Year's Eve in Beijing, in UTC as stored
ZHANG = Actor("lao-zhang", "custodian")


@pytest.fixture(autouse=True)
def default_session_lengths(monkeypatch):
    monkeypatch.delenv("WATERSHED_SESSION_MINUTES", raising=False)
    monkeypatch.delenv("WATERSHED_SESSION_DAYS", raising=False)


@pytest.fixture
def custodian(db, tmp_path):
    import_households(db, STAFF, households_file(tmp_path))
    accounts.add_user(db, STAFF, "lao-zhang", "custodian", PASSWORD, household_code="H-001")
    return db


def opened(db, token, at) -> str | None:
    actor = sessions.resume(db, token, now=at)
    return None if actor is None else actor.name


def test_a_token_opens_its_account_and_only_its_hash_is_stored(custodian):
    token = sessions.start(custodian, ZHANG, now=T0)
    other = sessions.start(custodian, ZHANG, now=T0)
    assert token != other and len(token) >= 40
    actor = sessions.resume(custodian, token, now=T0 + timedelta(minutes=1))
    assert (actor.name, actor.role, actor.household_id is not None) == ("lao-zhang", "custodian", True)
    with custodian.read() as session:
        stored = [str(value) for row in session.execute(select(LoginSession)).scalars()
                  for value in vars(row).values()]
    assert not any(token in value or other in value for value in stored)
    for wrong in (None, "", token[:-1], token + "x", other.upper()):
        assert opened(custodian, wrong, T0) is None


def test_idle_for_the_configured_minutes_ends_a_session_and_use_keeps_it(custodian, monkeypatch):
    assert session_minutes() == 30
    token = sessions.start(custodian, ZHANG, now=T0)
    at = T0
    for _ in range(6):  # in use every 29 minutes for three hours: still in
        at += timedelta(minutes=29)
        assert opened(custodian, token, at) == "lao-zhang"
    assert opened(custodian, token, at + timedelta(minutes=30)) is None
    monkeypatch.setenv("WATERSHED_SESSION_MINUTES", "5")
    token = sessions.start(custodian, ZHANG, now=T0)
    assert opened(custodian, token, T0 + timedelta(minutes=4, seconds=59)) == "lao-zhang"
    assert opened(custodian, token, T0 + timedelta(minutes=9, seconds=59)) is None


def test_a_rerun_within_a_minute_writes_nothing(custodian):
    token = sessions.start(custodian, ZHANG, now=T0)
    opened(custodian, token, T0 + timedelta(seconds=59))
    with custodian.read() as session:
        assert session.scalars(select(LoginSession.last_seen_at)).one() == T0
    opened(custodian, token, T0 + timedelta(seconds=61))
    with custodian.read() as session:
        assert session.scalars(select(LoginSession.last_seen_at)).one() == T0 + timedelta(seconds=61)


def test_however_busy_a_login_lasts_the_configured_days_at_most(custodian, monkeypatch):
    monkeypatch.setenv("WATERSHED_SESSION_DAYS", "2")
    assert session_days() == 2
    token = sessions.start(custodian, ZHANG, now=T0)
    at = T0
    while at + timedelta(minutes=20) < T0 + timedelta(days=2):
        at += timedelta(minutes=20)
        assert opened(custodian, token, at) == "lao-zhang", at
    assert opened(custodian, token, T0 + timedelta(days=2)) is None
    monkeypatch.setenv("WATERSHED_SESSION_DAYS", "forever")
    assert session_days() == 7


def test_logging_out_ends_that_session_only(custodian):
    phone = sessions.start(custodian, ZHANG, now=T0)
    computer = sessions.start(custodian, ZHANG, now=T0)
    sessions.end(custodian, phone, now=T0 + timedelta(minutes=1))
    sessions.end(custodian, phone, now=T0 + timedelta(minutes=2))  # twice: nothing more happens
    sessions.end(custodian, "not a token")
    assert opened(custodian, phone, T0 + timedelta(minutes=3)) is None
    assert opened(custodian, computer, T0 + timedelta(minutes=3)) == "lao-zhang"
    with custodian.read() as session:
        ended = session.execute(select(LoginSession.ended_at, LoginSession.end_reason)
                                .where(LoginSession.ended_at.is_not(None))).all()
    assert ended == [(T0 + timedelta(minutes=1), "logout")]


def test_a_password_change_ends_every_session_of_the_account(custodian):
    phone = sessions.start(custodian, ZHANG, now=T0)
    stolen = sessions.start(custodian, ZHANG, now=T0)
    with pytest.raises(InputError) as wrong:
        accounts.change_password(custodian, ZHANG, "lao-zhang", "a new long password",
                                 old_password="a guess")
    assert wrong.value.key == "account.wrong_old_password"
    assert opened(custodian, stolen, T0 + timedelta(minutes=1)) == "lao-zhang"
    with pytest.raises(InputError):
        accounts.change_password(custodian, ZHANG, "lao-zhang", "short", old_password=PASSWORD)
    assert accounts.change_password(custodian, ZHANG, "lao-zhang", "a new long password",
                                    old_password=PASSWORD) == 2
    for token in (phone, stolen):
        assert opened(custodian, token, T0 + timedelta(minutes=2)) is None
    with pytest.raises(PermissionDenied):
        login(custodian, "lao-zhang", PASSWORD, now=T0 + timedelta(minutes=3))
    assert login(custodian, "lao-zhang", "a new long password", now=T0 + timedelta(minutes=4))
    with custodian.read() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.password")).one()
        reasons = set(session.scalars(select(LoginSession.end_reason)))
    assert audit.actor == "lao-zhang" and audit.after == {"sessions_ended": 2}
    assert "a new long password" not in str(audit.after) and reasons == {"password"}


def test_staff_set_a_forgotten_password_and_nobody_else_may(custodian):
    token = sessions.start(custodian, ZHANG, now=T0)
    with pytest.raises(PermissionDenied):
        accounts.change_password(custodian, RESIDENT, "lao-zhang", "a new long password")
    assert opened(custodian, token, T0 + timedelta(minutes=1)) == "lao-zhang"
    assert accounts.change_password(custodian, STAFF, "lao-zhang", "a new long password") == 1
    assert opened(custodian, token, T0 + timedelta(minutes=2)) is None


def test_the_command_line_sets_a_password_and_logs_the_account_out(custodian, capsys, monkeypatch):
    token = sessions.start(custodian, ZHANG)
    monkeypatch.setattr("sys.stdin", io.StringIO("typed at the office 9\n"))
    status, out, _ = run_cli(capsys, custodian.url, "users", "password", "lao-zhang",
                             "--password-stdin")
    assert status == 0 and "lao-zhang" in out and "1" in out
    assert sessions.resume(custodian, token) is None
    assert login(custodian, "lao-zhang", "typed at the office 9").name == "lao-zhang"


def test_a_strangers_wrong_passwords_end_no_session_of_the_account(custodian):
    token = sessions.start(custodian, ZHANG, now=T0)
    for attempt in range(FREE_FAILURES + 1):
        with pytest.raises(PermissionDenied):
            login(custodian, "lao-zhang", "wrong guess", client="203.0.113.7",
                  now=T0 + timedelta(seconds=attempt))
    assert opened(custodian, token, T0 + timedelta(minutes=1)) == "lao-zhang"
    with custodian.read() as session:
        assert session.scalars(select(LoginSession.ended_at)).one() is None


def test_an_account_switched_off_is_out_at_once(custodian):
    token = sessions.start(custodian, ZHANG, now=T0)
    with custodian.write() as session:
        session.execute(update(User).where(User.username == "lao-zhang").values(active=False))
    assert opened(custodian, token, T0 + timedelta(minutes=1)) is None
