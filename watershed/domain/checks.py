"""The rules of a custodian's check (巡查).

A check answers five questions, one per aim of the campaign (河畅、水清、岸绿、景美、人和), each
`good` or `problem`; a problem names its category. A photo is evidence that the custodian was on
site when its position lies near the segment and it was taken near the time of the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import shapely

from watershed.domain.geodesy import local_metres
from watershed.domain.numbers import Limits

DIMENSIONS = ("flow", "water", "banks", "scenery", "harmony")  # 河畅 水清 岸绿 景美 人和
ANSWERS = ("good", "problem")
CATEGORIES = ("blockage", "rubbish", "bank_collapse", "sewage", "illegal_use", "other", "silt")

ON_SITE_DISTANCE_M = 100.0
ON_SITE_WINDOW = timedelta(hours=24)
DEFAULT_INTERVAL_DAYS = 7
INTERVAL_DAYS = Limits(1, 365, 0)  # a check at least once a year, at most once a day


@dataclass(frozen=True)
class Fault:
    """One thing wrong with an answer set. `kind` is one of: unknown_dimension, missing_answer,
    bad_answer, no_category, bad_category. `value` is the offending answer or category."""

    kind: str
    dimension: str
    value: str = ""


def answer_faults(answers: dict[str, str], problems: dict[str, str]) -> list[Fault]:
    """Everything wrong with a set of answers, in the order of DIMENSIONS; empty if it is whole.

    A category given for a dimension answered `good` is no fault: it is ignored (a phone form
    may keep the last choice when the answer is switched back), see `problem_categories`.
    """
    faults = [Fault("unknown_dimension", key) for key in (*answers, *problems)
              if key not in DIMENSIONS]
    for dimension in DIMENSIONS:
        answer = answers.get(dimension)
        if answer is None or answer == "":
            faults.append(Fault("missing_answer", dimension))
        elif answer not in ANSWERS:
            faults.append(Fault("bad_answer", dimension, str(answer)))
        elif answer == "problem":
            category = problems.get(dimension)
            if category is None or category == "":
                faults.append(Fault("no_category", dimension))
            elif category not in CATEGORIES:
                faults.append(Fault("bad_category", dimension, str(category)))
    return list(dict.fromkeys(faults))  # a key in both dicts is reported once


def validate_answers(answers: dict[str, str], problems: dict[str, str]) -> None:
    """Raise ValueError naming the first fault; for callers that built the answers themselves."""
    faults = answer_faults(answers, problems)
    if faults:
        first = faults[0]
        raise ValueError(f"{first.kind}: {first.dimension} {first.value}".strip())


def problem_categories(answers: dict[str, str], problems: dict[str, str]) -> dict[str, str]:
    """{dimension: category} for the dimensions answered `problem`, in the order of DIMENSIONS."""
    return {d: problems[d] for d in DIMENSIONS if answers.get(d) == "problem"}


def distance_to_line_m(line, point) -> float:
    """Metres from a lon/lat point to a lon/lat line, measured in a frame centred on the point
    (scaled on the ellipsoid there; within a few kilometres the error is far below a metre)."""
    lon, lat = point.x, point.y
    coords = shapely.get_coordinates(line)
    east, north = local_metres(coords[:, 0], coords[:, 1], lon, lat)
    local = shapely.linestrings(list(zip(east.tolist(), north.tolist())))
    return float(shapely.distance(local, shapely.Point(0.0, 0.0)))


def is_on_site(segment_line, photo_point, photo_time: datetime | None,
               check_time: datetime) -> tuple[bool, float]:
    """(on site?, metres from the segment): within ON_SITE_DISTANCE_M of the line, and taken
    within ON_SITE_WINDOW of the check (before or after: phone clocks drift). A photo without a
    time is never proof. Both times must be alike: both naive UTC, or both zone-aware."""
    distance = distance_to_line_m(segment_line, photo_point)
    near = distance <= ON_SITE_DISTANCE_M
    timely = photo_time is not None and abs(check_time - photo_time) <= ON_SITE_WINDOW
    return near and timely, distance


def next_due(last_check_date: date | None, interval_days: int = DEFAULT_INTERVAL_DAYS,
             since: date | None = None) -> date | None:
    """The day the next check is due: `interval_days` after the last check, or after `since`
    (the day the custody began) if that is later or there was no check; None if neither is known."""
    if interval_days < 1:
        raise ValueError(f"interval_days must be at least 1, not {interval_days}")
    known = [d for d in (last_check_date, since) if d is not None]
    return max(known) + timedelta(days=interval_days) if known else None


def is_overdue(due: date | None, today: date) -> bool:
    """Late once the due day has passed; a segment with no due day (never checked, no start
    known) is late."""
    return due is None or today > due


DUE_SOON_DAYS = 7


def is_due_this_week(due: date | None, today: date) -> bool:
    """"Due this week" is the seven days from today (today and the 6 after), not the calendar
    week: on a Sunday it still warns of Saturday's checks. Days are Beijing days (`today` is
    clock.today(), a last check is dated by local_date), so a check made at 06:00 in Jingzhou
    counts on that day. Overdue segments are not "due this week": they are late."""
    return due is not None and today <= due < today + timedelta(days=DUE_SOON_DAYS)
