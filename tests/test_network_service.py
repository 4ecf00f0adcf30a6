"""The network check on real public waterways (tests/data): the service on both databases, the
command and the geometry page."""

import json
from pathlib import Path

import pytest
import shapely

from tests.factories import RESIDENT, STAFF, run_cli, write_geojson
from tests.pages import page_app
from watershed.catalogue import Phrase, text
from watershed.errors import InputError, PermissionDenied
from watershed.services.geometry.imports import import_layer
from watershed.services.geometry.network import KEYS, check_network, describe
from watershed.services.geometry.segmenting import segment_channels

DATA = Path(__file__).parent / "data"
DENGZHOU = DATA / "dengzhou_henan" / "channels.geojson"
NANTONG = DATA / "nantong_jiangsu" / "channels.geojson"
CANAL = "南水北调中线工程总干渠"
# Features of dengzhou_henan (1-based, file order) that start a line network: 湍河, 刁河, 严陵河,
# 腰兴渠, 引丹渠 and the South–North canal. A source on each head waters the whole extract.
HEADS = (1, 15, 5, 6, 11, 10)
TUANHE_MIDDLE = 7  # the 湍河 way between features 1 and 2


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
    assert {key: n for key, n in report.counts().items() if n and key != "dangles"} == {"crossings": 2}
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
    assert status == 0 and text("network.count", kind=Phrase("network.kind.reversed"), count=3) in out
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
