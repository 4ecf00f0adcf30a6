"""Widgets several pages share: tables with headers from the catalogue, the placeholder of a
choice, lists of problems, an uploaded file as a real file for the services, a message that
survives a rerun, and the map of a cut before it is saved."""

import tempfile
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
