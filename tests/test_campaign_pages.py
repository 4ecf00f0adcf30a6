"""清淤进度 (leadership and staff) and 清淤填报 (staff and custodians) in AppTest, on a demo copy
with a campaign of our own: begun 30 days ago, so it is the current one even when the demo has
one of its own (begun about 60 days ago)."""

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.conftest import new_database
from tests.factories import STAFF
from tests.pages import page_app, shown
from watershed import palette
from watershed.catalogue import text
from watershed.domain.dredging import STATUSES
from watershed.maps.colourings import DREDGING_OUTSIDE, DREDGING_STATES, dredging_colour
from watershed.services.accounts.users import add_user
from watershed.services.common.actors import Actor, display_names
from watershed.services.campaign.campaign import create_campaign, record_progress
from watershed.services.campaign.figures import campaign_figures
from watershed.services.common.clock import today
from watershed.services.custody.custody import assign
from watershed.services.campaign.weekly_report import report_html
from watershed.store.database import Database, open_database
from watershed.store.migrate import upgrade
from watershed.store.tables import Household, ProgressEntry, User
from watershed.ui.pages.campaign.campaign import AS_OF
from watershed.ui.pages.campaign.works import SEGMENT

START = today() - timedelta(days=30)
CODES = [f"THG-{n:03d}" for n in range(1, 9)]  # the demo custodian keeps THG-001 and THG-002
NAME = "测试攻坚<b>"  # typed text: shown literally


def _day(value, lang: str) -> str:
    return text("ui.custodian.date", lang, year=value.year, month=value.month, day=value.day)


def _figures(url: str, as_of=None):
    return campaign_figures(open_database(url), STAFF, as_of)


def _work(url: str, code: str):
    return next(work for work in _figures(url).works if work.code == code)


def _entries(url: str) -> int:
    with open_database(url).read() as session:
        return session.scalar(select(func.count()).select_from(ProgressEntry))


@pytest.fixture
def campaign(demo_copy):
    """Silt removed on days 3 and 6 and three days ago: too little lately, so it will be late."""
    db = open_database(demo_copy)
    create_campaign(db, STAFF, NAME, start=START, segment_codes=CODES, bank_share=1.0)
    record_progress(db, STAFF, "THG-003", START + timedelta(days=2), 100, 20)
    record_progress(db, STAFF, "THG-004", START + timedelta(days=5), 150, 0, state="done")
    record_progress(db, STAFF, "THG-005", today() - timedelta(days=3), 60, 10)
    return demo_copy


def _metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _map_script(app) -> str:
    """The map's script with its \\uXXXX escapes (JSON in JSON: Chinese arrives escaped) read."""
    script = app.get("component_instance")[0].proto.json_args
    return re.sub(r"\\+u([0-9a-fA-F]{4})", lambda found: chr(int(found.group(1), 16)), script)


# 清淤进度.

@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("username", ["leader", "staff"])
def test_the_progress_page_shows_the_figures_the_map_the_burndown_and_the_tables(
        monkeypatch, campaign, username, language):
    app = page_app(monkeypatch, campaign, "campaign", username, language)
    assert not app.exception and not app.error
    figures = _figures(campaign)
    assert app.title[0].value == text("ui.campaign.title", language)
    assert NAME in shown(app.subheader[0].value)
    metrics = _metrics(app)
    assert metrics[text("ui.campaign.day", language)] == text("ui.campaign.day_value.running",
                                                              language, day=31)
    assert metrics[text("ui.campaign.m3", language)] == text("ui.campaign.m3_value", language,
                                                             m3=310)
    against = {metric.label: metric.delta for metric in app.metric}
    assert against[text("ui.campaign.day", language)] == text("ui.campaign.day_of.running",
                                                              language, days=100)
    assert against[text("ui.campaign.m3", language)] == text(
        "ui.campaign.m3_of", language, planned=figures.planned_m3, share=310 / figures.planned_m3)
    assert figures.planned_m3 >= 1000 and "," in against[text("ui.campaign.m3", language)]
    assert metrics[text("ui.campaign.done", language)] == \
        f"{figures.done_km / figures.length_km:.1%}"
    assert metrics[text("dredging.status.in_progress", language)] == "2"
    assert text("ui.campaign.live", language) in metrics
    assert text("pond.status.occupying", language) in metrics
    script = _map_script(app)
    assert all(text(f"map.dredging.{status}", language) in script for status in STATUSES)
    (chart,) = app.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    lines, rules, labels = spec["layer"]  # the two lines; the last day and the forecast
    assert lines["encoding"]["color"]["scale"]["domain"] == [
        text("ui.campaign.chart.remaining", language), text("ui.campaign.chart.ideal", language)]
    assert lines["encoding"]["strokeDash"]["scale"]["range"][1] == [6, 4]  # the ideal dashed
    assert (rules["mark"]["type"], labels["mark"]["type"]) == ("rule", "text")
    (villages,) = app.dataframe
    assert text("staff.column.works_removed_m3", language) in villages.value.columns
    assert villages.value[text("staff.column.works_removed_m3", language)].sum() == 310
    app.radio(key="campaign_group").set_value("channel").run()
    assert text("staff.column.channel", language) in app.dataframe[0].value.columns


