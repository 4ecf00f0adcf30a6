"""Benchmark: how long each page of each role takes to appear, served and drawn in Chromium.

    python tests/benchmarks/pages.py [--app-root DIR] [--roles staff custodian ...] [--warm 5]

For each role the app is started afresh (`streamlit run app.py` in DIR, on a new copy of the demo
basin, loaded once with DIR's own `watershed demo`), a desktop Chromium (1280×800) logs in, and
every page of the role is opened from the sidebar in menu order:

- login: from pressing 登录 to the role's home page drawn;
- cold: the first visit of the page since the server started;
- warm: the median of the next `warm` visits (each from another page).

A time runs from the click to the end of the page's first script run (what the page shows is
then on screen; a map reporting its view afterwards reruns the page to redraw its layers, which
is not counted). For staff, each colouring of 进度地图 is also timed (click to the run's end).
`--app-root` may be another checkout (e.g. `git worktree add /tmp/before <commit>`), so the same
script measures before and after a change. Figures only, not a test: the machine's other load
shows in them, so compare runs made side by side.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser import (DESKTOP, MAP_FRAME, NAV_LINKS, _free_port,  # noqa: E402
                           launch_chromium)

PASSWORD = "demo1234"


def demo_database(app_root: Path, folder: Path) -> Path:
    path = folder / "demo.db"
    subprocess.run([sys.executable, "-c", "import sys; from watershed.cli import main; main()",
                    "demo", "--database-url", f"sqlite:///{path}"], cwd=app_root, check=True,
                   capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(app_root)})
    return path


@contextmanager
def server(app_root: Path, database: Path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(app_root), "WATERSHED_LANGUAGE": "zh",
           "WATERSHED_DATABASE_URL": f"sqlite:///{database}",
           "WATERSHED_PHOTO_DIR": str(database.parent / "photos")}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.enableStaticServing", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=app_root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import urllib.request
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


# Every change of the script's state, stamped by the page's own clock.
_WATCH = """() => {
  if (window.__runs) return;
  window.__runs = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => window.__runs.push(
      [app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_SETTLED = """([start, quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const ends = window.__runs.filter(([state, at]) => at > start && state === 'notRunning');
  if (!ends.length || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelectorAll('[data-stale=true]').length) return false;
  return performance.now() - ends[ends.length - 1][1] > quiet;
}"""
QUIET_MS = 400  # a map reports its first view and reruns the page: wait for that run too


def drawn(page) -> None:
    """Wait until the run is over, nothing stale shows, and every map has drawn Leaflet."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=120_000)
    frames = page.locator(MAP_FRAME)
    for index in range(frames.count()):
        page.frame_locator(MAP_FRAME).nth(index).locator(".leaflet-container").wait_for(
            timeout=120_000)


def timed(page, action, runs: int = 1) -> float:
    """Seconds from the action to the end of the `runs`-th script run it caused (a login is two:
    the form's, then the home page's)."""
    page.evaluate(_WATCH)
    start = page.evaluate("performance.now()")
    action()
    started = "(start) => window.__runs.some(([state, at]) => at > start && state === 'running')"
    try:
        page.wait_for_function(started, arg=start, timeout=5_000, polling=20)
    except PlaywrightTimeout:  # a click that landed while a map's report reran the page is lost
        action()
        page.wait_for_function(started, arg=start, timeout=30_000, polling=20)
    page.wait_for_function(_SETTLED, arg=[start, QUIET_MS], timeout=120_000, polling=50)
    drawn(page)
    end = page.evaluate("""([start, count]) => {
        const runs = window.__runs.filter(([, at]) => at > start);
        const began = runs.findIndex(([state]) => state === 'running');
        return runs.slice(began).filter(([state]) => state === 'notRunning')[count - 1][1];
    }""", [start, runs])
    return (end - start) / 1000


def measure_role(browser, address: str, role: str, warm: int) -> dict:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(address)
    drawn(page)
    page.get_by_label("用户名").fill(role)
    page.get_by_label("密码").fill(PASSWORD)
    figures = {"login": timed(page, lambda: page.get_by_role("button", name="登录").click(), 2)}
    links = page.locator(NAV_LINKS)
    titles = [links.nth(index).inner_text().strip() for index in range(links.count())]
    cold, visits = {}, {title: [] for title in titles}
    for index, title in enumerate(titles):  # the home page was drawn at login: go away first
        if index == 0:
            timed(page, lambda: links.nth(1).click())
        cold[title] = timed(page, lambda i=index: links.nth(i).click())
    for _ in range(warm):  # from the page after it (never the page shown: that would not rerun)
        for index, title in enumerate(titles):
            timed(page, lambda a=(index + 1) % len(titles): links.nth(a).click())
            visits[title].append(timed(page, lambda i=index: links.nth(i).click()))
    figures["pages"] = {title: (cold[title], statistics.median(visits[title]) if warm else None)
                        for title in titles}
    show(role, figures)
    if role == "staff":
        figures["recolour"] = recolouring(page, links, titles, warm)
    page.close()
    return figures


def show(role: str, figures: dict) -> None:
    print(f"{role:<10} {'(login)':<14} {figures['login']:>6.2f}")
    for title, (cold, warm) in figures["pages"].items():
        print(f"{role:<10} {title:<14} {cold:>6.2f} {warm:>6.2f}", flush=True)


def recolouring(page, links, titles, warm: int) -> dict:
    """Seconds from a click on a colouring of 进度地图 to the map drawn again (median)."""
    index = next(i for i, title in enumerate(titles) if "进度地图" in title)
    timed(page, lambda: links.nth(index).click())
    groups = page.locator('[data-testid="stMain"] [data-testid="stRadio"]')
    options = [groups.nth(i).locator("label:has(input[type=radio])") for i in range(groups.count())]
    radios = max(options, key=lambda labels: labels.count())  # the colourings: the most options
    names = [radios.nth(i).inner_text().strip() for i in range(radios.count())]
    times = {name: [] for name in names}
    order = list(range(1, len(names))) + [0]  # the first is chosen already
    for _ in range(max(warm, 1)):
        for i in order:
            times[names[i]].append(timed(page, lambda i=i: radios.nth(i).click()))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-root", type=Path, default=ROOT)
    parser.add_argument("--roles", nargs="+", default=["staff", "custodian", "resident", "leader"])
    parser.add_argument("--warm", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="watershed-bench-"))
    base = demo_database(args.app_root.resolve(), folder)
    print(f"app: {args.app_root.resolve()}  warm visits: {args.warm}  (seconds)")
    print(f"{'role':<10} {'page':<14} {'cold':>6} {'warm':>6}")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for role in args.roles:
            copy = folder / role / "demo.db"
            copy.parent.mkdir()
            shutil.copy(base, copy)
            with server(args.app_root.resolve(), copy) as address:
                figures = measure_role(browser, address, role, args.warm)
            for name, seconds in figures.get("recolour", {}).items():
                print(f"{role:<10} {'recolour ' + name:<14} {'':>6} {seconds:>6.2f}", flush=True)
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
