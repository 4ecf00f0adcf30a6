"""The basin's clock. Moments are stored in UTC; the days people count (due dates, "checked this
week", a date picked on a page) and the times they read are Beijing time, UTC+8 all year (China
keeps no daylight saving), so a check made at 06:00 in Jingzhou belongs to that day, not the one
before."""

from datetime import date, datetime, time, timedelta

OFFSET = timedelta(hours=8)


def local(moment: datetime) -> datetime:
    """A naive UTC moment as naive Beijing time."""
    return moment + OFFSET


def local_date(moment: datetime) -> date:
    return local(moment).date()


def day_start(day: date) -> datetime:
    """The naive UTC moment at which the Beijing day `day` begins (16:00 UTC the day before)."""
    return datetime.combine(day, time()) - OFFSET


def stamp(moment: datetime) -> str:
    """A moment as a table or spreadsheet shows it: Beijing time, minutes, sortable."""
    return local(moment).strftime("%Y-%m-%d %H:%M")
