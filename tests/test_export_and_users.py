"""`watershed export` in three formats, and `watershed users add`."""

import io

import geopandas
import openpyxl
import pytest
from sqlalchemy import select

from tests.factories import STAFF, channels_file, households_file, run_cli
from watershed.services.custody.custody import assign
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.geometry.segmenting import segment_channels
from watershed.store.tables import AuditEntry, User

HOSTILE = '=HYPERLINK("http://example.invalid","点我")'


@pytest.fixture
def basin(db, tmp_path):
    import_layer(db, STAFF, "channels", channels_file(tmp_path))
    rows = [dict(code="H-001", head_name=HOSTILE, group="一组", village="梅槐社区", phone="",
                 members=4, lon=112.072, lat=30.3705)]
    import_households(db, STAFF, households_file(tmp_path, rows))
    segment_channels(db, STAFF)
    assign(db, STAFF, "ZQ-001", "H-001")
    return db


def test_a_geopackage_holds_every_layer_with_the_custodian_on_each_segment(basin, tmp_path, capsys):
    path = tmp_path / "out" / "basin.gpkg"
    status, _, _ = run_cli(capsys, basin.url, "export", str(path))
    assert status == 0
    segments = geopandas.read_file(path, layer="segments")
    assert segments.crs.to_epsg() == 4326
    first = segments.set_index("code").loc["ZQ-001"]
    assert (first.channel_name, first.custodian_code) == ("主渠", "H-001")
    assert geopandas.read_file(path, layer="channels").shape[0] == 2
    assert geopandas.read_file(path, layer="households").shape[0] == 1


def test_geojson_takes_one_layer_and_says_so(basin, tmp_path, capsys):
    path = tmp_path / "segments.geojson"
    status, _, err = run_cli(capsys, basin.url, "export", str(path))
    assert status == 2 and "--layer" in err
    assert run_cli(capsys, basin.url, "export", str(path), "--layer", "segments")[0] == 0
    assert len(geopandas.read_file(path)) == len(geopandas.read_file(path).code.unique())


def test_a_name_that_looks_like_a_formula_stays_text_in_the_spreadsheet(basin, tmp_path, capsys):
    path = tmp_path / "registers.xlsx"
    assert run_cli(capsys, basin.url, "export", str(path))[0] == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["channels", "ponds", "segments", "households"]
    cells = [c for row in book["households"].iter_rows() for c in row if c.value == HOSTILE]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any(c.value == HOSTILE and c.data_type == "s" for row in book["segments"].iter_rows() for c in row)


def test_an_unknown_suffix_is_refused(basin, tmp_path, capsys):
    status, _, err = run_cli(capsys, basin.url, "export", str(tmp_path / "out.shp"))
    assert status == 2 and ".gpkg" in err


def test_users_add_stores_an_argon2_hash_and_never_the_password(db, capsys, monkeypatch, tmp_path):
    import_households(db, STAFF, households_file(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("a long secret 7\n"))
    status, out, _ = run_cli(capsys, db.url, "users", "add", "lao-zhang", "--role", "custodian",
                             "--household", "H-001", "--password-stdin")
    assert status == 0
    with db.read() as session:
        user = session.scalars(select(User)).one()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.add")).one()
    assert user.password_hash.startswith("$argon2id$")
    assert "a long secret" not in str(audit.after)


@pytest.mark.parametrize("args, word", [
    (["--role", "custodian"], "--household"),
    (["--role", "staff", "--household", "H-404"], "H-404"),
])
def test_users_add_refuses_what_cannot_work(db, capsys, monkeypatch, args, word):
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough password\n"))
    status, _, err = run_cli(capsys, db.url, "users", "add", "someone", *args, "--password-stdin")
    assert status == 2 and word in err


def test_a_second_account_with_the_same_name_is_refused(db, capsys, monkeypatch):
    for expected in (0, 2):
        monkeypatch.setattr("sys.stdin", io.StringIO("long enough password\n"))
        status, _, _ = run_cli(capsys, db.url, "users", "add", "boss", "--role", "staff",
                               "--password-stdin")
        assert status == expected
