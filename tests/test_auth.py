"""Logging in: the right password, the wrong one, waits per client after five wrong ones in a
row (growing, so a guesser gets few tries, and never shutting the account's owner out from
elsewhere), staff clearing them, and the password policy."""

import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import RESIDENT, STAFF, households_file, run_cli
from watershed.errors import InputError, PermissionDenied
from watershed.services.accounts import sessions
from watershed.services.accounts import users as accounts
from watershed.services.accounts.auth import (FREE_FAILURES, MAX_WAIT_MINUTES, login,
                                              login_with_provider, unlock, wait_minutes)
from watershed.services.accounts.users import add_user, change_password
from watershed.services.common.actors import Actor
from watershed.services.geometry.imports import import_households
from watershed.store.database import Database
from watershed.store.tables import AuditEntry, Household, LoginThrottle, User

PASSWORD = "river keeper 42"
WRONG = "not the password"
T0 = datetime(2024, 5, 1, 8, 0, 0)
STRANGER = "203.0.113.7"  # addresses from the documentation ranges (RFC 5737)
OWN_PHONE = "198.51.100.23"


@pytest.fixture
def custodian(db, tmp_path):
    import_households(db, STAFF, households_file(tmp_path))
    add_user(db, STAFF, "lao-zhang", "custodian", PASSWORD, household_code="H-001")
    return db


def refusal(db, username, password, at=T0, client=STRANGER) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as caught:
        login(db, username, password, client=client, now=at)
    return caught.value


def counts(url: str) -> dict[tuple[str, str], tuple[int, datetime | None]]:
    """(name, client) -> (failures, blocked until), as a fresh connection sees them: only what
    was committed."""
    fresh = Database(url)
    try:
        with fresh.read() as session:
            return {(row.username, row.client): (row.failures, row.blocked_until)
                    for row in session.scalars(select(LoginThrottle))}
    finally:
        fresh.dispose()


def guess(db, times: int, client=STRANGER, start=T0) -> datetime:
    """`times` wrong passwords in a row from `client`, each as soon as it may; returns when the
    last was typed."""
    at, wait = start, timedelta(0)
    for _ in range(times):
        at += wait
        error = refusal(db, "lao-zhang", WRONG, at, client)
        wait = timedelta(minutes=error.params.get("minutes", 0))
    return at


def test_outside_the_tests_passwords_are_hashed_at_rfc_9106s_low_memory_cost(pytestconfig):
    """The suite hashes cheaply (tests/conftest.py); the product keeps argon2id at 64 MiB and
    3 passes, and a hash it makes says so."""
    product = pytestconfig.watershed_product_hasher
    assert (product.time_cost, product.memory_cost, product.parallelism) == (3, 65_536, 4)
    assert product.hash("a long password").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts.hashed("a long password").startswith("$argon2id$v=19$m=1024,t=1,p=1$")


def test_the_right_password_logs_in_with_the_users_role_and_household(custodian):
    actor = login(custodian, "lao-zhang", PASSWORD, client=OWN_PHONE, now=T0)
    with custodian.read() as session:
        household = session.scalars(select(Household).where(Household.code == "H-001")).one()
    assert (actor.name, actor.role, actor.household_id) == ("lao-zhang", "custodian", household.id)


def test_a_wrong_password_is_refused_and_the_failure_is_committed_for_that_client(custodian):
    error = refusal(custodian, "lao-zhang", WRONG)
    assert error.key == "auth.failed" and error.params == {"attempts": FREE_FAILURES}
    assert counts(custodian.url) == {("lao-zhang", STRANGER): (1, None)}


def test_an_unknown_name_reads_exactly_like_a_wrong_password_and_is_counted_alike(custodian):
    wrong_password = refusal(custodian, "lao-zhang", WRONG)
    unknown_name = refusal(custodian, "lao-wang", PASSWORD)
    assert (unknown_name.key, unknown_name.params) == (wrong_password.key, wrong_password.params)
    assert unknown_name.message("zh") == wrong_password.message("zh")
    assert unknown_name.message("en") == wrong_password.message("en")
    for _ in range(FREE_FAILURES - 1):
        refusal(custodian, "lao-wang", PASSWORD)
    assert counts(custodian.url)[("lao-wang", STRANGER)] == (
        FREE_FAILURES, T0 + timedelta(minutes=1))


