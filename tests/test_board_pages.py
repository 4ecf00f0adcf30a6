"""The red/black board page (everyone) and the evaluation rounds page (staff) in AppTest."""

import io
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from tests.factories import STAFF
from tests.pages import page_app, shown
from watershed.catalogue import text
from watershed.services.common.actors import Actor
from watershed.services.evaluation.board import board, board_villages, closed_rounds
from watershed.services.places.registers import segment_table
from watershed.services.evaluation.rounds import close_round, current_round, list_rounds
from watershed.store.database import open_database
from watershed.store.tables import User


def labelled(widgets, label: str):
    return next(widget for widget in widgets if widget.label == label)


def texts(elements) -> str:
    return " ".join(shown(element.value) for element in elements)


def codes(frame, lang: str) -> list[str]:
    return frame[text("staff.column.segment_code", lang)].tolist()


def account(url: str, username: str) -> Actor:
    with open_database(url).read() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
    return Actor(user.username, user.role, user.household_id)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ["staff", "resident", "custodian", "leader"])
def test_the_board_shows_one_village_s_red_and_black_lists_one_s_own_village_first(
        monkeypatch, demo_sqlite_url, role, lang):
    db = open_database(demo_sqlite_url)
    round_id = closed_rounds(db)[0][0]
    newest = board(db, STAFF, round_id)
    villages, own = board_villages(db, account(demo_sqlite_url, role), round_id)
    assert villages == [v.village for v in newest.villages] and len(villages) > 1
    assert (own is not None) == (role in ("resident", "custodian"))
    first = next(v for v in newest.villages if v.village == (own or villages[0]))
    app = page_app(monkeypatch, demo_sqlite_url, "board", role, lang)
    assert not app.exception and not app.error
    assert app.title[0].value == text("ui.board.title", lang)
    assert newest.round_name in texts(app.markdown)
    assert app.selectbox(key="board_village").value == first.village
    headings = [shown(m.value) for m in app.markdown]
    assert headings.count(text("ui.board.red_heading", lang)) == 1
    assert headings.count(text("ui.board.black_heading", lang)) == 1
    assert shown(app.subheader[0].value) == first.village
    assert len(app.dataframe) == 2  # every demo segment had enough ratings
    assert codes(app.dataframe[0].value, lang) == [x.segment_code for x in first.red]
    assert codes(app.dataframe[1].value, lang) == [x.segment_code for x in first.black]
    assert app.dataframe[0].value.iloc[0, 2] == first.red[0].custodian_name
    assert [b.label for b in app.get("download_button")] == [
        text("ui.board.download_xlsx", lang), text("ui.board.download_html", lang)]
    assert text("ui.board.how_scored_title", lang) in texts(app.subheader)


def test_choosing_another_village_shows_its_lists_and_the_downloads_hold_every_village(
        monkeypatch, demo_sqlite_url):
    from watershed.ui.pages.evaluation.board import spreadsheet

    db = open_database(demo_sqlite_url)
    round_id = closed_rounds(db)[0][0]
    newest = board(db, STAFF, round_id)
    app = page_app(monkeypatch, demo_sqlite_url, "board", "staff", "en")
    other = newest.villages[-1]
    app.selectbox(key="board_village").set_value(other.village).run()
    assert not app.exception and not app.error
    assert shown(app.subheader[0].value) == other.village
    assert codes(app.dataframe[0].value, "en") == [x.segment_code for x in other.red]
    sheet = pd.read_excel(io.BytesIO(spreadsheet(db, STAFF, round_id, "en")), header=1)
    assert set(sheet[text("ui.board.column.village", "en")]) == set(v.village for v in newest.villages)


def test_choosing_another_round_shows_its_board(monkeypatch, demo_sqlite_url):
    db = open_database(demo_sqlite_url)
    (newest, _), (older, older_name) = closed_rounds(db)[:2]
    app = page_app(monkeypatch, demo_sqlite_url, "board", "resident", "en")
    assert app.selectbox(key="board_round").value == newest
    before = codes(app.dataframe[0].value, "en")
    app.selectbox(key="board_round").set_value(older).run()
    after = codes(app.dataframe[0].value, "en")
    village = app.selectbox(key="board_village").value  # the resident's own, in either round
    assert after == [x.segment_code for x in board(db, STAFF, older, village=village).villages[0].red]
    assert after != before and older_name in texts(app.markdown)
    assert not app.exception and not app.error


