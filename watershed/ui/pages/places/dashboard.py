"""A resident's first page: what waits for my household (problems to handle or rate, segments to
rate in the open round) as big buttons to the page that does it; then the basin at a glance."""

import streamlit as st

from watershed.errors import WatershedError
from watershed.services.places.stats import basin_stats
from watershed.services.places.today import resident_today
from watershed.ui.links import household_buttons
from watershed.ui.session import current_actor
from watershed.ui.text import language, literal, show_error, t
from watershed.ui.wiring import database, shared


def render() -> None:
    db, actor = database(), current_actor()
    figures = shared(basin_stats)  # the same for every viewer (the ponds' crossings at 0.4 s)
    st.title(t("ui.app_title"), anchor=False)
    if actor is not None:
        try:
            household_buttons(resident_today(db, actor, lang=language()))
        except WatershedError as error:  # e.g. an account with no household: the figures still show
            show_error(error)
    if figures["basin"] is None:
        st.info(t("ui.no_basin"))
        return
    st.subheader(literal(figures["basin"]), anchor=False)
    if figures["synthetic"]:
        st.warning(t("ui.synthetic_banner"))
    columns = st.columns(4)
    columns[0].metric(t("ui.channels"), t("ui.km", value=figures["channel_length_km"]))
    columns[1].metric(t("ui.segments"), f"{figures['segments']:,}")
    share = figures["segments_with_custodian"] / figures["segments"] if figures["segments"] else 0
    columns[2].metric(t("ui.in_custody"), f"{share:.1%}")
    columns[3].metric(t("ui.households"), f"{figures['households']:,}")
