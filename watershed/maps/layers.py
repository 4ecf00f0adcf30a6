"""The layers of the map, built so that the payload stays small and bounded.

A layer is a folium FeatureGroup holding ONE script element: the paths as a compact JSON array
(coordinates rounded to 5 decimals, about 1 m; lines simplified to half a pixel at the zoom
drawn; one colour index, one tooltip, an optional popup) and a loop that makes the Leaflet
polylines. A folium PolyLine per segment would spend about 1 KB of options and a variable per
path; a GeoJson of everything grows with the basin. The caller decides what is in view (see
watershed.services.geometry.mapdata); this module never draws more than it is given.

Every piece of user text goes through safe_text before it reaches HTML. Paths are drawn on one
canvas per map with a few pixels of touch tolerance, so thin channels can be tapped on a phone.
What colour each thing is lives in watershed.maps.colourings, the Leaflet elements (the paths
script, the scale bar) in watershed.maps.elements, the one legend in watershed.maps.legend: the
problems and the sources are layers of their own, and the page puts their sections into the one
legend (legend_layer) with the segments' and the ponds'.
"""

import math
from collections.abc import Callable, Iterable, Sequence

import folium
import numpy as np
import shapely

from watershed.domain.geodesy import metres_per_degree
from watershed.domain.problems import STAGES
from watershed.maps.assets import STATIC_URL, use_local_leaflet
from watershed.maps.basemaps import MAX_ZOOM, Shift, add_basemap, display_coords
from watershed.maps.colourings import PROBLEM_STATES, SOURCE, custody_colour, pond_colour
from watershed.maps.elements import FitView, LocateButton, MetricScale, Paths
from watershed.maps.escaping import safe_text
from watershed.maps.legend import Section, legend

ARROW_COLOUR = "#222222"
ARROWS_FROM_ZOOM = 15
DECIMALS = 5  # about 1 m
FIT_MAX_ZOOM = 17  # a view fitted to one short segment stops here


def default_label(row) -> str:
    return f"{row.code} {row.custodian_name or ''}".strip()


def _half_pixel_deg(zoom: float) -> float:
    return 0.5 * 360.0 / (256.0 * 2.0 ** zoom)


def _polyline_coords(geometries: Sequence, zoom: float, shift: Shift) -> list[list]:
    """For each line, its [[lat, lon], ...] to draw: simplified to half a pixel at `zoom`,
    shifted for the base map, rounded to DECIMALS, repeated vertices dropped."""
    if not len(geometries):
        return []
    lines = shapely.simplify(np.asarray(geometries, dtype=object), _half_pixel_deg(zoom),
                             preserve_topology=False)
    coords, index = shapely.get_coordinates(lines, return_index=True)
    lon, lat = shift(coords[:, 0], coords[:, 1])
    lon, lat = np.round(lon, DECIMALS), np.round(lat, DECIMALS)
    keep = np.ones(len(lon), dtype=bool)
    keep[1:] = (lon[1:] != lon[:-1]) | (lat[1:] != lat[:-1]) | (index[1:] != index[:-1])
    pairs = np.column_stack([lat[keep], lon[keep]]).tolist()
    counts = np.bincount(index[keep], minlength=len(lines))
    out, start = [], 0
    for count in counts.tolist():
        piece = pairs[start:start + count]
        start += count
        out.append(piece if len(piece) > 1 else piece * 2)
    return out


def _polygon_coords(geometry, shift: Shift) -> list:
    """[[ring], [hole], ...] for a Polygon, a list of those for a MultiPolygon."""
    def rings(polygon):
        out = []
        for ring in (polygon.exterior, *polygon.interiors):
            xy = shapely.get_coordinates(ring)
            lon, lat = shift(xy[:, 0], xy[:, 1])
            out.append(np.column_stack([np.round(lat, DECIMALS), np.round(lon, DECIMALS)]).tolist())
        return out

    if geometry.geom_type == "MultiPolygon":
        return [rings(p) for p in geometry.geoms]
    return rings(geometry)


def _popup(popup_of, row) -> str:
    if popup_of is None:
        return ""
    lines = popup_of(row)
    if lines is None:
        return ""
    if isinstance(lines, str):
        lines = [lines]
    return "<br>".join(safe_text(line) for line in lines)


