"""投工投劳光荣榜 and 集体收益 in AppTest, for every role that has them."""

import pytest
from sqlalchemy import func, select

from tests.factories import STAFF
from tests.pages import page_app, shown
from watershed.services.common.actors import Actor
from watershed.services.ledgers.benefit import household_receipts, ledger_status
from watershed.services.ledgers.contributions import honour_board
from watershed.services.places.villages import villages
from watershed.store.database import open_database
from watershed.store.tables import Contribution, Income, User


def _count(url, table) -> int:
    with open_database(url).read() as session:
        return session.scalar(select(func.count()).select_from(table))


@pytest.mark.parametrize("user", ["staff", "custodian", "resident", "leader"])
def test_every_role_sees_the_honour_board_of_a_village_ranked_by_kind(monkeypatch,
                                                                      demo_sqlite_url, user):
    app = page_app(monkeypatch, demo_sqlite_url, "contributions", user, "en")
    assert not app.exception and not app.error
    village = app.selectbox(key="contributions_village").value
    db = open_database(demo_sqlite_url)
    with db.read() as session:
        home = session.scalars(select(User.household_id).where(User.username == user)).one()
    assert village == villages(db, Actor(user, user, home))[0]
    board = honour_board(open_database(demo_sqlite_url), STAFF, village)
    labour = app.dataframe[0].value
    assert list(labour["Rank"]) == [line.rank for line in board.kinds["labour"]]
    assert list(labour["Head of household"])[0] == board.kinds["labour"][0].head_name
    assert len(app.tabs) == 4
    forms = [element for element in app.button if element.label == "Record"]
    assert bool(forms) == (user == "staff")
    if user == "staff":  # the latest entries, withdrawn ones too
        entries = app.dataframe[-1].value
        assert entries.columns.is_unique and len(entries) == 200


def test_another_village_can_be_picked(monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "contributions", "resident", "zh")
    other = villages(open_database(demo_sqlite_url))[-1]
    app.selectbox(key="contributions_village").set_value(other).run()
    board = honour_board(open_database(demo_sqlite_url), STAFF, other)
    assert not app.exception
    assert len(app.dataframe[0].value) == len(board.kinds["labour"])


def test_staff_record_a_contribution_or_are_told_what_to_fix(monkeypatch, demo_copy):
    before = _count(demo_copy, Contribution)
    app = page_app(monkeypatch, demo_copy, "contributions", "staff", "en")
    app.text_input[0].set_value("NO-SUCH")
    app.number_input[0].set_value(2.5)
    app.button(key="FormSubmitter:contribution_add-Record").click().run()
    assert not app.exception and "no household with the code NO-SUCH" in shown(app.error[0].value)
    app.text_input[0].set_value("MH-01-001")
    app.button(key="FormSubmitter:contribution_add-Record").click().run()
    assert not app.exception and "MH-01-001" in shown(app.success[0].value)
    assert _count(demo_copy, Contribution) == before + 1


def test_staff_withdraw_an_entry_with_a_reason(monkeypatch, demo_copy):
    app = page_app(monkeypatch, demo_copy, "contributions", "staff", "en")
    number = [element for element in app.number_input if element.label.startswith("Entry")][0]
    number.set_value(1)
    reason = [element for element in app.text_input if element.label == "Why it is withdrawn"][0]
    reason.set_value("entered twice")
    app.button(key="FormSubmitter:contribution_withdraw-Withdraw the entry").click().run()
    assert not app.exception and "Entry 1 is withdrawn" in shown(app.success[0].value)
    with open_database(demo_copy).read() as session:
        assert session.get(Contribution, 1).withdrawn_reason == "entered twice"


@pytest.mark.parametrize("user", ["staff", "leader", "custodian", "resident"])
def test_everyone_sees_the_basin_totals_that_reconcile(monkeypatch, demo_sqlite_url, user):
    app = page_app(monkeypatch, demo_sqlite_url, "benefit", user, "en")
    assert not app.exception and not app.error
    status = ledger_status(open_database(demo_sqlite_url), STAFF)
    figures = {metric.label: metric.value for metric in app.metric}
    assert figures["All income"] == f"{status.income_fen / 100:,.2f} yuan"
    assert figures["Not yet distributed"] == f"{status.undistributed_fen / 100:,.2f} yuan"
    assert "reconciles" in app.success[0].value
    assert bool(app.dataframe) == (user in ("staff", "leader"))  # the registers


@pytest.mark.parametrize("user", ["custodian", "resident"])
def test_a_household_sees_what_it_received_line_by_line(monkeypatch, demo_sqlite_url, user):
    app = page_app(monkeypatch, demo_sqlite_url, "benefit", user, "zh")
    db = open_database(demo_sqlite_url)
    with db.read() as session:
        home = session.scalars(select(User.household_id).where(User.username == user)).one()
    code, lines = household_receipts(db, Actor(user, user, home))
    assert lines and code in shown(app.subheader[0].value)
    assert shown(app.subheader[1].value) == f"{lines[0].amount_fen / 100:,.2f} 元"
    assert "人" in app.caption[0].value  # per person: the members counted


def test_staff_record_income_and_distribute_it_and_the_ledger_still_reconciles(monkeypatch,
                                                                               demo_copy):
    before = _count(demo_copy, Income)
    app = page_app(monkeypatch, demo_copy, "benefit", "staff", "en")
    income = [element for element in app.number_input if element.label == "Amount (yuan)"][0]
    income.set_value(100.01)
    pond = [element for element in app.text_input if element.label == "Pond code (optional)"][0]
    pond.set_value("YT-99")
    app.button(key="FormSubmitter:benefit_income-Record the income").click().run()
    assert not app.exception and "YT-99" in shown(app.error[0].value)
    [e for e in app.text_input if e.label == "Pond code (optional)"][0].set_value("YT-01")
    app.button(key="FormSubmitter:benefit_income-Record the income").click().run()
    assert not app.exception and "100.01" in shown(app.success[0].value)
    assert _count(demo_copy, Income) == before + 1
    retain = [element for element in app.number_input if element.label.startswith("Retained")][0]
    retain.set_value(1_000_000.0)
    app.button(key="FormSubmitter:benefit_distribute-Distribute").click().run()
    assert not app.exception and "retain at most" in shown(app.error[0].value)
    [e for e in app.number_input if e.label.startswith("Retained")][0].set_value(10.0)
    app.button(key="FormSubmitter:benefit_distribute-Distribute").click().run()
    assert not app.exception and "10.00 yuan retained" in shown(app.success[0].value)
    status = ledger_status(open_database(demo_copy), STAFF)
    assert status.reconciles and status.undistributed_fen == 0 and status.distributions == 2


@pytest.mark.parametrize("page", ["contributions", "benefit"])
@pytest.mark.parametrize("user", ["staff", "custodian", "resident", "leader"])
def test_both_pages_render_in_chinese_for_every_role(monkeypatch, demo_sqlite_url, page, user):
    app = page_app(monkeypatch, demo_sqlite_url, page, user, "zh")
    assert not app.exception and not app.error and app.title[0].value in ("投工投劳光荣榜", "集体收益")
