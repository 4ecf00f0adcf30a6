"""Base maps, and the coordinates data must be drawn in on each.

OpenStreetMap and Tianditu (天地图) tiles are in WGS84/CGCS2000 (no offset); Gaode (高德) tiles are
in GCJ-02, about 600 m off here, so data drawn on Gaode is shifted to GCJ-02 for display only and
the map's window is shifted back before it is used to query. "none" draws no tiles at all, for a
machine without internet.

A page keeps its base map constant across reruns: streamlit-folium remounts (and flickers) when the
base map's script changes, while layers passed through `feature_group_to_add` update in place.
"""

from collections.abc import Callable
from urllib.parse import quote

import coordTransform
import folium
import numpy as np

BASEMAPS = ("osm", "tianditu", "gaode", "none")
MAX_ZOOM = {"osm": 19, "tianditu": 18, "gaode": 18, "none": 19}

_OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                    "contributors")
# WMTS in Web Mercator (_w): roads (vec) with their Chinese labels (cva) on top. t0..t7 share load.
_TIANDITU = ("https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
             "&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
             "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=%s")
_TIANDITU_ATTRIBUTION = '&copy; <a href="https://www.tianditu.gov.cn/">天地图</a>'
_GAODE = ("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=7"
          "&x={x}&y={y}&z={z}")
_GAODE_ATTRIBUTION = '&copy; <a href="https://www.amap.com/">高德地图</a>'

Shift = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def available(tianditu_key: str) -> tuple[str, ...]:
    """The choices a selector may offer: Tianditu only with a key."""
    return tuple(c for c in BASEMAPS if c != "tianditu" or tianditu_key)


def add_basemap(fmap: folium.Map, choice: str, tianditu_key: str = "") -> folium.Map:
    """Add the tiles of `choice` (osm, tianditu, gaode or none) to a map made with tiles=None."""
    if choice not in BASEMAPS:
        raise ValueError(f"unknown base map {choice!r}: choose one of {', '.join(BASEMAPS)}")
    max_zoom = MAX_ZOOM[choice]
    if choice == "osm":
        folium.TileLayer(_OSM, attr=_OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=max_zoom).add_to(fmap)
    elif choice == "tianditu":
        if not tianditu_key:
            raise ValueError("the Tianditu base map needs a key: set WATERSHED_TIANDITU_KEY")
        key = quote(tianditu_key, safe="")
        for layer in ("vec", "cva"):
            folium.TileLayer(_TIANDITU % (layer, layer, key), attr=_TIANDITU_ATTRIBUTION,
                             name=f"天地图 {layer}", subdomains="01234567",
                             max_zoom=max_zoom).add_to(fmap)
    elif choice == "gaode":
        folium.TileLayer(_GAODE, attr=_GAODE_ATTRIBUTION, name="高德地图", subdomains="1234",
                         max_zoom=max_zoom).add_to(fmap)
    return fmap


def _identity(lon, lat):
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def _to_gcj02(lon, lat):
    lon = np.ascontiguousarray(lon, dtype=float)
    lat = np.ascontiguousarray(lat, dtype=float)
    if lon.size == 0:
        return lon.copy(), lat.copy()
    out_lon, out_lat = coordTransform.wgs84_to_gcj02(lon.ravel(), lat.ravel())
    return (np.asarray(out_lon, dtype=float).reshape(lon.shape),
            np.asarray(out_lat, dtype=float).reshape(lat.shape))


def _from_gcj02(lon, lat):
    """One-step inverse, off by a few metres: good enough for a map window with a margin."""
    lon = np.ascontiguousarray(lon, dtype=float)
    lat = np.ascontiguousarray(lat, dtype=float)
    out_lon, out_lat = coordTransform.gcj02_to_wgs84(lon.ravel(), lat.ravel())
    return (np.asarray(out_lon, dtype=float).reshape(lon.shape),
            np.asarray(out_lat, dtype=float).reshape(lat.shape))


def display_coords(choice: str) -> Shift:
    """lon, lat arrays (WGS84) -> lon, lat arrays to draw on `choice`: GCJ-02 for gaode."""
    return _to_gcj02 if choice == "gaode" else _identity


def query_bbox(bounds: dict | None, choice: str, margin: float = 0.2
               ) -> tuple[float, float, float, float] | None:
    """The WGS84 (minx, miny, maxx, maxy) to query for the window st_folium returned as
    `bounds` ({"_southWest": {"lat", "lng"}, "_northEast": {...}}), grown by `margin` of its size
    on each side so a small pan shows no gap. None when the map has not reported a window yet."""
    try:
        south, west = bounds["_southWest"]["lat"], bounds["_southWest"]["lng"]
        north, east = bounds["_northEast"]["lat"], bounds["_northEast"]["lng"]
    except (KeyError, TypeError):
        return None
    if None in (south, west, north, east):
        return None
    dx, dy = (east - west) * margin, (north - south) * margin
    lon = np.array([west - dx, east + dx])
    lat = np.array([south - dy, north + dy])
    if choice == "gaode":
        lon, lat = _from_gcj02(lon, lat)
    return float(lon[0]), float(lat[0]), float(lon[1]), float(lat[1])
