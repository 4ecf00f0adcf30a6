"""The product at the awkward moments of the calendar: the last hours of a UTC month that are
already the next month in Beijing, 29 February, a campaign's first day and the day after its
last. The whole suite also runs again at such moments (CALENDAR_MOMENTS in the Makefile); these
tests move the clock themselves, so they hold whatever moment the suite was pinned at."""

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.factories import STAFF, run_cli
from tests.pages import page_app
from watershed.catalogue import text
from watershed.domain.checks import is_due_this_week, is_overdue
from watershed.domain.dredging import campaign_day, phase
from watershed.domain.localtime import day_start
from watershed.services.campaign.campaign import create_campaign
from watershed.services.campaign.figures import campaign_figures, progress_phrase
from watershed.services.common.clock import today
from watershed.services.evaluation.rounds import open_round


def beijing(day: date, hour: int, minute: int = 0) -> datetime:
    """The moment `hour:minute` on `day` in Jingzhou, as an aware UTC datetime."""
    return (day_start(day) + timedelta(hours=hour, minutes=minute)).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("moment, day", [
    (datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc), date(2027, 1, 1)),
    (datetime(2028, 2, 28, 16, 30, tzinfo=timezone.utc), date(2028, 2, 29)),
    (datetime(2027, 2, 28, 16, 30, tzinfo=timezone.utc), date(2027, 3, 1)),
    (datetime(2026, 12, 31, 15, 59, tzinfo=timezone.utc), date(2026, 12, 31)),
])
def test_today_is_the_day_in_beijing_even_when_utc_is_still_on_the_day_before(time_machine,
                                                                               moment, day):
    time_machine.move_to(moment)
    assert today() == day


@pytest.mark.parametrize("moment, name, start, end", [
    (datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc), "2027年1月", date(2027, 1, 1),
     date(2027, 1, 31)),
    (datetime(2028, 2, 29, 4, 0, tzinfo=timezone.utc), "2028年2月", date(2028, 2, 1),
     date(2028, 2, 29)),
    (datetime(2027, 2, 28, 16, 30, tzinfo=timezone.utc), "2027年3月", date(2027, 3, 1),
     date(2027, 3, 31)),
])
def test_a_round_opened_at_a_month_end_takes_the_month_it_is_in_beijing(basin, time_machine,
                                                                        moment, name, start, end):
    time_machine.move_to(moment)
    evaluation = open_round(basin, STAFF)
    assert (evaluation.name, evaluation.start_date, evaluation.end_date) == (name, start, end)


def test_a_campaign_is_on_day_one_on_its_start_and_ended_the_day_after_its_last(basin, time_machine,
                                                                                 capsys):
    start = date(2026, 12, 1)
    time_machine.move_to(beijing(start, 0, 10))  # 16:10 UTC on 30 November
    create_campaign(basin, STAFF, "百日攻坚", start=today())
    figures = campaign_figures(basin, STAFF)
    assert (figures.day, figures.phase, progress_phrase(figures, "en")) == (1, "running",
                                                                           "day 1 of 100")
    assert figures.end_date == date(2027, 3, 10)  # 31 + 31 + 28 + 10 days

    time_machine.move_to(beijing(figures.end_date, 23, 50))
    last = campaign_figures(basin, STAFF)
    assert (last.day, last.phase, progress_phrase(last, "zh")) == (100, "running", "第 100 天，共 100 天")

    time_machine.move_to(beijing(figures.end_date + timedelta(days=1), 0, 10))
    after = campaign_figures(basin, STAFF)
    assert (after.day, after.phase, progress_phrase(after, "en")) == (101, "after", "ended, 100 days")
    status, out, _ = run_cli(capsys, basin.url, "campaign", "status")
    assert status == 0 and "ended, 100 days" in out and "day 101" not in out

    before = campaign_figures(basin, STAFF, as_of=start - timedelta(days=1))
    assert (before.phase, progress_phrase(before, "en")) == ("before", "not begun, 100 days")


def test_a_campaign_that_crosses_29_february_counts_it_as_a_day():
    assert campaign_day(date(2028, 2, 1), date(2028, 2, 29)) == 29
    assert campaign_day(date(2028, 2, 1), date(2028, 3, 1)) == 30
    assert campaign_day(date(2027, 2, 1), date(2027, 3, 1)) == 29
    assert [phase(day, 100) for day in (0, 1, 100, 101)] == ["before", "running", "running", "after"]


def test_due_this_week_is_today_and_the_six_days_after_and_never_a_late_check():
    day = date(2028, 2, 26)  # a Saturday: the next six days cross 29 February into March
    assert is_due_this_week(day, day) and is_due_this_week(date(2028, 3, 3), day)
    assert not is_due_this_week(date(2028, 3, 4), day)
    assert not is_due_this_week(date(2028, 2, 25), day) and is_overdue(date(2028, 2, 25), day)
    assert not is_due_this_week(None, day)


@pytest.mark.parametrize("days_on, value, delta", [
    (41, "ui.campaign.day_value.after", "ui.campaign.day_of.after"),  # the demo is on day 60
    (-60, "ui.campaign.day_value.before", "ui.campaign.day_of.before"),
])
def test_the_progress_page_says_ended_after_the_last_day_and_not_begun_before_the_first(
        monkeypatch, demo_copy, time_machine, days_on, value, delta):
    time_machine.move_to(datetime.now(timezone.utc) + timedelta(days=days_on))
    app = page_app(monkeypatch, demo_copy, "campaign", "leader", "zh")
    assert not app.exception and not app.error
    [day] = [metric for metric in app.metric if metric.label == text("ui.campaign.day", "zh")]
    assert day.value == text(value, "zh") and day.delta.endswith("共 100 天")
    if days_on < 0:  # no forecast, and no warning about one, before anything was due
        assert not app.warning and not app.info
