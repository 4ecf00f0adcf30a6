"""The basin at a glance: what basin this is and its figures."""

import streamlit as st

from watershed.services.places.stats import basin_stats
from watershed.ui.text import literal, t
from watershed.ui.wiring import database


def render() -> None:
    figures = basin_stats(database())
    st.title(t("ui.app_title"), anchor=False)
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
