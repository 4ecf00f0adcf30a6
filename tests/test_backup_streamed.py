"""The backup is written table by table as the rows come from the database, a batch at a time,
and read back the same way, checked in full before a row is written (issue 17: at 100 times the
demo, reading every table whole took 7.7 GB). Here a batch holds a few rows, so every table of
the basin spans several batches and manifest lines, and must come back exactly, its file still
signed and checked; and a bad row after the first batch still leaves the database untouched."""

import shutil
import sqlite3

import openpyxl
import pytest

from tests.conftest import new_database
from tests.factories import STAFF
from tests.test_backup import _rows
from watershed.errors import InputError
from watershed.services.backup import _gpkg as backup_gpkg
from watershed.services.backup import _restore
from watershed.services.backup import _signing as signing
from watershed.services.backup import backup
from watershed.store.database import Database
from watershed.store.migrate import upgrade


@pytest.mark.parametrize("suffix", [".xlsx", ".gpkg"])
def test_tables_longer_than_a_batch_come_back_exactly(basin, tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(backup, "READ_BATCH", 3)
    monkeypatch.setattr(backup_gpkg, "BATCH", 2)
    monkeypatch.setattr(signing, "LINE_ROWS", 3)
    monkeypatch.setattr(_restore, "BATCH", 2)
    before = _rows(basin)
    assert len(before["segments"]) > 6 and len(before["audit_log"]) > 3
    path = tmp_path / f"basin{suffix}"
    written = backup.export_all(basin, STAFF, path, with_accounts=True)
    assert written.counts == {name: len(rows) for name, rows in before.items()}
    with new_database("sqlite", tmp_path) as url:
        restored = Database(url)
        upgrade(restored)
        counts = backup.import_all(restored, STAFF, path).counts  # signature and every row
        after = _rows(restored)
        assert counts == written.counts
        assert {name: rows for name, rows in after.items() if name != "audit_log"} \
            == {name: rows for name, rows in before.items() if name != "audit_log"}
        assert after["audit_log"][:len(before["audit_log"])] == before["audit_log"]
        restored.dispose()


@pytest.fixture
def small_batches(basin, tmp_path, monkeypatch):
    """The basin backed up in both formats with batches of 2 rows (read, written and inserted);
    then an empty database of the same kind: (archives, rows as they were, the empty database)."""
    monkeypatch.setattr(backup, "READ_BATCH", 2)
    monkeypatch.setattr(backup_gpkg, "BATCH", 2)
    monkeypatch.setattr(signing, "LINE_ROWS", 2)
    monkeypatch.setattr(_restore, "BATCH", 2)
    archives = {suffix: tmp_path / f"basin{suffix}" for suffix in (".xlsx", ".gpkg")}
    for path in archives.values():
        backup.export_all(basin, STAFF, path, with_accounts=True)
    truth = _rows(basin)
    with new_database(basin.dialect, tmp_path) as url:
        empty = Database(url)
        if basin.dialect == "sqlite":
            upgrade(empty)
        yield archives, truth, empty
        empty.dispose()


def _untouched(db) -> bool:
    return all(rows == [] for rows in _rows(db).values())


def test_a_bad_row_after_the_first_batch_is_refused_naming_it_and_nothing_is_written(
        small_batches, tmp_path):
    archives, truth, empty = small_batches
    deep = len(truth["segments"]) - 1  # the last but one segment: batches of 2 were read before
    book = openpyxl.load_workbook(archives[".xlsx"])
    header = [cell.value for cell in book["segments"][1]]
    book["segments"].cell(deep + 1, header.index("length_m") + 1, "long")
    book.save(tmp_path / "bad_value.xlsx")
    key = truth["audit_log"][-2][0]  # a layer without geometry: sqlite3 cannot run GDAL's triggers
    shutil.copy(archives[".gpkg"], tmp_path / "changed.gpkg")
    with sqlite3.connect(tmp_path / "changed.gpkg") as connection:
        connection.execute("UPDATE audit_log SET actor = 'someone' WHERE id = ?", (key,))
    connection.close()
    for path, problem, words in [
            (tmp_path / "bad_value.xlsx", "backup.bad_value", ["segments", f"row {deep}",
                                                              "length_m"]),
            (tmp_path / "changed.gpkg", "backup.row_changed", ["audit_log", f"key {key}"])]:
        with pytest.raises(InputError) as refusal:
            backup.import_all(empty, STAFF, path)
        assert refusal.value.key == problem, str(refusal.value)
        assert all(word in str(refusal.value) for word in words), str(refusal.value)
        assert _untouched(empty)


def test_a_row_the_database_refuses_after_batches_were_written_leaves_nothing_written(
        small_batches, tmp_path):
    """Accepted unsigned, a row whose key repeats an earlier one passes the first pass and is
    refused by the database while inserting: the batches already inserted go too."""
    archives, _, empty = small_batches
    shutil.copy(archives[".gpkg"], tmp_path / "twice.gpkg")
    with sqlite3.connect(tmp_path / "twice.gpkg") as connection:  # the last row gets the first id
        connection.execute("UPDATE audit_log SET id = (SELECT MIN(id) FROM audit_log) "
                           "WHERE id = (SELECT MAX(id) FROM audit_log)")
    connection.close()
    with pytest.raises(InputError) as refusal:
        backup.import_all(empty, STAFF, tmp_path / "twice.gpkg", accept_unsigned=True)
    assert refusal.value.key == "backup.refused" and "audit_log" in str(refusal.value)
    assert _untouched(empty)
