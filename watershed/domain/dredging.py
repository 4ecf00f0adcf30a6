"""The rules of a dredging campaign that need no database.

A segment's work goes 未开工 → 施工中 → 已完工 → 已验收 (not started, in progress, done,
accepted). The status is never stored: it follows from the progress entries up to a day and
the acceptance, so the map of any past day is the same calculation with an earlier day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

STATUSES = ("not_started", "in_progress", "done", "accepted")
TEAMS = ("contractor", "volunteers", "households")
ENTRY_STATES = ("progress", "done", "not_done")  # not_done: a correction of a "done" too soon
DEFAULT_DAYS = 100
DEFAULT_M3_PER_METRE = 3.0  # village ditches take 2-6 m³ of silt per metre
FORECAST_WINDOW_DAYS = 14  # the recent rate a forecast extrapolates


@dataclass(frozen=True)
class Entry:
    day: date
    id: int  # entries of one day count in the order they were made
    state: str


def status(entries: Iterable[Entry], accepted_on: date | None, as_of: date) -> str:
    """The status on `as_of` (end of that day): accepted once accepted; done if the latest entry
    that said done or not_done said done; in progress if anything was entered; else not started."""
    if accepted_on is not None and accepted_on <= as_of:
        return "accepted"
    known = sorted((e for e in entries if e.day <= as_of), key=lambda e: (e.day, e.id))
    if not known:
        return "not_started"
    said = [e.state for e in known if e.state in ("done", "not_done")]
    return "done" if said and said[-1] == "done" else "in_progress"


def campaign_day(start: date, as_of: date) -> int:
    """Day 1 is the start date."""
    return (as_of - start).days + 1


@dataclass(frozen=True)
class BurndownDay:
    day: date
    remaining_m3: float
    ideal_m3: float  # a straight line from everything on the start to nothing on the last day


def burndown(planned_m3: float, removed_by_day: Mapping[date, float], start: date, days: int,
             as_of: date) -> list[BurndownDay]:
    """Remaining silt at the end of each day from the start to `as_of` (within the campaign)."""
    last = min(as_of, start + timedelta(days=days - 1))
    out, removed = [], 0.0
    for offset in range(max(0, (last - start).days + 1)):
        day = start + timedelta(days=offset)
        removed += removed_by_day.get(day, 0.0)
        out.append(BurndownDay(day, max(0.0, planned_m3 - removed),
                               planned_m3 * max(0.0, 1 - (offset + 1) / days)))
    return out


def forecast(remaining_m3: float, removed_by_day: Mapping[date, float], as_of: date,
             window: int = FORECAST_WINDOW_DAYS) -> date | None:
    """The day the remaining silt would be gone at the rate of the last `window` days; today if
    nothing remains; None if nothing was removed in that window (no rate to go by)."""
    if remaining_m3 <= 0:
        return as_of
    recent = sum(m3 for day, m3 in removed_by_day.items()
                 if as_of - timedelta(days=window) < day <= as_of)
    if recent <= 0:
        return None
    return as_of + timedelta(days=math.ceil(remaining_m3 / (recent / window)))
