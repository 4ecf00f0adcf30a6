"""A backup is signed with the installation's secret: a restore refuses an edited archive,
naming the table and the row, and writes nothing; a workbook merely saved again by a spreadsheet
program restores; another installation's archive restores only when staff accept it on the
command line; password hashes stay out unless asked for; writing and restoring are audited.
On SQLite and PostgreSQL."""

import json
import shutil
import sqlite3
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select, text

from tests.conftest import _empty_postgres
from tests.factories import STAFF, run_cli
from tests.test_backup import _archived, _rows
from watershed.errors import InputError
from watershed.services.accounts import users as accounts
from watershed.services.backup import _restore, _signing, backup
from watershed.services.common import audit
from watershed.services.ledgers.contributions import record_contribution
from watershed.store.database import Database
from watershed.store.tables import AuditEntry, Base, User

PASSWORD = "a long enough password 1"


@pytest.fixture(autouse=True)
def installation(tmp_path, monkeypatch):
    path = tmp_path / "installation" / "watershed.secret"
    monkeypatch.setenv("WATERSHED_SECRET_FILE", str(path))
    return path


@pytest.fixture
def signed(basin, tmp_path, sqlite_template, request):
    """The basin with a staff clerk, a resident and a contribution, backed up (with the
    accounts) to both formats; then an empty database of the same kind to restore into:
    (archives, rows as they were, the empty database)."""
    accounts.add_user(basin, STAFF, "clerk", "staff", PASSWORD)
    accounts.add_user(basin, STAFF, "resident1", "resident", PASSWORD + "x", household_code="H-001")
    record_contribution(basin, STAFF, "H-001", "labour", "2.5", day=date(2026, 11, 2))
    archives = {suffix: tmp_path / f"signed{suffix}" for suffix in (".xlsx", ".gpkg")}
    for path in archives.values():
        backup.export_all(basin, STAFF, path, with_accounts=True)
    truth = _rows(basin)
    if basin.dialect == "sqlite":
        shutil.copy(sqlite_template, tmp_path / "empty.db")
        target = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    else:
        basin.dispose()
        _empty_postgres(request.getfixturevalue("postgres_emptier"))
        target = Database(basin.url)
    yield archives, truth, target
    target.dispose()


def _row(sheet, column: str, value) -> int:
    header = [cell.value for cell in sheet[1]]
    at = header.index(column) + 1
    return next(n for n in range(2, sheet.max_row + 1) if sheet.cell(n, at).value == value)


def _set(sheet, row: int, column: str, value) -> None:
    sheet.cell(row, [cell.value for cell in sheet[1]].index(column) + 1, value)


def _get(sheet, row: int, column: str):
    return sheet.cell(row, [cell.value for cell in sheet[1]].index(column) + 1).value


def _about(book, key: str, value) -> None:
    sheet = book["_about"]
    row = next(n for n in range(1, sheet.max_row + 1) if sheet.cell(n, 1).value == key)
    sheet.cell(row, 2, value)


def role_made_staff(book):
    users = book["users"]
    _set(users, _row(users, "username", "resident1"), "role", "staff")


def hashes_swapped(book):
    users = book["users"]
    clerk, resident = _row(users, "username", "clerk"), _row(users, "username", "resident1")
    first, second = _get(users, clerk, "password_hash"), _get(users, resident, "password_hash")
    _set(users, clerk, "password_hash", second)
    _set(users, resident, "password_hash", first)


def contribution_times_100(book):
    _set(book["contributions"], 2, "quantity", _get(book["contributions"], 2, "quantity") * 100)


def phone_changed(book):
    _set(book["households"], 2, "phone", "13999999999")


def audit_row_deleted_and_renumbered(book):
    log = book["audit_log"]
    log.delete_rows(6)  # the row of id 5
    for row in range(6, log.max_row + 1):
        _set(log, row, "id", _get(log, row, "id") - 1)
    _about(book, "rows.audit_log", str(log.max_row - 1))