def test_nothing_on_the_progress_page_but_the_day_the_totals_and_the_report_week_can_be_changed(
        monkeypatch, campaign):
    app = page_app(monkeypatch, campaign, "campaign", "leader")
    assert [radio.label for radio in app.radio] == [text("ui.campaign.group_by", "zh")]
    assert [picker.label for picker in app.date_input] == [text("ui.campaign.as_of", "zh")]
    assert [box.label for box in app.selectbox] == [text("ui.campaign.report_week", "zh")]
    for kind in ("button", "text_input", "text_area", "number_input", "file_uploader",
                 "checkbox", "toggle", "form"):
        assert not app.get(kind), kind


def test_the_weekly_report_of_the_chosen_week_downloads_as_a_printable_page(monkeypatch,
                                                                           campaign):
    app = page_app(monkeypatch, campaign, "campaign", "leader", "en")
    weeks = app.selectbox(key="campaign_week").options
    assert len(weeks) >= 5  # every week since the start, newest first
    buttons = app.get("download_button")
    assert [b.proto.label for b in buttons][-2:] == [text("ui.campaign.report_html", "en"),
                                                   text("ui.campaign.report_xlsx", "en")]
    week = app.selectbox(key="campaign_week").value
    page = report_html(open_database(campaign), Actor("leader", "leader"), week, "en")
    assert "@page" in page and "<svg" in page


def test_an_earlier_day_shows_the_campaign_as_it_stood_then(monkeypatch, campaign):
    app = page_app(monkeypatch, campaign, "campaign", "leader", "en")
    label = text("ui.campaign.m3", "en")
    assert _metrics(app)[label] == text("ui.campaign.m3_value", "en", m3=310)
    app.date_input(key=AS_OF).set_value(START + timedelta(days=3)).run()
    assert not app.exception
    metrics = _metrics(app)
    assert metrics[label] == text("ui.campaign.m3_value", "en", m3=100)
    assert metrics[text("ui.campaign.day", "en")] == text("ui.campaign.day_value.running", "en",
                                                                   day=4)
    assert metrics[text("dredging.status.done", "en")] == "0"
    assert app.dataframe[0].value[text("staff.column.works_removed_m3", "en")].sum() == 100


def test_a_late_forecast_is_a_warning_and_no_recent_work_says_there_is_no_forecast(
        monkeypatch, campaign):
    figures = _figures(campaign)
    assert figures.late and figures.forecast > figures.end_date
    app = page_app(monkeypatch, campaign, "campaign", "staff", "zh")
    assert [box.value for box in app.warning] == [text(
        "ui.campaign.late", "zh", forecast=_day(figures.forecast, "zh"),
        end=_day(figures.end_date, "zh"))]
    assert "按近两周进度" in app.warning[0].value and "晚于截止日" in app.warning[0].value
    app.date_input(key=AS_OF).set_value(START + timedelta(days=20)).run()  # 15 days without work
    assert not app.warning
    assert [box.value for box in app.info] == [
        text("ui.campaign.no_recent", "zh", end=_day(figures.end_date, "zh"))]


def test_a_campaign_on_schedule_says_when_it_will_be_done(monkeypatch, campaign):
    # Today each segment's silt is dug out to its plan (no segment may take much more than its
    # plan: domain.dredging.ENTRY_OVER_PLAN), all but 400 m³ of the campaign's.
    left = 400.0
    for work in _figures(campaign).works:
        todo = max(0.0, work.planned_m3 - work.removed_m3)
        kept = min(todo, left)
        left -= kept
        if todo - kept > 0:
            record_progress(open_database(campaign), STAFF, work.code, today(),
                            round(todo - kept, 1))
    on_time = _figures(campaign)
    assert not on_time.late
    app = page_app(monkeypatch, campaign, "campaign", "leader", "en")
    assert not app.warning and app.success[0].value == text(
        "ui.campaign.on_time", "en", forecast=_day(on_time.forecast, "en"),
        end=_day(on_time.end_date, "en"))


