"""The network check on real public waterways (tests/data): the service on both databases, the
command and the geometry page."""

import json
from pathlib import Path

import pytest
import shapely

from tests.factories import RESIDENT, STAFF, run_cli, write_geojson
from tests.pages import page_app
from watershed.catalogue import Phrase, text
from watershed.errors import InputError, NotFound, PermissionDenied
from watershed.services.geometry.imports import import_layer
from watershed.services.common.actors import Actor
from watershed.services.geometry.network import KEYS, check_network, describe
from watershed.services.geometry.network_fixes import (join_ends, orient_network, reverse_channel,
                                                       undo_join)
from watershed.services.geometry.segmenting import segment_channels

DATA = Path(__file__).parent / "data"
DENGZHOU = DATA / "dengzhou_henan" / "channels.geojson"
NANTONG = DATA / "nantong_jiangsu" / "channels.geojson"
CANAL = "南水北调中线工程总干渠"
# Features of dengzhou_henan (1-based, file order) that start a line network: 湍河, 刁河, 严陵河,
# 腰兴渠, 引丹渠 and the South–North canal. A source on each head waters the whole extract.
HEADS = (1, 15, 5, 6, 11, 10)
TUANHE_MIDDLE = 7  # the 湍河 way between features 1 and 2
LEADER = Actor("test-leader", "leader")


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _sources(folder: Path, path: Path = DENGZHOU, heads=HEADS) -> Path:
    features = _features(path)
    return write_geojson(folder / "sources.geojson", [
        ({"code": f"S{number}"},
         {"type": "Point", "coordinates": features[number - 1]["geometry"]["coordinates"][0]})
        for number in heads])


def _reversed(folder: Path, number: int, path: Path = DENGZHOU) -> Path:
    """A copy of the file with feature `number` drawn the other way round."""
    data = json.loads(path.read_text(encoding="utf-8"))
    line = data["features"][number - 1]["geometry"]
    line["coordinates"] = line["coordinates"][::-1]
    copy = folder / f"reversed_{number}.geojson"
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return copy


def _imported(db, folder: Path, channels: Path = DENGZHOU, sources: bool = True):
    import_layer(db, STAFF, "channels", channels)
    if sources:
        import_layer(db, STAFF, "sources", _sources(folder))
    return check_network(db, STAFF)


def test_the_real_network_as_surveyed_has_only_its_two_aqueducts_to_report(db, tmp_path):
    report = _imported(db, tmp_path)
    assert report.channels == 17 and report.sources == len(HEADS)
    found = {key: n for key, n in report.counts().items() if n and key != "dangles"}
    assert found == {"crossings": 2}
    # The canal crosses 湍河 and 刁河 on aqueducts (bridge=aqueduct in OpenStreetMap): listed,
    # never joined, so the rivers stay reached from their own heads and not from the canal.
    for crossing in report.findings["crossings"]:
        names = {report.names[code] for code in crossing["channels"]}
        assert CANAL in names and len(names) == 2
        assert 111.7 < crossing["lon"] < 112.3 and 32.5 < crossing["lat"] < 33.3


def test_a_line_drawn_against_the_flow_is_named_and_what_it_cut_off_is_unreached(db, tmp_path):
    report = _imported(db, tmp_path, _reversed(tmp_path, TUANHE_MIDDLE))
    middle, below = f"C{TUANHE_MIDDLE:04d}", "C0002"  # codes follow the file's order
    assert {(item["channel"], item["why"]) for item in report.findings["reversed"]} == {
        (middle, "fed_from_below"), (middle, "head_on"), ("C0001", "head_on")}
    assert {item["channel"] for item in report.findings["unreached"]} == {middle, below}
    sentence = describe(report, "reversed", report.findings["reversed"][1], "zh")
    assert f"watershed channel reverse {middle}" in sentence


def test_without_sources_the_check_says_so_and_lists_no_unreached_line_by_line(db, tmp_path):
    report = _imported(db, tmp_path, sources=False)
    assert report.counts()["unreached"] == 17 and "unreached" not in report.to_list()
    assert not report.all_clear()


