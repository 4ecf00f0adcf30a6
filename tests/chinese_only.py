"""One language at a time (issue 14): a page in Chinese shows no English word but data and a few
names that have no Chinese. The journeys (test_journeys_browser.py) read every page of every
role this way in Chromium set to Chinese (zh-CN, as a phone in China is: Streamlit's date picker
follows the browser's language), with one problem of 问题台账 and the custodian's camera, as they
photograph it; test_one_language_browser.py shows that the reading can fail.

What a person sees in the main area and the sidebar is read:

- the text on screen: hidden text and text drawn at size 0 are left out (Streamlit's English
  under the catalogue's labels, watershed.ui.style), and so are the icons Streamlit draws from a
  font's ligatures (a span reading `upload` shows an arrow);
- what the fields show: their values, or their placeholders when empty ("Choose an option");
- what is drawn on a canvas: the cells of every table, as Streamlit paints them (with the
  word it writes for a missing value), noted by a spy on the canvas' fillText;
- the legends on every map.

A Latin word is a run of letters and digits (with - . : / @ ' _ inside, so THG-001 and EPSG:4546
are one word). It fails the page unless it is
- data: it has a digit in it (C0001, S0001-01, 2026-W47, GCJ-02, A4), or it is a word of a name,
  code or note the demo database holds (DATA: channel codes like THG, places, households, notes
  people typed). The accounts' usernames are data only in the sidebar (who is signed in), on the
  login page (the demo's accounts) and on the pages about accounts (ACCOUNT_PAGES: the account
  that supervises a village): elsewhere a record names a person by name, the command line as
  命令行;
- code to type: inside a `code` element (a command such as `watershed restore`);
- on ALLOWED, the short list of names with no Chinese; or the language switch's "English" in
  the sidebar.
The words of the database's other columns (stages, statuses, kinds, who recorded what) are not
data: one of those shown raw on a page is what this reading is for.
"""

import json
import re
import sqlite3

from playwright.sync_api import expect

from tests.browser import DESKTOP, MAP_FRAME, open_problem, settle
from tests.factories import STAFF

WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.:/@'’-]*[A-Za-z0-9])?")
SWITCH = {"English"}  # the sidebar's language switch offers English in English
ALLOWED = {
    "km", "m",  # units (m³ and m² read as m)
    "QR", "ID", "OSM", "OpenStreetMap", "GIS", "EPSG", "HTML",  # names, no Chinese
    "GeoJSON", "GeoPackage", "Shapefile", "KML", "CSV", "XLSX", "Excel", "JPEG", "PNG", "MB",
    "UTF", "GBK", "Big5", "Shift", "JIS",  # encodings, named as offices name them
}
# (table, column) of the names, codes and notes people gave: their words are data.
DATA = {
    "basins": ("code", "name"), "villages": ("name",), "villager_groups": ("name",),
    "households": ("code", "head_name"), "channels": ("code", "name"), "segments": ("code",),
    "ponds": ("code", "name", "owner"), "sources": ("code", "name"), "users": ("display_name",),
    "evaluation_rounds": ("name",), "campaigns": ("name",), "works": ("team_name",),
    "contributions": ("machine", "description", "note", "withdrawn_reason"),
    "incomes": ("description",), "distributions": ("note",), "acceptances": ("note",),
    "checks": ("note",), "problems": ("note",), "problem_steps": ("note",),
    "ratings": ("comment",), "progress_entries": ("note",), "custodies": ("end_reason",),
}
STEP_DATA = ("assignee", "whom")  # the names staff typed into a problem's steps
ACCOUNT_PAGES = {"signboards"}  # pages about accounts: there a username is what is shown

# What a person sees in an element: [kind, text] pairs, kind "code" for code to type.
VISIBLE = """(root) => {
  const seen = [];
  const shown = (el) => {  // drawn, not hidden, not at size 0, not a screen reader's 1-px box
    const box = el.getBoundingClientRect();
    return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
        && parseFloat(getComputedStyle(el).fontSize) > 0 && box.width > 1 && box.height > 1;
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.nodeValue.trim() || !shown(el)) continue;
    if (getComputedStyle(el).fontFamily.includes('Material')) continue;  // an icon's ligature
    seen.push([el.closest('code') ? 'code' : 'text', node.nodeValue]);
  }
  for (const field of root.querySelectorAll('input, textarea')) {
    if (['checkbox', 'radio', 'file', 'hidden', 'password'].includes(field.type)) continue;
    if (!field.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    seen.push(['field', field.value || field.placeholder || '']);
  }
  return seen;
}"""
# Every text painted on a canvas of the page (tables are), kept in window.drawn until read.
CANVAS_SPY = """(() => {
  const paint = CanvasRenderingContext2D.prototype.fillText;
  window.drawn = [];
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.drawn.push(String(text));
    return paint.call(this, text, ...rest);
  };
})();"""
LEGENDS = ".leaflet-control-container .leaflet-control:not(.leaflet-control-attribution)"


