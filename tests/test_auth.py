"""Logging in: the right password, the wrong one, a lock after five failures, and staff unlocking."""

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from tests.factories import RESIDENT, STAFF, households_file
from watershed.errors import PermissionDenied
from watershed.services.accounts import users as accounts
from watershed.services.accounts.users import add_user
from watershed.services.accounts.auth import (LOCK_MINUTES, MAX_FAILURES, login,
                                     login_with_provider, unlock)
from watershed.services.geometry.imports import import_households
from watershed.store.database import Database
from watershed.store.tables import AuditEntry, Household, User

PASSWORD = "river keeper 42"
WRONG = "not the password"
T0 = datetime(2024, 5, 1, 8, 0, 0)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    """The rules are under test here, not argon2's cost: hash new accounts cheaply."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def custodian(db, tmp_path):
    import_households(db, STAFF, households_file(tmp_path))
    add_user(db, STAFF, "lao-zhang", "custodian", PASSWORD, household_code="H-001")
    return db


def refusal(db, username, password, at=T0) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as caught:
        login(db, username, password, now=at)
    return caught.value


def stored(url: str) -> User:
    """The user as a fresh connection sees it: only what was committed."""
    fresh = Database(url)
    try:
        with fresh.read() as session:
            return session.scalars(select(User).where(User.username == "lao-zhang")).one()
    finally:
        fresh.dispose()


def lock_out(db) -> None:
    for attempt in range(MAX_FAILURES):
        refusal(db, "lao-zhang", WRONG, T0 + timedelta(seconds=attempt))


def test_the_right_password_logs_in_with_the_users_role_and_household(custodian):
    actor = login(custodian, "lao-zhang", PASSWORD, now=T0)
    with custodian.read() as session:
        household = session.scalars(select(Household).where(Household.code == "H-001")).one()
    assert (actor.name, actor.role, actor.household_id) == ("lao-zhang", "custodian", household.id)


def test_a_wrong_password_is_refused_and_the_failure_is_committed(custodian):
    error = refusal(custodian, "lao-zhang", WRONG)
    assert error.key == "auth.failed"
    assert stored(custodian.url).failed_logins == 1


def test_an_unknown_name_reads_exactly_like_a_wrong_password(custodian):
    wrong_password = refusal(custodian, "lao-zhang", WRONG)
    unknown_name = refusal(custodian, "lao-wang", PASSWORD)
    assert (unknown_name.key, unknown_name.params) == (wrong_password.key, wrong_password.params)
    assert unknown_name.message("zh") == wrong_password.message("zh")
    assert unknown_name.message("en") == wrong_password.message("en")


def test_five_failures_lock_the_account_even_against_the_right_password(custodian):
    lock_out(custodian)
    error = refusal(custodian, "lao-zhang", PASSWORD, T0 + timedelta(minutes=1, seconds=30))
    assert error.key == "auth.locked"
    assert error.params == {"minutes": LOCK_MINUTES - 1}  # 13.6 minutes left, rounded up
    assert "14" in error.message("en") and "street office" in error.message("en")
    user = stored(custodian.url)
    assert user.failed_logins == MAX_FAILURES
    assert user.locked_until == T0 + timedelta(seconds=MAX_FAILURES - 1, minutes=LOCK_MINUTES)


def test_after_the_lock_runs_out_the_right_password_works_and_clears_the_count(custodian):
    lock_out(custodian)
    later = T0 + timedelta(minutes=LOCK_MINUTES, seconds=MAX_FAILURES)
    assert login(custodian, "lao-zhang", PASSWORD, now=later).role == "custodian"
    user = stored(custodian.url)
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_a_success_clears_earlier_failures_so_only_failures_in_a_row_lock(custodian):
    for _ in range(MAX_FAILURES - 1):
        refusal(custodian, "lao-zhang", WRONG)
    login(custodian, "lao-zhang", PASSWORD, now=T0)
    assert refusal(custodian, "lao-zhang", WRONG).key == "auth.failed"
    assert stored(custodian.url).failed_logins == 1


def test_a_switched_off_account_is_refused_even_with_the_right_password(custodian):
    with custodian.write() as session:
        session.scalars(select(User)).one().active = False
    assert refusal(custodian, "lao-zhang", PASSWORD).key == "auth.inactive"
    assert refusal(custodian, "lao-zhang", WRONG).key == "auth.failed"


def test_a_login_can_join_a_callers_transaction(custodian):
    with custodian.write() as session:
        assert login(session, "lao-zhang", PASSWORD, now=T0).name == "lao-zhang"


def test_every_attempt_is_audited_and_no_password_is_written(custodian):
    refusal(custodian, "nobody", PASSWORD)
    lock_out(custodian)
    refusal(custodian, "lao-zhang", PASSWORD, T0 + timedelta(minutes=1))
    login(custodian, "lao-zhang", PASSWORD, now=T0 + timedelta(minutes=LOCK_MINUTES + 1))
    with custodian.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("login.%")).order_by(AuditEntry.id)
        ).all()
    actions = [row.action for row in rows]
    assert actions == ["login.failed"] * (1 + MAX_FAILURES) + ["login.lock", "login.refused_locked",
                                                               "login.ok"]
    assert rows[0].after == {"username": "nobody"} and rows[0].entity_id is None
    assert rows[-1].actor == "lao-zhang" and rows[-1].after == {"failed_logins": 0, "locked_until": None}
    for row in rows:
        written = " ".join(str(v) for v in (row.actor, row.entity_id, row.before, row.after))
        assert PASSWORD not in written and WRONG not in written


def test_staff_can_unlock_an_account_and_others_cannot(custodian):
    lock_out(custodian)
    with pytest.raises(PermissionDenied) as caught:
        unlock(custodian, RESIDENT, "lao-zhang")
    assert caught.value.key == "error.permission"
    assert stored(custodian.url).locked_until is not None
    unlock(custodian, STAFF, "lao-zhang")
    assert login(custodian, "lao-zhang", PASSWORD, now=T0 + timedelta(minutes=1)).name == "lao-zhang"
    with custodian.read() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.unlock")).one()
    assert audit.actor == STAFF.name and audit.before["failed_logins"] == MAX_FAILURES


def test_the_identity_providers_e_mail_opens_the_account_of_that_name_and_no_other(db):
    add_user(db, STAFF, "zhang.san@example.org", "leader", PASSWORD)
    actor = login_with_provider(db, "zhang.san@example.org", now=T0)
    assert (actor.name, actor.role) == ("zhang.san@example.org", "leader")
    with pytest.raises(PermissionDenied) as unknown:
        login_with_provider(db, "li.si@example.org", now=T0)
    assert unknown.value.key == "auth.not_registered"
    assert "watershed users add li.si@example.org" in unknown.value.message("en")
    with db.read() as session:
        actions = [(e.actor, e.action, (e.after or {}).get("method"))
                   for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
                   if e.action.startswith("login")]
    assert actions == [("zhang.san@example.org", "login.ok", "provider"),
                       ("li.si@example.org", "login.provider_unknown", None)]


def test_a_locked_or_switched_off_account_stays_shut_to_the_identity_provider(db):
    add_user(db, STAFF, "wang.wu@example.org", "staff", PASSWORD)
    for _ in range(MAX_FAILURES):
        refusal(db, "wang.wu@example.org", WRONG)
    with pytest.raises(PermissionDenied) as locked:
        login_with_provider(db, "wang.wu@example.org", now=T0 + timedelta(minutes=1))
    assert locked.value.key == "auth.locked"
    with db.write() as session:
        session.scalars(select(User)).one().active = False
    with pytest.raises(PermissionDenied) as off:
        login_with_provider(db, "wang.wu@example.org", now=T0 + timedelta(minutes=LOCK_MINUTES + 1))
    assert off.value.key == "auth.inactive"