def test_osm_junctions_at_shared_vertices_are_joined_and_only_true_ends_dangle(db, tmp_path):
    report = _imported(db, tmp_path, NANTONG, sources=False)
    lines = [shapely.geometry.shape(f["geometry"]) for f in _features(NANTONG)]
    vertices = [{tuple(c) for c in line.coords} for line in lines]
    dangling = {(item["channel"], item["end"]) for item in report.findings["dangles"]}
    for number, line in enumerate(lines, start=1):
        for end, point in (("start", line.coords[0]), ("end", line.coords[-1])):
            shared = any(point in vertices[other] for other in range(len(lines))
                         if other != number - 1)
            # A vertex another way has too is a junction wherever it lies on that way.
            if shared:
                assert (f"C{number:04d}", end) not in dangling


def test_ends_a_few_metres_off_are_near_misses_until_the_tolerance_covers_them(db, tmp_path):
    import_layer(db, STAFF, "channels", NANTONG)
    tight = check_network(db, STAFF)
    assert tight.findings["near_misses"] and all(
        1.0 < item["distance_m"] <= 5.0 for item in tight.findings["near_misses"])
    loose = check_network(db, STAFF, snap_m="5")
    assert not loose.findings["near_misses"]
    assert {item["channel"] for item in tight.findings["short"]} >= {
        item["channel"] for item in tight.findings["near_misses"]}  # the stubs of 2-4 m


def test_the_findings_name_the_custody_segments_once_the_channels_are_cut(db, tmp_path):
    import_layer(db, STAFF, "channels", _reversed(tmp_path, TUANHE_MIDDLE))
    import_layer(db, STAFF, "sources", _sources(tmp_path))
    segment_channels(db, STAFF)
    report = check_network(db, STAFF)
    unreached = {item["channel"]: item["segments"] for item in report.findings["unreached"]}
    assert unreached["C0007"] and all(code.startswith("C0007") for code in unreached["C0007"])
    crossing = report.findings["crossings"][0]
    assert len(crossing["segments"]) == 2  # one segment of each line, where they cross


@pytest.mark.parametrize("value", ["-1", "abc", "51", ""])
def test_a_tolerance_that_is_not_a_distance_is_refused(db, value):
    with pytest.raises(InputError):
        check_network(db, STAFF, snap_m=value)


def test_only_the_office_may_run_the_check(db):
    with pytest.raises(PermissionDenied):
        check_network(db, RESIDENT)


def test_the_command_prints_the_report_and_json_with_the_agreed_keys(db, tmp_path, capsys):
    import_layer(db, STAFF, "channels", _reversed(tmp_path, TUANHE_MIDDLE))
    import_layer(db, STAFF, "sources", _sources(tmp_path))
    status, out, _ = run_cli(capsys, db.url, "network", "check", "--json")
    findings = json.loads(out)
    assert status == 0 and list(findings) == list(KEYS)
    assert {"reversed", "near_misses", "crossings", "unreached", "dangles", "short"} <= set(findings)
    assert all("segments" in item for items in findings.values() for item in items)
    status, out, _ = run_cli(capsys, db.url, "network", "check")
    reversed_three = text("network.count", kind=Phrase("network.kind.reversed"), count=3)
    assert status == 0 and reversed_three in out
    assert "watershed channel reverse C0007" in out and "C0007" in out.splitlines()[2]
    status, _, err = run_cli(capsys, db.url, "network", "check", "--snap-metres", "一米")
    assert status == 2 and err.count("\n") == 1 and text("field.snap_metres") in err


def test_the_geometry_page_shows_the_check_before_the_cut(monkeypatch, tmp_path, database_url):
    from watershed.services.accounts.users import add_user
    from watershed.store.database import Database

    db = Database(database_url)
    add_user(db, STAFF, "office", "staff", "secret-password")
    import_layer(db, STAFF, "channels", _reversed(tmp_path, TUANHE_MIDDLE))
    import_layer(db, STAFF, "sources", _sources(tmp_path))
    db.dispose()
    app = page_app(monkeypatch, database_url, "geometry", "office", "zh")
    next(button for button in app.button if button.label == "检查").click().run()
    assert not app.exception
    assert any("17 条渠道" in element.value for element in app.markdown)
    expanders = [expander.label for expander in app.expander]
    assert "疑似画反 3" in expanders and "相交无节点 2" in expanders
    assert "C0007" in " ".join(element.value for element in app.text)


def _live_km(db) -> float:
    from watershed.services.campaign.flow import water

    return water(db).live_km


