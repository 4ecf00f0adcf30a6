"""Today's work on the first pages, in AppTest: the staff 工作台 opens with the list, most urgent
first, each row and item a link to the page that deals with it; the custodian's and resident's
first pages open with big buttons that lead to the page, with the item chosen; and each page a
link leads to opens what the link asks for (?problem=, ?stage=, ?code=, ?village=, ?segment=)."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import STAFF
from tests.pages import _page_script, page_module, shown
from watershed.catalogue import text
from watershed.services.checks.checks import overdue_custodians
from watershed.services.places.today import staff_today
from watershed.store.database import Database


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


def render() -> None:
    """Runs inside Streamlit (through tests.pages): the whole app, as the account sees it."""
    from watershed.ui.main import run

    run()


def app_as(monkeypatch, url: str, username: str, page: str | None = None,
           query: dict | None = None) -> AppTest:
    """The app as `username` (the whole app with its navigation when `page` is None, else that
    page alone), opened with the query parameters `query`."""
    monkeypatch.setenv("WATERSHED_DATABASE_URL", url)
    monkeypatch.setenv("WATERSHED_LANGUAGE", "zh")
    module = page_module(page) if page else __name__
    app = AppTest.from_function(_page_script, args=(module, username), default_timeout=60)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    return app.run()


def walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from walk(child)


@pytest.fixture
def tasks(demo_sqlite_url):
    database = Database(demo_sqlite_url)
    try:
        return staff_today(database, STAFF, lang="zh")
    finally:
        database.dispose()  # no pool left open on the shared file while other tests use it


def test_the_staff_dashboard_opens_with_todays_work_most_urgent_first(monkeypatch,
                                                                      demo_sqlite_url, tasks):
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "staff_dashboard")
    assert not app.exception and not app.error
    shown_in_order = [(node.type, getattr(node, "value", None)) for node in walk(app.main)]
    kinds = [kind for kind, _ in shown_in_order]
    today = shown_in_order.index(("subheader", zh("today.title")))
    assert today < kinds.index("metric") and today < kinds.index(app.dataframe[0].type)
    links = [node.proto for node in app.get("page_link")]
    rows = [link for link in links if link.label.startswith("**")]
    assert [shown(row.label).strip("*") for row in rows] == [task.label for task in tasks]
    assert [(row.page, row.query_string) for row in rows][:4] == [
        ("problems", "overdue=1"), ("problems", "overdue=1"), ("problems", "overdue=1"),
        ("problems", "stage=found")]
    first = tasks[0].items[0]  # the longest overdue problem, under the first row
    assert (links[1].page, links[1].query_string) == ("problems", f"problem={first.key}")
    assert shown(links[1].label) == first.label
    works = next(task for task in tasks if task.kind == "works")
    assert any((link.page, link.query_string) == ("works", f"code={works.items[0].key}")
               for link in links)


def test_the_figures_and_lists_stay_under_the_list(monkeypatch, demo_sqlite_url):
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "staff_dashboard")
    figures = {metric.label for metric in app.metric}
    assert {zh("staff.figure.segments"), zh("staff.figure.overdue")} <= figures
    assert app.selectbox[0].label == zh("staff.dashboard.show_list")


def test_a_link_to_a_problem_opens_it_on_the_queue(monkeypatch, demo_sqlite_url, tasks):
    first = tasks[0].items[0]
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "problems", {"problem": first.key})
    assert not app.exception
    assert app.selectbox(key="problems_picked").value == int(first.key)
    assert any(shown(h.value).startswith(f"问题 #{first.key}：") for h in app.subheader)
    assert "problem" not in app.query_params  # read once: the page's own choices decide after


def test_a_row_of_problems_opens_the_queue_filtered(monkeypatch, demo_sqlite_url, tasks):
    screen = next(task for task in tasks if task.kind == "screen")
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "problems", screen.query)
    assert app.selectbox(key="problems_stage").value == "found"
    assert len(app.dataframe[-1].value) == screen.count
    late = sum(task.count for task in tasks if task.kind.startswith("overdue_"))
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "problems", {"overdue": "1"})
    assert app.checkbox(key="problems_overdue").value and len(app.dataframe[-1].value) == late


def test_a_link_to_a_work_opens_it_for_acceptance(monkeypatch, demo_sqlite_url, tasks):
    works = next(task for task in tasks if task.kind == "works")
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "works", works.items[0].query)
    assert not app.exception
    assert app.selectbox(key="works_segment").value == works.items[0].key
    assert any(button.label == zh("ui.works.accept") for button in app.button)
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "works", works.query)
    assert app.selectbox(key="works_show").value == "done"
    assert len(app.dataframe[0].value) == works.count


def test_a_village_of_late_custodians_opens_the_checks_page_on_that_village(monkeypatch,
                                                                          demo_sqlite_url, tasks):
    village = next(task for task in tasks if task.kind == "custodians").items[0]
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "checks", village.query)
    assert not app.exception and app.selectbox(key="checks_village").value == village.key
    database = Database(demo_sqlite_url)
    late = overdue_custodians(database, STAFF, village=village.key)
    database.dispose()
    assert len(app.dataframe[-1].value) == len(late) > 0
    assert set(app.dataframe[-1].value[zh("staff.column.village")]) == {village.key}


def test_a_segment_nobody_keeps_opens_its_custody(monkeypatch, demo_sqlite_url, tasks):
    nobody = next(task for task in tasks if task.kind == "open")
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "segments", nobody.items[0].query)
    assert not app.exception and app.text_input(key="segment_code").value == nobody.items[0].key
    app = app_as(monkeypatch, demo_sqlite_url, "staff", "segments", nobody.query)
    assert app.checkbox(key="segments_only_open").value
    assert len(app.dataframe[0].value) == nobody.count


def test_the_custodian_opens_on_big_buttons_and_the_first_check_opens_the_late_segment(
        monkeypatch, demo_sqlite_url):
    app = app_as(monkeypatch, demo_sqlite_url, "custodian")
    assert not app.exception and app.title[0].value == zh("ui.page.my_segments")
    buttons = [button for button in app.button if button.key and button.key.startswith("today_")]
    assert [button.key for button in buttons] == [
        "today_handle", "today_checks", "today_rate_problems", "today_rate"]
    assert buttons[0].proto.type == "primary"
    app.button(key="today_checks").click().run()
    assert not app.exception and app.title[0].value == zh("ui.page.submit_check")
    assert app.selectbox(key="check_segment").value == "THG-001"  # late since March


def test_the_resident_opens_on_the_segments_waiting_to_be_rated(monkeypatch, demo_sqlite_url):
    app = app_as(monkeypatch, demo_sqlite_url, "resident")
    assert not app.exception and app.title[0].value == zh("ui.app_title")
    rate = app.button(key="today_rate")
    assert "5 段待评" in shown(rate.label)  # the demo offers each household five segments
    assert len(app.metric) == 4  # the basin's figures stay, under the buttons
    rate.click().run()
    assert not app.exception and app.title[0].value == zh("ui.rate.title")
