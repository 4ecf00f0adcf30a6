"""The street-office pages in AppTest: dashboard, segments and custody, households, geometry, checks."""

import io
import json
import re
from datetime import datetime, timedelta
from unittest import mock

import openpyxl
import pandas as pd
import pytest

from tests.conftest import new_database
from tests.factories import STAFF, channels_file, households_file
from tests.pages import page_app, shown
from watershed.catalogue import text
from watershed.domain.checks import DIMENSIONS
from watershed.services.accounts.users import add_user
from watershed.services.checks.checks import check_history, overdue_custodians, submit_check
from watershed.services.common.paging import PAGE_SIZE
from watershed.services.common.clock import now, today
from watershed.services.custody.custody import assign, custody_history
from watershed.services.geometry.network import labelled as channel
from watershed.services.places.registers import (dashboard_figures, filter_options, household_table,
                                                segment_table)
from watershed.store.database import Database, open_database
from watershed.store.migrate import upgrade

PAGES = ["staff_dashboard", "segments", "households", "geometry", "checks"]
OPEN_IN_DEMO = 20  # the demo leaves one segment in 40 without a custodian


def labelled(widgets, label: str):
    return next(widget for widget in widgets if widget.label == label)


def texts(elements) -> str:
    return " ".join(shown(element.value) for element in elements)


def position(app, table: int = 0) -> tuple[int, int, int]:
    """(page, pages, rows) as the caption over the table-th paged table says them (English)."""
    said = [c.value for c in app.caption if c.value.startswith("Page ")][table]
    page, pages, rows = re.fullmatch(r"Page ([\d,]+) of ([\d,]+), ([\d,]+) rows", said).groups()
    return int(page.replace(",", "")), int(pages.replace(",", "")), int(rows.replace(",", ""))


@pytest.mark.parametrize("page", PAGES)
def test_every_staff_page_renders_in_chinese_without_an_error(monkeypatch, demo_sqlite_url, page):
    app = page_app(monkeypatch, demo_sqlite_url, page, "staff")
    assert not app.exception and not app.error
    assert app.title


