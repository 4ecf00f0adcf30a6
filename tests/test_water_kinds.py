"""Water bodies by kind (issue "Real survey data"): only a pond blocks, only where it crosses a
channel. The real extracts of tests/data on both databases: reservoirs, a river surface, lakes and
ponds; the warnings an import gives; the figures that count ponds; the migration that adds the
kind; and the near misses a channel import warns about."""

import warnings
from datetime import datetime
from pathlib import Path

import pytest
import shapely
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from tests.factories import POND, STAFF, channels_file, pond_file, run_cli, write_geojson
from tests.pages import page_app
from tests.test_cli_imports import _nothing_written
from tests.test_flow import ON_BRANCH
from tests.test_network_service import HEADS, _sources
from watershed.catalogue import text
from watershed.domain.ponds import KINDS, STATUSES, blocks, crossing
from watershed.errors import InputError
from watershed.maps.colourings import OTHER_WATER, pond_colour
from watershed.services.campaign.flow import water
from watershed.services.campaign.ponds import list_ponds, update_pond
from watershed.services.campaign.weekly_report import week_name, week_report
from watershed.services.common.clock import today
from watershed.services.geometry.imports import SHOWN_WARNINGS, import_layer
from watershed.services.geometry.mapdata import ponds_in_view
from watershed.services.geometry.segmenting import segment_channels
from watershed.services.places.stats import basin_stats
from watershed.store.database import open_database
from watershed.store.geometry import Geometry
from watershed.store.migrate import MIGRATIONS
from watershed.store.tables import AuditEntry, Pond

DATA = Path(__file__).parent / "data"
DENGZHOU = DATA / "dengzhou_henan"
GUIXI = DATA / "guixi_jiangxi"
BAOSHAN = DATA / "baoshan_shanghai"
WUHAN = DATA / "wuhan_naturalearth"
NANTONG = DATA / "nantong_jiangsu" / "channels.geojson"
# The ends of nantong's 2-4 m stub ways that miss the line they hang off (tests/data/README.md).
NANTONG_NEAR_MISSES_M = ("2.35", "2.68", "3.41", "3.82")


def _cut(db, tmp_path, folder: Path, heads, **options) -> float:
    """The extract's channels, a source on each head, cut into segments: its live km."""
    import_layer(db, STAFF, "channels", folder / "channels.geojson", **options)
    import_layer(db, STAFF, "sources", _sources(tmp_path, folder / "channels.geojson", heads))
    segment_channels(db, STAFF)
    return water(db).live_km


def _warnings(err: str) -> list[str]:
    prefix = text("cli.warning", message="")
    return [line for line in err.splitlines() if line.startswith(prefix)]


def test_only_a_pond_still_there_blocks_and_only_what_it_crosses():
    assert [blocks(s, "pond") for s in STATUSES] == [True, True, False, False]
    assert not any(blocks(s, kind) for s in STATUSES for kind in KINDS if kind != "pond")
    square = shapely.box(0, 0, 1, 1)
    lines = [shapely.LineString([(0.5, -1), (0.5, 2)])]
    assert crossing([square, shapely.box(5, 5, 6, 6)], lines) == [True, False]
    assert crossing([square], []) == [False] and crossing([], lines) == []


def test_dengzhou_reservoirs_imported_as_reservoirs_block_nothing(db, tmp_path, capsys):
    live = _cut(db, tmp_path, DENGZHOU, HEADS)
    status, out, err = run_cli(capsys, db.url, "import", "ponds", str(DENGZHOU / "water.geojson"),
                               "--kind", "reservoir")
    assert status == 0 and _warnings(err) == []
    now = water(db)
    assert now.live_km == live == pytest.approx(300.07, abs=0.01) and now.blocking_ponds == ()
    figures = basin_stats(db)
    assert (figures["ponds"], figures["ponds_blocking"], figures["other_water"]) == (0, 0, 2)
    assert list_ponds(db, STAFF) == []
    assert {p.kind for p in list_ponds(db, STAFF, every_kind=True)} == {"reservoir"}
    status, out, _ = run_cli(capsys, db.url, "flow")
    assert status == 0 and "(0 ponds still block it)" in out


def test_dengzhou_reservoirs_imported_as_ponds_are_named_as_large_and_apart(db, tmp_path):
    _cut(db, tmp_path, DENGZHOU, HEADS)
    report = import_layer(db, STAFF, "ponds", DENGZHOU / "water.geojson")
    said = {(w.key, w.params["pond"]) for w in report.warnings}
    assert said == {("import.pond_large", "P02（张沟水库）"),
                    ("import.pond_off_channels", "P01（王营水库）"),
                    ("import.pond_off_channels", "P02（张沟水库）")}
    large = next(w for w in report.warnings if w.key == "import.pond_large")
    assert large.params["km2"] == 1.17 and "--kind lake|reservoir" in large.message("en")
    # Touching no channel, they are not counted as blocking whatever their status.
    assert water(db).blocking_ponds == () and basin_stats(db)["ponds_blocking"] == 0