def test_orient_turns_the_line_drawn_against_the_flow_and_the_water_reaches_again(db, tmp_path):
    import_layer(db, STAFF, "channels", _reversed(tmp_path, TUANHE_MIDDLE))
    import_layer(db, STAFF, "sources", _sources(tmp_path))
    segment_channels(db, STAFF)
    live_before = _live_km(db)
    trial = orient_network(db, STAFF, dry_run=True)
    assert trial.flipped == ("C0007",) and not trial.applied and not trial.undecided
    assert trial.reached_km_before < trial.reached_km_after == pytest.approx(300.2, abs=0.1)
    assert _live_km(db) == live_before  # a dry run changes nothing
    done = orient_network(db, STAFF)
    assert done.flipped == ("C0007",) and done.applied
    assert not check_network(db, STAFF).findings["reversed"]
    # The segments turned with their channel, so the live water follows: 湍河 below is live again.
    assert _live_km(db) > live_before + 40
    assert [row.action for row in _audit(db)] == ["channel.reverse"]


def test_orient_turns_a_chain_of_reversed_lines_one_round_at_a_time(db, tmp_path):
    path = _reversed(tmp_path, TUANHE_MIDDLE)
    chain = _reversed(tmp_path, 2, path)  # 湍河 below it too
    import_layer(db, STAFF, "channels", chain)
    import_layer(db, STAFF, "sources", _sources(tmp_path))
    assert set(orient_network(db, STAFF).flipped) == {"C0007", "C0002"}
    assert check_network(db, STAFF).counts()["unreached"] == 0


def test_reversing_a_channel_twice_gives_back_the_drawing_and_leaves_two_audit_rows(db, tmp_path):
    import_layer(db, STAFF, "channels", DENGZHOU)
    segment_channels(db, STAFF)
    before = _geometries(db, "C0001")
    reverse_channel(db, STAFF, "C0001")
    turned = _geometries(db, "C0001")
    assert list(turned[0].coords) == list(before[0].coords)[::-1]
    reverse_channel(db, STAFF, "C0001")
    assert [list(g.coords) for g in _geometries(db, "C0001")] == [list(g.coords) for g in before]
    assert [row.action for row in _audit(db)] == ["channel.reverse", "channel.reverse"]


def test_a_channel_that_is_not_there_cannot_be_reversed_and_nothing_is_written(db, tmp_path):
    import_layer(db, STAFF, "channels", DENGZHOU)
    with pytest.raises(NotFound):
        reverse_channel(db, STAFF, "X9")
    assert not _audit(db)


@pytest.mark.parametrize("actor", [RESIDENT, LEADER])
def test_only_staff_may_turn_channels(db, actor):
    with pytest.raises(PermissionDenied):
        reverse_channel(db, actor, "C0001")
    with pytest.raises(PermissionDenied):
        orient_network(db, actor)


def _geometries(db, channel_code: str) -> list:
    """The channel's line, then its segments' in service, in order."""
    from sqlalchemy import select

    from watershed.store.tables import Channel, Segment

    with db.read() as session:
        channel = session.scalars(select(Channel).where(Channel.code == channel_code)).one()
        segments = session.scalars(select(Segment.geom).where(
            Segment.channel_id == channel.id, Segment.retired_at.is_(None)).order_by(Segment.seq))
        return [channel.geom, *segments]


def _audit(db) -> list:
    from sqlalchemy import select

    from watershed.store.tables import AuditEntry

    with db.read() as session:
        return session.execute(select(AuditEntry.action).where(
            AuditEntry.action == "channel.reverse").order_by(AuditEntry.id)).all()


def _moved(folder: Path, number: int, end: str, metres: float, path: Path = DENGZHOU) -> Path:
    """A copy with feature `number`'s first or last point moved `metres` north: an end that
    misses the line it joined."""
    data = json.loads(path.read_text(encoding="utf-8"))
    coords = data["features"][number - 1]["geometry"]["coordinates"]
    k = 0 if end == "start" else -1
    coords[k] = [coords[k][0], coords[k][1] + metres / 110_900]  # a degree of latitude here
    copy = folder / f"moved_{number}_{end}.geojson"
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return copy


def _flow_of(db, folder: Path, channels: Path, heads=HEADS):
    from watershed.services.campaign.flow import water

    import_layer(db, STAFF, "channels", channels)
    import_layer(db, STAFF, "sources", _sources(folder, channels, heads))
    segment_channels(db, STAFF)
    return water(db)


def test_dead_water_below_a_reversed_line_is_put_down_to_it(db, tmp_path):
    flow = _flow_of(db, tmp_path, _reversed(tmp_path, TUANHE_MIDDLE))
    assert set(flow.causes.values()) == {"reversed"}
    assert {code.split("-")[0] for code in flow.causes} == {"C0007", "C0002"}
    assert flow.dead_km_by_cause == {"reversed": flow.dead_km}


