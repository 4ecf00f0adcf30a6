"""Where things are (issue 16, finding 9): features and households outside China, or far from
what the basin already holds, are refused unless --allow-far; a channel that crosses itself is
reported. The cases of bad_inputs.BAD_IMPORTS cover the first import into an empty basin."""

from pathlib import Path

import numpy
import pytest
from sqlalchemy import func, select

from tests.bad_inputs import channel_at_null_island, hh_in_new_york
from tests.factories import channels_file, households_file, line, run_cli, write_geojson
from watershed.geo.location import CHINA, FAR_KM, km_beyond
from watershed.store.tables import Channel, Household, Source

DATA = Path(__file__).parent / "data"
NANTONG = DATA / "nantong_jiangsu" / "channels.geojson"


def _count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def _one_error(status, out, err, *words):
    assert status == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err and all(word in err for word in words), err


def test_a_channel_at_zero_zero_is_imported_only_with_allow_far_and_then_warned_of(
        db, tmp_path, capsys):
    path = channel_at_null_island(tmp_path)
    _one_error(*run_cli(capsys, db.url, "import", "channels", str(path)), "THG", "0, 0",
               "--allow-far")
    status, out, err = run_cli(capsys, db.url, "import", "channels", str(path), "--allow-far")
    assert status == 0 and "warning: " in err and "--allow-far" in err and "1 features" in err
    assert _count(db, Channel) == 2


def test_the_first_import_into_an_empty_basin_may_be_anywhere_in_china(db, capsys):
    status, _, err = run_cli(capsys, db.url, "import", "channels", str(NANTONG))
    assert status == 0, err


def test_channels_of_another_place_are_refused_naming_how_far_they_are(db, tmp_path, capsys):
    assert run_cli(capsys, db.url, "import", "channels", str(channels_file(tmp_path)))[0] == 0
    status, out, err = run_cli(capsys, db.url, "import", "channels", str(NANTONG))
    _one_error(status, out, err, "channels.geojson", " km ", "--allow-far")
    assert "and 19 more problems" in err  # every one of Nantong's 20 lines is named
    assert _count(db, Channel) == 2
    status, _, _ = run_cli(capsys, db.url, "import", "channels", str(NANTONG), "--allow-far")
    assert status == 0 and _count(db, Channel) == 22


def test_a_source_just_outside_the_basin_is_taken_and_one_past_fifty_km_is_not(
        db, tmp_path, capsys):
    run_cli(capsys, db.url, "import", "channels", str(channels_file(tmp_path)))
    # The channels run from 112.07 to 112.0825 E; 0.4° of longitude here is about 38 km, 0.6°
    # about 58 km (the near source widens the basin eastwards, so the far one lies west).
    near = write_geojson(tmp_path / "near.geojson", [
        ({"code": "S1"}, {"type": "Point", "coordinates": [112.48, 30.37]})])
    far = write_geojson(tmp_path / "far.geojson", [
        ({"code": "S2"}, {"type": "Point", "coordinates": [111.47, 30.37]})])
    assert run_cli(capsys, db.url, "import", "sources", str(near))[0] == 0
    _one_error(*run_cli(capsys, db.url, "import", "sources", str(far)), "far.geojson", "S2")
    assert _count(db, Source) == 1


def test_households_far_from_the_channels_are_refused_and_in_new_york_too(db, tmp_path, capsys):
    run_cli(capsys, db.url, "import", "channels", str(channels_file(tmp_path)))
    far = households_file(tmp_path, [dict(code="H-1", head_name="张三", group="一组", village="梅槐",
                                          members=3, lon=114.3, lat=30.6)])  # Wuhan, 220 km
    _one_error(*run_cli(capsys, db.url, "import", "households", str(far)), "H-1", "--allow-far")
    (tmp_path / "ny").mkdir()
    _one_error(*run_cli(capsys, db.url, "import", "households",
                        str(hh_in_new_york(tmp_path / "ny"))), "MH-002", "outside China")
    assert _count(db, Household) == 0
    status, _, err = run_cli(capsys, db.url, "import", "households", str(far), "--allow-far")
    assert status == 0 and "warning: " in err and _count(db, Household) == 1


def test_a_boundary_of_another_place_is_refused(db, tmp_path, capsys):
    run_cli(capsys, db.url, "import", "channels", str(channels_file(tmp_path)))
    ring = [[121.0, 31.0], [121.1, 31.0], [121.1, 31.1], [121.0, 31.0]]
    path = write_geojson(tmp_path / "边界.geojson", [({"name": "流域"},
                                                      {"type": "Polygon", "coordinates": [ring]})])
    _one_error(*run_cli(capsys, db.url, "import", "boundary", str(path)), "边界.geojson")


def test_a_channel_that_crosses_itself_is_imported_with_a_warning_naming_it(db, tmp_path, capsys):
    loop = [(112.07, 30.37), (112.08, 30.37), (112.075, 30.375), (112.075, 30.365)]
    path = write_geojson(tmp_path / "打结.geojson", [({"code": "GZQ", "name": "港中渠"}, line(loop))])
    status, _, err = run_cli(capsys, db.url, "import", "channels", str(path))
    assert status == 0 and err.startswith("warning: ") and "GZQ" in err and "itself" in err


def test_the_distance_past_a_box_is_in_kilometres_on_the_ground():
    box = (112.0, 30.0, 112.1, 30.1)
    xy = numpy.array([[112.05, 30.05], [112.05, 31.1], [113.1, 30.05]])
    inside, north, east = km_beyond(xy, box)
    assert inside == 0 and north == pytest.approx(110.6, abs=0.1)
    assert east == pytest.approx(96.2, abs=0.5)  # a degree of longitude at 30° N
    assert FAR_KM == 50 and CHINA == (73.5, 3.8, 135.1, 53.6)