def test_guixi_river_surface_blocks_as_a_pond_with_a_warning_and_nothing_as_a_river(
        db, tmp_path, capsys):
    live = _cut(db, tmp_path, GUIXI, range(1, 6), ignore_codes=True)
    water_file = str(GUIXI / "water.geojson")
    status, _, err = run_cli(capsys, db.url, "import", "ponds", water_file, "--kind", "river")
    assert status == 0 and water(db).live_km == live == pytest.approx(52.55, abs=0.01)
    assert not [line for line in _warnings(err) if "km²" in line]
    status, _, err = run_cli(capsys, db.url, "import", "ponds", water_file, "--code-prefix", "W")
    large = [line for line in _warnings(err) if "over 1 km²" in line]
    assert status == 0 and len(large) == 1 and "W01" in large[0] and "4.66 km²" in large[0]
    as_pond = water(db)
    assert as_pond.blocking_ponds == ("W01",) and as_pond.live_km == pytest.approx(44.50, abs=0.01)
    assert as_pond.causes and set(as_pond.causes.values()) == {"pond:W01"}
    status, out, _ = run_cli(capsys, db.url, "pond", "W01", "--kind", "river")
    assert status == 0 and text("pond.kind.river", "en") in out
    assert water(db).live_km == live and water(db).blocking_ponds == ()
    assert basin_stats(db)["other_water"] == 10 and basin_stats(db)["ponds"] == 8


def test_a_real_pond_beside_every_channel_is_named_as_blocking_nothing(db, tmp_path):
    _cut(db, tmp_path, BAOSHAN, range(1, 8), ignore_codes=True)
    report = import_layer(db, STAFF, "ponds", BAOSHAN / "water.geojson")
    apart = {w.params["pond"] for w in report.warnings if w.key == "import.pond_off_channels"}
    assert "P01（泮池）" in apart and len(apart) == 3
    assert "泮池" in next(w for w in report.warnings
                         if w.params.get("pond") == "P01（泮池）").message("zh")
    # The other five lie across one ditch: they are ponds, they block, and they are counted.
    assert len(water(db).blocking_ponds) == basin_stats(db)["ponds_blocking"] == 5


def test_ponds_imported_before_the_channels_are_judged_by_the_channels_later(db, tmp_path):
    ponds = write_geojson(tmp_path / "two.geojson", [({"code": "YT-01"}, POND),
                                                     ({"code": "YT-02"}, ON_BRANCH)])
    report = import_layer(db, STAFF, "ponds", ponds)
    assert [w.key for w in report.warnings if w.key.startswith("import.")] == [
        "import.ponds_before_channels"]
    import_layer(db, STAFF, "channels", channels_file(tmp_path))
    assert basin_stats(db)["ponds_blocking"] == 1  # YT-02, on the branch; YT-01 is beside it
    segment_channels(db, STAFF)
    assert water(db).blocking_ponds == ("YT-02",)


def test_past_ten_warnings_of_a_sort_the_rest_are_counted(db, tmp_path):
    import_layer(db, STAFF, "channels", channels_file(tmp_path))
    far = [({"code": f"F{n:02d}"}, shapely.geometry.mapping(
        shapely.box(112.10 + n * 0.001, 30.40, 112.1005 + n * 0.001, 30.4005))) for n in range(13)]
    report = import_layer(db, STAFF, "ponds", write_geojson(tmp_path / "far.geojson", far))
    keys = [w.key for w in report.warnings if w.key.startswith("import.")]
    assert keys == ["import.pond_off_channels"] * SHOWN_WARNINGS + ["import.more_warnings"]
    assert "3 more ponds touching no channel" in report.warnings[-1].message("en")


def test_the_status_of_a_lake_cannot_be_changed(db, capsys):
    status, _, err = run_cli(capsys, db.url, "import", "ponds", str(WUHAN / "water.geojson"),
                             "--kind", "lake")
    assert status == 0 and not [line for line in _warnings(err) if "km²" in line]
    with pytest.raises(InputError) as refused:
        update_pond(db, STAFF, "P01", status="negotiating")
    assert refused.value.key == "pond.not_a_pond" and "湖泊" in refused.value.message("zh")
    status, out, err = run_cli(capsys, db.url, "pond", "P01", "--status", "negotiating")
    lines = err.strip().splitlines()
    assert status == 2 and out == "" and len(lines) == 1 and "is a lake, not a pond" in lines[0]
    with db.read() as session:
        assert not session.scalars(select(AuditEntry).where(
            AuditEntry.action == "pond.update")).all()
    update_pond(db, STAFF, "P01", owner="东湖管理处")  # what is not the workflow may be kept
    (lake,) = [p for p in list_ponds(db, STAFF, every_kind=True) if p.code == "P01"]
    assert (lake.kind, lake.owner) == ("lake", "东湖管理处")