def test_dead_water_behind_a_mouth_a_metre_and_a_half_off_is_put_down_to_the_gap(db, tmp_path):
    # The canal piece below the 刁河 aqueduct starts 1.5 m from the piece above it.
    flow = _flow_of(db, tmp_path, _moved(tmp_path, 13, "start", 1.5))
    assert flow.causes and set(flow.causes.values()) == {"gap"}
    assert {code.split("-")[0] for code in flow.causes} >= {"C0013", "C0008", "C0017"}


def test_a_river_without_a_source_is_dead_for_want_of_one(db, tmp_path):
    flow = _flow_of(db, tmp_path, DENGZHOU, heads=(15, 5, 6, 11, 10))  # none on 湍河
    assert {code.split("-")[0] for code in flow.causes} == {"C0001", "C0007", "C0002"}
    assert set(flow.causes.values()) == {"no_source"}


def test_the_flow_command_gives_the_causes_in_json_and_in_words(db, tmp_path, capsys):
    _flow_of(db, tmp_path, _reversed(tmp_path, TUANHE_MIDDLE))
    status, out, _ = run_cli(capsys, db.url, "flow", "--json")
    figures = json.loads(out)
    assert status == 0 and figures["causes"] and set(figures["causes"].values()) == {"reversed"}
    status, out, _ = run_cli(capsys, db.url, "flow")
    assert status == 0 and text("flow.cause.reversed", km=figures["dead_km"]) in out


def test_the_progress_map_names_the_cause_of_dead_water_in_its_legend(monkeypatch, tmp_path,
                                                                       database_url):
    from watershed.palette import VIOLET
    from watershed.services.accounts.users import add_user
    from watershed.store.database import Database

    db = Database(database_url)
    _flow_of(db, tmp_path, _reversed(tmp_path, TUANHE_MIDDLE))
    add_user(db, STAFF, "office", "staff", "secret-password")
    db.dispose()
    app = page_app(monkeypatch, database_url, "progress_map", "office", "en")
    app.radio(key="progress_colouring").set_value("water").run()
    script = app.get("component_instance")[0].proto.json_args
    assert not app.exception and text("map.water.dead_reversed", "en") in script
    assert VIOLET in script and text("map.water.dead", "en") not in script  # no pond here


def test_the_orient_and_reverse_commands_say_what_they_did_and_how_to_undo_it(db, tmp_path,
                                                                              capsys):
    import_layer(db, STAFF, "channels", _reversed(tmp_path, TUANHE_MIDDLE))
    import_layer(db, STAFF, "sources", _sources(tmp_path))
    status, out, _ = run_cli(capsys, db.url, "network", "orient", "--dry-run")
    assert status == 0 and "C0007" in out and not _audit(db)
    status, out, _ = run_cli(capsys, db.url, "network", "orient")
    assert status == 0 and "watershed channel reverse" in out and len(_audit(db)) == 1
    status, out, _ = run_cli(capsys, db.url, "channel", "reverse", "C0007")  # undo
    assert status == 0 and "C0007" in out and check_network(db, STAFF).findings["reversed"]
    status, out, err = run_cli(capsys, db.url, "channel", "reverse", "NO-SUCH")
    assert status == 2 and out == "" and err.count("\n") == 1 and "NO-SUCH" in err


def test_what_orient_cannot_decide_is_listed_with_the_reason(db, capsys):
    import_layer(db, STAFF, "channels", NANTONG)  # lines meeting head-on, and no sources
    status, out, _ = run_cli(capsys, db.url, "network", "orient")
    undecided = [line for line in out.splitlines() if line.startswith("- ")]
    assert status == 0 and undecided and not _audit(db)
    assert all(text("network.undecided.head_on") in line for line in undecided)


def test_water_passes_where_two_osm_ways_cross_at_a_shared_node(db, tmp_path):
    # 二圩横河 (feature 11) crosses 裤子港河 (feature 10) at a node of both; neither ends there.
    flow = _flow_of(db, tmp_path, NANTONG, heads=(11,))
    segments_of_10 = sorted(code for code in flow.segments if code.startswith("C0010-"))
    assert flow.segments[segments_of_10[0]] == "dead"  # above the crossing: no source
    assert flow.segments[segments_of_10[-1]] == "live"  # below it: fed through the node


