"""Importing and cutting the real public extracts in tests/data (OpenStreetMap, Natural Earth):
names in other fields, files without codes one after the other, lines clipped into parts, ways
split into pieces, and no custody segment of a few metres. tests/data/README.md describes them."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import STAFF, run_cli
from tests.test_cli_imports import _nothing_written
from watershed.services.geometry.imports import import_layer
from watershed.services.geometry.segmenting import segment_channels
from watershed.store.tables import Channel, Segment

DATA = Path(__file__).parent / "data"
DENGZHOU = DATA / "dengzhou_henan" / "channels.geojson"
NANTONG = DATA / "nantong_jiangsu" / "channels.geojson"
WUHAN = DATA / "wuhan_naturalearth" / "channels.geojson"
GUIXI = DATA / "guixi_jiangxi" / "channels.geojson"
# Geodesic lengths of nantong's pieces (README "Measured figures"), upstream piece first.
ERWEI_PIECES_M = (3.8, 67.4, 1956.5)
KUZIGANG_PIECES_M = (959.0, 708.3)


def _channels(db) -> list[Channel]:
    with db.read() as session:
        return session.scalars(select(Channel).order_by(Channel.id)).all()


def _by_name(db) -> dict[str, list[Channel]]:
    found: dict[str, list[Channel]] = {}
    for channel in _channels(db):
        found.setdefault(channel.name, []).append(channel)
    return found


def _refused(capsys, db, *args) -> str:
    status, out, err = run_cli(capsys, db.url, "import", "channels", *args)
    lines = err.strip().splitlines()
    assert status == 2 and out == "" and len(lines) == 1 and lines[0].startswith("error: ")
    assert _nothing_written(db)
    return lines[0]


def test_dengzhou_river_ways_take_their_names_from_name_zh_and_the_import_says_so(db, capsys):
    status, out, err = run_cli(capsys, db.url, "import", "channels", str(DENGZHOU))
    assert status == 0 and err == ""
    assert "name, name_zh" in out
    names = _by_name(db)
    assert len(names["湍河"]) == 3 and len(names["刁河"]) == 4 and len(names["严陵河"]) == 1
    assert "" not in names and len(_channels(db)) == 17


def test_nantong_names_of_a_single_space_arrive_as_no_name(db):
    report = import_layer(db, STAFF, "channels", NANTONG)
    # Its only warnings are the four ends a few metres off another line (tests/test_water_kinds.py).
    assert report.name_fields == ["name"]
    assert {warning.key for warning in report.warnings} == {"import.near_miss"}
    names = [channel.name for channel in _channels(db)]
    assert names.count("") == 11 and " " not in names


def test_a_file_whose_channels_all_lack_names_is_imported_with_a_warning(db, capsys, tmp_path):
    data = json.loads(NANTONG.read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if not f["properties"]["name"].strip()]
    nameless = tmp_path / "无名.geojson"
    nameless.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, err = run_cli(capsys, db.url, "import", "channels", str(nameless))
    assert status == 0 and "11" in out
    assert err.startswith("warning: ") and "无名.geojson" in err and "--name-field" in err


def test_nantong_then_dengzhou_without_codes_get_codes_of_their_own(db):
    import_layer(db, STAFF, "channels", NANTONG)
    # 850 km apart: one basin would refuse the second place without --allow-far.
    import_layer(db, STAFF, "channels", DENGZHOU, allow_far=True)
    codes = [channel.code for channel in _channels(db)]
    assert codes == [f"C{n:04d}" for n in range(1, 38)]


def test_a_code_prefix_numbers_its_own_codes_on_from_the_stored_ones(db, capsys):
    import_layer(db, STAFF, "channels", NANTONG)
    import_layer(db, STAFF, "channels", DENGZHOU, code_prefix="DZ", allow_far=True)
    status, _, _ = run_cli(capsys, db.url, "import", "channels", str(WUHAN), "--explode",
                           "--code-prefix", "DZ", "--allow-far")
    assert status == 0
    codes = [channel.code for channel in _channels(db)]
    assert codes[20:] == [f"DZ{n:04d}" for n in range(1, 18)] + ["DZ0018-1", "DZ0018-2", "DZ0019"]


def test_wuhan_clipped_yangtze_is_refused_without_explode_and_split_with_it(db, capsys):
    line = _refused(capsys, db, str(WUHAN))
    assert "channels.geojson" in line and "--explode" in line and "Yangtze" in line
    status, out, _ = run_cli(capsys, db.url, "import", "channels", str(WUHAN), "--explode")
    assert status == 0 and "1 line(s) became 2 channels" in out
    assert [(c.code, c.name) for c in _channels(db)] == [
        ("C0001-1", "Yangtze (1)"), ("C0001-2", "Yangtze (2)"), ("C0002", "Han")]


def test_nantong_pieces_of_one_named_channel_are_merged_when_asked(db, capsys):
    status, out, _ = run_cli(capsys, db.url, "import", "channels", str(NANTONG), "--merge-by-name")
    assert status == 0 and "5 pieces became 2 channel(s)" in out
    names = _by_name(db)
    assert len(_channels(db)) == 17
    [erwei], [kuzigang] = names["二圩横河"], names["裤子港河"]
    assert erwei.length_m == pytest.approx(sum(ERWEI_PIECES_M), abs=0.5)
    assert kuzigang.length_m == pytest.approx(sum(KUZIGANG_PIECES_M), abs=0.5)
    # Unnamed pieces are never merged, however well they join (the 2-4 m stubs among them).
    assert len(names[""]) == 11


def test_dengzhou_merged_by_name_is_one_channel_per_named_river_and_canal(db):
    report = import_layer(db, STAFF, "channels", DENGZHOU, merge_by_name=True)
    assert report.merged == (14, 3)
    assert {name: len(channels) for name, channels in _by_name(db).items()} == {
        "湍河": 1, "刁河": 1, "严陵河": 1, "腰兴渠": 1, "南阳灌区引丹渠": 1, "南水北调中线工程总干渠": 1}


@pytest.mark.parametrize("merge", [False, True], ids=["as drawn", "merged by name"])
def test_cutting_nantong_makes_no_segment_under_50_m_but_channels_that_are_shorter(db, merge):
    import_layer(db, STAFF, "channels", NANTONG, merge_by_name=merge)
    for target in (200, 50):
        segment_channels(db, STAFF, target_m=target, force=True)
        with db.read() as session:
            live = session.execute(
                select(Segment.length_m, Channel.length_m).join(Channel)
                .where(Segment.retired_at.is_(None))).all()
        short = [(segment, channel) for segment, channel in live if segment < 50 - 1e-6]
        assert short  # the 2-4 m stubs, whole channels of their own
        for segment, channel in short:
            assert segment == pytest.approx(channel) and channel < 50


def test_guixi_osm_code_tag_is_refused_naming_the_fix_and_imported_with_it(db, capsys):
    line = _refused(capsys, db, str(GUIXI))
    assert "AFH12006" in line and "--ignore-codes" in line
    status, out, _ = run_cli(capsys, db.url, "import", "channels", str(GUIXI), "--ignore-codes",
                             "--merge-by-name")
    assert status == 0 and "3 pieces became 1 channel(s)" in out
    assert {name: len(c) for name, c in _by_name(db).items()} == {"信江": 1, "": 2}
