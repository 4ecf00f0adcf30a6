"""One language at a time (issue 14), below the browser: who made a record is a person's name or
命令行, every empty table cell is a dash, a channel has one name, a closed problem waiting for its
rating is 待评价. tests/test_one_language_browser.py reads the pages themselves."""

import pandas as pd
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from watershed.catalogue import text
from watershed.services.common.actors import command_line_actor, display_names, shown_name
from watershed.services.geometry.network import labelled
from watershed.store.database import open_database
from watershed.store.tables import Household, User


def test_a_record_names_the_command_line_as_such_and_a_person_by_name(demo_copy):
    db = open_database(demo_copy)
    with db.read() as session:
        accounts = {user.username: user for user in session.scalars(select(User))}
        head = session.scalar(select(Household.head_name)
                              .where(Household.id == accounts["custodian"].household_id))
    names = display_names(db)
    assert names["staff"] == accounts["staff"].display_name != "staff"
    assert names["custodian"] == head  # an account of a household: the head's name
    assert "leader" not in names  # neither: records show the username
    assert shown_name(command_line_actor().name, names, "zh") == "命令行"
    assert shown_name("cli:root", names, "en") == text("actor.command_line", "en")
    assert shown_name("staff", names) == names["staff"]
    assert shown_name("leader", names) == "leader" and shown_name("<b>", names) == "<b>"


def _empty_cells() -> None:
    from datetime import date

    from watershed.ui.widgets import table

    table([{"code": "A", "note": "", "since": date(2026, 3, 8), "members": 3.0},
           {"code": "B", "note": None, "since": None, "members": float("nan")}])


def test_every_empty_cell_of_a_table_shows_a_dash_whatever_its_type():
    app = AppTest.from_function(_empty_cells).run()
    assert not app.exception
    [shown] = app.dataframe
    assert shown.proto.placeholder == "—"  # what Streamlit writes for every missing value
    frame = shown.value
    since, note = text("staff.column.since"), text("staff.column.note")  # the page's language
    assert frame[since][0] == "2026-03-08" and pd.isna(frame[since][1])  # dates the ISO way
    assert frame[note].isna().all()  # an empty note is as empty as none
    assert pd.api.types.is_numeric_dtype(frame[text("staff.column.members")])


def test_a_channel_has_one_name_and_a_closed_problem_waits_for_its_rating():
    assert labelled("THG", "太湖港") == "THG（太湖港）" and labelled("THG", None) == "THG"
    assert text("problem.stage.supervised", "zh") == "待评价"
    assert text("problems.pick_to_read", "zh") == "查看一个问题"
    with pytest.raises(KeyError):  # one name per colouring: the dashboard's own copy is gone
        text("staff.colouring.water", "zh")
