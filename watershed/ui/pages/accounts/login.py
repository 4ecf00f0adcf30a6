"""Logging in: user name and password, or the office's identity provider when one is configured
(watershed.ui.provider); the demo accounts are listed only on the demo basin."""

import streamlit as st

from watershed.services.places.basins import DEMO_PASSWORD, is_demo
from watershed.ui import provider
from watershed.ui.session import REFUSED, log_in, log_out
from watershed.ui.text import show_error, t
from watershed.ui.wiring import database


def _provider_login() -> None:
    refused = st.session_state.get(REFUSED)
    if refused is not None:
        show_error(refused)
        if st.button(t("ui.leave_provider"), use_container_width=True):
            log_out()
    elif st.button(t("ui.log_in_with_provider"), type="primary", use_container_width=True):
        st.login()
    st.caption(t("ui.or_password"))


def render() -> None:
    st.title(t("ui.app_title"), anchor=False)
    if provider.configured():
        _provider_login()
    with st.form("login"):
        username = st.text_input(t("ui.username"))
        password = st.text_input(t("ui.password"), type="password")
        submitted = st.form_submit_button(t("ui.log_in"), type="primary", use_container_width=True)
    if submitted and log_in(username, password):
        st.rerun()
    if is_demo(database()):
        st.info(t("ui.demo_accounts", password=DEMO_PASSWORD))