def segments_layer(rows: Sequence, colour_of: Callable[[object], str] = custody_colour,
                   label_of: Callable[[object], str] = default_label, zoom: float = 14,
                   shift: Shift = display_coords("osm"), *,
                   popup_of: Callable[[object], str | Sequence[str] | None] | None = None,
                   legend_entries: Iterable[tuple[str, str]] | None = None,
                   legend_title: str | None = None, name: str = "segments") -> folium.FeatureGroup:
    """Each row (a SegmentOnMap, or anything with .geometry, .code, .custodian_name, .kept, .id)
    as a polyline of colour_of(row), with label_of(row) as its tooltip and, if given,
    popup_of(row) (a string or lines of plain text) as its popup. Text is escaped here: pass it
    plain. With legend_entries ((colour, label) pairs) the layer carries its own legend, under
    legend_title (folded to it on a narrow map); a page with more layers uses legend_layer."""
    group = folium.FeatureGroup(name=name)
    palette: list[str] = []
    slot: dict[str, int] = {}
    data = []
    for row, coords in zip(rows, _polyline_coords([r.geometry for r in rows], zoom, shift)):
        colour = colour_of(row)
        if colour not in slot:
            slot[colour] = len(palette)
            palette.append(colour)
        data.append([coords, slot[colour], safe_text(label_of(row)), _popup(popup_of, row)])
    weight = 5 if zoom >= ARROWS_FROM_ZOOM else 3
    Paths("polyline", data, palette, {"weight": weight, "opacity": 0.9}).add_to(group)
    if legend_entries is not None:
        legend([Section(None, tuple(legend_entries))], legend_title).add_to(group)
    return group


def _points(rows: Sequence, shift: Shift) -> list[list[float]]:
    """[[lat, lon], ...] of rows with .lon and .lat, shifted for the base map and rounded."""
    if not len(rows):
        return []
    lon, lat = shift(np.array([r.lon for r in rows]), np.array([r.lat for r in rows]))
    lon, lat = np.round(lon, DECIMALS).tolist(), np.round(lat, DECIMALS).tolist()
    return [[y, x] for x, y in zip(lon, lat)]


def problems_layer(rows: Sequence, label_of: Callable[[object], str],
                   shift: Shift = display_coords("osm"), *,
                   name: str = "problems") -> folium.FeatureGroup:
    """Each problem (anything with .lon, .lat, .stage) as a mark of its stage (a shape and a fill
    no colouring uses, colourings.PROBLEM_STATES), with label_of(row) (plain text, escaped here)
    as its tooltip. A layer of its own, with no legend: the page adds the problems' section to
    the map's one legend (colourings.problem_states) when it draws them. Draws exactly the rows
    given."""
    group = folium.FeatureGroup(name=name)
    slot = {stage: index for index, stage in enumerate(STAGES)}
    data = [[point, slot.get(row.stage, 0), safe_text(label_of(row)), ""]
            for row, point in zip(rows, _points(rows, shift))]
    Paths("watershedMark", data, [s.colour for s in PROBLEM_STATES],
          {"radius": 7, "weight": 1.5, "opacity": 1, "fillOpacity": 1},
          marks=[[s.shape, s.outline] for s in PROBLEM_STATES]).add_to(group)
    return group


def sources_layer(rows: Sequence, shift: Shift = display_coords("osm"), *,
                  label_of: Callable[[object], str] = lambda row: row.name or row.code,
                  name: str = "sources") -> folium.FeatureGroup:
    """Each water source (anything with .lon, .lat, .code, .name) as a round blue mark with a
    white edge (colourings.SOURCE), label_of(row) (escaped here) as its tooltip."""
    group = folium.FeatureGroup(name=name)
    data = [[point, 0, safe_text(label_of(row)), ""]
            for row, point in zip(rows, _points(rows, shift))]
    Paths("circleMarker", data, [SOURCE.colour],
          {"radius": 6, "weight": 2, "opacity": 1, "fillOpacity": 1, "color": SOURCE.outline}
          ).add_to(group)
    return group


def legend_layer(sections: Sequence[Section], summary: str, *,
                 name: str = "legend") -> folium.FeatureGroup:
    """The map's one legend, in a layer of its own (passed with feature_group_to_add, it is
    replaced at each rerun with the other layers): `sections` one under the other, folded to
    `summary` on a narrow map (watershed.maps.legend)."""
    group = folium.FeatureGroup(name=name)
    legend(sections, summary).add_to(group)
    return group


def pond_label(row) -> str:
    return " ".join(part for part in (row.code, row.name, row.owner) if part)


def ponds_layer(rows: Sequence, shift: Shift = display_coords("osm"), *,
                colour_of: Callable[[object], str] = pond_colour,
                label_of: Callable[[object], str] = pond_label,
                popup_of: Callable[[object], str | Sequence[str] | None] | None = None,
                name: str = "ponds") -> folium.FeatureGroup:
    """Each pond (a PondOnMap, or anything with .geometry, .code, .name, .owner, .status) as a
    filled polygon in the colour of its status (colourings.pond_colour: the blocking ones brown,
    cleared teal, reconnected blue, other water pale blue)."""
    group = folium.FeatureGroup(name=name)
    palette: list[str] = []
    slot: dict[str, int] = {}
    data = []
    for row in rows:
        colour = colour_of(row)
        if colour not in slot:
            slot[colour] = len(palette)
            palette.append(colour)
        data.append([_polygon_coords(row.geometry, shift), slot[colour], safe_text(label_of(row)),
                     _popup(popup_of, row)])
    Paths("polygon", data, palette, {"weight": 2, "fillOpacity": 0.45}).add_to(group)
    return group