def row_added(book):
    households = book["households"]
    last = households.max_row
    households.append([cell.value for cell in households[last]])
    _set(households, last + 1, "id", _get(households, last, "id") + 1)
    _set(households, last + 1, "code", "H-999")
    _about(book, "rows.households", str(last))


def manifest_removed(book):
    book.remove(book["_manifest"])


def signature_wrong(book):
    _about(book, "signature", "0" * 64)


def _forged(source, target):
    """The role edit, and the manifest's hash of that row computed again to match it: only the
    secret could make the signature match too."""
    once = _edited_workbook(source, target, role_made_staff)
    record = next(r for r in _archived(once, "users") if r["username"] == "resident1")
    columns = backup.columns(Base.metadata.tables["users"])
    digest = _signing.row_digest("users", columns, [record[c] for c, _, _ in columns])

    def forge(book):
        manifest = book["_manifest"]
        line = next(n for n in range(2, manifest.max_row + 1) if manifest.cell(n, 1).value == "users")
        at = _signing._unpacked(manifest.cell(line, 2).value).index(str(record["id"]))
        digests = manifest.cell(line, 3).value
        width = _signing.DIGEST_CHARS
        manifest.cell(line, 3, digests[:at * width] + digest + digests[(at + 1) * width:])

    return _edited_workbook(once, target, forge)


def basin_renamed_in_about(book):
    _about(book, "basin", "ELSEWHERE")


WORKBOOK_EDITS = [  # (edit, the refusal, words the message must hold: the table and the row)
    (role_made_staff, "backup.row_changed", ["users", "key "]),
    (hashes_swapped, "backup.row_changed", ["users", "key "]),
    (contribution_times_100, "backup.row_changed", ["contributions", "key 1"]),
    (phone_changed, "backup.row_changed", ["households", "key 1"]),
    (audit_row_deleted_and_renumbered, "backup.row_changed", ["audit_log", "key 5"]),
    (row_added, "backup.row_added", ["households", "key 4"]),
    (manifest_removed, "backup.unsigned", ["manifest"]),
    (signature_wrong, "backup.bad_signature", ["signature"]),
    (basin_renamed_in_about, "backup.bad_signature", ["signature"]),
]
GEOPACKAGE_EDITS = [
    ("UPDATE users SET role = 'staff' WHERE username = 'resident1'", "backup.row_changed",
     ["users", "key "]),
    ("UPDATE contributions SET quantity = quantity * 100", "backup.row_changed",
     ["contributions", "key 1"]),
    ("DELETE FROM audit_log WHERE id = 5; UPDATE audit_log SET id = id - 1 WHERE id > 5",
     "backup.row_changed", ["audit_log", "key 5"]),
    ("DELETE FROM audit_log WHERE id = 3", "backup.row_missing", ["audit_log", "key 3"]),
    ("DELETE FROM _manifest", "backup.row_added", ["not in the signed manifest"]),
    ("UPDATE _about SET value = 'x' WHERE key = 'signature'", "backup.bad_signature",
     ["signature"]),
]


def _edited_workbook(source, target, edit):
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def _edited_geopackage(source, target, statements: str):
    shutil.copy(source, target)
    with sqlite3.connect(target) as connection:
        connection.executescript(statements)
    connection.close()
    return target


