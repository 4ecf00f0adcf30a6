"""The basin's clock: stored UTC moments, Beijing days and times for people."""

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from watershed.domain.localtime import day_start, local, local_date, stamp


def test_a_late_evening_in_utc_is_the_next_morning_in_beijing():
    moment = datetime(2026, 11, 27, 16, 5)
    assert local(moment) == datetime(2026, 11, 28, 0, 5)
    assert local_date(moment) == date(2026, 11, 28) and stamp(moment) == "2026-11-28 00:05"
    assert local_date(datetime(2026, 11, 27, 15, 59)) == date(2026, 11, 27)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_beijing_day_starts_at_16_utc_the_day_before(day):
    start = day_start(day)
    assert (start.hour, start.minute) == (16, 0) and local_date(start) == day
