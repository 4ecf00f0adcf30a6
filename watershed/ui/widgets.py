"""Widgets several pages share: tables with headers from the catalogue (a long one a page at a
time), the placeholder of a choice, lists of problems, an uploaded file as a real file for the
services, a message that survives a rerun, and the map of a cut before it is saved."""

import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from watershed import config
from watershed.domain.numbers import Limits
from watershed.errors import InputError, WatershedError
from watershed.services.common.paging import PAGE_SIZE, Page
from watershed.maps import layers
from watershed.maps.basemaps import display_coords
from watershed.services.geometry.mapdata import DEFAULT_LIMIT, basin_view
from watershed.ui.map_view import basemap_choice
from watershed.ui.text import language, show_error, t
from watershed.ui.wiring import database

FLASH = "staff_flash"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN_COLOURS = ("#1f78b4", "#ff7f00")  # neighbouring planned segments alternate
EMPTY = "—"  # what every empty cell of every table shows


def _cell(value):
    if isinstance(value, str):
        return value or None  # a blank is as empty as nothing
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None  # None, NaN, NA, NaT
    return value.isoformat() if isinstance(value, date) else value


def table(rows, *, height: int | str = "auto") -> None:
    """A DataFrame (or a list of dataclasses) with its column headers from the catalogue
    (`staff.column.<name>`); st.dataframe shows text as text, never as HTML."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(
        [asdict(row) if is_dataclass(row) else row for row in rows])
    # Dates as 2026-11-28 (tables write dates the ISO way; sentences as 2026年11月28日). Nothing
    # (an open custody's end, a never-checked date, a blank note) is missing, whatever the
    # column's type: Streamlit writes every missing value as EMPTY, numbers keep their order.
    for name in frame.select_dtypes(include=["object", "string"]).columns:
        frame[name] = [_cell(value) for value in frame[name]]
    frame = frame.rename(columns={name: t(f"staff.column.{name}") for name in frame.columns})
    st.dataframe(frame, hide_index=True, height=height, placeholder=EMPTY)


# A long table shown a page at a time, the one way every page shows a register that grows with
# the basin: the page's rows (as `table`), where it stands ("第 3 / 157 页，共 78,230 条"), previous
# and next buttons and a page number wide enough for a thumb, and the whole filtered table as a
# spreadsheet, written only when its button is pressed. The page number lives in the session
# under the table's key; a change of the filters takes the table back to its first page. A page
# that no longer exists (the rows shrank under it) is shown as the nearest one that does, with a
# sentence, never an error.

def _number_key(key: str) -> str:
    return f"{key}_page"


def _go(key: str, number: int) -> None:
    st.session_state[_number_key(key)] = number


def _pager(key: str, page: Page) -> None:
    # On a phone the three columns stack: two full-width buttons and the number between them.
    back, number, forward = st.columns([1, 1, 1], vertical_alignment="bottom")
    back.button(t("ui.paging.previous"), key=f"{key}_previous", icon=":material/chevron_left:",
                disabled=page.number <= 1, on_click=_go, args=(key, page.number - 1),
                width="stretch")
    number.number_input(t("ui.paging.page"), min_value=1, max_value=page.pages, step=1,
                        key=_number_key(key))
    forward.button(t("ui.paging.next"), key=f"{key}_next", icon=":material/chevron_right:",
                   disabled=page.number >= page.pages, on_click=_go, args=(key, page.number + 1),
                   width="stretch")


def paged_table(key: str, fetch: Callable[[int, int], Page], *, filters=None,
                shape: Callable | None = None, download: Callable[[], bytes] | None = None,
                file_name: str = "table.xlsx", height: int | str = "auto") -> Page | None:
    """Show page n of what `fetch(n, size)` gives (a service's Page); `shape(rows)` turns the
    page's rows into the table's rows if they are not that already. `filters` is anything that
    changes with the filters (a change goes back to page 1); `download()` gives the bytes of the
    whole filtered table as .xlsx, called only when the button is pressed. None if the service
    refused (its message is shown)."""
    number_key, seen_key = _number_key(key), f"{key}_filters"
    signature = repr(filters)
    if st.session_state.get(seen_key) != signature:
        st.session_state[seen_key] = signature
        st.session_state[number_key] = 1
    asked = st.session_state.get(number_key, 1)
    page = attempt(lambda: fetch(asked, PAGE_SIZE))
    if page is None:
        return None
    if page.number != asked:
        st.session_state[number_key] = page.number  # before the number input is drawn
        st.info(t("ui.paging.clamped", asked=asked, pages=page.pages, page=page.number))
    if not page.total:
        st.caption(t("ui.paging.none"))
        return page
    st.caption(t("ui.paging.position", page=page.number, pages=page.pages, total=page.total))
    table(shape(page.rows) if shape else page.rows, height=height)
    if page.pages > 1:
        _pager(key, page)
    if download is not None:
        st.download_button(t("ui.paging.download", total=page.total), data=download,
                           file_name=file_name, mime=XLSX, key=f"{key}_download",
                           icon=":material/download:")
    return page


def choice(options) -> str:
    """The placeholder of a selectbox or multiselect over `options`, for Streamlit would say
    "Choose an option" or "No options to select" in English."""
    return t("ui.choose") if len(options) else t("ui.nothing_to_choose")


def bounds(limits: Limits) -> dict:
    """min_value and max_value of an st.number_input from the Limits the service reads it with,
    as whole numbers for a whole quantity (the widget takes the type of its bounds). The service
    still reads what the widget gives; this only stops the wildest values at the keyboard."""
    kind = int if limits.decimals == 0 else float
    return {"min_value": kind(limits.low), "max_value": kind(limits.high)}


def problem_list(problems) -> None:
    """Every problem of a refused file or form, one line each."""
    lang = language()
    table(pd.DataFrame({"problem": [problem.message(lang) for problem in problems]}))


def attempt(service):
    """Call `service()`; a refusal is shown with all its problems and gives None."""
    try:
        return service()
    except WatershedError as error:
        show_problems(error)
        return None


def show_problems(error) -> None:
    """A service's refusal; an InputError with several problems lists them all below it."""
    show_error(error)
    if isinstance(error, InputError) and len(error.problems) > 1:
        problem_list(error.problems)


@contextmanager
def saved_upload(upload):
    """The uploaded file written to a temporary folder under its own name (the services read
    files by path and tell formats by suffix); removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="watershed-upload-") as folder:
        path = Path(folder) / (Path(upload.name).name or "upload")
        path.write_bytes(upload.getvalue())
        yield path


def written(write, name: str) -> bytes:
    """The bytes of a file a service writes by path (`write(path)`), for a download button:
    written in a temporary folder when the button is pressed, then removed."""
    with tempfile.TemporaryDirectory(prefix="watershed-download-") as folder:
        path = Path(folder) / name
        write(path)
        return path.read_bytes()


def progress_bar(text: str):
    """(the bar, a callable moving it to a share from 0 to 1); the callable sends the browser
    at most one update per whole percent, however often a service calls it."""
    bar, shown = st.progress(0, text=text), [-1]

    def move(share: float) -> None:
        percent = max(0, min(100, int(share * 100)))
        if percent != shown[0]:
            shown[0] = percent
            bar.progress(percent, text=text)

    return bar, move


def flash(message: str) -> None:
    """Show `message` as a success after rerunning the page (so what is drawn is up to date)."""
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def plan_map(pieces, key: str, height: int = 480) -> None:
    """Planned segments (code, length_m, geometry) on a map of the basin, neighbours in
    alternating colours, the first DEFAULT_LIMIT of them at most; the map sends nothing back."""
    view = basin_view(database())
    if view is None or not pieces:
        return
    center, bounds = view
    choice = basemap_choice()
    zoom = layers.fit_zoom(bounds, 700, height)
    shown = pieces[:DEFAULT_LIMIT]
    if len(shown) < len(pieces):
        st.caption(t("staff.plan.first_drawn", limit=DEFAULT_LIMIT, count=len(pieces)))
    colours = {piece.code: PLAN_COLOURS[index % 2] for index, piece in enumerate(shown)}
    group = layers.segments_layer(
        shown, lambda piece: colours[piece.code],
        lambda piece: t("staff.plan.label", code=piece.code, length=piece.length_m),
        zoom=zoom, shift=display_coords(choice))
    fmap = layers.base_map(center, zoom, choice, config.tianditu_key())
    st_folium(fmap, key=key, feature_group_to_add=[group], height=height,
              use_container_width=True, returned_objects=[])
