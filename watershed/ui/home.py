"""The first page: what basin this is and its figures (the full app arrives with the next issue)."""

import streamlit as st

from watershed.catalogue import text
from watershed.services.stats import basin_stats
from watershed.ui.wiring import database, language


def render() -> None:
    lang = language()
    t = lambda key, **params: text(key, lang, **params)  # noqa: E731
    st.set_page_config(page_title=t("ui.app_title"), page_icon="🌊", layout="wide")
    choice = st.sidebar.radio(t("ui.language"), ["zh", "en"], index=0 if lang == "zh" else 1,
                              format_func=lambda code: {"zh": "中文", "en": "English"}[code],
                              horizontal=True)
    if choice != lang:
        st.session_state["language"] = choice
        st.rerun()
    figures = basin_stats(database())
    st.title(t("ui.app_title"))
    if figures["basin"] is None:
        st.info(t("ui.no_basin"))
        return
    st.subheader(figures["basin"])
    if figures["synthetic"]:
        st.warning(t("ui.synthetic_banner"))
    columns = st.columns(4)
    columns[0].metric(t("ui.channels"), t("ui.km", value=figures["channel_length_km"]))
    columns[1].metric(t("ui.segments"), f"{figures['segments']:,}")
    share = figures["segments_with_custodian"] / figures["segments"] if figures["segments"] else 0
    columns[2].metric(t("ui.in_custody"), f"{share:.1%}")
    columns[3].metric(t("ui.households"), f"{figures['households']:,}")
    st.caption(t("ui.placeholder_note"))
