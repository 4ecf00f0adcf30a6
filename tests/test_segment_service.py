"""`watershed segment`: cuts stored channels, keeps codes stable, and never drops custody silently."""

import pytest
from sqlalchemy import select

from tests.factories import (
    RESIDENT,
    STAFF,
    channels_file,
    households_file,
    line,
    run_cli,
    write_geojson,
)
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.custody.custody import assign, custody_history
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.geometry.segmenting import plan_segments, segment_channels
from watershed.store.tables import Channel, Segment


@pytest.fixture
def basin(db, tmp_path):
    import_layer(db, STAFF, "channels", channels_file(tmp_path))
    import_households(db, STAFF, households_file(tmp_path))
    return db


def _live(db, channel_code=None):
    with db.read() as session:
        query = select(Segment).join(Channel).where(Segment.retired_at.is_(None)).order_by(Segment.code)
        if channel_code:
            query = query.where(Channel.code == channel_code)
        return session.scalars(query).all()


def test_segments_cover_each_channel_exactly_and_are_numbered_upstream_to_downstream(basin):
    segment_channels(basin, STAFF, target_m=200)
    with basin.read() as session:
        channels = {c.code: c.length_m for c in session.scalars(select(Channel))}
    for code, length in channels.items():
        pieces = _live(basin, code)
        assert sum(p.length_m for p in pieces) == pytest.approx(length, abs=0.001)
        assert [p.code for p in pieces] == [f"{code}-{i:03d}" for i in range(1, len(pieces) + 1)]
        assert [p.start_m for p in pieces] == sorted(p.start_m for p in pieces)
        assert pieces[0].start_m == 0 and pieces[-1].end_m == pytest.approx(length, abs=0.001)


def test_the_main_canal_is_split_where_the_branch_takes_off(basin):
    segment_channels(basin, STAFF, target_m=1000)
    main = _live(basin, "ZQ")
    # The branch leaves about 577 m from the head: two stretches, one piece each at 1 km.
    assert len(main) == 2
    assert main[0].end_m == pytest.approx(577, abs=5)


def test_each_segment_belongs_to_the_village_of_the_nearest_household(basin):
    segment_channels(basin, STAFF, target_m=200)
    with basin.read() as session:
        villages = {s.code: s.village_id for s in session.scalars(select(Segment))}
    assert all(v is not None for v in villages.values())
    assert villages["ZQ-Z01-002"] != villages["ZQ-001"]  # H-003 of 新凤社区 lives by the branch


def test_cutting_again_with_the_same_length_changes_nothing(basin):
    segment_channels(basin, STAFF)
    first = [(s.id, s.code) for s in _live(basin)]
    report = segment_channels(basin, STAFF)
    assert report.segments_created == 0 and report.channels_unchanged == 2
    assert [(s.id, s.code) for s in _live(basin)] == first


def test_recutting_segments_in_custody_is_refused_without_force(basin):
    segment_channels(basin, STAFF)
    assign(basin, STAFF, "ZQ-001", "H-001")
    before = [(s.id, s.code) for s in _live(basin)]
    with pytest.raises(Conflict) as refusal:
        segment_channels(basin, STAFF, target_m=100)
    assert "--force" in str(refusal.value) and "ZQ" in str(refusal.value)
    assert [(s.id, s.code) for s in _live(basin)] == before


def test_forcing_a_recut_ends_the_custody_with_a_record_and_keeps_the_old_segment(basin):
    segment_channels(basin, STAFF)
    assign(basin, STAFF, "ZQ-001", "H-001")
    report = segment_channels(basin, STAFF, target_m=100, force=True)
    assert report.custodies_ended == 1
    history = custody_history(basin, "ZQ-001")
    assert len(history) == 1 and history[0].end_date is not None and history[0].end_reason
    with basin.read() as session:
        retired = session.scalars(select(Segment).where(Segment.retired_at.is_not(None))).all()
    assert retired and all(s.geom is not None for s in retired)


def test_one_channel_can_be_cut_alone(basin):
    segment_channels(basin, STAFF, target_m=200)
    report = segment_channels(basin, STAFF, target_m=100, channel_code="ZQ-Z01")
    assert report.channels_cut == ["ZQ-Z01"]
    assert len(_live(basin, "ZQ-Z01")) == 4  # about 443 m in pieces of about 100 m


def test_an_unknown_channel_or_a_silly_length_is_refused(basin):
    with pytest.raises(NotFound):
        segment_channels(basin, STAFF, channel_code="NOPE")
    with pytest.raises(InputError):
        segment_channels(basin, STAFF, target_m=3)


def test_the_segment_command_prints_what_it_did(basin, capsys):
    status, out, _ = run_cli(capsys, basin.url, "segment", "--length", "250")
    # stretches of 577, 623 and 443 m make 2 + 2 + 2 pieces of about 250 m
    assert status == 0 and len(_live(basin)) == 6 and " 6 " in out
    status, _, err = run_cli(capsys, basin.url, "segment", "--length", "abc")
    assert status == 2 and err.count("\n") == 1 and "Target segment length (m) 'abc'" in err


def test_the_plan_is_the_cut_that_saving_makes_and_writes_nothing(basin):
    segment_channels(basin, STAFF, target_m=200)
    before = [(s.id, s.code) for s in _live(basin)]
    plan = plan_segments(basin, STAFF, 100)
    assert [(s.id, s.code) for s in _live(basin)] == before
    segment_channels(basin, STAFF, target_m=100)
    saved = _live(basin)
    assert sorted(p.code for p in plan) == [s.code for s in saved]
    by_code = {s.code: s for s in saved}
    for code, length_m, geometry in plan:
        assert length_m == pytest.approx(by_code[code].length_m)
        assert geometry.equals_exact(by_code[code].geom, 1e-9)
    assert {p.code for p in plan_segments(basin, STAFF, 100, "ZQ-Z01")} == {
        s.code for s in _live(basin, "ZQ-Z01")}


def test_planning_refuses_what_saving_refuses(basin):
    with pytest.raises(InputError):
        plan_segments(basin, STAFF, 5)
    with pytest.raises(NotFound):
        plan_segments(basin, STAFF, 200, "NOPE")
    with pytest.raises(PermissionDenied):
        plan_segments(basin, RESIDENT, 200)


def test_a_branch_leaving_30_m_below_the_head_leaves_no_30_m_segment(db, tmp_path):
    # 0.0003° of longitude is about 29 m here: the branch leaves just below the head.
    import_layer(db, STAFF, "channels", write_geojson(tmp_path / "渠.geojson", [
        ({"code": "GZQ"}, line([(112.0700, 30.370), (112.0825, 30.370)])),
        ({"code": "GZQ-Z"}, line([(112.0703, 30.370), (112.0703, 30.366)])),
    ]))
    segment_channels(db, STAFF, target_m=200)
    main = _live(db, "GZQ")
    assert len(main) == 6 and min(s.length_m for s in main) > 190
    assert sum(s.length_m for s in main) == pytest.approx(1200, rel=0.01)
