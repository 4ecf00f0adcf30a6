"""The leadership's progress map: custody or check freshness on the map, the figures beside it.

Read-only: the colouring and whether the problems are drawn are the only choices on the page;
nothing here writes. The problems are a layer of their own, marks no colouring could be taken
for, hidden with a switch above the map: a switch is a large target on a phone, and unlike
a layer control inside the map it holds across the reruns that every pan brings.
"""

import altair as alt
import pandas as pd
import streamlit as st

from watershed.domain.ponds import STATUSES
from watershed.errors import WatershedError
from watershed.maps.colourings import FRESHNESS_BINS, problem_states
from watershed.maps.layers import problems_layer
from watershed.maps.legend import section
from watershed.services.problems.figures import problems_in_view
from watershed.services.checks.progress import RECENT_DAYS, basin_progress, may_view_progress
from watershed.ui.map_view import COLOURINGS, segment_map
from watershed.ui.session import current_actor
from watershed.ui.text import day, show_error, t
from watershed.ui.wiring import database, shared

SHOW_PROBLEMS = "progress_show_problems"


def _pond_label(status: str) -> str:
    return t(f"pond.status.{status}") if status in STATUSES else t("leader.pond.other", status=status)


def _freshness_chart(freshness: dict) -> alt.Chart:
    rows = pd.DataFrame([
        {"bin": t(state.key), "count": freshness.get(state.max_days, 0), "colour": state.colour}
        for state in FRESHNESS_BINS
    ])
    # A fixed height per bar, so every bin's label is drawn however narrow the column.
    return alt.Chart(rows, height=alt.Step(36)).mark_bar().encode(
        x=alt.X("count:Q", title=t("leader.chart.count"), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("bin:N", sort=list(rows["bin"]), title=None),
        color=alt.Color("colour:N", scale=None, legend=None),
        tooltip=[alt.Tooltip("bin:N", title=t("leader.chart.bin")),
                 alt.Tooltip("count:Q", title=t("leader.chart.count"))],
    )


def _problems(bbox, shift) -> tuple[list, list]:
    """The problems in view as marks by stage (the problems layer), and their legend section."""
    rows = problems_in_view(database(), bbox)
    label = lambda p: t("problems.map_label", id=p.id, segment=p.segment_code,  # noqa: E731
                        category=t(f"check.category.{p.category}"),
                        stage=t(f"problem.stage.{p.stage}"))
    return ([problems_layer(rows, label, shift)],
            [section(t("problems.map_title"), problem_states({p.stage for p in rows}), t)])


def _figures(figures: dict) -> None:
    segments = figures["segments"]
    st.metric(t("ui.segments"), f"{segments:,}")
    st.metric(t("ui.channels"), t("ui.km", value=figures["channel_km"]))
    st.metric(t("leader.kept"), f"{figures['kept_share']:.1%}",
              help=t("leader.kept_help", kept=figures["kept"], segments=segments))
    st.metric(t("leader.checked_recently", days=RECENT_DAYS), f"{figures['checked_share']:.1%}",
              help=t("leader.checked_help", days=RECENT_DAYS, checked=figures["checked_recently"],
                     segments=segments, today=day(figures["today"])))
    st.metric(t("leader.never_checked"), t("leader.segment_count", count=figures["never_checked"]))
    st.markdown(f"**{t('leader.ponds')}**")
    if not figures["ponds"]:
        st.caption(t("leader.no_ponds"))
    for status, count in figures["ponds"].items():
        st.metric(_pond_label(status), f"{count:,}")
    st.markdown(f"**{t('leader.freshness_chart')}**")
    st.altair_chart(_freshness_chart(figures["freshness"]), width="stretch")


def render() -> None:
    st.title(t("leader.title"), anchor=False)
    actor = current_actor()
    if actor is None:
        return
    try:
        may_view_progress(actor)  # the figures are shared by every viewer, once let in
        figures = shared(basin_progress)
    except WatershedError as error:
        show_error(error)
        return
    colouring = st.radio(t("map.colouring"), COLOURINGS, horizontal=True,
                         format_func=lambda name: t(f"map.colouring.{name}"),
                         key="progress_colouring")
    wide, narrow = st.columns([3, 1], gap="medium")
    with wide:  # the problems are drawn over every colouring, as marks by stage, unless hidden
        shown = st.toggle(t("map.problems.show"), value=True, key=SHOW_PROBLEMS)
        segment_map(key="progress_map", colouring=colouring,
                    overlay=_problems if shown else None)
    with narrow:
        _figures(figures)
