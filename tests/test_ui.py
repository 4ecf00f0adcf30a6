"""The app in Streamlit's AppTest: logging in, the pages each role gets, the language switch."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest
from tests.pages import shown
from watershed.ui.text import literal

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "demo1234"


def open_app(monkeypatch, url: str, language: str = "zh") -> AppTest:
    monkeypatch.setenv("WATERSHED_DATABASE_URL", url)
    monkeypatch.setenv("WATERSHED_LANGUAGE", language)
    return AppTest.from_file(APP, default_timeout=30).run()


def log_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    app.text_input[0].input(username)
    app.text_input[1].input(password)
    return app.button[0].click().run()


def test_the_login_page_lists_the_demo_accounts_only_on_the_demo(monkeypatch, demo_sqlite_url, tmp_path):
    app = open_app(monkeypatch, demo_sqlite_url)
    assert not app.exception
    assert "demo1234" in app.info[0].value
    empty = open_app(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}")
    assert not empty.exception and not empty.info


# A login writes (the session, the audit log; a refusal too): the tests that log in take a demo
# of their own, since the shared one must stay unwritten (a backup test compares with it).
def test_a_wrong_password_is_a_message_not_an_exception(monkeypatch, demo_copy):
    app = log_in(open_app(monkeypatch, demo_copy, "en"), "leader", "wrong password")
    assert not app.exception
    assert "password" in app.error[0].value.lower()


@pytest.mark.parametrize("username, landing", [
    ("staff", "河渠共治 · 分段包保"), ("custodian", "我的河段"), ("resident", "河渠共治 · 分段包保"),
    ("leader", "清淤进度"),
])
def test_each_demo_account_lands_on_its_own_first_page(monkeypatch, demo_copy, username, landing):
    app = log_in(open_app(monkeypatch, demo_copy), username)
    assert not app.exception
    assert app.title[0].value == landing


def test_each_role_is_given_only_its_own_pages():
    from watershed.ui.main import PAGES

    paths = {role: {path for _, _, path in pages} for role, pages in PAGES.items()}
    posted = {"board", "contributions", "benefit"}  # boards and ledgers are public to residents
    assert paths["custodian"] == {"my_segments", "submit_check", "my_history", "report_problem",
                                  "works", "rate", "my_scores"} | posted
    assert paths["resident"] == {"dashboard", "rate", "report_problem"} | posted
    assert paths["leader"] == {"campaign", "progress_map", "problems"} | posted
    assert paths["staff"] >= {"rounds", "board", "checks", "campaign", "works", "ponds",
                              "problems", "contributions", "benefit", "signboards"}
    assert not paths["staff"] & {"rate", "report_problem"}
    assert paths["custodian"] & paths["leader"] == posted
    assert PAGES["leader"][0][2] == "campaign"  # what leadership opens the app for


def test_switching_to_english_shows_english(monkeypatch, demo_copy):
    app = log_in(open_app(monkeypatch, demo_copy), "staff")
    app.sidebar.radio[0].set_value("en").run()
    assert app.title[0].value == "Watershed · segment custody"
    assert "synthetic" in app.warning[0].value


def test_logging_out_returns_to_the_login_page(monkeypatch, demo_copy):
    app = log_in(open_app(monkeypatch, demo_copy), "staff")
    app.sidebar.button[0].click().run()
    assert app.text_input and app.text_input[1].proto.type == app.text_input[1].proto.PASSWORD


@given(st.text())
def test_typed_text_goes_into_markdown_with_every_punctuation_mark_escaped(typed):
    escaped = literal(typed)
    assert shown(escaped) == typed
    assert not any(mark in escaped.replace("\\" + mark, "") for mark in "<>$*_[]`:")