def test_an_edited_archive_is_refused_naming_the_table_and_row_and_nothing_is_written(
        signed, tmp_path):
    archives, _, target = signed
    tried = []
    for number, (edit, key, words) in enumerate(WORKBOOK_EDITS):
        tried.append((_edited_workbook(archives[".xlsx"], tmp_path / f"e{number}.xlsx", edit),
                      key, words))
    tried.append((_forged(archives[".xlsx"], tmp_path / "forged.xlsx"), "backup.bad_signature",
                  ["signature"]))
    for number, (statements, key, words) in enumerate(GEOPACKAGE_EDITS):
        tried.append((_edited_geopackage(archives[".gpkg"], tmp_path / f"e{number}.gpkg",
                                         statements), key, words))
    refused = []
    for path, key, words in tried:
        with pytest.raises(InputError) as refusal:
            backup.import_all(target, STAFF, path)
        message = str(refusal.value)
        assert refusal.value.key.startswith(key), (path.name, message)  # .._resaved: openpyxl
        assert all(word in message for word in words), (path.name, message)
        refused.append(path.name)
    print(f"\n{len(tried)} kinds of edited archive tried, {len(refused)} refused")
    assert all(rows == [] for rows in _rows(target).values())


@pytest.mark.parametrize("suffix", [".xlsx", ".gpkg"])
def test_an_unchanged_archive_restores_every_row_with_its_chain(signed, suffix):
    archives, truth, target = signed
    restored = backup.import_all(target, STAFF, archives[suffix])
    after = _rows(target)
    assert {k: v for k, v in after.items() if k != "audit_log"} == \
        {k: v for k, v in truth.items() if k != "audit_log"}
    assert restored.with_accounts and restored.chain.intact and restored.differences == []
    *log, restore = after["audit_log"]
    assert log == truth["audit_log"][:len(log)] and restore[3] == "backup.restore"
    assert audit.verify(target).intact
    accounts.add_user(target, STAFF, "newcomer", "leader", PASSWORD)  # the chain goes on
    assert audit.verify(target).intact


def test_a_workbook_saved_again_by_a_spreadsheet_program_restores(signed, tmp_path):
    archives, truth, target = signed
    book = openpyxl.load_workbook(archives[".xlsx"])  # what a spreadsheet program does to types
    book.save(tmp_path / "resaved.xlsx")
    backup.import_all(target, STAFF, tmp_path / "resaved.xlsx")
    after = _rows(target)
    assert {k: v for k, v in after.items() if k != "audit_log"} == \
        {k: v for k, v in truth.items() if k != "audit_log"}
    assert audit.verify(target).intact


def test_a_resaved_workbook_whose_numbers_were_rounded_is_refused_saying_so(signed, tmp_path):
    archives, _, target = signed
    book = openpyxl.load_workbook(archives[".xlsx"])
    channels = book["channels"]
    exact = float(_get(channels, 2, "length_m"))  # text: it needs more than 15 digits
    _set(channels, 2, "length_m", float(f"{exact:.12g}"))  # as a program that rounds would
    book.save(tmp_path / "rounded.xlsx")
    with pytest.raises(InputError) as refusal:
        backup.import_all(target, STAFF, tmp_path / "rounded.xlsx")
    assert refusal.value.key == "backup.row_changed_resaved"
    assert "saved again by" in str(refusal.value) and "channels" in str(refusal.value)


def test_another_installations_archive_restores_only_when_staff_accept_it(signed, tmp_path,
                                                                         monkeypatch):
    archives, truth, target = signed
    monkeypatch.setenv("WATERSHED_SECRET_FILE", str(tmp_path / "elsewhere" / "watershed.secret"))
    with pytest.raises(InputError) as refusal:
        backup.import_all(target, STAFF, archives[".gpkg"])
    assert refusal.value.key == "backup.other_installation"
    assert "--accept-unsigned" in str(refusal.value)
    edited = _edited_workbook(archives[".xlsx"], tmp_path / "edited.xlsx", role_made_staff)
    shown = []
    restored = backup.import_all(target, STAFF, edited, accept_unsigned=True, shown=shown.extend)
    assert [problem.key for problem in shown] == ["backup.row_changed_resaved",
                                                  "backup.other_installation"]
    assert restored.differences == shown
    with target.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        role = session.scalar(select(User.role).where(User.username == "resident1"))
    assert entry.action == "backup.restore_unsigned" and entry.after["differences"] == 2
    assert "resident1" not in json.dumps(entry.after) and "users" in entry.after["first_differences"][0]
    assert role == "staff"  # accepted as it was, and the audit log says so
    assert audit.verify(target).intact