def test_the_geometry_page_checks_a_file_before_importing_it_and_keeps_nothing(
        monkeypatch, tmp_path, database_url):
    from sqlalchemy import func, select

    from watershed.services.accounts.users import add_user
    from watershed.store.database import Database
    from watershed.store.tables import Channel

    db = Database(database_url)
    add_user(db, STAFF, "office", "staff", "secret-password")
    import_layer(db, STAFF, "sources", _sources(tmp_path))
    app = page_app(monkeypatch, database_url, "geometry", "office", "en")
    upload = _reversed(tmp_path, TUANHE_MIDDLE).read_bytes()
    app.file_uploader(key="layer_file").set_value(("dengzhou.geojson", upload,
                                                   "application/geo+json")).run()
    next(b for b in app.button if b.label == text("staff.geometry.check_file", "en")).click().run()
    assert not app.exception
    labels = [expander.label for expander in app.expander]
    assert text("network.count", "en", kind=Phrase("network.kind.reversed"), count=3) in labels
    assert "C0007" in " ".join(element.value for element in app.text)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Channel)) == 0
    db.dispose()


def test_the_geometry_page_imports_reservoirs_as_reservoirs(monkeypatch, tmp_path, database_url):
    from sqlalchemy import select

    from watershed.services.accounts.users import add_user
    from watershed.store.database import Database
    from watershed.store.tables import Pond

    db = Database(database_url)
    add_user(db, STAFF, "office", "staff", "secret-password")
    app = page_app(monkeypatch, database_url, "geometry", "office", "en")
    app.radio[0].set_value("ponds").run()
    app.file_uploader(key="layer_file").set_value((
        "water.geojson", (DATA / "dengzhou_henan" / "water.geojson").read_bytes(),
        "application/geo+json")).run()
    next(r for r in app.radio if r.label == text("staff.geometry.water_kind", "en")).set_value(
        "reservoir").run()
    next(b for b in app.button if b.label == text("staff.geometry.import", "en")).click().run()
    assert not app.exception and app.success
    with db.read() as session:
        assert set(session.scalars(select(Pond.kind))) == {"reservoir"}
    db.dispose()


def test_join_closes_a_gap_of_a_metre_and_a_half_and_undo_opens_it_again(db, tmp_path):
    flow_before = _flow_of(db, tmp_path, _moved(tmp_path, 13, "start", 1.5))
    assert set(flow_before.causes.values()) == {"gap"}
    trial = join_ends(db, STAFF, snap_m=2, dry_run=True)
    assert [(j["channel"], j["other"]) for j in trial.joined] == [("C0012", "C0013")]
    assert not trial.applied and _live_km(db) == flow_before.live_km
    done = join_ends(db, STAFF, snap_m="2")
    assert done.applied and not done.recut  # end to end: the segments meet there already
    assert _live_km(db) == pytest.approx(flow_before.live_km + flow_before.dead_km, abs=0.01)
    assert not check_network(db, STAFF).findings["near_misses"]
    undone = undo_join(db, STAFF)
    assert [j["channel"] for j in undone.joined] == ["C0012"]
    assert _live_km(db) == flow_before.live_km
    with pytest.raises(InputError):
        undo_join(db, STAFF)  # nothing left to undo


def test_join_leaves_what_is_farther_than_the_tolerance(db, tmp_path):
    import_layer(db, STAFF, "channels", _moved(tmp_path, 13, "start", 4.0))
    assert not join_ends(db, STAFF, snap_m=2).joined
    assert [j["distance_m"] for j in join_ends(db, STAFF, snap_m=5, dry_run=True).joined] == [
        pytest.approx(4.0, abs=0.05)]


def test_a_mouth_joined_in_the_middle_of_a_cut_channel_asks_for_that_channel_to_be_cut_again(
        db, tmp_path):
    # At Nantong feature 20 ends on 二圩横河 (feature 11) at a node of both; moved 1.5 m off it,
    # the cut of 二圩横河 has no segment end there, so joining it asks for a re-cut.
    _flow_of(db, tmp_path, _moved(tmp_path, 20, "end", 1.5, NANTONG), heads=(11,))
    joined = join_ends(db, STAFF, snap_m=2)
    assert [(j["channel"], j["end"], j["other"]) for j in joined.joined] == [
        ("C0020", "end", "C0011")]
    assert joined.recut == ("C0011",)


def test_only_staff_may_join(db):
    with pytest.raises(PermissionDenied):
        join_ends(db, LEADER, snap_m=2)