def test_the_dashboard_shows_the_figures_the_lists_behind_them_and_the_synthetic_banner(
        monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "staff_dashboard", "staff", "en")
    assert "synthetic" in app.warning[0].value
    figures = {metric.label: metric.value for metric in app.metric}
    assert figures["Segments"] == "784" and figures["In custody"] == "97.4%"
    assert set(figures) >= {"Due in 7 days", "Overdue", "Problems reported (30 days)"}
    assert len(app.dataframe[0].value) == OPEN_IN_DEMO  # the first list: segments nobody keeps
    overdue = int(figures["Overdue"].replace(",", ""))
    assert 0 < overdue < 784 - OPEN_IN_DEMO  # the demo's check history leaves some late
    app.selectbox[0].set_value("overdue").run()
    assert len(app.dataframe[0].value) == min(overdue, PAGE_SIZE)
    assert position(app) == (1, -(-overdue // PAGE_SIZE), overdue)
    assert not app.exception


def test_the_segment_register_filters(monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "segments", "staff", "en")
    assert len(app.dataframe[0].value) == PAGE_SIZE and position(app) == (1, 8, 784)
    labelled(app.checkbox, "Only open").check().run()
    assert len(app.dataframe[0].value) == OPEN_IN_DEMO and position(app) == (1, 1, OPEN_IN_DEMO)
    labelled(app.selectbox, "Channel").set_value("GZQ").run()
    assert app.dataframe[0].value["Code"].tolist() == ["GZQ-006"]
    labelled(app.checkbox, "Only open").uncheck().run()
    labelled(app.text_input, "Custodian (code or name)").input("吴勇").run()
    assert app.dataframe[0].value["Code"].tolist() == ["GZQ-001"]
    assert not app.exception and not app.error


def test_with_many_channels_the_channel_filter_waits_for_a_village(monkeypatch, demo_sqlite_url):
    monkeypatch.setattr("watershed.ui.pages.custody.segments.CHANNELS_LISTED", 3)
    app = page_app(monkeypatch, demo_sqlite_url, "segments", "staff", "en")
    assert labelled(app.selectbox, "Channel").disabled
    assert labelled(app.selectbox, "Channel").options == [text("staff.any", "en")]
    village = labelled(app.selectbox, "Village").options[1]
    labelled(app.selectbox, "Village").set_value(village).run()
    offered = labelled(app.selectbox, "Channel").options[1:]
    wanted = filter_options(open_database(demo_sqlite_url), STAFF, village).channels
    assert offered == [channel(code, name) for code, name in wanted] and offered
    assert not labelled(app.selectbox, "Channel").disabled
    labelled(app.selectbox, "Channel").set_value(wanted[0][0]).run()
    assert set(app.dataframe[0].value["Village"]) == {village}
    labelled(app.selectbox, "Village").set_value(None).run()  # back to every village
    assert labelled(app.selectbox, "Channel").value is None and not app.exception


def test_clicking_a_segment_on_the_map_selects_it(monkeypatch, demo_sqlite_url):
    clicked = {"last_object_clicked_tooltip": "GZQ-001 吴勇"}
    with mock.patch("watershed.ui.map_view.st_folium", return_value=clicked):
        app = page_app(monkeypatch, demo_sqlite_url, "segments", "staff", "en")
    assert app.text_input(key="segment_code").value == "GZQ-001"
    assert "GZQ-001" in texts(app.subheader)
    assert app.dataframe[1].value["Household"].tolist()[-1] == custody_history(
        open_database(demo_sqlite_url), "GZQ-001")[-1].household_code


def test_staff_assign_hand_over_and_end_custody_on_the_segments_page(monkeypatch, demo_copy):
    app = page_app(monkeypatch, demo_copy, "segments", "staff", "en")
    app.text_input(key="segment_code").input("GZQ-006").run()  # left open in the demo
    assert "Assign a custodian" in texts(app.subheader)
    app.text_input(key="household_search").input("MH-01-00").run()
    household = labelled(app.selectbox, "Household").options[0].split()[0]
    labelled(app.selectbox, "Household").set_value(household).run()
    labelled(app.button, "Assign").click().run()
    assert not app.exception and household in shown(app.success[0].value)
    assert custody_history(open_database(demo_copy), "GZQ-006")[-1].household_code == household

    app.text_input(key="household_search").input("MH-01-01").run()
    successor = labelled(app.selectbox, "Household").options[-1].split()[0]
    labelled(app.selectbox, "Household").set_value(successor).run()
    labelled(app.text_input, "Reason").input("换人").run()
    labelled(app.button, "Assign").click().run()
    assert not app.error, app.error
    history = custody_history(open_database(demo_copy), "GZQ-006")
    assert [(h.household_code, h.end_reason) for h in history[-2:]] == [(household, "换人"),
                                                                        (successor, "")]
    app.text_input(key="end_reason").input("外出务工").run()
    labelled(app.button, "End custody").click().run()
    assert "ended" in app.success[0].value
    last = custody_history(open_database(demo_copy), "GZQ-006")[-1]
    assert (last.household_code, last.end_date, last.end_reason) == (successor, today(), "外出务工")


def test_a_refused_custody_change_is_a_message_not_an_exception(monkeypatch, demo_copy):
    app = page_app(monkeypatch, demo_copy, "segments", "staff", "en")
    app.text_input(key="segment_code").input("NOPE-001").run()
    assert not app.exception and "NOPE-001" in shown(app.error[0].value)
    app.text_input(key="segment_code").input("GZQ-001").run()
    app.date_input(key="end_date").set_value(datetime(2020, 1, 1).date()).run()
    labelled(app.button, "End custody").click().run()
    assert not app.exception and "before the start date" in app.error[0].value


def test_importing_households_lists_every_bad_row_then_imports_a_good_file(monkeypatch, demo_copy,
                                                                          tmp_path):
    app = page_app(monkeypatch, demo_copy, "households", "staff", "en")
    bad = households_file(tmp_path, [
        dict(code="N-001", head_name="", group="一组", village="新村", members="x"),
        dict(code="N-002", head_name="赵六", group="一组", village="新村", members="-3"),
    ]).read_bytes()
    app.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    assert "nothing was imported" in app.error[0].value
    problems = app.dataframe[-1].value.iloc[:, 0].tolist()
    assert len(problems) >= 3 and not [b for b in app.button if b.label.startswith("Import")]

    rows = [dict(code=f"N-{i:03d}", head_name=f"新户{i}", group="一组", village="新村",
                 phone=f"1390000{i:04d}", members=3, lon="", lat="") for i in range(1, 13)]
    app.file_uploader[0].set_value(("good.csv", households_file(tmp_path, rows).read_bytes(),
                                    "text/csv")).run()
    assert len(app.dataframe[-1].value) == 10  # the preview
    labelled(app.button, "Import these 12 households").click().run()
    assert not app.exception and "12 households imported" in app.success[0].value
    assert len(household_table(open_database(demo_copy), STAFF, "N-0")) == 12
    app.text_input[0].input("新户1").run()
    assert len(app.dataframe[0].value) == 4  # 新户1, 10, 11, 12


@pytest.fixture
def empty_with_staff(tmp_path):
    with new_database("sqlite", tmp_path) as url:
        database = Database(url)
        upgrade(database)
        add_user(database, STAFF, "staff", "staff", "staff-password")
        database.dispose()
        yield url


def test_the_geometry_page_imports_channels_shows_the_cut_and_saves_it(monkeypatch,
                                                                     empty_with_staff, tmp_path):
    app = page_app(monkeypatch, empty_with_staff, "geometry", "staff", "en")
    geojson = channels_file(tmp_path).read_bytes()
    app.file_uploader(key="layer_file").set_value(("channels.geojson", geojson,
                                                   "application/geo+json")).run()
    labelled(app.button, "Import").click().run()
    assert not app.exception and "2 channels imported" in app.success[0].value
    labelled(app.number_input, "Target length (m)").set_value(200.0).run()
    with mock.patch("watershed.ui.widgets.st_folium") as drawn:
        labelled(app.button, "Show the cut").click().run()
    assert "8 segments" in texts(app.caption) and "Not saved yet" in texts(app.caption)
    group = drawn.call_args.kwargs["feature_group_to_add"][0]
    drawn_rows = " ".join(getattr(child, "rows", "") for child in group._children.values())
    assert "ZQ-001" in drawn_rows and "ZQ-Z01-002" in drawn_rows  # the plan is on the map
    assert segment_table(open_database(empty_with_staff), STAFF).empty  # nothing saved yet
    labelled(app.button, "Save the segments").click().run()
    assert not app.exception and "8 segments created" in app.success[0].value
    assert len(segment_table(open_database(empty_with_staff), STAFF)) == 8


def test_a_layer_that_cannot_be_read_is_refused_with_a_message(monkeypatch, empty_with_staff):
    app = page_app(monkeypatch, empty_with_staff, "geometry", "staff", "en")
    app.file_uploader(key="layer_file").set_value(("channels.geojson", b"{not json",
                                                   "application/geo+json")).run()
    labelled(app.button, "Import").click().run()
    assert not app.exception and app.error and "channels.geojson" in shown(app.error[0].value)


def test_the_checks_page_lists_checks_and_offers_them_as_a_spreadsheet(monkeypatch, demo_copy):
    good = dict.fromkeys(DIMENSIONS, "good")
    at = now() - timedelta(minutes=1)
    submit_check(open_database(demo_copy), STAFF, "GZQ-001", good, {}, note="=HYPERLINK(\"x\")", at=at)
    submit_check(open_database(demo_copy), STAFF, "GZQ-002", {**good, "banks": "problem"},
                 {"banks": "bank_collapse"}, at=at)
    app = page_app(monkeypatch, demo_copy, "checks", "staff", "en")
    assert not app.exception and not app.error
    newest = app.dataframe[0].value  # newest first; the demo's own history follows
    assert sorted(newest["Code"][:2]) == ["GZQ-001", "GZQ-002"]
    assert "Green banks: Bank collapse" in newest["Problems"].tolist()
    labelled(app.text_input, "Segment code").input("GZQ-002").run()
    listed = app.dataframe[0].value
    assert set(listed["Code"]) == {"GZQ-002"}
    page_dates = {"date_from": today() - timedelta(days=30), "date_to": today()}  # its default
    assert len(listed) == len(check_history(open_database(demo_copy), STAFF, None,
                                            segment_code="GZQ-002", **page_dates))
    labelled(app.checkbox, "Only problems").check().run()
    assert app.dataframe[0].value["Problems"].tolist()[0] == "Green banks: Bank collapse"
    assert app.get("download_button")[0].label.startswith("Download all")
    late = overdue_custodians(open_database(demo_copy), STAFF)
    assert len(app.dataframe[1].value) == min(len(late), PAGE_SIZE) and len(late) > 0
    assert f"{len(late):,} rows" in texts(app.caption)

    from watershed.ui.pages.checks.checks import spreadsheet
    data = spreadsheet(open_database(demo_copy), STAFF, {"segment_code": "GZQ-001"}, "en")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    checked = check_history(open_database(demo_copy), STAFF, None, segment_code="GZQ-001")
    assert sheet.max_row == 1 + len(checked) and sheet.cell(1, 2).value == "Segment"
    assert sheet.cell(2, sheet.max_column).value == '=HYPERLINK("x")'
    assert sheet.cell(2, sheet.max_column).data_type == "s"


@pytest.mark.parametrize("page", ["staff_dashboard", "segments", "households", "checks"])
def test_a_custodian_who_reaches_a_staff_page_is_refused_by_the_service(monkeypatch,
                                                                       demo_sqlite_url, page):
    app = page_app(monkeypatch, demo_sqlite_url, page, "custodian", "en")
    assert not app.exception and app.error


def test_no_user_text_reaches_the_page_as_html(monkeypatch, demo_copy):
    hostile = "<img src=x onerror=alert(1)>"
    submit_check(open_database(demo_copy), STAFF, "GZQ-003", {**dict.fromkeys(DIMENSIONS, "good"), "flow": "problem"},
                 {"flow": "blockage"}, note=hostile)
    app = page_app(monkeypatch, demo_copy, "staff_dashboard", "staff", "en")
    app.selectbox[0].set_value("problems").run()
    assert hostile in app.dataframe[0].value["Note"].tolist()
    assert not app.get("html") and all("onerror" not in m.value for m in app.markdown)
    json.dumps([m.value for m in app.markdown])  # plain strings only


def test_the_segment_register_is_sent_a_page_at_a_time_and_a_filter_goes_back_to_page_one(
        monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "segments", "staff", "en")
    shown_codes = app.dataframe[0].value["Code"].tolist()
    for number in range(2, 9):
        labelled(app.button, "Next page").click().run()
        assert position(app) == (number, 8, 784)
        shown_codes += app.dataframe[0].value["Code"].tolist()
    assert len(app.dataframe[0].value) == 784 - 7 * PAGE_SIZE
    assert labelled(app.button, "Next page").disabled
    register = segment_table(open_database(demo_sqlite_url), STAFF)["code"].tolist()
    assert shown_codes == register  # every segment once, in the register's order
    labelled(app.button, "Previous page").click().run()
    assert position(app) == (7, 8, 784)
    app.number_input(key="segments_page").set_value(3).run()
    assert app.dataframe[0].value["Code"].tolist() == register[2 * PAGE_SIZE:3 * PAGE_SIZE]
    village = labelled(app.selectbox, "Village").options[1]
    labelled(app.selectbox, "Village").set_value(village).run()
    assert position(app)[0] == 1 and not app.exception and not app.error
    assert set(app.dataframe[0].value["Village"]) == {village}


def test_a_page_that_no_longer_exists_shows_the_last_one_with_a_sentence(monkeypatch, demo_copy):
    monkeypatch.setattr("watershed.ui.widgets.PAGE_SIZE", 5)  # the 20 open segments on 4 pages
    app = page_app(monkeypatch, demo_copy, "segments", "staff", "en")
    labelled(app.checkbox, "Only open").check().run()
    app.number_input(key="segments_page").set_value(4).run()
    assert position(app) == (4, 4, OPEN_IN_DEMO)
    db = open_database(demo_copy)
    household = household_table(db, STAFF, limit=1)["code"].item()
    for code in segment_table(db, STAFF, only_open=True)["code"][:10]:  # kept meanwhile
        assign(db, STAFF, code, household)
    app.run()
    assert not app.exception and not app.error
    assert app.info[0].value == "There is no page 4 (there are 2): this is page 2."
    assert position(app) == (2, 2, 10) and app.number_input(key="segments_page").value == 2
    assert len(app.dataframe[0].value) == 5


def test_the_spreadsheets_of_the_registers_hold_every_filtered_row(demo_sqlite_url):
    from watershed.ui.pages.custody import segments
    from watershed.ui.pages.places import households, staff_dashboard

    db = open_database(demo_sqlite_url)
    sheet = openpyxl.load_workbook(io.BytesIO(segments.spreadsheet(db, STAFF, {}, "zh"))).active
    assert sheet.max_row == 1 + 784 and sheet["A1"].value == "编号"
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == \
        segment_table(db, STAFF)["code"].tolist()
    open_ = segments.spreadsheet(db, STAFF, {"only_open": True, "village": None}, "en")
    assert len(pd.read_excel(io.BytesIO(open_))) == OPEN_IN_DEMO

    found = pd.read_excel(io.BytesIO(households.spreadsheet(db, STAFF, "MH-01", "en")),
                          dtype=str)
    assert found["Code"].tolist() == \
        household_table(db, STAFF, "MH-01", limit=10_000)["code"].tolist()
    everyone = household_table(db, STAFF, limit=10_000)
    assert len(pd.read_excel(io.BytesIO(households.spreadsheet(db, STAFF, "", "en")))) == \
        len(everyone) > PAGE_SIZE

    overdue = dashboard_figures(db, STAFF, lang="en").lists["overdue"]
    data = staff_dashboard.spreadsheet(overdue, "逾期未巡查的河段", "zh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["逾期未巡查的河段"]
    assert [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)] == \
        overdue["code"].tolist()


def test_the_household_register_pages_and_a_new_search_goes_back_to_page_one(monkeypatch,
                                                                             demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "households", "staff", "en")
    total = len(household_table(open_database(demo_sqlite_url), STAFF, limit=10_000))
    pages = -(-total // PAGE_SIZE)
    assert position(app) == (1, pages, total) and len(app.dataframe[0].value) == PAGE_SIZE
    app.number_input(key="households_page").set_value(3).run()
    assert position(app) == (3, pages, total)
    app.text_input[0].input("MH-01").run()
    assert position(app)[0] == 1 and set(app.dataframe[0].value["Code"].str[:5]) == {"MH-01"}


def offered(app) -> list[str]:
    """The codes the works page offers to record or accept (each option is "code channel · …")."""
    return [option.split()[0] for option in app.selectbox(key="works_segment").options]


def test_the_works_page_lists_a_page_and_offers_the_segments_of_that_page(monkeypatch,
                                                                          demo_sqlite_url):
    from watershed.services.campaign.figures import campaign_figures

    works = campaign_figures(open_database(demo_sqlite_url), STAFF).works
    assert len(works) > PAGE_SIZE
    app = page_app(monkeypatch, demo_sqlite_url, "works", "staff", "en")
    assert position(app) == (1, -(-len(works) // PAGE_SIZE), len(works))
    codes = [work.code for work in works]
    assert app.dataframe[0].value["Code"].tolist() == codes[:PAGE_SIZE]
    assert offered(app) == codes[:PAGE_SIZE]
    chosen = app.selectbox(key="works_segment").value
    labelled(app.button, "Next page").click().run()
    assert offered(app) == codes[PAGE_SIZE:2 * PAGE_SIZE] + [chosen]  # the one chosen stays
    assert app.selectbox(key="works_segment").value == chosen
    assert not app.exception and not app.error
