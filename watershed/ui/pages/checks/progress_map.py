"""The leadership's progress map: custody or check freshness on the map, the figures beside it.

Read-only: the colouring is the only choice on the page; nothing here writes.
"""

import altair as alt
import pandas as pd
import streamlit as st

from watershed.domain.ponds import STATUSES
from watershed.domain.problems import STAGES
from watershed.errors import WatershedError
from watershed.maps.colourings import FRESHNESS_BINS
from watershed.maps.layers import problems_layer
from watershed.services.problems.figures import problems_in_view
from watershed.services.checks.progress import RECENT_DAYS, progress_figures
from watershed.ui.map_view import COLOURINGS, segment_map
from watershed.ui.session import current_actor
from watershed.ui.text import show_error, t
from watershed.ui.wiring import database


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


def _problems(bbox, shift) -> list:
    """The problems in view as dots by stage (the leadership's problems layer)."""
    rows = problems_in_view(database(), bbox)
    label = lambda p: t("problems.map_label", id=p.id, segment=p.segment_code,  # noqa: E731
                        category=t(f"check.category.{p.category}"),
                        stage=t(f"problem.stage.{p.stage}"))
    return [problems_layer(rows, label, shift, title=t("problems.map_title"),
                           labels={stage: t(f"problem.stage.{stage}") for stage in STAGES})]


def _figures(figures: dict) -> None:
    segments = figures["segments"]
    st.metric(t("ui.segments"), f"{segments:,}")
    st.metric(t("ui.channels"), t("ui.km", value=figures["channel_km"]))
    st.metric(t("leader.kept"), f"{figures['kept_share']:.1%}",
              help=t("leader.kept_help", kept=figures["kept"], segments=segments))
    st.metric(t("leader.checked_recently", days=RECENT_DAYS), f"{figures['checked_share']:.1%}",
              help=t("leader.checked_help", days=RECENT_DAYS, checked=figures["checked_recently"],
                     segments=segments, today=figures["today"].isoformat()))
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
        figures = progress_figures(database(), actor)
    except WatershedError as error:
        show_error(error)
        return
    colouring = st.radio(t("leader.colouring"), COLOURINGS, horizontal=True,
                         format_func=lambda name: t(f"leader.colouring.{name}"),
                         key="progress_colouring")
    wide, narrow = st.columns([3, 1], gap="medium")
    with wide:  # the problems are drawn over every colouring, as dots by stage
        segment_map(key="progress_map", colouring=colouring, overlay=_problems)
    with narrow:
        _figures(figures)
