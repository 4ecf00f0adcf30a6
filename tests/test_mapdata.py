"""What the map is given: the segments and ponds in a window, with their current keepers."""

from datetime import date

import pytest

from tests.factories import STAFF
from watershed.services.custody.custody import assign, end_custody
from watershed.services.geometry.mapdata import basin_view, ponds_in_view, segments_in_view
from watershed.services.geometry.segmenting import segment_channels

# The branch runs south from (112.076, 30.370) to (112.076, 30.366); the main canal runs east.
BRANCH_ONLY = (112.0755, 30.3655, 112.0765, 30.3685)



def test_every_live_segment_comes_with_its_current_primary_keeper(basin):
    assign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 3, 1))
    assign(basin, STAFF, "ZQ-002", "H-002", start=date(2026, 3, 1))
    end_custody(basin, STAFF, "ZQ-002", end=date(2026, 6, 1))
    assign(basin, STAFF, "ZQ-003", "H-003", role="deputy")
    rows = {s.code: s for s in segments_in_view(basin, None)}
    assert {"ZQ-001", "ZQ-002", "ZQ-003", "ZQ-Z01-001"} <= set(rows)
    first = rows["ZQ-001"]
    assert (first.kept, first.custodian_code, first.custodian_name) == (True, "H-001", "张大山")
    assert (first.channel_code, first.channel_name) == ("ZQ", "主渠")
    assert first.geometry.geom_type == "LineString" and first.length_m > 0
    assert first.village in {"梅槐社区", "新凤社区"}
    assert not rows["ZQ-002"].kept and rows["ZQ-002"].custodian_name is None  # custody ended
    assert not rows["ZQ-003"].kept  # a deputy alone does not keep a segment
    assert sum(s.kept for s in rows.values()) == 1


def test_a_window_holds_only_what_meets_it_and_a_limit_caps_it(basin):
    everything = segments_in_view(basin, None)
    branch = segments_in_view(basin, BRANCH_ONLY)
    assert branch and {s.channel_code for s in branch} == {"ZQ-Z01"}
    assert len(branch) < len(everything)
    assert segments_in_view(basin, (113.0, 31.0, 113.1, 31.1)) == []
    assert [s.id for s in segments_in_view(basin, None, limit=2)] == [s.id for s in everything[:2]]


def test_re_cut_channels_show_only_their_new_segments(basin):
    before = {s.id for s in segments_in_view(basin, None)}
    segment_channels(basin, STAFF, target_m=100.0)
    after = segments_in_view(basin, None)
    assert not before & {s.id for s in after}
    assert len(after) > len(before)


def test_ponds_in_a_window_and_the_view_of_the_whole_basin(basin):
    (pond,) = ponds_in_view(basin, None)
    assert (pond.code, pond.owner, pond.status) == ("YT-01", "<b>塘主</b>", "occupying")
    assert pond.geometry.geom_type in {"Polygon", "MultiPolygon"}
    assert ponds_in_view(basin, BRANCH_ONLY) == []
    (lat, lon), ((south, west), (north, east)) = basin_view(basin)
    assert (west, east) == pytest.approx((112.070, 112.0825))
    assert (south, north) == pytest.approx((30.366, 30.372))
    assert south < lat < north and west < lon < east


def test_an_empty_database_has_no_view_and_nothing_to_draw(db):
    assert basin_view(db) is None
    assert segments_in_view(db, None) == [] and ponds_in_view(db, (0, 0, 1, 1)) == []


def test_days_since_check_counts_from_the_latest_check_of_each_segment(basin):
    from datetime import timedelta

    from watershed.domain.localtime import day_start
    from watershed.services.checks.checks import submit_check
    from watershed.services.common.clock import now, today
    from watershed.services.geometry.mapdata import days_since_check

    good = {d: "good" for d in ("flow", "water", "banks", "scenery", "harmony")}
    # 09:00 in Jingzhou 26 and 7 days ago
    for days_ago in (26, 7):
        at = day_start(today() - timedelta(days=days_ago)) + timedelta(hours=9)
        submit_check(basin, STAFF, "ZQ-001", good, {}, at=at)
    # Today, at this very moment: 09:00 today is still to come at 01:30 on New Year's Day.
    submit_check(basin, STAFF, "ZQ-002", good, {}, at=now())
    assert sorted(days_since_check(basin, today=today()).values()) == [0, 7]
    # A map asks only for the segments it draws.
    first, second = (segments_in_view(basin, None, codes={code})[0].id
                     for code in ("ZQ-001", "ZQ-002"))
    assert days_since_check(basin, today=today(), segment_ids=[first]) == {first: 7}
    assert days_since_check(basin, today=today(), segment_ids=[second, 10**6]) == {second: 0}


def test_a_custodians_map_can_ask_for_its_own_segments_only(basin):
    rows = segments_in_view(basin, None, codes={"ZQ-001", "ZQ-Z01-002"})
    assert sorted(r.code for r in rows) == ["ZQ-001", "ZQ-Z01-002"]
