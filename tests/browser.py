"""Serving the app for end-to-end journeys, and a real Chromium to walk through it.

Playwright cannot download its own browser here, so it drives Debian's /usr/bin/chromium. The
waits follow Streamlit's own end-to-end tests: health endpoint, then a connected app whose script
has stopped running.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 800}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
NAV_LINKS = '[data-testid="stSidebarNav"] a'
EXCEPTION = '[data-testid="stException"]'
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_demo_copy(demo_url: str, folder: Path, prepare=None, **options):
    """The app on a copy of the demo database in `folder` (the shared one must stay unwritten),
    with a photo folder of its own; `prepare(url)` may change the copy before the app starts.
    Yields (address, url, db, photos); `options` go to served_app."""
    from types import SimpleNamespace

    from watershed.store.database import Database

    path, photos = folder / "demo.db", folder / "photos"
    shutil.copy(demo_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    if prepare is not None:
        prepare(url)
    env = {**options.pop("env", {}), "WATERSHED_PHOTO_DIR": str(photos)}
    with served_app(url, env=env, **options) as address:
        database = Database(url)
        try:
            yield SimpleNamespace(address=address, url=url, db=database, photos=photos)
        finally:
            database.dispose()


@contextmanager
def served_app(database_url: str | None, language: str = "zh", script: Path = ROOT / "app.py",
               env: dict | None = None, secrets: str | None = None):
    """Run `streamlit run SCRIPT` (the app by default) on a free local port; yields its address.
    Static files are served from the `static` folder beside the script. `env` adds variables
    (e.g. WATERSHED_PHOTO_DIR) to the server's environment; `secrets` is the text of a
    secrets.toml for the server, where "{address}" stands for the app's own address."""
    port = _free_port()
    options = []
    if secrets is not None:
        folder = Path(tempfile.mkdtemp(prefix="watershed-secrets-"))
        (folder / "secrets.toml").write_text(secrets.replace("{address}", f"http://127.0.0.1:{port}"))
        options = ["--secrets.files", str(folder / "secrets.toml")]
    env = {**os.environ, **(env or {}), "WATERSHED_LANGUAGE": language, "PYTHONPATH": str(ROOT)}
    if database_url:
        env["WATERSHED_DATABASE_URL"] = database_url
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "pinned_server.py"),
         datetime.now(timezone.utc).isoformat(), "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.enableStaticServing", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", *options],
        cwd=script.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{address}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start: {server.stdout.read().decode()}")
                time.sleep(0.3)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=20)


PUBLIC_HOST = "signboards.test"  # RFC 2606: a name for tests, never a real site


def public_address(address: str) -> str:
    """`address` (http://127.0.0.1:PORT) as a phone would reach it by a public name."""
    return address.replace("127.0.0.1", PUBLIC_HOST)


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists():
        # Skipped outside CI only: WATERSHED_FORBID_SKIPS (CI) turns a skip into a failure.
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with `sudo apt-get install chromium`")
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              # Signboards refuse a localhost address in their QR codes (phones cannot open
              # it): the tests print them for a public-looking name that leads to this machine.
              f"--host-resolver-rules=MAP {PUBLIC_HOST} 127.0.0.1"],
    )


def wait_for_app(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=60_000)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")


def log_in(page, username: str, password: str = "demo1234") -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("密码").wait_for(state="detached", timeout=30_000)
    wait_for_app(page)


def open_app(chromium, address: str, path: str = "", page=None) -> tuple:
    """A new page (a browser session of its own), or `page`, on the app; every dialog it opens
    is noted in the list returned with it, and dismissed."""
    page = page or chromium.new_page(viewport=DESKTOP)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{address}/{path}")
    wait_for_app(page)
    return page, dialogs


def logged_in(chromium, address: str, username: str, page=None) -> tuple:
    page, dialogs = open_app(chromium, address, page=page)
    log_in(page, username)
    return page, dialogs


def settle(page) -> None:
    """Wait for the script run (no element left over from the page before), then for every map
    on the page to have drawn Leaflet; no exception box."""
    wait_for_app(page)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    maps = page.locator(MAP_FRAME)
    for index in range(maps.count()):
        expect(page.frame_locator(MAP_FRAME).nth(index).locator(".leaflet-container")) \
            .to_be_visible(timeout=30_000)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    for notice in ("Page not found", "没有这个页面"):  # Streamlit's, for a bad link (ui/style.py)
        expect(page.get_by_text(notice)).to_have_count(0)


def _heading(page) -> str:
    headings = page.locator('[data-testid="stMain"] h1')
    return headings.first.inner_text() if headings.count() else ""


def go_to(page, title: str) -> None:
    """Open a page from the sidebar. A click that lands while a rerun is finishing (a map
    reporting its first view) can be lost on a loaded machine: the address may not change (then
    click once more), or change while the old page stays on screen (then open the address, as a
    typed link would: the login survives it)."""
    link = page.locator(NAV_LINKS).filter(has_text=title).first
    address = link.get_attribute("href")
    wait_for_app(page)
    before = _heading(page)
    link.click()
    try:
        expect(page).to_have_url(address, timeout=10_000)
    except AssertionError:
        wait_for_app(page)
        link.click()
        expect(page).to_have_url(address)
    settle(page)
    if before and _heading(page) == before:
        page.goto(address)
        settle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()


def resize(page, size: dict) -> None:
    """The page at another width, once the layout and the maps have redrawn for it: the resize
    has reached the page and two frames have been painted since (Streamlit's layout and
    Leaflet's map size follow resize events within a frame). Pictures kept for the repository
    (WATERSHED_SCREENSHOTS, test_journeys_browser.py) also wait for the sidebar to finish
    folding, an animation with nothing to wait on; the others are looked at only when a test
    fails, and waiting for it took 46 s a run."""
    page.set_viewport_size(size)
    page.wait_for_function("width => window.innerWidth === width", arg=size["width"])
    page.evaluate("() => new Promise(painted => requestAnimationFrame("
                  "() => requestAnimationFrame(painted)))")
    if os.environ.get("WATERSHED_SCREENSHOTS"):
        page.wait_for_timeout(600)
    settle(page)


def open_problem(page, typed: str, heading) -> None:
    """On 问题台账, choose the problem the picker finds for `typed` ("#12 ", or "#" for the
    first) and wait for its `heading`. A choice that lands while a rerun is finishing can be
    lost on a loaded machine (seen once): then it is chosen once more."""
    box = page.locator(".st-key-problems_picked").get_by_role("combobox")
    for attempt in range(2):
        wait_for_app(page)
        # The queue's table is drawn first; on a machine busy with the PostgreSQL tests the
        # box below it took more than Playwright's 30 s once (CI, 2026-12-04).
        expect(box).to_be_visible(timeout=90_000)
        box.click()
        box.fill(typed)
        page.keyboard.press("Enter")
        wait_for_app(page)
        try:
            expect(heading).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            if attempt:
                raise


def pick(page, label: str, option: str) -> None:
    """Choose `option` in the select box labelled `label`."""
    box = page.get_by_role("combobox", name=label)
    box.scroll_into_view_if_needed()
    settle(page)  # a map scrolled into view reruns the page, which would close the list again
    box.click()
    page.get_by_role("option", name=option).click()
    wait_for_app(page)
