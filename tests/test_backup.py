"""The full backup: every table to an XLSX workbook or a GeoPackage, and back into an empty
database with the same figures, on SQLite and on PostgreSQL."""

import os
import shutil
import time
import zipfile
from datetime import datetime, timedelta

import openpyxl
import pytest
import shapely
from sqlalchemy import select

from tests.conftest import migrated, new_database
from tests.factories import RESIDENT, STAFF, run_cli
from watershed.errors import InputError, PermissionDenied
from watershed.services.accounts import users as accounts
from watershed.services.backup import _restore, backup
from watershed.services.backup import _xlsx as backup_xlsx
from watershed.services.common import audit
from watershed.services.campaign import flow
from watershed.services.places import stats
from watershed.services.evaluation.board import board, closed_rounds
from watershed.services.campaign.figures import campaign_figures
from watershed.services.common.clock import today
from watershed.services.checks.progress import progress_figures
from watershed.services.places.registers import dashboard_figures
from watershed.store.database import Database
from watershed.store.tables import Base, Channel

FORMATS = (".xlsx", ".gpkg")


def _rows(db) -> dict[str, list[tuple]]:
    """Every row of every table, geometry as WKB: what "the same data" means."""
    with db.read() as session:
        return {table.name: [tuple(shapely.to_wkb(v) if isinstance(v, shapely.Geometry) else v
                                   for v in row)
                             for row in session.execute(select(table).order_by(
                                 *table.primary_key.columns))]
                for table in backup.tables()}


def _archived(path, table: str) -> list[dict]:
    """The typed records of one table as a backup file holds them."""
    fmt = backup.FORMATS[path.suffix]
    with _restore.opened(path, fmt[0]) as archive:
        return [record for _, record in _restore.records(
            path, archive, fmt, Base.metadata.tables[table], problems=[])]


def _figures(db, day) -> dict:
    """The figures people read: the basin, the campaign on a fixed day, the board of the last
    closed round, live and dead water, check freshness and the dashboard's counts."""
    water = flow.water(db)
    latest = max(round_id for round_id, _ in closed_rounds(db))
    dash = dashboard_figures(db, STAFF, today=day)
    return {
        "basin": stats.basin_stats(db),
        "campaign": campaign_figures(db, STAFF, as_of=day),
        "board": board(db, STAFF, latest),
        "water": (water.live_km, water.dead_km, water.segments),
        "freshness": progress_figures(db, STAFF, today=day),
        "dashboard": (dash.segments, dash.km, dash.in_custody, dash.due_this_week, dash.overdue,
                      dash.problems),
    }


@pytest.fixture(scope="module", autouse=True)
def installation_secret(tmp_path_factory):
    """This module's installation: a secret of its own, made when a backup first needs it."""
    path = tmp_path_factory.mktemp("installation") / "watershed.secret"
    before = os.environ.get("WATERSHED_SECRET_FILE")
    os.environ["WATERSHED_SECRET_FILE"] = str(path)
    yield path
    if before is None:
        del os.environ["WATERSHED_SECRET_FILE"]
    else:
        os.environ["WATERSHED_SECRET_FILE"] = before


# The demo holds 150,000 rows, and a round trip of it takes 10-50 s. One round trip is of the
# whole demo: into PostgreSQL from a GeoPackage and out again, the one of most steps. The others,
# and the tests that only need an archive, take the demo thinned: the ratings, offers and shares
# of the households whose id ends in 0 (a tenth), every table still holding rows of every kind.
FULL_SIZE = ("postgresql", ".gpkg")
THINNED = ("ratings", "round_offers", "shares")  # tables nothing refers to: no row is orphaned


