"""Logging in: user name and password; the demo accounts are listed only on the demo basin."""

import streamlit as st

from watershed.services.demo import DEMO_PASSWORD, is_demo
from watershed.ui.session import log_in
from watershed.ui.text import t
from watershed.ui.wiring import database


def render() -> None:
    st.title(t("ui.app_title"), anchor=False)
    with st.form("login"):
        username = st.text_input(t("ui.username"))
        password = st.text_input(t("ui.password"), type="password")
        submitted = st.form_submit_button(t("ui.log_in"), type="primary", use_container_width=True)
    if submitted and log_in(username, password):
        st.rerun()
    if is_demo(database()):
        st.info(t("ui.demo_accounts", password=DEMO_PASSWORD))
