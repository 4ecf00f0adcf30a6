"""The segment map every page shares: base map constant, layers for the current view only.

streamlit-folium reruns the page when the view changes; the base map is rebuilt identically each
run (so the component stays mounted) and only the feature groups change (DESIGN.md, Maps).
"""

import streamlit as st
from streamlit_folium import st_folium

from watershed import config
from watershed.maps import layers
from watershed.maps.basemaps import available, display_coords, query_bbox
from watershed.services.mapdata import (DEFAULT_LIMIT, basin_view, days_since_check, ponds_in_view,
                                        segments_in_view)
from watershed.ui.text import t
from watershed.ui.wiring import database

COLOURINGS = ("custody", "freshness")


def basemap_choice() -> str:
    choices = available(config.tianditu_key())
    preferred = st.session_state.get("basemap", config.basemap())
    return preferred if preferred in choices else choices[0]


def _colouring(name: str, db):
    if name == "freshness":
        days = days_since_check(db)
        return layers.freshness_colour(days), layers.FRESHNESS_BINS
    return layers.custody_colour, layers.CUSTODY_STATES


def segment_map(key: str, colouring: str = "custody", *, height: int = 520,
                only_codes: set[str] | None = None) -> str | None:
    """Draw the map; returns the code of the segment last clicked, if any."""
    db = database()
    view = basin_view(db)
    if view is None:
        st.info(t("ui.no_basin"))
        return None
    center, bounds = view
    choice = basemap_choice()
    last = st.session_state.get(key) or {}
    bbox = query_bbox(last.get("bounds"), choice) or (bounds[0][1], bounds[0][0], bounds[1][1],
                                                      bounds[1][0])
    zoom = last.get("zoom") or layers.fit_zoom(bounds, 700, height)
    rows = segments_in_view(db, bbox)
    if only_codes is not None:
        rows = [row for row in rows if row.code in only_codes]
    elif len(rows) >= DEFAULT_LIMIT:
        st.caption(t("map.zoom_in", limit=DEFAULT_LIMIT))
    colour_of, states = _colouring(colouring, db)
    shift = display_coords(choice)
    groups = [
        layers.ponds_layer(ponds_in_view(db, bbox), shift),
        layers.segments_layer(rows, colour_of, zoom=zoom, shift=shift,
                              legend_entries=[(s.colour, t(s.key)) for s in states]),
        layers.flow_arrows(rows, zoom, shift),
    ]
    fmap = layers.base_map(center, layers.fit_zoom(bounds, 700, height), choice,
                           config.tianditu_key())
    result = st_folium(fmap, key=key, feature_group_to_add=groups, height=height,
                       use_container_width=True,
                       returned_objects=["bounds", "zoom", "last_object_clicked_tooltip"])
    clicked = (result or {}).get("last_object_clicked_tooltip")
    return clicked.split()[0] if clicked else None
