"""Limits everywhere (issue 16, findings 3 and 6): each limit refuses before the expensive step it
guards, one error line and nothing written; the two an office may need to raise follow the
environment. The hostile files themselves are in tests/bad_inputs.py (run through the command
line on both databases); tests/benchmarks/hostile_files.py measures them full size."""

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import bad_inputs
from tests.factories import STAFF, channels_file, households_file, line, run_cli, write_geojson
from tests.pages import page_app, shown
from watershed import config
from watershed.errors import InputError
from watershed.geo import limits as import_limits
from watershed.geo.reading import read_layer
from watershed.geo.tables import read_table
from watershed.services.accounts.users import add_user
from watershed.store.database import Database
from watershed.store.tables import Household

ROOT = Path(__file__).parent.parent


def _households(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Household))


def _refused(status, out, err, *words) -> None:
    assert status == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert all(word in err for word in words), err


def test_the_upload_limit_of_the_app_is_the_import_limit():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["maxUploadSize"] == config.DEFAULT_IMPORT_MAX_MB
    assert import_limits.current().file_bytes == config.DEFAULT_IMPORT_MAX_MB * import_limits.MB


def test_an_office_may_lower_or_raise_the_file_size_and_row_limits(db, tmp_path, capsys,
                                                                  monkeypatch):
    rows = [dict(code=f"H-{n:03d}", head_name=f"户{n}", group="一组", village="梅槐", members=3)
            for n in range(11)]
    path = households_file(tmp_path, rows)
    monkeypatch.setenv("WATERSHED_IMPORT_MAX_ROWS", "10")
    _refused(*run_cli(capsys, db.url, "import", "households", str(path)), "households.csv",
             "WATERSHED_IMPORT_MAX_ROWS")
    monkeypatch.setenv("WATERSHED_IMPORT_MAX_ROWS", "11")
    assert run_cli(capsys, db.url, "import", "households", str(path))[0] == 0
    assert _households(db) == 11
    big = bad_inputs.oversized_geojson(tmp_path)  # 51 MB, refused at the default 50
    monkeypatch.setenv("WATERSHED_IMPORT_MAX_MB", "60")
    status, _, err = run_cli(capsys, db.url, "import", "channels", str(big))
    assert status == 2 and "60.0 MB" not in err  # read, and refused only as unreadable
    monkeypatch.setenv("WATERSHED_IMPORT_MAX_MB", "1")
    _refused(*run_cli(capsys, db.url, "import", "channels", str(big)), "51.0 MB", "1.0 MB")


def test_a_dbf_bomb_is_refused_before_a_byte_is_unpacked(tmp_path, monkeypatch):
    import watershed.geo.shapefiles as shapefiles

    def unpacking(*args, **kwargs):
        raise AssertionError("the zip was unpacked")

    bomb = bad_inputs.dbf_bomb(tmp_path)
    monkeypatch.setattr(shapefiles.shutil, "copyfileobj", unpacking)
    with pytest.raises(InputError) as refused:
        read_layer(bomb, "channels")
    assert refused.value.key == "geo.unpacked_too_large"
    assert "114.4 MB" in refused.value.message("en")  # 120,000,000 bytes, said in MiB


def test_a_sheet_stating_thirty_million_rows_is_refused_before_a_row_is_read(tmp_path,
                                                                            monkeypatch):
    from openpyxl.worksheet import _read_only

    def reading(*args, **kwargs):
        raise AssertionError("rows were read")

    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_cells_by_row", reading)
    with pytest.raises(InputError) as refused:
        read_table(bad_inputs.hh_xlsx_stating_thirty_million_rows(tmp_path))
    assert refused.value.key == "table.too_many_rows" and "30,000,000" in str(refused.value)


