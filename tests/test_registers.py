"""The registers behind the staff pages: segments with keepers, households, the dashboard figures."""

from datetime import datetime, time, timedelta

import pandas as pd
import pytest

from tests.factories import RESIDENT, STAFF, households_file
from watershed.domain.checks import DIMENSIONS
from watershed.errors import PermissionDenied
from watershed.services.common.actors import Actor
from watershed.services.common.clock import today as basin_today
from watershed.services.checks.checks import submit_check
from watershed.services.custody.custody import assign, end_custody
from watershed.services.geometry.imports import preview_households
from watershed.services.places.registers import (dashboard_figures, filter_options, household_table,
                                          segment_table)

CUSTODIAN = Actor("test-custodian", "custodian", household_id=1)
LEADER = Actor("test-leader", "leader")
GOOD = dict.fromkeys(DIMENSIONS, "good")



def test_the_segment_register_has_one_row_per_segment_with_its_current_primary_keeper(basin):
    today = basin_today()
    assign(basin, STAFF, "ZQ-001", "H-001", start=today - timedelta(days=10))
    assign(basin, STAFF, "ZQ-002", "H-002", start=today - timedelta(days=10))
    end_custody(basin, STAFF, "ZQ-002", end=today)
    assign(basin, STAFF, "ZQ-003", "H-003", role="deputy")
    frame = segment_table(basin, STAFF)
    assert list(frame.columns) == ["code", "channel", "village", "length_m", "custodian_code",
                                   "custodian_name", "group", "since"]
    assert frame["code"].is_unique and {"ZQ-001", "ZQ-Z01-002"} <= set(frame["code"])
    rows = frame.set_index("code")
    first = rows.loc["ZQ-001"]
    assert (first.channel, first.custodian_code, first.custodian_name, first.group) == (
        "主渠", "H-001", "张大山", "一组")
    assert first.since == today - timedelta(days=10) and first.length_m > 0
    assert pd.isna(rows.loc["ZQ-002"].custodian_code)  # ended
    assert pd.isna(rows.loc["ZQ-003"].custodian_code)  # a deputy alone does not keep it
    assert codes_in(frame, "ZQ") == sorted(codes_in(frame, "ZQ"))  # upstream to downstream


def codes_in(frame, channel_prefix: str) -> list[str]:
    return [code for code in frame["code"] if code.rsplit("-", 1)[0] == channel_prefix]


