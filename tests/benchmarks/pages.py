"""Benchmark: how long each page of each role takes to appear and to answer its typical
interaction, served and drawn in Chromium, and how many bytes each sends.

    python tests/benchmarks/pages.py [--app-root DIR] [--roles staff custodian ...] [--warm 5]
                                     [--tiles K] [--database-url ADMIN_URL] [--no-sqlite]
                                     [--database URL_OR_PATH]

The demo basin is loaded into a new SQLite file and, with --database-url (an administrator's URL
of a PostgreSQL server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres), into a new
database created there and dropped afterwards. At --tiles 1 it is DIR's own `watershed demo`; at
--tiles K the K x K synthetic basin (10 is 100x) loaded as tests/benchmarks/demo_scale.py does,
with this checkout's code (slow: 100x takes many minutes). --database uses a database already
loaded instead, as it is: a SQLite file (copied for each role, for logins write) or a PostgreSQL
URL (used in place: a login only adds a session row); --tiles then says its scale, for the targets.

For each role and database the app is started afresh (`streamlit run app.py` in DIR), a desktop
Chromium (1280x800) logs in, and every page of the role is opened from the sidebar in menu order:

- login: from pressing 登录 to the role's home page drawn;
- cold: the first visit of the page since the server started;
- warm: the median of the next `warm` visits (each from another page);
- act: the median of max(warm, 1) typical interactions on the page (_page_timing.interaction:
  the next page of a paged table, else a radio or select box of the page changed, else a rerun);
- run: the same interactions' script run alone, from the browser seeing the script's state turn
  "running" to "notRunning" (the app logs no run times of its own): the time on the server plus
  the delivery of what the run sends, which the targets for interactions are judged on;
- KB open / KB act: WebSocket bytes received per open (the largest) and per interaction (median).

A time runs from the click to the end of the page's first script run (what the page shows is
then on screen); a map reporting its view afterwards reruns the page to redraw its layers, which
is not counted in the seconds but is in the bytes. For staff, each colouring of 进度地图 is an
interaction of its own. `--app-root` may be another checkout (e.g. `git worktree
add /tmp/before <commit>`), so the same script measures before and after a change. Figures only,
not a test: the machine's other load shows in them, so compare runs made side by side. The last
lines name the pages over the targets of issue 17.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks._page_timing import Stopwatch, drawn, interaction  # noqa: E402
from tests.browser import DESKTOP, NAV_LINKS, _free_port, launch_chromium  # noqa: E402

PASSWORD = "demo1234"
# Issue 17: (warm first render s, interaction s, KB per rerun or None) at demo scale and at 100x.
TARGETS = {"1x": (1.5, 0.5, None), "100x": (3.0, 1.0, 1024)}


def load_demo(app_root: Path, url: str, tiles: int, folder: Path) -> None:
    if tiles == 1:
        subprocess.run([sys.executable, "-c", "from watershed.cli import main; main()",
                        "demo", "--database-url", url], cwd=app_root, check=True,
                       capture_output=True, env={**os.environ, "PYTHONPATH": str(app_root)})
        return
    from tests.benchmarks.demo_scale import load_once  # this checkout's watershed
    from watershed.demo import synthetic_basin
    basin = folder / f"tiles{tiles}"
    if not basin.exists():
        synthetic_basin.write(synthetic_basin.generate(tiles=tiles), basin)
    load_once(url, basin, None)


@contextmanager
def databases(args, folder: Path):
    """[(backend, url)] of the loaded databases to measure, dropped afterwards if made here."""
    if args.database:
        url = args.database if "://" in args.database else f"sqlite:///{args.database}"
        yield [("sqlite" if url.startswith("sqlite") else "postgresql", url)]
        return
    from tests.benchmarks.demo_scale import new_database
    backends = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.database_url else [])
    with ExitStack() as stack:
        loaded = []
        for backend in backends:
            url = stack.enter_context(new_database(backend, args.database_url, folder))
            started = time.perf_counter()
            load_demo(args.app_root, url, args.tiles, folder)
            print(f"{backend}: loaded in {time.perf_counter() - started:.0f} s", flush=True)
            loaded.append((backend, url))
        yield loaded


def role_copy(url: str, folder: Path) -> str:
    """The database a role's server uses: a copy of a SQLite file, a PostgreSQL one as it is."""
    if not url.startswith("sqlite:///"):
        return url
    folder.mkdir(parents=True)
    shutil.copy(url.removeprefix("sqlite:///"), folder / "demo.db")
    return f"sqlite:///{folder / 'demo.db'}"


