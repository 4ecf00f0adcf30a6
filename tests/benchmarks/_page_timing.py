"""Timing what a page of the app does in Chromium, for tests/benchmarks/pages.py: from an action
(a click) to the end of the script run it causes, with the bytes the browser received meanwhile,
and the typical interaction of a page."""

from typing import NamedTuple

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import MAP_FRAME

# Every change of the script's state, stamped by the page's own clock.
_WATCH = """() => {
  if (window.__runs) return;
  window.__runs = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => window.__runs.push(
      [app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_IDLE = """(quiet) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelectorAll('[data-stale=true]').length) return false;
  const last = window.__runs.length ? window.__runs[window.__runs.length - 1][1] : 0;
  return performance.now() - last > quiet;
}"""
_STARTED = "(start) => window.__runs.some(([state, at]) => at > start && state === 'running')"
_SETTLED = """([start, quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const ends = window.__runs.filter(([state, at]) => at > start && state === 'notRunning');
  if (!ends.length || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelectorAll('[data-stale=true]').length) return false;
  return performance.now() - ends[ends.length - 1][1] > quiet;
}"""
_END_OF_RUN = """([start, last]) => {
  const runs = window.__runs.filter(([, at]) => at > start);
  const began = runs.findIndex(([state]) => state === 'running');
  const ends = runs.slice(began).filter(([state]) => state === 'notRunning');
  const end = ends[last ? ends.length - 1 : 0][1];
  return [runs.filter(([state, at]) => state === 'running' && at < end).pop()[1], end];
}"""
QUIET_MS = 400  # a map reports its first view and reruns the page: wait for that run too
# Widgets of the page itself that rerun it when changed: not the sidebar's, and not inside a form
# (a form's widgets wait for its submit button, which writes).
_OWN = 'xpath=//*[@data-testid="stMain"]//*[@data-testid="{kind}"][not(ancestor::*[@data-testid="stForm"])]'


def drawn(page) -> None:
    """Wait until the run is over, nothing stale shows, and every map has drawn Leaflet."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=600_000)
    frames = page.locator(MAP_FRAME)
    for index in range(frames.count()):
        page.frame_locator(MAP_FRAME).nth(index).locator(".leaflet-container").wait_for(
            timeout=600_000)


class Stopwatch:
    """Times actions on one browser page and counts the WebSocket bytes it receives (Streamlit
    sends every element of a run over its one socket; the map's scripts and tiles come by HTTP
    and are not counted)."""

    def __init__(self, page):
        self.page = page
        self.received = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._count))

    def _count(self, payload) -> None:
        self.received += len(payload.encode() if isinstance(payload, str) else payload)

    def __call__(self, action, ready: str | None = None) -> "Timing":
        """Timing of the action up to the end of the first script run it caused, or with `ready`
        (a selector the action brings, as a login brings the menu) of the last run before the
        page is quiet. KB counts what came from the action until the page is quiet (so a map's
        follow-up run is included)."""
        page = self.page
        page.evaluate(_WATCH)
        # A map reports its view once drawn, which reruns the page; a click landing in that run
        # is lost, and a big map may take longer to draw than QUIET_MS: wait, and click again.
        for attempt in range(3):
            page.wait_for_function(_IDLE, arg=QUIET_MS, timeout=600_000, polling=50)
            before = self.received
            start = page.evaluate("performance.now()")
            action()
            try:
                page.wait_for_function(_STARTED, arg=start, timeout=5_000, polling=20)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        if ready:
            page.wait_for_selector(ready, timeout=600_000)
        page.wait_for_function(_SETTLED, arg=[start, QUIET_MS], timeout=600_000, polling=50)
        drawn(page)
        began, end = page.evaluate(_END_OF_RUN, [start, ready is not None])
        return Timing((end - start) / 1000, (end - began) / 1000, (self.received - before) / 1024)


class Timing(NamedTuple):
    seconds: float  # from the action to the end of the run
    run: float  # the run itself, from the server's "running" to "not running": its time there
    kb: float


def interaction(page):
    """(description, action) of the typical interaction of the page shown: the next page of its
    first paged table (then back, alternately); else the first radio group or select box of the
    page itself set to its first option not chosen; else a plain rerun (Streamlit's R key: a
    click on the page's own link in the menu does not rerun it). Found by role and test id, so
    every page is covered without a list of pages; widgets in a form are left alone."""
    main = page.get_by_test_id("stMain")
    forward = main.get_by_role("button", name="下一页")
    if forward.count():  # drawn only for more than one page
        back = main.get_by_role("button", name="上一页").first
        return "下一页/上一页", lambda: (back if back.is_enabled() else forward.first).click()
    for radios in (page.locator(_OWN.format(kind="stRadio")).all()):
        labels = radios.locator("label:has(input[type=radio]:not(:disabled))")
        if labels.count() > 1:
            name = radios.get_by_test_id("stWidgetLabel").inner_text().strip() or "radio"
            other = radios.locator("label:has(input[type=radio]:not(:checked):not(:disabled))")
            return f"单选 {name}", lambda: other.first.click()
    for select in page.locator(_OWN.format(kind="stSelectbox")).all():
        if select.locator("input:disabled").count() or not _has_another(page, select):
            continue
        name = select.get_by_test_id("stWidgetLabel").inner_text().strip() or "select"
        return f"下拉 {name}", lambda select=select: _choose_another(page, select)
    return "重新运行 (R)", lambda: _rerun(page)


_ANOTHER = '[role="option"]:not([aria-selected="true"])'


def _has_another(page, select) -> bool:
    select.get_by_role("combobox").click()
    try:
        page.locator('[role="option"]').first.wait_for(timeout=10_000)
    except PlaywrightTimeout:  # nothing to choose: the list does not open
        pass
    found = page.locator(_ANOTHER).count() > 0
    page.keyboard.press("Escape")
    return found


def _choose_another(page, select) -> None:
    select.get_by_role("combobox").click()
    page.locator(_ANOTHER).first.click()


def _rerun(page) -> None:
    page.evaluate("document.activeElement && document.activeElement.blur()")  # R goes to the app
    page.keyboard.press("r")