def flow_arrows(rows: Sequence, zoom: float, shift: Shift = display_coords("osm"), *,
                from_zoom: int = ARROWS_FROM_ZOOM, name: str = "flow") -> folium.FeatureGroup:
    """A chevron at the middle of each segment pointing downstream (channels are digitised in
    flow direction), about 12 px across: drawn only from `from_zoom` on (empty group below)."""
    group = folium.FeatureGroup(name=name)
    if zoom < from_zoom or not len(rows):
        return group
    arms = chevrons([r.geometry for r in rows], arm_m=_metres_per_pixel(zoom, rows) * 9)
    coords = _polyline_coords(arms, 30, shift)  # no simplification: three points each
    Paths("polyline", [[coords, 0, "", ""]], [ARROW_COLOUR],
           {"weight": 2, "opacity": 0.9, "interactive": False}).add_to(group)
    return group


def chevrons(geometries: Sequence, arm_m: float, spread_deg: float = 35.0) -> np.ndarray:
    """For each line, a three-point LineString: an arrow head at its middle, `arm_m` metres per
    arm, pointing along the line's direction there (vectorised; degenerate lines give none)."""
    lines = np.asarray(geometries, dtype=object)
    if not len(lines):
        return np.empty(0, dtype=object)
    before = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.49, normalized=True))
    middle = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.5, normalized=True))
    after = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.51, normalized=True))
    per_lon, per_lat = metres_per_degree(middle[:, 1])
    east, north = (after[:, 0] - before[:, 0]) * per_lon, (after[:, 1] - before[:, 1]) * per_lat
    size = np.hypot(east, north)
    ok = size > 0
    ux, uy = east[ok] / size[ok], north[ok] / size[ok]
    cos, sin = math.cos(math.radians(spread_deg)), math.sin(math.radians(spread_deg))
    tip_x, tip_y = ux * arm_m / 2, uy * arm_m / 2
    xs = np.column_stack([tip_x - arm_m * (ux * cos - uy * sin), tip_x,
                          tip_x - arm_m * (ux * cos + uy * sin)])
    ys = np.column_stack([tip_y - arm_m * (uy * cos + ux * sin), tip_y,
                          tip_y - arm_m * (uy * cos - ux * sin)])
    lon = middle[ok, 0:1] + xs / per_lon[ok, None]
    lat = middle[ok, 1:2] + ys / per_lat[ok, None]
    return shapely.linestrings(np.stack([lon, lat], axis=-1))


def _metres_per_pixel(zoom: float, rows: Sequence) -> float:
    lat = float(np.mean([r.geometry.centroid.y for r in rows[:50]]))
    return 156543.03392 * math.cos(math.radians(lat)) / 2.0 ** zoom


def fit_zoom(bounds, width_px: int = 700, height_px: int = 500, max_zoom: int = 18) -> int:
    """The largest whole zoom at which bounds ((south, west), (north, east)) fit the map."""
    (south, west), (north, east) = bounds
    if east <= west and north <= south:
        return max_zoom

    def mercator_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    world_x = max(east - west, 1e-9) / 360.0
    world_y = max(mercator_y(north) - mercator_y(south), 1e-12) / (2 * math.pi)
    zoom = min(math.log2(width_px / 256.0 / world_x), math.log2(height_px / 256.0 / world_y))
    return max(0, min(max_zoom, int(math.floor(zoom))))


def base_map(center: tuple[float, float], zoom: int, basemap_choice: str = "osm",
             tianditu_key: str = "", *, assets_url: str = STATIC_URL,
             height: str | int = "100%", fit=None, locate: str | None = None) -> folium.Map:
    """The constant part of the map: tiles, canvas rendering, a scale bar, and Leaflet from the
    app (`assets_url`). `center` is (lat, lon) in WGS84; it is shifted for Gaode here. Build it
    anew on every rerun (cheap) from the same arguments, so streamlit-folium keeps it mounted.
    With `fit` (((south, west), (north, east)) in WGS84) the browser fits the first view to
    those bounds at the map's own size (Leaflet's fitBounds), whatever the screen: `zoom` is
    then only where the map starts before the fit. With `locate` (its title) a button moves the
    view to where the phone is."""
    shift = display_coords(basemap_choice)
    lon, lat = shift(np.array([center[1]]), np.array([center[0]]))
    fmap = folium.Map(location=[round(float(lat[0]), 6), round(float(lon[0]), 6)],
                      zoom_start=zoom, tiles=None, prefer_canvas=True,
                      max_zoom=MAX_ZOOM.get(basemap_choice, 19), height=height)
    if fit is not None:
        (south, west), (north, east) = fit
        xs, ys = shift(np.array([west, east]), np.array([south, north]))
        corners = np.round(np.column_stack([ys, xs]), 6).tolist()
        FitView(corners, 8, FIT_MAX_ZOOM).add_to(fmap)
    MetricScale().add_to(fmap)
    if locate is not None:
        LocateButton(locate).add_to(fmap)
    use_local_leaflet(fmap, assets_url)
    return add_basemap(fmap, basemap_choice, tianditu_key)
