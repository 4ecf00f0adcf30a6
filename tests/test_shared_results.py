"""The caching rule (watershed.ui.wiring.shared): a basin-wide result is computed once per state of
the data and day, for every session, and no write anywhere leaves it stale."""

import os
from datetime import timedelta

import time_machine
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from tests.factories import STAFF
from watershed.services.accounts.users import add_user
from watershed.services.common.audit import last_change
from watershed.services.common.clock import now
from watershed.services.common.transaction import reads
from watershed.store.database import Database
from watershed.store.tables import User

CALLS = "WATERSHED_TEST_CALLS"  # a file with a line per real run (AppTest imports this module anew)


@reads
def users_counted(session, role: str) -> int:
    """A stand-in for a costly basin-wide service: notes each time it really runs."""
    with open(os.environ[CALLS], "a") as calls:
        calls.write(role + "\n")
    return session.scalar(select(func.count()).select_from(User).where(User.role == role))


def _page() -> None:
    import streamlit as st

    from tests.test_shared_results import users_counted
    from watershed.ui.wiring import shared

    st.write(f"staff: {shared(users_counted, 'staff')}")


def shown(app) -> str:
    assert not app.exception, app.exception
    return app.markdown[0].value


def test_every_write_moves_the_state_of_the_data_on(db):
    before = last_change(db)
    add_user(db, STAFF, "lao-li", "staff", "a long enough password")
    assert last_change(db) > before


def runs(monkeypatch, tmp_path):
    path = tmp_path / "calls.txt"
    path.write_text("")
    monkeypatch.setenv(CALLS, str(path))
    return lambda: path.read_text().split()


def test_a_result_is_computed_once_until_someone_writes(monkeypatch, demo_copy, tmp_path):
    monkeypatch.setenv("WATERSHED_DATABASE_URL", demo_copy)
    calls = runs(monkeypatch, tmp_path)
    first, second = AppTest.from_function(_page), AppTest.from_function(_page)
    staff = shown(first.run())
    assert shown(second.run()) == staff and shown(first.run()) == staff
    assert calls() == ["staff"]  # two sessions, three runs, one computation
    database = Database(demo_copy)
    add_user(database, STAFF, "lao-li", "staff", "a long enough password")  # another session
    database.dispose()
    count = int(staff.removeprefix("staff: "))
    assert shown(second.run()) == f"staff: {count + 1}" and calls() == ["staff", "staff"]


def test_a_new_day_in_the_basin_computes_afresh(monkeypatch, demo_copy, tmp_path):
    monkeypatch.setenv("WATERSHED_DATABASE_URL", demo_copy)
    calls = runs(monkeypatch, tmp_path)
    app = AppTest.from_function(_page)
    app.run()
    with time_machine.travel(now() + timedelta(days=1), tick=False):
        app.run()
    assert calls() == ["staff", "staff"]
