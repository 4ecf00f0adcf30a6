"""The rules of a check: a whole answer set, on-site photos, and when the next check is due."""

from datetime import date, datetime, timedelta

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from watershed.domain.checks import (
    CATEGORIES,
    DIMENSIONS,
    answer_faults,
    distance_to_line_m,
    is_on_site,
    is_overdue,
    next_due,
    problem_categories,
    validate_answers,
)
from watershed.domain.geodesy import GEOD

# About 1.2 km running east along 30.37°N, like the test basin's main canal.
LINE = shapely.LineString([(112.070, 30.370), (112.076, 30.370), (112.0825, 30.370)])
CHECKED = datetime(2026, 5, 1, 2, 0)
ALL_GOOD = dict.fromkeys(DIMENSIONS, "good")


def north_of(lon: float, lat: float, metres: float) -> shapely.Point:
    lon2, lat2, _ = GEOD.fwd(lon, lat, 0.0, metres)
    return shapely.Point(lon2, lat2)


def test_five_good_answers_are_a_whole_check():
    assert answer_faults(ALL_GOOD, {}) == []
    validate_answers(ALL_GOOD, {})


def test_a_problem_needs_a_known_category_and_every_dimension_an_answer():
    answers = {**ALL_GOOD, "flow": "problem", "water": "problem", "banks": "maybe"}
    del answers["harmony"]
    faults = answer_faults(answers, {"water": "aliens", "ghosts": "blockage"})
    assert [(f.kind, f.dimension, f.value) for f in faults] == [
        ("unknown_dimension", "ghosts", ""),
        ("no_category", "flow", ""),
        ("bad_category", "water", "aliens"),
        ("bad_answer", "banks", "maybe"),
        ("missing_answer", "harmony", ""),
    ]
    with pytest.raises(ValueError, match="unknown_dimension"):
        validate_answers(answers, {"ghosts": "blockage"})


def test_a_category_left_on_a_good_answer_is_dropped():
    answers = {**ALL_GOOD, "banks": "problem"}
    problems = {"banks": "bank_collapse", "flow": "blockage"}
    assert answer_faults(answers, problems) == []
    assert problem_categories(answers, problems) == {"banks": "bank_collapse"}
    assert set(CATEGORIES) >= set(problem_categories(answers, problems).values())


def test_a_photo_near_the_segment_and_near_the_time_is_on_site():
    on_site, distance = is_on_site(LINE, north_of(112.073, 30.370, 60), CHECKED - timedelta(hours=3),
                                   CHECKED)
    assert on_site and distance == pytest.approx(60, abs=0.1)


def test_a_photo_too_far_away_or_too_long_before_is_not_on_site():
    assert is_on_site(LINE, north_of(112.073, 30.370, 101), CHECKED, CHECKED)[0] is False
    near = north_of(112.073, 30.370, 20)
    assert is_on_site(LINE, near, CHECKED - timedelta(hours=24, minutes=1), CHECKED)[0] is False
    assert is_on_site(LINE, near, CHECKED + timedelta(hours=2), CHECKED)[0] is True  # clock drift
    assert is_on_site(LINE, near, None, CHECKED)[0] is False  # no time, no proof


def test_beyond_the_end_of_a_segment_the_distance_is_to_its_end():
    beyond = shapely.Point(112.0835, 30.370)  # east of the last vertex
    _, _, metres = GEOD.inv(112.0825, 30.370, 112.0835, 30.370)
    assert distance_to_line_m(LINE, beyond) == pytest.approx(metres, rel=1e-4)


@settings(max_examples=60, deadline=None)
@given(along=st.floats(0.0, 1.0), metres=st.floats(0.0, 2000.0))
def test_the_distance_from_a_line_is_the_geodesic_offset_from_it(along, metres):
    foot = LINE.interpolate(along, normalized=True)
    assert distance_to_line_m(LINE, north_of(foot.x, foot.y, metres)) == pytest.approx(
        metres, rel=2e-3, abs=0.05)


def test_the_next_check_is_due_an_interval_after_the_last_or_after_custody_began():
    assert next_due(date(2026, 5, 1), 7) == date(2026, 5, 8)
    assert next_due(None, 7, since=date(2026, 5, 3)) == date(2026, 5, 10)
    assert next_due(date(2026, 4, 1), 7, since=date(2026, 5, 3)) == date(2026, 5, 10)  # new keeper
    assert next_due(None, 7) is None
    with pytest.raises(ValueError):
        next_due(date(2026, 5, 1), 0)


def test_a_check_is_late_only_after_its_due_day():
    assert not is_overdue(date(2026, 5, 8), date(2026, 5, 8))
    assert is_overdue(date(2026, 5, 8), date(2026, 5, 9))
    assert is_overdue(None, date(2026, 5, 9))