def test_the_rounds_page_lists_every_round_and_the_warnings_to_review(monkeypatch, demo_sqlite_url):
    db = open_database(demo_sqlite_url)
    app = page_app(monkeypatch, demo_sqlite_url, "rounds", "staff")
    assert not app.exception and not app.error
    listed = app.dataframe[0].value
    lines = list_rounds(db, STAFF)
    assert len(lines) == 4 and listed[text("staff.column.round_name", "zh")].tolist() == [
        line.name for line in lines]
    assert listed[text("staff.column.round_status", "zh")].tolist() == ["进行中"] + ["已结束"] * 3
    assert listed[text("staff.column.round_ratings", "zh")].tolist() == [x.ratings for x in lines]
    review = app.dataframe[1].value
    reasons = review[text("staff.column.review_reason", "zh")].tolist()
    assert text("collusion.uniform", "zh") in reasons
    assert text("ui.rounds.review_explain", "zh") in texts(app.caption)
    app.selectbox(key="review_round").set_value(closed_rounds(db)[-1][0]).run()
    assert len(app.dataframe) == 2 and not app.exception and not app.error


def test_closing_the_open_round_needs_the_confirmation(monkeypatch, demo_copy):
    db = open_database(demo_copy)
    open_one = current_round(db)
    app = page_app(monkeypatch, demo_copy, "rounds", "staff", "en")
    assert labelled(app.button, "Close the round").disabled  # no click until confirmed
    assert current_round(db).id == open_one.id and not app.success
    labelled(app.checkbox, text("ui.rounds.confirm", "en")).check().run()
    labelled(app.button, "Close the round").click().run()
    assert not app.exception and not app.error
    assert current_round(db) is None
    assert [line.status for line in list_rounds(db, STAFF)] == ["closed"] * 4
    assert open_one.name in shown(app.success[0].value)
    assert labelled(app.button, "Open the round")  # the form to open the next one


def test_opening_a_round_for_one_village_through_the_form(monkeypatch, demo_copy):
    db = open_database(demo_copy)
    close_round(db, STAFF, current_round(db).id)
    app = page_app(monkeypatch, demo_copy, "rounds", "staff", "en")
    village = app.multiselect[0].options[0]
    assert app.multiselect[0].value == app.multiselect[0].options
    labelled(app.text_input, "Name").input("Test round")  # a form: nothing applies before submit
    app.multiselect[0].set_value([village])
    labelled(app.button, "Open the round").click().run()
    assert not app.exception and not app.error
    opened = list_rounds(db, STAFF)[0]
    assert (opened.name, opened.status) == ("Test round", "open")
    assert opened.segments == len(segment_table(db, STAFF, village=village)) > 0
    assert "Test round" in shown(app.success[0].value)


def test_a_bad_round_form_shows_every_problem_and_writes_nothing(monkeypatch, demo_copy):
    db = open_database(demo_copy)
    close_round(db, STAFF, current_round(db).id)
    app = page_app(monkeypatch, demo_copy, "rounds", "staff", "en")
    end = labelled(app.date_input, "End date").value
    labelled(app.date_input, "Start date").set_value(end + timedelta(days=3))
    labelled(app.number_input, "Radius in metres (optional)").set_value(0.0)
    labelled(app.button, "Open the round").click().run()
    assert not app.exception and "after the end date" in shown(app.error[0].value)
    problems = " ".join(app.dataframe[-1].value.iloc[:, 0])
    assert "after the end date" in problems and "Radius (m) '0.0' is out of range" in problems
    assert len(list_rounds(db, STAFF)) == 4 and current_round(db) is None
    assert not app.success


@pytest.mark.parametrize("role", ["custodian", "resident"])
def test_only_staff_and_leaders_see_the_rounds(monkeypatch, demo_sqlite_url, role):
    app = page_app(monkeypatch, demo_sqlite_url, "rounds", role, "en")
    assert not app.exception and app.error and not app.dataframe
    assert "may not see the evaluation rounds" in shown(app.error[0].value)


def test_a_leader_sees_the_rounds_but_cannot_run_them(monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "rounds", "leader", "en")
    assert not app.exception and not app.error
    assert len(app.dataframe) == 1 and not app.button and not app.checkbox