def test_the_restore_command_lists_what_differs_before_accepting(tmp_path, capsys, basin,
                                                                  monkeypatch):
    path = tmp_path / "theirs.gpkg"
    assert run_cli(capsys, basin.url, "backup", str(path))[0] == 0
    monkeypatch.setenv("WATERSHED_SECRET_FILE", str(tmp_path / "mine" / "watershed.secret"))
    target = tmp_path / "mine" / "restored.db"
    url = f"sqlite:///{target}"
    assert run_cli(capsys, url, "init")[0] == 0
    status, _, err = run_cli(capsys, url, "restore", str(path))
    assert status == 2 and err.startswith("error: ") and "--accept-unsigned" in err
    status, out, _ = run_cli(capsys, url, "restore", str(path), "--accept-unsigned")
    lines = out.splitlines()
    assert status == 0 and lines[0].startswith("differs from the signed manifest")
    assert "another installation" in lines[0] and "accepted" in lines[1]
    assert "set passwords" in out  # the archive had no password hashes


def test_password_hashes_stay_out_unless_asked_for(basin, tmp_path, sqlite_template):
    accounts.add_user(basin, STAFF, "clerk", "staff", PASSWORD)
    backup.export_all(basin, STAFF, tmp_path / "plain.gpkg")
    backup.export_all(basin, STAFF, tmp_path / "full.gpkg", with_accounts=True)
    with basin.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "clerk"))
        written = session.scalars(select(AuditEntry.after).where(
            AuditEntry.action == "backup.write").order_by(AuditEntry.id)).all()
    assert [entry["accounts"] for entry in written] == ["without password hashes",
                                                        "with password hashes"]
    for name, hashes in (("plain.gpkg", [""]), ("full.gpkg", [stored])):
        assert [user["password_hash"] for user in _archived(tmp_path / name, "users")] == hashes
    assert stored.encode() not in (tmp_path / "plain.gpkg").read_bytes()
    shutil.copy(sqlite_template, tmp_path / "empty.db")
    target = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    restored = backup.import_all(target, STAFF, tmp_path / "plain.gpkg")
    assert not restored.with_accounts
    with target.read() as session:
        clerk = session.scalars(select(User).where(User.username == "clerk")).one()
    assert clerk.password_hash == "" and not accounts.password_matches(clerk, PASSWORD)
    target.dispose()


def test_writing_and_restoring_a_backup_leave_audit_rows(signed):
    archives, truth, target = signed
    writes = [row for row in truth["audit_log"] if row[3] == "backup.write"]
    assert [json.loads(r[7]) if isinstance(r[7], str) else r[7] for r in writes][-1]["file"] == \
        "signed.gpkg"
    assert len(writes) == 2
    backup.import_all(target, STAFF, archives[".gpkg"])
    with target.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.action, last.actor, last.after["file"]) == ("backup.restore", "test-staff",
                                                            "signed.gpkg")
    assert last.after["audit_chain"] == "intact"


def test_a_broken_chain_is_backed_up_with_a_warning_and_recorded(basin, tmp_path, capsys):
    with basin.engine.begin() as connection:
        if basin.dialect == "postgresql":
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        connection.execute(text("UPDATE audit_log SET actor = 'nobody' WHERE id = 2"))
        if basin.dialect == "postgresql":
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
    path = tmp_path / "broken.xlsx"
    status, out, err = run_cli(capsys, basin.url, "backup", str(path))
    assert status == 0 and path.exists()
    assert err.startswith("warning: ") and "audit row 2" in err
    with _restore.opened(path, backup.FORMATS[".xlsx"][0]) as archive:
        about = archive.about
    assert about["audit.chain"] == "broken at row 2 (audit.row_changed)"
    with basin.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "backup.write")).one()
    assert entry.after["audit_chain"].startswith("broken at row 2")