def test_five_failures_make_that_client_wait_even_with_the_right_password(custodian):
    guess(custodian, FREE_FAILURES)
    error = refusal(custodian, "lao-zhang", PASSWORD, T0 + timedelta(seconds=30))
    assert error.key == "auth.wait" and error.params == {"minutes": 1}
    assert "street office" in error.message("en") and "别的手机或电脑" in error.message("zh")


def test_a_stranger_guessing_never_shuts_the_owner_out_from_their_own_phone(custodian):
    """The finding: five wrong passwords by anyone locked any account for everyone."""
    token = sessions.start(custodian, Actor("lao-zhang", "custodian"), now=T0)
    last = guess(custodian, FREE_FAILURES + 5)
    assert counts(custodian.url)[("lao-zhang", STRANGER)][0] == FREE_FAILURES + 5
    assert login(custodian, "lao-zhang", PASSWORD, client=OWN_PHONE, now=last).name == "lao-zhang"
    assert sessions.resume(custodian, token, now=T0 + timedelta(minutes=5)) is not None
    assert refusal(custodian, "lao-zhang", PASSWORD, last, STRANGER).key == "auth.wait"


def test_each_further_wrong_password_doubles_the_wait_up_to_an_hour(custodian):
    assert [wait_minutes(n) for n in range(1, 14)] == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    at = T0
    for failures in range(1, FREE_FAILURES + 8):
        error = refusal(custodian, "lao-zhang", WRONG, at)
        assert counts(custodian.url)[("lao-zhang", STRANGER)][0] == failures
        if failures < FREE_FAILURES:
            assert error.key == "auth.failed"
            continue
        assert error.params == {"minutes": min(MAX_WAIT_MINUTES, 2 ** (failures - FREE_FAILURES))}
        # Trying again before the wait is over changes nothing and is not counted.
        early = refusal(custodian, "lao-zhang", WRONG, at + timedelta(seconds=30))
        assert early.key == "auth.wait"
        assert counts(custodian.url)[("lao-zhang", STRANGER)][0] == failures
        at += timedelta(minutes=error.params["minutes"])
    # A guesser's day from one client: the first five, then one try per wait.
    tries, at = 0, T0
    while at < T0 + timedelta(days=1):
        tries += 1
        at += timedelta(minutes=wait_minutes(tries))
    assert tries < 40


def test_after_the_wait_the_right_password_works_and_clears_the_count(custodian):
    last = guess(custodian, FREE_FAILURES, client=OWN_PHONE)
    later = last + timedelta(minutes=1)
    assert login(custodian, "lao-zhang", PASSWORD, client=OWN_PHONE, now=later).role == "custodian"
    assert counts(custodian.url) == {}


def test_a_success_clears_earlier_failures_so_only_failures_in_a_row_count(custodian):
    guess(custodian, FREE_FAILURES - 1, client=OWN_PHONE)
    login(custodian, "lao-zhang", PASSWORD, client=OWN_PHONE, now=T0)
    assert refusal(custodian, "lao-zhang", WRONG, client=OWN_PHONE).key == "auth.failed"
    assert counts(custodian.url) == {("lao-zhang", OWN_PHONE): (1, None)}


def test_counts_left_for_a_day_are_forgotten(custodian):
    for name in ("spray-1", "spray-2", "spray-3"):
        refusal(custodian, name, WRONG)
    refusal(custodian, "lao-zhang", WRONG, T0 + timedelta(days=1, minutes=1))
    assert counts(custodian.url) == {("lao-zhang", STRANGER): (1, None)}


def test_a_switched_off_account_is_refused_even_with_the_right_password(custodian):
    with custodian.write() as session:
        session.scalars(select(User)).one().active = False
    assert refusal(custodian, "lao-zhang", PASSWORD).key == "auth.inactive"
    assert refusal(custodian, "lao-zhang", WRONG).key == "auth.failed"


def test_a_login_can_join_a_callers_transaction(custodian):
    with custodian.write() as session:
        assert login(session, "lao-zhang", PASSWORD, now=T0).name == "lao-zhang"