@pytest.mark.parametrize("args", [("ponds", "--kind", "sea"), ("channels", "--kind", "lake")])
def test_a_kind_that_is_not_one_is_one_error_line_and_nothing_written(db, tmp_path, capsys,
                                                                     args):
    kind, *option = args
    path = pond_file(tmp_path) if kind == "ponds" else channels_file(tmp_path)
    status, out, err = run_cli(capsys, db.url, "import", kind, str(path), *option)
    lines = err.strip().splitlines()
    assert status == 2 and out == "" and len(lines) == 1 and lines[0].startswith("error: ")
    assert option[1] in lines[0] and _nothing_written(db)


def test_importing_nantong_warns_of_each_end_a_few_metres_off_with_the_distance(db, capsys):
    status, _, err = run_cli(capsys, db.url, "import", "channels", str(NANTONG))
    near = [line for line in _warnings(err) if "not joined" in line]
    assert status == 0 and len(near) == len(NANTONG_NEAR_MISSES_M)
    assert sorted(line.split(" m from ")[0].rsplit(" ", 1)[1] for line in near) == list(
        NANTONG_NEAR_MISSES_M)
    assert all(line.count("channel C00") == 2 and "watershed network check" in line
               for line in near)
    assert any("二圩横河" in line for line in near)  # a channel with a name is named


def test_the_demo_keeps_its_nine_ponds_and_five_still_blocking(demo_sqlite_url):
    db = open_database(demo_sqlite_url)
    figures = basin_stats(db)
    assert (figures["ponds"], figures["ponds_blocking"], figures["other_water"]) == (9, 5, 0)
    assert len(water(db).blocking_ponds) == 5 and len(list_ponds(db, STAFF)) == 9


def test_lakes_in_the_register_are_listed_by_kind_but_never_counted_as_ponds(monkeypatch,
                                                                             demo_copy):
    db = open_database(demo_copy)
    # Wuhan's lakes lie 220 km from the demo basin: let in on purpose.
    import_layer(db, STAFF, "ponds", WUHAN / "water.geojson", water_kind="lake",
                 code_prefix="HU", allow_far=True)
    report = week_report(db, STAFF, week_name(today()))
    assert sum(report.ponds.values()) == 9
    assert {p.kind: pond_colour(p) for p in ponds_in_view(db, None)}["lake"] == OTHER_WATER
    app = page_app(monkeypatch, demo_copy, "ponds", "staff", "en")
    assert not app.exception and not app.error
    figures = {m.label: m.value for m in app.metric}
    assert figures["Ponds still blocking"] == "5 / 9"
    register = app.dataframe[0].value
    assert len(register) == 12 and list(register["Kind"]).count("lake") == 3
    assert any("3 reservoirs, lakes or river surfaces" in c.value for c in app.caption)
    assert not {"HU01", "HU02", "HU03"} & set(app.selectbox[0].options)


# The migration: a database at 0008 holding a pond gains the kind "pond"; going back drops it.

def _alembic(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


_OLD_PONDS = sa.table("ponds", *(sa.column(name) for name in (
    "basin_id", "code", "name", "owner", "status", "area_m2", "source_crs", "created_at", "minx",
    "miny", "maxx", "maxy")), sa.column("geom", Geometry))


def test_the_migration_makes_every_stored_pond_a_pond_and_goes_back(db, tmp_path):
    import_layer(db, STAFF, "channels", channels_file(tmp_path))  # makes the basin
    try:
        with db.engine.begin() as connection:
            command.downgrade(_alembic(connection), "0008")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Did not recognize type 'geometry'")
            columns = sa.inspect(db.engine).get_columns("ponds")
        assert "kind" not in {column["name"] for column in columns}
        with db.engine.begin() as connection:
            basin = connection.execute(sa.text("SELECT id FROM basins")).scalar_one()
            outline = shapely.box(112.0, 30.0, 112.001, 30.001)
            connection.execute(sa.insert(_OLD_PONDS), [dict(
                basin_id=basin, code="OLD-1", name="老塘", owner="", status="negotiating",
                area_m2=1.0, source_crs="EPSG:4326", created_at=datetime(2026, 1, 1),
                geom=outline, **dict(zip(("minx", "miny", "maxx", "maxy"), outline.bounds)))])
    finally:
        with db.engine.begin() as connection:
            command.upgrade(_alembic(connection), "head")
    with db.read() as session:
        assert session.execute(select(Pond.code, Pond.kind, Pond.status)).all() == [
            ("OLD-1", "pond", "negotiating")]
