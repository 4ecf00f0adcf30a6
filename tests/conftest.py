"""Shared fixtures: a fresh database on SQLite, and on PostgreSQL/PostGIS when configured.

Set WATERSHED_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1/postgres) to run every
database test on PostgreSQL too; the tests make their own database there and drop it at the end.
With WATERSHED_FORBID_SKIPS=1 (CI sets it) a skipped test counts as a failure, so a missing
PostgreSQL or Chromium cannot pass unnoticed.

Every test runs at one pinned moment, never at the day it happens to run: TEST_NOW below, or
WATERSHED_TEST_NOW (an ISO moment with its zone) to run the suite at another one. `make test`
runs the tests again at the awkward moments in CALENDAR_MOMENTS (Makefile), all but those of the
modules in TIMELESS below.
"""

import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import datetime
from functools import cache

import pytest
import time_machine
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from watershed.services.accounts import users
from watershed.store.database import Database
from watershed.store.migrate import upgrade
from watershed.store.tables import Base

os.environ.setdefault("WATERSHED_LANGUAGE", "en")

POSTGRES_ADMIN_URL = os.environ.get("WATERSHED_TEST_DATABASE_URL")

# 10:00 on Wednesday 18 November 2026 in Beijing: an ordinary day in the middle of a month.
TEST_NOW = "2026-11-18T02:00:00+00:00"


def pinned_moment() -> datetime:
    moment = datetime.fromisoformat(os.environ.get("WATERSHED_TEST_NOW") or TEST_NOW)
    if moment.tzinfo is None:
        raise pytest.UsageError("WATERSHED_TEST_NOW needs a zone, e.g. 2026-12-31T17:30:00+00:00")
    return moment


def pytest_configure(config):
    """Pin the clock before collection, since some test modules read today() at import. Time
    still runs from there (tick), so timestamps taken one after the other keep their order.

    Passwords are hashed with argon2 at a thousandth of the product's memory and one pass: at the
    product's cost each hash and each login took a tenth of a second or more, and the suite makes
    thousands. A hash carries its parameters, so the apps the browser tests start verify these
    too. test_auth.py checks the product's own parameters (kept in `watershed_product_hasher`)."""
    config.watershed_clock = time_machine.travel(pinned_moment(), tick=True)
    config.watershed_clock.start()
    config.watershed_product_hasher = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    _scan_components_once()


def _scan_components_once() -> None:
    """Each new AppTest scans every installed package's metadata for Streamlit components (the
    server does it once, at start): a tenth of a second or more each time, a third of the page
    tests' time. The packages do not change during a run, so the scan is made once a process."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # a Streamlit without components v2 does not scan
        return
    manifest_scanner.scan_component_manifests = cache(manifest_scanner.scan_component_manifests)


def pytest_unconfigure(config):
    clock = getattr(config, "watershed_clock", None)
    if clock is not None:
        clock.stop()
    if hasattr(config, "watershed_product_hasher"):
        users._hasher = config.watershed_product_hasher


# The modules whose subject has no day in it: geometry, files, numbers, backups, races, the
# peer-score maths, the architecture. The runs at CALENDAR_MOMENTS (Makefile) leave them out
# (`-m "not timeless"`): they pass the same way at any moment and took two thirds of those runs.
# Every other module, and every new one, is run at each moment.
TIMELESS = {
    "test_architecture", "test_assign_distance", "test_assignment", "test_backup",
    "test_backup_signed", "test_backup_streamed", "test_catalogue", "test_cli_imports",
    "test_encodings", "test_evaluation", "test_evaluation_convergence", "test_file_limits",
    "test_map_overview", "test_maps", "test_migrations", "test_network", "test_network_check",
    "test_network_columnar", "test_network_service", "test_numbers", "test_offers_draw",
    "test_races", "test_reading_households", "test_reading_layers", "test_real_imports",
    "test_real_pipeline", "test_segment_service", "test_segmenting", "test_signboards",
    "test_statistics", "test_synthetic_basin", "test_typed_text",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.stem in TIMELESS:
            item.add_marker(pytest.mark.timeless)
    # The browser journeys first (each module's tests kept together, in their order): they are
    # the longest tests, and one left for the end kept a worker busy for a minute while the
    # other had nothing left to run.
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


def pytest_report_header(config):
    return f"clock pinned at {pinned_moment().isoformat()} (WATERSHED_TEST_NOW to change it)"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("WATERSHED_FORBID_SKIPS") == "1" and report.skipped:
        if not hasattr(report, "wasxfail"):
            report.outcome = "failed"
            report.longrepr = f"skipped, which CI forbids: {report.longrepr}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied for each test (migrating takes longer than copying)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    database.dispose()
    return path


@contextmanager
def new_database(backend: str, folder):
    """A new, migrated database of its own, dropped afterwards; None if PostgreSQL is not set up."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    if not POSTGRES_ADMIN_URL:
        yield None
        return
    with postgres_database(POSTGRES_ADMIN_URL, "watershed_test") as url:
        database = Database(url)
        upgrade(database)
        database.dispose()
        yield url