def test_every_attempt_is_audited_with_its_client_and_no_password_is_written(custodian):
    refusal(custodian, "nobody", PASSWORD)
    last = guess(custodian, FREE_FAILURES)
    refusal(custodian, "lao-zhang", PASSWORD, last + timedelta(seconds=10))
    login(custodian, "lao-zhang", PASSWORD, client=STRANGER, now=last + timedelta(minutes=1))
    with custodian.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("login.%")).order_by(AuditEntry.id)
        ).all()
    actions = [row.action for row in rows]
    assert actions == (["login.failed"] * (1 + FREE_FAILURES)
                       + ["login.wait", "login.refused_waiting", "login.ok"])
    assert rows[0].after == {"username": "nobody", "client": STRANGER, "failures": 1}
    assert rows[0].entity_id is None
    assert rows[-1].actor == "lao-zhang" and rows[-1].after["failures_before"] == FREE_FAILURES
    for row in rows:
        written = " ".join(str(v) for v in (row.actor, row.entity_id, row.before, row.after))
        assert PASSWORD not in written and WRONG not in written


def test_staff_can_end_every_wait_of_an_account_and_others_cannot(custodian):
    guess(custodian, FREE_FAILURES)
    guess(custodian, FREE_FAILURES, client=OWN_PHONE)
    with pytest.raises(PermissionDenied) as caught:
        unlock(custodian, RESIDENT, "lao-zhang", now=T0)
    assert caught.value.key == "error.permission"
    assert len(counts(custodian.url)) == 2
    assert unlock(custodian, STAFF, "lao-zhang", now=T0 + timedelta(seconds=5)) == 2
    assert counts(custodian.url) == {}
    assert login(custodian, "lao-zhang", PASSWORD, client=OWN_PHONE,
                 now=T0 + timedelta(seconds=10)).name == "lao-zhang"
    with custodian.read() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.unlock")).one()
    assert audit.actor == STAFF.name and audit.before == {"clients": 2, "waiting": 2}


def test_the_command_line_unlocks_an_account(custodian, capsys):
    guess(custodian, FREE_FAILURES)
    status, out, _ = run_cli(capsys, custodian.url, "users", "unlock", "lao-zhang")
    assert status == 0 and "lao-zhang" in out and counts(custodian.url) == {}
    status, _, err = run_cli(capsys, custodian.url, "users", "unlock", "nobody")
    assert status == 2 and err.count("error:") == 1 and "nobody" in err


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


def test_wrong_passwords_do_not_shut_the_provider_out_but_switching_off_does(db):
    add_user(db, STAFF, "wang.wu@example.org", "staff", PASSWORD)
    for _ in range(FREE_FAILURES):
        refusal(db, "wang.wu@example.org", WRONG)
    assert login_with_provider(db, "wang.wu@example.org", now=T0).name == "wang.wu@example.org"
    with db.write() as session:
        session.scalars(select(User)).one().active = False
    with pytest.raises(PermissionDenied) as off:
        login_with_provider(db, "wang.wu@example.org", now=T0)
    assert off.value.key == "auth.inactive"


@pytest.mark.parametrize("password, key", [
    ("short", "account.short_password"),
    (" " * 8, "account.one_character_password"),
    ("11111111", "account.one_character_password"),
    ("password1", "account.common_password"),
    ("Password1", "account.common_password"),
    ("qwertyuiop", "account.common_password"),
    ("1qaz2wsx", "account.common_password"),
    ("lao-zhang", "account.common_password"),  # the user name itself
])
def test_a_password_anyone_would_guess_is_refused_with_what_to_do(custodian, password, key):
    with pytest.raises(InputError) as made:
        add_user(custodian, STAFF, "lao-zhang", "custodian", password, household_code="H-001")
    assert made.value.key == key and made.value.message("zh")
    with pytest.raises(InputError) as changed:
        change_password(custodian, STAFF, "lao-zhang", password)
    assert changed.value.key == key
    with custodian.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_a_password_of_a_few_words_is_accepted(custodian):
    add_user(custodian, STAFF, "li-si", "staff", "canal and pond 7")
    change_password(custodian, STAFF, "lao-zhang", "鱼塘清淤整一百天")
    assert login(custodian, "lao-zhang", "鱼塘清淤整一百天", now=T0).name == "lao-zhang"


def test_the_command_line_refuses_a_common_password_in_one_line_and_adds_nothing(
        custodian, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("12345678\n"))
    status, out, err = run_cli(capsys, custodian.url, "users", "add", "wang-er", "--role", "staff",
                               "--password-stdin")
    assert status == 2 and out == "" and err.count("error:") == 1 and "Traceback" not in err
    with custodian.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
