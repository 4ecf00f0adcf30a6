"""The backup is written table by table as the rows come from the database, a batch at a time
(issue 17: at 100 times the demo, reading every table whole took 7.7 GB). Here a batch holds a
few rows, so every table of the basin spans several batches and manifest lines, and must come
back exactly, its file still signed and checked."""

import pytest

from tests.conftest import new_database
from tests.factories import STAFF
from tests.test_backup import _rows
from watershed.services.backup import _gpkg as backup_gpkg
from watershed.services.backup import _signing as signing
from watershed.services.backup import backup
from watershed.store.database import Database
from watershed.store.migrate import upgrade


@pytest.mark.parametrize("suffix", [".xlsx", ".gpkg"])
def test_tables_longer_than_a_batch_come_back_exactly(basin, tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(backup, "READ_BATCH", 3)
    monkeypatch.setattr(backup_gpkg, "BATCH", 2)
    monkeypatch.setattr(signing, "LINE_ROWS", 3)
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
