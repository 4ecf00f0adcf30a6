"""`watershed import` on the command line: good files land, bad files leave one line and no trace."""

import subprocess
import sys

import pytest

from tests.bad_inputs import BAD_IMPORTS
from sqlalchemy import select

from tests.factories import channels_file, households_file, line, run_cli, write_geojson
from watershed.services.places.stats import basin_stats
from watershed.store.tables import AuditEntry, Channel

OPTION = {"layer": "--layer", "crs": "--crs", "name_field": "--name-field"}


def _options(extra: dict) -> list[str]:
    args = []
    for name, value in extra.items():
        if name == "gcj02":
            args += ["--gcj02"] if value else []
        else:
            args += [OPTION[name], str(value)]
    return args


def _nothing_written(db) -> bool:
    with db.read() as session:
        audit_rows = session.query(AuditEntry).count()
    figures = basin_stats(db)
    return audit_rows == 0 and figures["channels"] == figures["households"] == figures["ponds"] == 0


@pytest.mark.parametrize("case", BAD_IMPORTS, ids=[c.id for c in BAD_IMPORTS])
def test_a_bad_file_is_refused_with_one_error_line_exit_2_and_nothing_written(case, db, tmp_path, capsys):
    path = case.make(tmp_path)
    status, out, err = run_cli(capsys, db.url, "import", case.kind, str(path), *_options(case.extra_args))
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert path.name in lines[0]
    assert "Traceback" not in err and out == ""
    assert _nothing_written(db)


def test_good_channels_and_households_are_imported_and_counted(db, tmp_path, capsys):
    status, out, _ = run_cli(capsys, db.url, "import", "channels", str(channels_file(tmp_path)))
    assert status == 0 and "2" in out
    status, _, _ = run_cli(capsys, db.url, "import", "households", str(households_file(tmp_path)))
    assert status == 0
    figures = basin_stats(db)
    assert (figures["channels"], figures["households"], figures["villages"]) == (2, 3, 2)
    # 0.0125° of longitude (about 1.20 km) plus 0.004° of latitude (about 0.44 km)
    assert figures["channel_length_km"] == pytest.approx(1.645, abs=0.005)


def test_importing_the_same_channels_twice_is_refused_and_changes_nothing(db, tmp_path, capsys):
    path = channels_file(tmp_path)
    run_cli(capsys, db.url, "import", "channels", str(path))
    before = basin_stats(db)
    status, _, err = run_cli(capsys, db.url, "import", "channels", str(path))
    assert status == 2 and "ZQ" in err and "channels.geojson" in err
    assert basin_stats(db) == before


def test_a_second_file_without_codes_numbers_on_from_the_first(db, tmp_path, capsys):
    for folder, x0 in (("one", 112.07), ("two", 112.09)):
        (tmp_path / folder).mkdir()
        path = write_geojson(tmp_path / folder / "channels.geojson", [
            ({"name": f"渠{n}"}, line([(x0 + n * 0.002, 30.37), (x0 + n * 0.002, 30.372)]))
            for n in range(2)])
        assert run_cli(capsys, db.url, "import", "channels", str(path))[0] == 0
    with db.read() as session:
        assert session.scalars(select(Channel.code).order_by(Channel.id)).all() == [
            "C0001", "C0002", "C0003", "C0004"]


@pytest.mark.parametrize("prefix", ["G Z", "C1", ""])
def test_a_code_prefix_that_cannot_be_numbered_on_is_one_error_line(db, tmp_path, capsys, prefix):
    path = channels_file(tmp_path)
    status, out, err = run_cli(capsys, db.url, "import", "channels", str(path), "--ignore-codes",
                               "--code-prefix", prefix)
    assert status == 2 and out == "" and err.count("\n") == 1 and "--code-prefix" in err
    assert _nothing_written(db)


def test_a_channel_in_parts_is_refused_naming_explode_and_imported_with_it(db, tmp_path, capsys):
    parts = {"type": "MultiLineString", "coordinates": [
        [[112.08, 30.37], [112.09, 30.375]], [[112.12, 30.38], [112.13, 30.39]]]}
    path = write_geojson(tmp_path / "断开的渠.geojson", [({"code": "GZQ", "name": "港中渠"}, parts)])
    status, out, err = run_cli(capsys, db.url, "import", "channels", str(path))
    assert status == 2 and "--explode" in err and "断开的渠.geojson" in err and _nothing_written(db)
    status, out, _ = run_cli(capsys, db.url, "import", "channels", str(path), "--explode")
    assert status == 0 and "1 line(s) became 2 channels" in out
    with db.read() as session:
        assert session.execute(select(Channel.code, Channel.name).order_by(Channel.id)).all() == [
            ("GZQ-1", "港中渠 (1)"), ("GZQ-2", "港中渠 (2)")]


def test_the_import_command_names_its_options_for_real_data(capsys):
    from watershed.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["import", "--help"])
    shown = capsys.readouterr().out
    for option in ("--explode", "--merge-by-name", "--code-prefix", "--ignore-codes", "--name-field"):
        assert option in shown


def test_a_household_already_registered_is_refused_and_the_file_is_not_half_imported(db, tmp_path, capsys):
    run_cli(capsys, db.url, "import", "households", str(households_file(tmp_path)))
    (tmp_path / "again").mkdir()
    again = households_file(tmp_path / "again", [
        dict(code="H-009", head_name="新户", group="三组", village="梅槐社区", phone="", members=3,
             lon="", lat=""),
        dict(code="H-002", head_name="李小红", group="一组", village="梅槐社区", phone="", members=2,
             lon="", lat=""),
    ])
    status, _, err = run_cli(capsys, db.url, "import", "households", str(again))
    assert status == 2 and "H-002" in err
    assert basin_stats(db)["households"] == 3


def test_a_command_before_init_names_watershed_init(tmp_path, capsys):
    status, _, err = run_cli(capsys, f"sqlite:///{tmp_path / 'new.db'}", "stats")
    assert status == 2 and "watershed init" in err


def test_an_unreachable_postgresql_is_one_clean_error_line(capsys):
    status, _, err = run_cli(capsys, "postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "stats")
    assert status == 2 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert "secret" not in err


def test_the_installed_command_refuses_a_bad_file_without_a_traceback(tmp_path):
    garbage = tmp_path / "channels.gpkg"
    garbage.write_bytes(b"\x00\x01 not a geopackage \xff" * 20)
    database = f"sqlite:///{tmp_path / 'w.db'}"
    init = subprocess.run([sys.executable, "-m", "watershed.cli", "init", "--database-url", database],
                          capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    done = subprocess.run([sys.executable, "-m", "watershed.cli", "import", "channels", str(garbage),
                           "--database-url", database], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "channels.gpkg" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_database_url_may_come_before_or_after_the_command(tmp_path, capsys):
    from watershed.cli import main

    url = f"sqlite:///{tmp_path / 'w.db'}"
    assert main(["--database-url", url, "init"]) == 0
    assert main(["stats", "--json", "--database-url", url]) == 0
    assert main(["--database-url", url, "stats", "--json"]) == 0
    assert capsys.readouterr().out.count('"channels": 0') == 2


def test_every_command_has_help_that_names_its_options(capsys):
    from watershed.cli import build_parser

    parser = build_parser()
    for command in ("init", "demo", "import", "segment", "assign", "unassign", "custody", "export",
                    "stats"):
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        assert "--database-url" in capsys.readouterr().out