@pytest.fixture
def no_campaign(tmp_path):
    with new_database("sqlite", tmp_path) as url:
        database = Database(url)
        upgrade(database)
        add_user(database, STAFF, "leader", "leader", "leader-password")
        add_user(database, STAFF, "staff", "staff", "staff-password")
        database.dispose()
        yield url


def test_changing_the_totals_or_the_week_does_not_work_the_figures_out_again(monkeypatch,
                                                                            campaign, tmp_path):
    """The campaign's figures are shared (ui.wiring.shared): worked out once per state of the
    data and day, whoever asks and whatever else on the page changes."""
    import watershed.services.campaign.figures as figures

    calls = tmp_path / "calls"  # AppTest runs the page in a thread of its own: count in a file
    whole = figures.whole_campaign

    def counted(*args, **options):
        with calls.open("a") as out:
            out.write("x")
        return whole(*args, **options)

    monkeypatch.setattr(figures, "whole_campaign", counted)
    app = page_app(monkeypatch, campaign, "campaign", "leader")
    assert calls.read_text() == "x"
    app.radio(key="campaign_group").set_value("channel").run()
    app.selectbox(key="campaign_week").select_index(1).run()
    assert not app.exception and calls.read_text() == "x"
    staff = page_app(monkeypatch, campaign, "campaign", "staff")  # another session, another role
    assert not staff.exception and calls.read_text() == "x"
    app.date_input(key=AS_OF).set_value(START + timedelta(days=3)).run()  # another day: its own
    assert calls.read_text() == "xx"


@pytest.mark.parametrize("page, key", [("campaign", "ui.campaign.none"),
                                       ("works", "ui.works.no_campaign")])
def test_without_a_campaign_the_pages_say_so(monkeypatch, no_campaign, page, key):
    app = page_app(monkeypatch, no_campaign, page, "leader" if page == "campaign" else "staff",
                   "en")
    assert not app.exception and not app.error
    assert [box.value for box in app.info] == [text(key, "en")]


def test_a_custodian_who_reaches_the_progress_page_gets_a_refusal(monkeypatch, campaign):
    app = page_app(monkeypatch, campaign, "campaign", "custodian", "en")
    assert not app.exception
    assert app.error[0].value == text("error.permission", "en", who="custodian",
                                      action=text("action.view_campaign", "en"))
    assert not app.get("component_instance") and not app.metric


# 清淤填报: staff.

def test_staff_record_a_days_work_and_then_accept_the_done_segment(monkeypatch, campaign):
    app = page_app(monkeypatch, campaign, "works", "staff", "en")
    assert not app.exception and not app.error
    assert len(app.dataframe[0].value) == len(CODES)
    app.selectbox(key=SEGMENT).set_value("THG-006").run()
    app.number_input[0].set_value(42.5)  # a form: its values are sent with the button
    app.number_input[1].set_value(8.0)
    app.checkbox[0].check()
    app.button[0].click().run()
    assert not app.exception and not app.error
    assert "THG-006" in shown(app.success[0].value)
    work = _work(campaign, "THG-006")
    assert (work.removed_m3, work.bank_m, work.status) == (42.5, 8.0, "done")
    app.button(key="works_accept").click().run()
    assert not app.exception and not app.error
    staff = display_names(open_database(campaign))["staff"]  # by name, not by username
    assert shown(app.success[0].value) == text("ui.works.accepted", "en", segment="THG-006",
                                               who=staff, date=_day(today(), "en"))
    assert _work(campaign, "THG-006").status == "accepted"
    assert _figures(campaign).statuses["accepted"] == 1


