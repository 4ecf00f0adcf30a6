"""Now, for every service: the moment in UTC (as stored) and the day in Beijing (as counted)."""

from datetime import date, datetime, timezone

from watershed.domain.localtime import local_date


def now() -> datetime:
    """Timestamps are stored in UTC without a zone, the same on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    """The date in the basin (Beijing time)."""
    return local_date(now())