@pytest.fixture(scope="session")
def thin_demo_url(demo_sqlite_url, tmp_path_factory):
    path = tmp_path_factory.mktemp("thin") / "thin.db"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), path)
    db = Database(f"sqlite:///{path}")
    with db.write() as session:
        for table in THINNED:
            session.execute(Base.metadata.tables[table].delete().where(
                Base.metadata.tables[table].c.household_id % 10 != 0))
    db.dispose()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def demo_archive(demo_sqlite_url, thin_demo_url, tmp_path_factory):
    """The demo (the thinned one unless `full`) exported to a format, with the accounts' password
    hashes so that every row comes back, once per format and size when first asked:
    (path, seconds). Exported from a copy: writing a backup leaves an audit row, and the shared
    demo must stay unwritten."""
    folder, made = tmp_path_factory.mktemp("backup"), {}

    def archive(suffix: str, full: bool = False):
        name = f"demo-{'full' if full else 'thin'}-{suffix[1:]}"
        if name not in made:  # a copy each: the other's backup.write is not in it
            copy = folder / f"{name}.db"
            shutil.copy((demo_sqlite_url if full else thin_demo_url).removeprefix("sqlite:///"),
                        copy)
            db, started = Database(f"sqlite:///{copy}"), time.perf_counter()
            backup.export_all(db, STAFF, folder / f"{name}{suffix}", with_accounts=True)
            made[name] = folder / f"{name}{suffix}", time.perf_counter() - started
            db.dispose()
        return made[name]

    return archive


@pytest.fixture(scope="session")
def demo_truth(demo_sqlite_url, thin_demo_url):
    """What the demo (the thinned one unless `full`) holds: (rows, figures, day)."""
    made = {}

    def truth(full: bool = False):
        if full not in made:
            db = Database(demo_sqlite_url if full else thin_demo_url)
            day = today() + timedelta(days=1)
            made[full] = _rows(db), _figures(db, day), day
            db.dispose()
        return made[full]

    return truth


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("suffix", FORMATS)
def test_the_demo_comes_back_from_a_backup_with_the_same_figures_and_rows(
        backend, suffix, demo_archive, demo_truth, tmp_path):
    full = (backend, suffix) == FULL_SIZE
    rows, figures, day = demo_truth(full)
    path, export_seconds = demo_archive(suffix, full)
    with migrated(backend, tmp_path) as db:
        started = time.perf_counter()
        counts = backup.import_all(db, STAFF, path).counts
        print(f"\n{suffix} on {backend}: export {export_seconds:.1f} s, "
              f"import {time.perf_counter() - started:.1f} s, {sum(counts.values())} rows")
        assert audit.verify(db).intact
        assert _figures(db, day) == figures
        restored = _rows(db)
        *same_log, restore_entry = restored["audit_log"]
        assert same_log == rows["audit_log"]
        assert restore_entry[2:4] == ("test-staff", "backup.restore")
        assert {k: v for k, v in restored.items() if k != "audit_log"} == \
            {k: v for k, v in rows.items() if k != "audit_log"}
        # New rows get new ids after the restored ones (PostgreSQL's sequences were moved on).
        user = accounts.add_user(db, STAFF, "newcomer", "staff", "a long enough password 1")
        assert user.id == max(row[0] for row in rows["users"]) + 1
        if backend == "postgresql" and suffix == ".gpkg":  # and out of PostgreSQL again
            backup.export_all(db, STAFF, tmp_path / "again.gpkg")
            for name in ("segments", "checks", "ratings", "audit_log"):
                order = [column.name for column in Base.metadata.tables[name].columns]
                again = _archived(tmp_path / "again.gpkg", name)
                values = [tuple(shapely.to_wkb(record[c]) if c == "geom" else record[c]
                                for c in order) for record in again]
                assert values[:len(rows[name])] == rows[name]


def test_the_thinned_demo_holds_rows_in_every_table_the_full_one_does(demo_truth):
    full, thin = demo_truth(True)[0], demo_truth()[0]
    assert {name for name in full if full[name]} == {name for name in thin if thin[name]}
    assert all(len(thin[name]) < len(full[name]) / 5 for name in THINNED)