def test_a_refused_entry_is_a_message_and_writes_nothing_and_a_correction_is_taken(
        monkeypatch, campaign):
    app = page_app(monkeypatch, campaign, "works", "staff", "en")
    app.selectbox(key=SEGMENT).set_value("THG-003").run()
    before = _entries(campaign)
    app.number_input[0].set_value(-30.0)
    app.button[0].click().run()
    assert not app.exception
    assert shown(app.error[0].value) == text("work.negative_without_correction", "en", value=-30.0)
    assert _entries(campaign) == before and _work(campaign, "THG-003").removed_m3 == 100
    assert app.date_input[0].max == today()  # the picker offers no day in the future
    with open_database(campaign).read() as session:
        first = session.scalars(select(ProgressEntry.id).order_by(ProgressEntry.id.desc())
                                .where(ProgressEntry.m3 == 100)).first()
    app.number_input[0].set_value(-30.0)
    next(box for box in app.number_input
         if box.label == text("ui.works.corrects", "en")).set_value(first)
    app.button[0].click().run()
    assert not app.exception and not app.error
    assert _work(campaign, "THG-003").removed_m3 == 70 and _entries(campaign) == before + 1


# 清淤填报: a custodian.

def test_a_custodian_sees_only_the_households_segments_and_records_on_one(monkeypatch, campaign):
    db = open_database(campaign)
    with db.read() as session:  # the household also helps keep a segment outside the campaign
        household = session.scalars(select(Household.code).join(
            User, User.household_id == Household.id).where(User.username == "custodian")).one()
    assign(db, STAFF, "THG-020", household, role="deputy")
    app = page_app(monkeypatch, campaign, "works", "custodian", "zh")
    assert not app.exception and not app.error
    titles = [shown(header.value) for header in app.subheader]
    assert [title.split()[0] for title in titles] == ["THG-001", "THG-002"]
    assert not app.dataframe  # no one else's segments, no staff table
    submits = [button for button in app.button if button.label == text("ui.works.submit", "zh")]
    assert len(submits) == 2
    app.number_input[0].set_value(12.0)
    app.toggle[0].set_value(True)
    next(b for b in app.button if b.label == text("ui.works.submit", "zh")).click().run()
    assert not app.exception and not app.error
    assert [shown(box.value) for box in app.success] == [
        text("ui.works.mine_saved", "zh", segment="THG-001", m3=12.0, bank=0.0),
        text("ui.works.mine_finished", "zh")]
    work = _work(campaign, "THG-001")
    assert (work.removed_m3, work.status) == (12.0, "done")
    assert app.number_input[0].value is None  # a clean form for the next day


# The dredging colouring on every map.

def test_the_dredging_colours_follow_the_status_and_leave_other_segments_pale():
    colour = dredging_colour({1: "not_started", 2: "in_progress", 3: "done", 4: "accepted"})
    assert [colour(SimpleNamespace(id=i)) for i in range(1, 6)] == [
        *(state.colour for state in DREDGING_STATES), DREDGING_OUTSIDE.colour]
    assert [state.key for state in DREDGING_STATES] == [f"map.dredging.{s}" for s in STATUSES]
    assert len({state.colour for state in (*DREDGING_STATES, DREDGING_OUTSIDE)}) == 5


def test_the_progress_map_can_be_coloured_by_dredging_status(monkeypatch, campaign):
    app = page_app(monkeypatch, campaign, "progress_map", "leader", "en")
    assert text("map.dredging.in_progress", "en") not in _map_script(app)
    app.radio[0].set_value("dredging").run()
    assert not app.exception and app.radio[0].value == "dredging"
    assert text("map.dredging.in_progress", "en") in _map_script(app)
    assert palette.AMBER in _map_script(app)  # THG-003 and THG-005 are in progress


def test_the_tables_by_village_and_by_channel_go_a_page_at_a_time_and_download_whole(
        monkeypatch, demo_sqlite_url):
    import io

    import pandas as pd

    from tests.test_staff_pages import labelled, position
    from watershed.services.campaign.figures import campaign_tables
    from watershed.ui.pages.campaign.campaign import _group_sheet

    monkeypatch.setattr("watershed.ui.widgets.PAGE_SIZE", 5)
    channels = campaign_tables(open_database(demo_sqlite_url))[1]["channel"]
    assert len(channels) > 10
    app = page_app(monkeypatch, demo_sqlite_url, "campaign", "leader", "en")
    app.radio(key="campaign_group").set_value("channel").run()
    assert position(app) == (1, -(-len(channels) // 5), len(channels))
    assert len(app.dataframe[0].value) == 5
    labelled(app.button, "Next page").click().run()
    assert position(app)[0] == 2
    assert app.dataframe[0].value[text("staff.column.channel", "en")].tolist() == \
        channels["channel"].tolist()[5:10]
    sheet = pd.read_excel(io.BytesIO(_group_sheet(channels, "By channel", "en")))
    assert sheet[text("staff.column.channel", "en")].tolist() == channels["channel"].tolist()
    assert not app.exception and not app.error
