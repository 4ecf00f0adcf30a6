"""The segment map every page shares: base map constant, layers for the current view only.

streamlit-folium reruns the page when the view changes; the base map is rebuilt identically each
run (so the component stays mounted) and only the feature groups change (DESIGN.md, Maps). The
first view is fitted by the browser to what is shown (Leaflet's fitBounds at the map's own width,
a phone's 340 px as well as a desktop's 900); the view it reports back then decides which
segments are drawn. Everything drawn is in one legend, folded on a phone.
"""

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from watershed import config
from watershed.maps import colourings, layers, legend
from watershed.maps.basemaps import available, display_coords, query_bbox
from watershed.services.evaluation.board import peer_scores
from watershed.services.campaign.figures import dredging_statuses
from watershed.services.campaign.flow import water
from watershed.services.geometry.mapdata import (basin_view, days_since_check, ponds_in_view,
                                                 segment_boxes, segments_in_view,
                                                 segments_to_draw, sources_in_view)
from watershed.ui.text import t
from watershed.ui.wiring import database, shared

COLOURINGS = ("custody", "freshness", "peer", "water", "dredging")


def basemap_choice() -> str:
    choices = available(config.tianditu_key())
    preferred = st.session_state.get("basemap", config.basemap())
    return preferred if preferred in choices else choices[0]


def _colouring(name: str, ids: list[int], clear_ponds: tuple[str, ...] = (),
               as_of: date | None = None):
    """(colour of a segment row, the states to list in the legend) of a colouring, for the
    segments drawn (`ids`). Live water is basin-wide by nature and shared by every session until
    the data changes (ui.wiring.shared); the peer scores, the days since a check and the
    dredging statuses are read for the segments drawn only, on every run: a few thousand at
    most, however large the basin."""
    if name == "water":
        now = shared(water)
        after = shared(water, clear_ponds).live_ids if clear_ponds else None
        return (colourings.water_colour(now.live_ids, after, now.causes),
                colourings.water_states(now.causes, what_if=bool(clear_ponds)))
    if name == "freshness":
        return (colourings.freshness_colour(days_since_check(database(), segment_ids=ids)),
                colourings.FRESHNESS_BINS)
    if name == "peer":
        return (colourings.peer_colour(peer_scores(database(), segment_ids=ids)),
                colourings.PEER_BINS)
    if name == "dredging":
        return (colourings.dredging_colour(dredging_statuses(database(), as_of, segment_ids=ids)),
                (*colourings.DREDGING_STATES, colourings.DREDGING_OUTSIDE))
    return colourings.custody_colour, colourings.CUSTODY_STATES


def _frame(rows):
    """(center, bounds) around some segments, as basin_view gives them for the whole basin."""
    west = min(r.geometry.bounds[0] for r in rows)
    south = min(r.geometry.bounds[1] for r in rows)
    east = max(r.geometry.bounds[2] for r in rows)
    north = max(r.geometry.bounds[3] for r in rows)
    return ((south + north) / 2, (west + east) / 2), ((south, west), (north, east))


def _holds(outer, inner) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2]
            and outer[3] >= inner[3])


def segment_map(key: str, colouring: str = "custody", *, height: int = 520,
                only_codes: set[str] | None = None, clear_ponds: tuple[str, ...] = (),
                as_of: date | None = None, overlay=None, locate: bool = False) -> str | None:
    """Draw the map; returns the code of the segment last clicked, if any. With the "water"
    colouring, `clear_ponds` shows what clearing those ponds would bring to life; with the
    "dredging" colouring, `as_of` shows the campaign as it stood that day (default today).
    `overlay(bbox, shift)` gives more layers and their legend sections: (groups, sections)."""
    db = database()
    view = basin_view(db)
    if view is None:
        st.info(t("ui.no_basin"))
        return None
    center, bounds = view
    choice = basemap_choice()
    last = st.session_state.get(key) or {}
    if only_codes is not None:
        # A custodian's own segments: frame the map on them, not on the whole basin.
        rows = segments_in_view(db, None, codes=only_codes)
        if rows:
            center, bounds = _frame(rows)
    whole = (bounds[0][1], bounds[0][0], bounds[1][1], bounds[1][0])
    bbox = query_bbox(last.get("bounds"), choice) or whole
    if _holds(bbox, whole):
        # A window showing all of it draws what the first run drew for it, so the run that
        # follows the map's first report sends the map again as a reference to what the browser
        # already has (Streamlit's message cache), not half a megabyte more at a district's size.
        bbox = whole
    if only_codes is None:
        # The whole basin, what every map opens on, is drawn the same for every viewer.
        drawn = (shared(segments_to_draw, whole) if bbox == whole
                 else segments_to_draw(db, bbox, boxes=shared(segment_boxes)))
        rows = drawn.rows
        if drawn.cells:
            st.caption(t("map.overview", shown=len(rows), total=drawn.total))
    zoom = last.get("zoom") or layers.fit_zoom(bounds, 700, height)  # until the map reports
    colour_of, states = _colouring(colouring, [row.id for row in rows], clear_ponds, as_of)
    shift = display_coords(choice)
    ponds, sources = ponds_in_view(db, bbox), sources_in_view(db, bbox)
    more, sections = overlay(bbox, shift) if overlay else ((), ())
    groups = [
        layers.ponds_layer(ponds, shift),
        layers.segments_layer(rows, colour_of, zoom=zoom, shift=shift),
        layers.flow_arrows(rows, zoom, shift),
        layers.sources_layer(sources, shift),
        *more,  # e.g. the problems
        layers.legend_layer([legend.section(t(f"map.colouring.{colouring}"), states, t),
                             legend.section(t("map.legend.ponds"),
                                            colourings.pond_states(ponds), t),
                             legend.section(None, (colourings.SOURCE,) if sources else (), t),
                             *sections], t("map.legend")),
    ]
    fmap = layers.base_map(center, layers.fit_zoom(bounds, 700, height), choice,
                           config.tianditu_key(), fit=bounds,
                           locate=t("map.locate") if locate else None)
    result = st_folium(fmap, key=key, feature_group_to_add=groups, height=height,
                       use_container_width=True,
                       returned_objects=["bounds", "zoom", "last_object_clicked_tooltip"])
    clicked = (result or {}).get("last_object_clicked_tooltip")
    return clicked.split()[0] if clicked else None


NEAR_ZOOM = 15  # from this zoom on, a map shows a neighbourhood: its middle is "near here"


def view_centre(key: str) -> tuple[float, float] | None:
    """(lon, lat) of the middle of the map `key` as the person left it, once they have zoomed
    in to a neighbourhood (or the map found where the phone is); None before."""
    last = st.session_state.get(key) or {}
    if (last.get("zoom") or 0) < NEAR_ZOOM:
        return None
    window = query_bbox(last.get("bounds"), basemap_choice(), margin=0)
    if window is None:
        return None
    west, south, east, north = window
    return (west + east) / 2, (south + north) / 2