def words(value: str) -> set[str]:
    return set(WORD.findall(value))


def latin(value: str) -> bool:
    return bool(re.search(r"[A-Za-z]", value)) and not re.search(r"\d", value)


def data_words(url: str) -> tuple[set[str], set[str]]:
    """(the words of the demo's names, codes and notes; the accounts' usernames)."""
    found: set[str] = set()
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        for table, columns in DATA.items():
            for row in connection.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                found.update(*(words(value) for value in row if isinstance(value, str)))
        for (data,) in connection.execute("SELECT data FROM problem_steps"):
            given = json.loads(data) if data else {}
            found.update(*(words(str(given.get(key) or "")) for key in STEP_DATA))
        usernames = {name for (name,) in connection.execute("SELECT username FROM users")}
    return found, usernames


def cut_short(word: str, painted: str, data: set[str]) -> bool:
    """A table paints a long cell only as far as its column reaches: the last word painted may
    be the beginning of a word of data (a note "<img src=x onerror=..." painted as far as
    "oner")."""
    return painted.rstrip().endswith(word) and any(known.startswith(word) for known in data)


def english_on(page, data: set[str], sidebar_data: set[str] = frozenset()) -> list[str]:
    """Every Latin word on the page that is neither data, code, nor ALLOWED, with where it is.
    The canvas' words are those painted since the last call."""
    count = -1
    while count != (count := page.evaluate("() => window.drawn.length")):
        page.wait_for_timeout(300)  # until the tables have painted what they show
    found = [f"canvas: {word!r} in {shown.strip()[:80]!r}"
             for shown in page.evaluate("() => window.drawn.splice(0)")
             for word in words(shown) if latin(word) and word not in ALLOWED | data
             and not cut_short(word, shown, data)]
    places = [("main", '[data-testid="stMain"]', data),
              ("sidebar", '[data-testid="stSidebar"]', data | sidebar_data | SWITCH)]
    for where, selector, known in places:
        area = page.locator(selector)
        if not area.count():
            continue
        for kind, shown in area.first.evaluate(VISIBLE):
            if kind == "code":
                continue
            found += [f"{where}: {word!r} in {shown.strip()[:80]!r}" for word in words(shown)
                      if latin(word) and word not in ALLOWED and word not in known]
    for index in range(page.locator(MAP_FRAME).count()):
        legends = page.frame_locator(MAP_FRAME).nth(index).locator(LEGENDS)
        for shown in legends.all_inner_texts():
            found += [f"map: {word!r} in {shown.strip()[:80]!r}" for word in words(shown)
                      if latin(word) and word not in ALLOWED and word not in data]
    return found


def as_loaded_by_the_command_line(url: str) -> None:
    """The tests load the demo as STAFF (test-staff); `make run` loads it with the `watershed`
    command, which records its deeds as cli:<user>. Make the copy say so, as a real one does."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for column in connection.execute(f"PRAGMA table_info({table})").fetchall():
                if "CHAR" in column[2].upper() or "TEXT" in column[2].upper():
                    connection.execute(f'UPDATE "{table}" SET "{column[1]}" = ? '
                                       f'WHERE "{column[1]}" = ?', ("cli:root", STAFF.name))


def chinese_page(chromium):
    """A page in a browser set to Chinese, at desktop width, with a context of its own."""
    context = chromium.new_context(locale="zh-CN", viewport=DESKTOP)
    context.add_init_script(CANVAS_SPY)
    return context, context.new_page()


def english_on_page(page, label: str, path: str, known: tuple[set[str], set[str]]) -> list[str]:
    """english_on for the page `path` of the app as it opened, each finding led by `label`;
    `known` is data_words' (data, usernames)."""
    data, usernames = known
    return [f"{label} {line}" for line in
            english_on(page, data | usernames if path in ACCOUNT_PAGES else data, usernames)]


def english_on_details(page, label: str, path: str, known: tuple[set[str], set[str]]) -> list[str]:
    """What opens within a page: one problem of 问题台账 with its steps and who recorded each,
    and the camera of the check form, which asks for leave to use it."""
    if path == "problems":
        open_problem(page, "#", page.get_by_role("heading", name=re.compile("#")))
        settle(page)
        return english_on_page(page, f"{label} (#1)", path, known)
    if path == "submit_check":
        # the form's keys end in how many checks it has sent this session: 0 on a fresh login
        page.locator('[class*="st-key-camera_on_"] label').first.click()
        expect(page.locator('[data-testid="stCameraInputButton"]')).to_be_visible()
        return english_on_page(page, f"{label} (camera)", path, known)
    return []