def test_the_segment_register_filters_by_channel_village_group_custodian_and_openness(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    assign(basin, STAFF, "ZQ-Z01-001", "H-003")
    everything = segment_table(basin, STAFF)
    branch = segment_table(basin, STAFF, channel="ZQ-Z01")
    assert set(branch["code"]) == {"ZQ-Z01-001", "ZQ-Z01-002"}
    village = everything.loc[everything["code"] == "ZQ-001", "village"].item()
    assert set(segment_table(basin, STAFF, village=village)["village"]) == {village}
    assert list(segment_table(basin, STAFF, group="二组")["code"]) == ["ZQ-Z01-001"]
    assert list(segment_table(basin, STAFF, custodian="h-00")["code"]) == ["ZQ-001", "ZQ-Z01-001"]
    assert list(segment_table(basin, STAFF, custodian="王建")["code"]) == ["ZQ-Z01-001"]
    assert segment_table(basin, STAFF, custodian="%").empty  # a wildcard is a character here
    open_ = segment_table(basin, STAFF, only_open=True)
    assert len(open_) == len(everything) - 2 and open_["custodian_code"].isna().all()
    assert segment_table(basin, STAFF, channel="ZQ-Z01", only_open=True)["code"].tolist() == ["ZQ-Z01-002"]


def test_the_filters_offer_every_channel_village_and_group(basin):
    options = filter_options(basin, STAFF)
    assert options.channels == [("ZQ", "主渠"), ("ZQ-Z01", "一支渠")]
    assert options.villages == sorted(["梅槐社区", "新凤社区"])
    assert options.groups == sorted(["一组", "二组"])


def test_given_a_village_the_filters_offer_the_channels_with_a_segment_in_it(basin):
    everything = segment_table(basin, STAFF)
    for village, segments in everything.groupby("village"):
        channels = {code for code, _ in filter_options(basin, STAFF, village).channels}
        assert channels == {code.rsplit("-", 1)[0] for code in segments["code"]}
    assert filter_options(basin, STAFF, "没有这个村").channels == []


def test_the_household_register_searches_codes_names_and_phones_and_counts_what_each_keeps(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    assign(basin, STAFF, "ZQ-002", "H-001")
    assign(basin, STAFF, "ZQ-003", "H-001", role="deputy")
    assign(basin, STAFF, "ZQ-004", "H-002")
    end_custody(basin, STAFF, "ZQ-004")
    frame = household_table(basin, STAFF)
    assert list(frame.columns) == ["code", "head_name", "group", "village", "phone", "members",
                                   "segments"]
    assert dict(zip(frame["code"], frame["segments"])) == {"H-001": 3, "H-002": 0, "H-003": 0}
    assert household_table(basin, STAFF, "李小")["code"].tolist() == ["H-002"]
    assert household_table(basin, STAFF, "h-003")["code"].tolist() == ["H-003"]
    assert household_table(basin, STAFF, "0000002")["code"].tolist() == ["H-002"]
    assert household_table(basin, STAFF, "_")["code"].tolist() == []
    assert household_table(basin, STAFF, limit=2)["code"].tolist() == ["H-001", "H-002"]


def test_the_dashboard_counts_and_lists_open_due_overdue_and_problem_segments(basin):
    today = basin_today()
    assign(basin, STAFF, "ZQ-001", "H-001", start=today - timedelta(days=3))  # due in 4 days
    assign(basin, STAFF, "ZQ-002", "H-002", start=today - timedelta(days=30))  # never checked
    assign(basin, STAFF, "ZQ-003", "H-003", start=today - timedelta(days=30))
    yesterday = datetime.combine(today - timedelta(days=1), time(9))
    submit_check(basin, STAFF, "ZQ-003", {**GOOD, "flow": "problem"}, {"flow": "blockage"},
                 note="<script>x</script>", at=yesterday)
    submit_check(basin, STAFF, "ZQ-004", {**GOOD, "water": "problem"}, {"water": "rubbish"},
                 at=yesterday - timedelta(days=40))  # too long ago to count
    figures = dashboard_figures(basin, STAFF, lang="en")
    segments = len(segment_table(basin, STAFF))
    assert figures.basin and not figures.synthetic and figures.segments == segments
    assert figures.in_custody == pytest.approx(3 / segments)
    assert figures.km == pytest.approx(segment_table(basin, STAFF)["length_m"].sum() / 1000, abs=0.01)
    assert (figures.due_this_week, figures.overdue, figures.problems) == (2, 1, 1)
    lists = figures.lists
    assert lists["due"]["code"].tolist() == ["ZQ-001", "ZQ-003"]
    assert lists["overdue"]["code"].tolist() == ["ZQ-002"]
    assert lists["overdue"].iloc[0]["phone"] == "13800000002"
    assert len(lists["open"]) == segments - 3 and "ZQ-004" in set(lists["open"]["code"])
    problem = lists["problems"].iloc[0]
    assert (problem.code, problem.custodian_code, problem.note) == ("ZQ-003", "H-003", "<script>x</script>")
    assert problem.problems == "Flowing: Blockage"
    later = dashboard_figures(basin, STAFF, today=today + timedelta(days=6))
    assert (later.due_this_week, later.overdue) == (1, 2)  # ZQ-001 fell due the day before
    assert dashboard_figures(basin, LEADER, interval_days=40).overdue == 0


def test_an_empty_database_has_no_basin_and_zero_figures(db):
    figures = dashboard_figures(db, STAFF)
    assert (figures.basin, figures.segments, figures.in_custody) == (None, 0, 0.0)
    assert all(frame.empty for frame in figures.lists.values())
    assert segment_table(db, STAFF).empty and household_table(db, STAFF).empty


@pytest.mark.parametrize("actor", [CUSTODIAN, RESIDENT])
def test_custodians_and_residents_may_not_read_the_registers(basin, actor):
    for service in (segment_table, filter_options, household_table, dashboard_figures):
        with pytest.raises(PermissionDenied):
            service(basin, actor)


def test_a_household_file_is_previewed_without_touching_the_database(tmp_path):
    frame, problems = preview_households(households_file(tmp_path))
    assert problems == [] and frame["code"].tolist() == ["H-001", "H-002", "H-003"]
    bad = households_file(tmp_path, [
        dict(code="H-1", head_name="", group="一组", village="梅槐社区", members="x"),
        dict(code="H-1", head_name="李四", group="一组", village="梅槐社区", members="3"),
    ])
    frame, problems = preview_households(bad)
    assert frame is None and len(problems) >= 3  # a blank name, a bad count, a doubled code
    assert all(problem.message("en") for problem in problems)