@contextmanager
def server(app_root: Path, url: str, photos: Path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(app_root), "WATERSHED_LANGUAGE": "zh",
           "WATERSHED_DATABASE_URL": url, "WATERSHED_PHOTO_DIR": str(photos)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.enableStaticServing", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=app_root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
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


def measure_role(browser, address: str, line, role: str, warm: int) -> dict:
    """{"login": s, "rows": {name: row}}: a row per page (then per colouring of 进度地图 for
    staff) holding cold, warm, act, run (s), kb_open, kb_act and what the interaction was;
    `line(name, row)` shows each as it is measured."""
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(600_000)  # at 100x a page may keep the browser busy for long
    timed = Stopwatch(page)
    page.goto(address)
    drawn(page)
    page.get_by_label("用户名").fill(role)
    page.get_by_label("密码").fill(PASSWORD)
    login = timed(lambda: page.get_by_role("button", name="登录").click(), ready=NAV_LINKS)
    line("(login)", {"cold": login.seconds})
    links = page.locator(NAV_LINKS)
    titles = [links.nth(index).inner_text().strip() for index in range(links.count())]
    opens = {title: [] for title in titles}
    for index, title in enumerate(titles):  # the home page was drawn at login: go away first
        if index == 0:
            timed(lambda: links.nth(1).click())
        opens[title].append(timed(lambda i=index: links.nth(i).click()))
    for _ in range(warm):  # from the page after it (never the page shown: that would not rerun)
        for index, title in enumerate(titles):
            timed(lambda a=(index + 1) % len(titles): links.nth(a).click())
            opens[title].append(timed(lambda i=index: links.nth(i).click()))
    rows = {}
    for index, title in enumerate(titles):
        timed(lambda i=index: links.nth(i).click())
        what, action = interaction(page)
        rows[title] = row(opens[title], [timed(action) for _ in range(max(warm, 1))], what)
        line(title, rows[title])
    if role == "staff":
        for name, colouring in recolouring(timed, links, titles, warm).items():
            rows[name] = colouring
            line(name, colouring)
    page.close()
    return {"login": login.seconds, "rows": rows}


def row(opens: list, acts: list, what: str) -> dict:
    return {"cold": opens[0].seconds if opens else None,
            "warm": statistics.median(t.seconds for t in opens[1:]) if opens[1:] else None,
            "act": statistics.median(t.seconds for t in acts),
            "run": statistics.median(t.run for t in acts),
            "kb_open": max(t.kb for t in opens) if opens else None,
            "kb_act": statistics.median(t.kb for t in acts), "what": what}


def recolouring(timed, links, titles, warm: int) -> dict:
    """A row per colouring of 进度地图: a click on it is its interaction."""
    page = timed.page
    index = next(i for i, title in enumerate(titles) if "进度地图" in title)
    timed(lambda: links.nth(index).click())
    groups = page.locator('[data-testid="stMain"] [data-testid="stRadio"]')
    options = [groups.nth(i).locator("label:has(input[type=radio])") for i in range(groups.count())]
    radios = max(options, key=lambda labels: labels.count())  # the colourings: the most options
    names = [radios.nth(i).inner_text().strip() for i in range(radios.count())]
    times = {name: [] for name in names}
    order = list(range(1, len(names))) + [0]  # the first is chosen already
    for _ in range(max(warm, 1)):
        for i in order:
            times[names[i]].append(timed(lambda i=i: radios.nth(i).click()))
    return {f"{titles[index]}/{name}": row([], acts, "着色")
            for name, acts in times.items()}


# The page comes last: Chinese titles are two columns wide, which format widths do not know.
HEAD = (f"{'database':<10} {'role':<10} {'cold':>6} {'warm':>6} {'act':>6} {'run':>6} "
        f"{'KB open':>8} {'KB act':>8}  page: interaction")


def show(backend: str, role: str, name: str, row: dict) -> None:
    cells = [f"{row[key]:>6.2f}" if row.get(key) is not None else f"{'-':>6}"
             for key in ("cold", "warm", "act", "run")]
    cells += [f"{row[key]:>8.0f}" if row.get(key) is not None else f"{'-':>8}"
              for key in ("kb_open", "kb_act")]
    what = f": {row['what']}" if "what" in row else ""
    print(f"{backend:<10} {role:<10} {' '.join(cells)}  {name}{what}", flush=True)


def verdicts(results: list, scale: str) -> None:
    """One line per target of issue 17: the pages over it, or that none is."""
    render, act, kb = TARGETS[scale]
    over = {f"first render <= {render} s (warm, else cold)": [],
            f"interaction <= {act} s (run)": [], f"sent per rerun <= {kb} KB": []}
    first, server, sent = over.values()
    for backend, role, figures in results:
        for title, row in figures["rows"].items():
            where = f"{backend}/{role}/{title}"
            opened = row["warm"] if row["warm"] is not None else row["cold"]
            if opened is not None and opened > render:
                first.append(f"{where} {opened:.2f} s")
            if row["run"] > act:
                server.append(f"{where} {row['run']:.2f} s ({row['what']})")
            most = max(row["kb_open"] or 0, row["kb_act"])
            if kb is not None and most > kb:
                sent.append(f"{where} {most:.0f} KB")
    for target, pages in over.items():
        if kb is not None or "KB" not in target:
            print(f"target {scale} {target}: " + ("; ".join(pages) if pages else "all within"))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-root", type=Path, default=ROOT)
    parser.add_argument("--roles", nargs="+", default=["staff", "custodian", "resident", "leader"])
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--tiles", type=int, default=1,
                        help="the basin is K x K demo basins (10: 100x; default 1); the "
                             "targets are demo scale's at 1, 100x's above")
    parser.add_argument("--database-url", help="a PostgreSQL administrator URL: measure there too")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--database", help="a loaded database to measure instead (path or URL)")
    args = parser.parse_args(argv)
    args.app_root = args.app_root.resolve()
    scale = "1x" if args.tiles == 1 else "100x"
    folder = Path(tempfile.mkdtemp(prefix="watershed-bench-"))
    results = []
    try:
        with databases(args, folder) as loaded, sync_playwright() as playwright:
            print(f"app: {args.app_root}  basin: {args.tiles}x{args.tiles}  warm visits: "
                  f"{args.warm}  (seconds, KB received over the WebSocket)")
            print(HEAD)
            browser = launch_chromium(playwright)
            for backend, url in loaded:
                for role in args.roles:
                    place = folder / backend / role
                    with server(args.app_root, role_copy(url, place), place / "photos") as address:
                        figures = measure_role(browser, address, partial(show, backend, role),
                                               role, args.warm)
                    results.append((backend, role, figures))
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    verdicts(results, scale)


if __name__ == "__main__":
    main()
