"""The base-map selector, for the sidebar: the choice is kept for the browser session.

Tianditu is offered only when a key is configured. The map (watershed.ui.map_view.basemap_choice)
reads st.session_state["basemap"]; this widget writes it.
"""

import streamlit as st

from watershed import config
from watershed.maps.basemaps import available
from watershed.ui.map_view import basemap_choice
from watershed.ui.text import t

BASEMAP = "basemap"


def basemap_selector() -> str:
    """Show the selector; returns the base map chosen (osm, tianditu, gaode or none)."""
    choices = available(config.tianditu_key())
    choice = st.selectbox(t("basemap.label"), choices, index=choices.index(basemap_choice()),
                          format_func=lambda name: t(f"basemap.{name}"))
    st.session_state[BASEMAP] = choice
    return choice