def test_every_table_and_column_is_covered_by_the_backup(demo_archive):
    names = [table.name for table in backup.tables()]
    assert "login_sessions" not in names  # a restored copy must not let an old cookie in
    for table in backup.tables():
        backup.columns(table)  # raises for a column whose type the backup cannot write
    sheets = [backup_xlsx.sheet_name(name) for name in names]
    assert len(set(sheets)) == len(sheets), "two tables share a sheet name (Excel keeps 31 chars)"
    book = openpyxl.load_workbook(demo_archive(".xlsx")[0], read_only=True)
    assert book.sheetnames == ["_about", *sheets, "_manifest", "_cells"]
    about = dict(book["_about"].iter_rows(values_only=True))
    assert {key.removeprefix("rows.") for key in about if key.startswith("rows.")} == set(names)
    book.close()


def test_a_restore_into_a_database_with_data_is_refused_and_writes_nothing(basin, demo_archive):
    before = _rows(basin)
    with pytest.raises(InputError) as refused:
        backup.import_all(basin, STAFF, demo_archive(".gpkg")[0])
    assert refused.value.key == "backup.not_empty"
    assert "watershed init" in str(refused.value)
    assert _rows(basin) == before


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_damaged_or_cut_short_file_is_refused_and_nothing_is_written(db, demo_archive,
                                                                       tmp_path, suffix):
    whole = demo_archive(suffix)[0].read_bytes()
    for number, damaged in enumerate([whole[: len(whole) // 2], b"not a backup at all" * 50]):
        path = tmp_path / f"damaged{number}{suffix}"
        path.write_bytes(damaged)
        with pytest.raises(InputError) as refused:
            backup.import_all(db, STAFF, path)
        assert refused.value.key == "backup.unreadable"
    assert all(rows == [] for rows in _rows(db).values())


def _edited(source, target, edit):
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


@pytest.mark.parametrize("edit, key", [
    (lambda book: book.remove(book["ponds"]), "backup.missing_sheet"),
    (lambda book: book["ponds"].cell(1, 3, "colour"), "backup.bad_columns"),
    (lambda book: book["segments"].delete_rows(book["segments"].max_row), "backup.row_count"),
    (lambda book: book["_about"].cell(2, 2, "0001_first"), "backup.other_revision"),
    (lambda book: book["households"].cell(2, 1, "seven"), "backup.bad_value"),
])
def test_an_edited_workbook_is_refused_with_the_problem_named(edit, key, basin, tmp_path):
    source = tmp_path / "basin.xlsx"
    backup.export_all(basin, STAFF, source)
    path = _edited(source, tmp_path / "edited.xlsx", edit)
    with migrated("sqlite", tmp_path) as empty:
        with pytest.raises(InputError) as refused:
            backup.import_all(empty, STAFF, path)
        assert key in {refused.value.key, *(problem.key for problem in refused.value.problems)}
        assert all(rows == [] for rows in _rows(empty).values())


def test_long_texts_formulas_and_empty_strings_survive_the_workbook(basin, tmp_path):
    wiggle = shapely.LineString([(112.1 + i * 1e-5, 30.3 + (i % 7) * 1.234567e-6)
                                 for i in range(2_000)])  # about 90,000 characters of WKT
    with basin.write() as session:
        session.add(Channel(basin_id=1, code="LONG", name="=HYPERLINK(\"http://x\",\"y\")",
                            geom=wiggle, length_m=2000.0, created_at=datetime(2026, 1, 2, 3, 4, 5, 6),
                            minx=0.1 + 0.2, miny=30.3, maxx=112.2, maxy=30.4))
        audit.record_all(session, [dict(at=datetime(2026, 1, 2), actor="a\tb\x01 _x0041_ \r\n<c>&",
                                        action="a", entity="e", entity_id="",
                                        before={"name": "王 \"x\""}, after=None)])
    path = tmp_path / "basin.xlsx"
    backup.export_all(basin, STAFF, path)
    archive = zipfile.ZipFile(path)
    sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in sheet for sheet in sheets)  # formula-like names stay text
    with migrated("sqlite", tmp_path) as restored:
        backup.import_all(restored, STAFF, path)
        before, after = _rows(basin), _rows(restored)
        assert after["channels"] == before["channels"]
        assert after["audit_log"][:-1] == before["audit_log"][:-1]  # but backup.write, restore
        assert audit.verify(restored).intact


def test_only_staff_may_export_or_restore(basin, tmp_path):
    before = _rows(basin)
    with pytest.raises(PermissionDenied):
        backup.export_all(basin, RESIDENT, tmp_path / "all.xlsx")
    shutil.copy(__file__, tmp_path / "x.gpkg")
    with pytest.raises(PermissionDenied):
        backup.import_all(basin, RESIDENT, tmp_path / "x.gpkg")
    assert _rows(basin) == before
    assert not (tmp_path / "all.xlsx").exists()


def test_the_commands_back_up_and_restore_and_refuse_with_one_error_line(basin, tmp_path, capsys):
    path = tmp_path / "all.gpkg"
    status, out, _ = run_cli(capsys, basin.url, "backup", str(path))
    assert status == 0 and "photo" in out and path.exists()
    status, _, err = run_cli(capsys, basin.url, "restore", str(path))
    assert status == 2 and err.startswith("error: ") and "watershed init" in err
    with new_database("sqlite", tmp_path) as url:
        assert run_cli(capsys, url, "init")[0] == 0
        status, out, _ = run_cli(capsys, url, "restore", str(path))
        assert status == 0 and "photo" in out
        assert _rows(Database(url))["segments"] == _rows(basin)["segments"]
    status, _, err = run_cli(capsys, basin.url, "backup", str(tmp_path / "all.csv"))
    assert status == 2 and ".xlsx" in err


def test_staff_download_all_data_from_the_geometry_page(monkeypatch, demo_sqlite_url,
                                                      thin_demo_url, tmp_path):
    from tests.pages import page_app
    from watershed.catalogue import text
    from watershed.ui.widgets_backup import _file

    app = page_app(monkeypatch, demo_sqlite_url, "geometry", "staff", "en")
    assert not app.exception
    assert [b.proto.label for b in app.get("download_button")][-2:] == [
        text("staff.backup.xlsx", "en"), text("staff.backup.gpkg", "en")]
    # The file the button gives, made of the thinned demo (its segments are all there).
    shutil.copy(thin_demo_url.removeprefix("sqlite:///"), tmp_path / "demo.db")
    data = _file(Database(f"sqlite:///{tmp_path / 'demo.db'}"), STAFF, "all.gpkg")
    (tmp_path / "all.gpkg").write_bytes(data)
    with migrated("sqlite", tmp_path) as empty:
        counts = backup.import_all(empty, STAFF, tmp_path / "all.gpkg").counts
        assert counts["segments"] > 700


def test_a_table_longer_than_a_sheet_goes_on_in_sheets_of_its_own_and_comes_back_whole(
        basin, tmp_path, monkeypatch):
    """Excel opens a sheet of more than 1,048,576 rows cut short, without a word (issue 17: at
    100 times the demo the audit log alone is 8 million rows). Here a sheet holds 3 records."""
    monkeypatch.setattr(backup_xlsx, "ROWS_PER_SHEET", 3)
    path = tmp_path / "basin.xlsx"
    backup.export_all(basin, STAFF, path)
    book = openpyxl.load_workbook(path, read_only=True)
    before = _rows(basin)
    segments = len(before["segments"])
    assert segments > 6
    parts = [name for name in book.sheetnames if name.startswith("segments")]
    assert parts == ["segments"] + [f"segments ({k})" for k in range(2, -(-segments // 3) + 1)]
    assert all(sum(1 for _ in book[name].iter_rows()) <= 4 for name in parts)  # header + 3
    book.close()
    with migrated("sqlite", tmp_path) as restored:
        backup.import_all(restored, STAFF, path)
        after = _rows(restored)
        assert after["segments"] == before["segments"]
        assert after["audit_log"][:-1] == before["audit_log"][:-1]  # but backup.write, restore
        restored.dispose()
