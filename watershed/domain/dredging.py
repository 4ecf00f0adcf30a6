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

from watershed.domain.numbers import Limits

STATUSES = ("not_started", "in_progress", "done", "accepted")
TEAMS = ("contractor", "volunteers", "households")
ENTRY_STATES = ("progress", "done", "not_done")  # not_done: a correction of a "done" too soon
DEFAULT_DAYS = 100
DEFAULT_M3_PER_METRE = 3.0  # village ditches take 2-6 m³ of silt per metre
FORECAST_WINDOW_DAYS = 14  # the recent rate a forecast extrapolates

# The ranges of the numbers a person gives a campaign (read by watershed.domain.numbers). Plans
# and progress are kept in tenths of a cubic metre or metre, as the pages show them. A segment is
# at most a few kilometres, so a million m³ of silt or 100 km of bank in one plan or one day's
# entry is already a typing mistake.
DAYS = Limits(1, 1000, 0)  # a campaign's length; 百日攻坚 is 100
M3_PER_METRE = Limits(0, 50, 2, above_low=True)  # village ditches take 2-6 m³ per metre
BANK_SHARE = Limits(0, 2, 2)  # metres of bank per metre of segment: 2 is both banks
PLANNED_M3 = Limits(0, 1_000_000, 1)
PLANNED_BANK_M = Limits(0, 100_000, 1)
# One progress entry; a negative amount corrects an earlier entry. These only keep out what no
# entry can be; what one segment can take is bounded by the segment (`most_m3`, `most_bank_m`).
ENTRY_M3 = Limits(-1_000_000, 1_000_000, 1)
ENTRY_BANK_M = Limits(-100_000, 100_000, 1)

# The entries of a segment add up to at most ENTRY_OVER_PLAN times its planned silt. A plan is
# an estimate: length times m³ per metre, 3 by default, where village ditches hold 2-6 (domain
# facts), so a plan made with the default may be short by up to 2 times and 3 leaves room for
# that. More is an extra digit (10 times) or a plan that is wrong, and then the office corrects
# the plan first (services.campaign.update_work): otherwise one mistyped entry makes the whole
# campaign's silt look removed.
ENTRY_OVER_PLAN = 3
BANK_SIDES = 2  # a segment's bank is reinforced on at most both sides: 2 m per metre (BANK_SHARE)
# A plan is bounded by the segment's length too: M3_PER_METRE.high and BANK_SHARE.high per metre.


def most_m3(planned_m3: float) -> float:
    """The most silt a segment planned at `planned_m3` may have recorded, in tenths."""
    return math.floor(planned_m3 * ENTRY_OVER_PLAN * 10 + 1e-6) / 10


def most_bank_m(length_m: float) -> float:
    """The most bank a segment of `length_m` may have recorded as reinforced, in tenths."""
    return math.floor(length_m * BANK_SIDES * 10 + 1e-6) / 10


def plan_limits(length_m: float) -> tuple[Limits, Limits]:
    """The ranges of a segment's planned silt (m³) and planned bank (m), from its length: rounded
    as create_campaign rounds a plan, so that every plan it makes can be given again."""
    return (Limits(0, round(length_m * M3_PER_METRE.high, 1), 1),
            Limits(0, round(length_m * BANK_SHARE.high, 1), 1))


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
    """Day N of the campaign on `as_of`, a day in Beijing (the services pass clock.today(), so
    01:30 on 1 January in Jingzhou is already day N+1 though UTC is still on 31 December). The
    start date is day 1 and a 100-day campaign's last day is day 100, whatever months it crosses
    (29 February is a day like any other). N is 0 or less before the start and above the
    campaign's days after its end: see `phase`."""
    return (as_of - start).days + 1


PHASES = ("before", "running", "after")


def phase(day: int, days: int) -> str:
    """before the start (day < 1), running (days 1..days) or after the last day: pages say
    "not begun" or "ended" instead of showing day 0 or day 101 of 100."""
    return "before" if day < 1 else "after" if day > days else "running"


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