def test_a_cell_of_the_longest_length_passes_and_one_character_more_does_not(tmp_path):
    limit = import_limits.current().cell_chars
    ok = tmp_path / "ok.csv"
    ok.write_text("code,note\n1," + "字" * limit + "\n", encoding="utf-8")
    assert len(read_table(ok).cells[0, 1]) == limit
    long = tmp_path / "long.csv"
    long.write_text("code,note\n1,2\n3," + "字" * (limit + 1) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_table(long)
    assert refused.value.key == "table.cell_too_long" and refused.value.params["row"] == 3


def test_a_register_past_the_cells_limit_is_refused_while_its_rows_stream_in(tmp_path):
    path = tmp_path / "宽表.csv"
    path.write_text("a,b,c,d\n" + "1,2,3,4\n" * 30, encoding="utf-8")
    small = replace(import_limits.current(), cells=100)
    with pytest.raises(InputError) as refused:
        read_table(path, limits=small)
    assert refused.value.key == "table.too_many_cells"
    assert read_table(path, limits=replace(small, cells=120)).cells.shape == (30, 4)


def test_features_and_vertices_of_a_layer_are_counted_before_their_shapes_are_checked(tmp_path):
    path = channels_file(tmp_path)  # two channels of 3 and 2 vertices
    current = import_limits.current()
    for limits, key in ((replace(current, features=1), "geo.too_many_features"),
                        (replace(current, vertices=4), "geo.too_many_vertices"),
                        (replace(current, vertices_per_feature=2),
                         "geo.feature_too_many_vertices")):
        with pytest.raises(InputError) as refused:
            read_layer(path, "channels", limits=limits)
        assert refused.value.key == key
    assert len(read_layer(path, "channels", limits=replace(current, vertices=5)).features) == 2


def test_a_shapefile_beside_its_parts_is_held_to_the_unpacked_limit(tmp_path):
    frame = bad_inputs._frame([{"code": "GZQ"}], [bad_inputs._line()])
    shp = bad_inputs._shapefile(tmp_path / "plain", "渠道", frame)
    small = replace(import_limits.current(), unpacked_bytes=100)
    with pytest.raises(InputError) as refused:
        read_layer(shp, "channels", limits=small)
    assert refused.value.key == "geo.unpacked_too_large"


def test_the_households_page_refuses_an_oversized_upload_before_any_preview(
        monkeypatch, tmp_path, database_url):
    db = Database(database_url)
    add_user(db, STAFF, "office", "staff", "secret-password")
    monkeypatch.setenv("WATERSHED_IMPORT_MAX_MB", "1")
    app = page_app(monkeypatch, database_url, "households", "office", "en")
    content = b"code,head_name,group,village,members\n" + b"H-1,a,b,c,3\n" * 100_000
    app.file_uploader[0].set_value(("大名册.csv", content, "text/csv")).run()
    assert not app.exception and "大名册.csv" in shown(app.error[0].value)
    assert "1.0 MB" in shown(app.error[0].value) and not app.dataframe[1:]  # the register only
    assert not [b for b in app.button if b.label.startswith("Import")]
    db.dispose()


def test_the_geometry_page_refuses_an_oversized_upload_and_offers_no_import(
        monkeypatch, tmp_path, database_url):
    db = Database(database_url)
    add_user(db, STAFF, "office", "staff", "secret-password")
    monkeypatch.setenv("WATERSHED_IMPORT_MAX_MB", "1")
    app = page_app(monkeypatch, database_url, "geometry", "office", "en")
    coordinates = [[112.0 + n * 1e-6, 30.37] for n in range(60_000)]
    big = write_geojson(tmp_path / "大.geojson", [({"code": "GZQ"}, line(coordinates))])
    app.file_uploader(key="layer_file").set_value(("大.geojson", big.read_bytes(),
                                                   "application/geo+json")).run()
    assert not app.exception and "大.geojson" in shown(app.error[0].value)
    assert all(b.disabled for b in app.button if b.label in ("Import", "Check first, save nothing"))
    db.dispose()