@contextmanager
def postgres_database(admin_url: str, prefix: str, template: str | None = None):
    """The URL of a new database on the server of `admin_url` (a copy of `template`, if given),
    dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    copying = f' TEMPLATE "{template}"' if template else ""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copying}'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    with new_database("postgresql", tmp_path_factory.mktemp("pg")) as url:
        yield url


# Beyond this many rows in a table, TRUNCATE empties a database sooner than DELETE does.
DELETE_AT_MOST = 1_000


@pytest.fixture(scope="session")
def postgres_emptier(postgres_url):
    """A connection kept open to the tests' PostgreSQL database, to empty it between tests: a
    new one is a new server process, a third of the emptying's time. Pinged when taken, since
    some tests end every connection to the database (tests/test_storage.py)."""
    engine = create_engine(postgres_url, pool_size=1, pool_pre_ping=True)
    yield engine
    engine.dispose()


def _empty_postgres(engine) -> None:
    """Every table emptied and every id counting from 1 again, as TRUNCATE ... RESTART IDENTITY
    leaves them. TRUNCATE makes a new file for every table and index, 0.7-0.9 s a test; the few
    rows most tests leave are deleted in a tenth of that, in one round trip, with the triggers
    off for the transaction (session_replication_role): the audit log's refuses a DELETE, and
    the foreign keys' need no order. A big database (the demo's) is truncated whole: deleting
    it row by row took half a minute. 40 ms a test became 11."""
    tables = Base.metadata.sorted_tables
    with engine.begin() as connection:
        sizes = " UNION ALL ".join(
            f'SELECT count(*) AS n FROM (SELECT FROM "{t.name}" LIMIT {DELETE_AT_MOST + 1}) AS r'
            for t in tables)
        if connection.scalar(text(f"SELECT max(n) FROM ({sizes}) AS sizes")) > DELETE_AT_MOST:
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            connection.exec_driver_sql("; ".join([
                "SET LOCAL session_replication_role = replica",
                *(f'DELETE FROM "{table.name}"' for table in tables),
                "SELECT setval(oid, 1, false) FROM pg_class "
                "WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"]))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, sqlite_template):
    """The URL of an empty, migrated database: once on SQLite, once on PostgreSQL/PostGIS."""
    if request.param == "sqlite":
        path = tmp_path / "watershed.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    if url is None:
        pytest.skip("PostgreSQL not configured: set WATERSHED_TEST_DATABASE_URL")
    _empty_postgres(request.getfixturevalue("postgres_emptier"))
    return url


@pytest.fixture
def db(database_url):
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory):
    """A SQLite database holding the demo basin, shared by tests that only look at it."""
    from tests.factories import STAFF
    from watershed.demo.load import load_demo

    with new_database("sqlite", tmp_path_factory.mktemp("demo")) as url:
        database = Database(url)
        upgrade(database)
        load_demo(database, STAFF)
        database.dispose()
        yield url


@pytest.fixture(scope="session")
def demo_db(demo_sqlite_url):
    """The shared demo database, opened for tests that only read it."""
    database = Database(demo_sqlite_url)
    yield database
    database.dispose()


@pytest.fixture
def demo_copy(demo_sqlite_url, tmp_path, monkeypatch):
    """A demo database of this test's own (the shared one must stay unwritten), and a photo
    folder of its own."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), path)
    monkeypatch.setenv("WATERSHED_PHOTO_DIR", str(tmp_path / "photos"))
    return f"sqlite:///{path}"


def load_tiny_basin(db, folder) -> None:
    """A main canal and a branch cut into segments, one pond, three households in two villages
    (tests/factories.py), nobody keeping anything yet; the files are written in `folder`."""
    from tests.factories import STAFF, channels_file, households_file, pond_file
    from watershed.services.geometry.imports import import_households, import_layer
    from watershed.services.geometry.segmenting import segment_channels

    import_layer(db, STAFF, "channels", channels_file(folder))
    import_layer(db, STAFF, "ponds", pond_file(folder))
    import_households(db, STAFF, households_file(folder))
    segment_channels(db, STAFF)


@pytest.fixture
def basin(db, tmp_path):
    """The tiny basin (load_tiny_basin) on `db`."""
    load_tiny_basin(db, tmp_path)
    return db


@contextmanager
def migrated(backend: str, folder):
    """A new, migrated, empty Database of `backend`, dropped afterwards; the test is skipped (a
    failure in CI) if PostgreSQL is not set up."""
    with new_database(backend, folder) as url:
        if url is None:
            pytest.skip("PostgreSQL not configured: set WATERSHED_TEST_DATABASE_URL")
        database = Database(url)
        if backend == "sqlite":
            upgrade(database)
        try:
            yield database
        finally:
            database.dispose()


@contextmanager
def built_once(backend: str, folder, build):
    """The URL of a database of `backend` on which `build(Database)` was run, for a module whose
    many tests each start from that state (each takes a `copy_of` it); dropped afterwards."""
    with migrated(backend, folder) as database:
        build(database)
        database.dispose()  # PostgreSQL copies a database only while nobody is connected to it
        yield database.url


@contextmanager
def copy_of(url: str, folder):
    """A new database holding what the database at `url` holds, dropped afterwards: copying
    takes a fraction of the time building the state again would."""
    if url.startswith("sqlite"):
        path = folder / f"{uuid.uuid4().hex[:8]}.db"
        shutil.copy(url.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    with postgres_database(POSTGRES_ADMIN_URL, "watershed_test", make_url(url).database) as copy:
        yield copy


# Browser fixtures: Playwright is imported when a browser test asks for them, not by every test.
@pytest.fixture(scope="module")
def patient_expect():
    """A page change is a script run on a server that may share the machine with other tests:
    give each expectation 20 s rather than Playwright's 5 (then put the default back)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for all the tests a worker runs. Each test opens pages of its own (a page or
    context is a profile of its own: no cookie or storage is shared), so nothing carries over
    from one test to the next but the browser process. Playwright's sync API runs once per
    thread: every test that needs a browser takes this one."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
