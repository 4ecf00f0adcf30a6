"""The street office's dashboard: today's work first (a row per kind, most urgent first, each a
link to the page and its items), then the campaign's figures, the segments behind each, the map."""

from functools import partial

import streamlit as st

from watershed.domain.checks import DEFAULT_INTERVAL_DAYS
from watershed.errors import WatershedError
from watershed.services.common.clock import today
from watershed.services.common.paging import page_of_rows, write_sheet
from watershed.services.places.registers import LISTS, dashboard_figures
from watershed.services.places.today import staff_today
from watershed.ui.links import staff_list
from watershed.ui.map_view import COLOURINGS, segment_map
from watershed.ui.session import current_actor
from watershed.ui.text import language, literal, show_error, t
from watershed.ui.widgets import paged_table, written
from watershed.ui.wiring import shared


def _metrics(figures) -> None:
    columns = st.columns(6)
    columns[0].metric(t("staff.figure.segments"), f"{figures.segments:,}")
    columns[1].metric(t("staff.figure.km"), f"{figures.km:,.1f}")
    columns[2].metric(t("staff.figure.in_custody"), f"{figures.in_custody:.1%}")
    days = DEFAULT_INTERVAL_DAYS  # the interval dashboard_figures counts with by default
    columns[3].metric(t("staff.figure.due"), f"{figures.due_this_week:,}",
                      help=t("staff.figure.due_help", days=days))
    columns[4].metric(t("staff.figure.overdue"), f"{figures.overdue:,}",
                      help=t("staff.figure.overdue_help", days=days))
    columns[5].metric(t("staff.figure.problems"), f"{figures.problems:,}")


def spreadsheet(rows, sheet: str, lang: str) -> bytes:
    """One of the lists, whole, as .xlsx bytes (written when the button is pressed)."""
    return written(lambda path: write_sheet(path, list(rows.columns), rows.itertuples(index=False),
                                            lang=lang, sheet=sheet), "list.xlsx")


def render() -> None:
    st.title(t("ui.app_title"), anchor=False)
    actor = current_actor()
    try:
        figures = shared(dashboard_figures, actor, lang=language())
        tasks = shared(staff_today, actor, lang=language())
    except WatershedError as error:
        show_error(error)
        return
    if figures.basin is None:
        st.info(t("ui.no_basin"))
        return
    st.subheader(literal(figures.basin), anchor=False)
    if figures.synthetic:
        st.warning(t("ui.synthetic_banner"))
    staff_list(tasks)
    _metrics(figures)
    shown = st.selectbox(t("staff.dashboard.show_list"), LISTS,
                         format_func=lambda name: t(f"staff.list.{name}"))
    rows = figures.lists[shown]
    # The lists are computed with the figures, once per state of the data (wiring.shared): a
    # page of one is cut from memory, and only the page is sent.
    paged_table("dashboard", partial(page_of_rows, rows), filters=shown, height=300,
                file_name=f"{shown}-{today()}.xlsx",
                download=partial(spreadsheet, rows, t(f"staff.list.{shown}"), language()))
    left, right = st.columns(2)
    colouring = left.radio(t("map.colouring"), COLOURINGS, horizontal=True,
                           format_func=lambda name: t(f"map.colouring.{name}"))
    only = right.checkbox(t("staff.dashboard.only_list"))
    segment_map(key="dashboard_map", colouring=colouring,
                only_codes=set(rows["code"]) if only else None)
