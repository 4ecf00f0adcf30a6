"""The layers of the map, built so that the payload stays small and bounded.

A layer is a folium FeatureGroup holding ONE script element: the paths as a compact JSON array
(coordinates rounded to 5 decimals, about 1 m; lines simplified to half a pixel at the zoom
drawn; one colour index, one tooltip, an optional popup) and a loop that makes the Leaflet
polylines. A folium PolyLine per segment would spend about 1 KB of options and a variable per
path; a GeoJson of everything grows with the basin. The caller decides what is in view (see
watershed.services.geometry.mapdata); this module never draws more than it is given.

Every piece of user text goes through safe_text before it reaches HTML. Paths are drawn on one
canvas per map with a few pixels of touch tolerance, so thin channels can be tapped on a phone.
"""

import json
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import folium
import numpy as np
import shapely
from branca.element import MacroElement

from watershed.domain.dredging import STATUSES as DREDGING_STATUSES
from watershed.domain.freshness import FRESHNESS_DAYS
from watershed.domain.geodesy import metres_per_degree
from watershed.maps.assets import STATIC_URL, use_local_leaflet
from watershed.maps.basemaps import MAX_ZOOM, Shift, add_basemap, display_coords
from watershed.maps.escaping import safe_text
from watershed.palette import (AMBER, BLUE, DARK_GREEN, DREDGING, GREEN, GREY, ORANGE, PALE,
                               PROBLEM, RED)

POND_COLOURS = {"occupying": "#8c510a"}
POND_OTHER = "#2b83ba"
ARROW_COLOUR = "#222222"
ARROWS_FROM_ZOOM = 15
DECIMALS = 5  # about 1 m


@dataclass(frozen=True)
class State:
    """One colour of the map's legend: `key` is the catalogue key of its label."""

    key: str
    colour: str
    max_days: int | None = None  # freshness bins: the last day the bin covers (None: older, never)
    min_score: float | None = None  # peer-score bins: the lowest score in the bin (None: unscored)


CUSTODY_STATES = (State("map.state.kept", GREEN), State("map.state.open", RED))
FRESHNESS_BINS = (
    State("map.fresh.week", GREEN, FRESHNESS_DAYS[0]),
    State("map.fresh.fortnight", AMBER, FRESHNESS_DAYS[1]),
    State("map.fresh.month", ORANGE, FRESHNESS_DAYS[2]),
    State("map.fresh.stale", RED, None),
)


# Peer scores (1-5) of the latest closed round, in the bands a board is read in.
PEER_BINS = (
    State("map.peer.excellent", DARK_GREEN, min_score=4.5),
    State("map.peer.good", GREEN, min_score=4.0),
    State("map.peer.fair", AMBER, min_score=3.0),
    State("map.peer.poor", ORANGE, min_score=2.0),
    State("map.peer.bad", RED, min_score=1.0),
    State("map.peer.none", GREY),
)


# Live and dead water; "revived" is what a what-if would bring to life.
WATER_STATES = (State("map.water.live", BLUE), State("map.water.dead", RED))
WHAT_IF_STATES = (State("map.water.live", BLUE), State("map.water.revived", GREEN),
                  State("map.water.dead", RED))


# The dredging status of each segment in the current campaign (watershed.domain.dredging); a
# segment the campaign does not cover is drawn pale, so "not started" means work still to do.
DREDGING_COLOURS = {status: DREDGING[status] for status in DREDGING_STATUSES}
DREDGING_STATES = tuple(State(f"map.dredging.{status}", colour)
                        for status, colour in DREDGING_COLOURS.items())
DREDGING_OUTSIDE = State("map.dredging.outside", PALE)


def dredging_colour(statuses: Mapping[int, str]) -> Callable[[object], str]:
    """A colour_of for segments_layer: by dredging status, from segment id -> status."""
    return lambda row: DREDGING_COLOURS.get(statuses.get(row.id), DREDGING_OUTSIDE.colour)


def water_colour(live_now: Collection[int], live_after: Collection[int] | None = None
                 ) -> Callable[[object], str]:
    """A colour_of for segments_layer: live blue, dead red; with `live_after` (the live segments
    if some ponds were cleared) the ones that would come alive green."""
    def colour(row) -> str:
        if row.id in live_now:
            return BLUE
        return GREEN if live_after is not None and row.id in live_after else RED
    return colour


def peer_bin(score: float | None) -> State:
    """The band of a segment's peer score (None: too few ratings, or not in the round)."""
    if score is not None:
        for state in PEER_BINS:
            if state.min_score is not None and score >= state.min_score:
                return state
    return PEER_BINS[-1]


def peer_colour(scores_by_segment: Mapping[int, float | None]) -> Callable[[object], str]:
    """A colour_of for segments_layer: by peer score, from segment id -> score."""
    return lambda row: peer_bin(scores_by_segment.get(row.id)).colour


def custody_colour(row) -> str:
    """Kept (a current primary custodian) green, open red."""
    return GREEN if row.kept else RED


def freshness_bin(days: int | None) -> State:
    """The bin of a segment last checked `days` ago (None: never checked)."""
    if days is not None:
        for state in FRESHNESS_BINS:
            if state.max_days is not None and days <= state.max_days:
                return state
    return FRESHNESS_BINS[-1]


def freshness_colour(days_by_segment: Mapping[int, int | None]) -> Callable[[object], str]:
    """A colour_of for segments_layer: by days since the last check, from segment id -> days."""
    return lambda row: freshness_bin(days_by_segment.get(row.id)).colour


def default_label(row) -> str:
    return f"{row.code} {row.custodian_name or ''}".strip()


def _json(value) -> str:
    # Text in the data is escaped already; "<" never reaches the script block as such.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


class _Paths(MacroElement):
    """Polylines or polygons from a compact array, added to the parent FeatureGroup."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, map) {
            var renderer = map && (map._watershedCanvas ||
                (map._watershedCanvas = L.canvas({padding: 0.5, tolerance: {{ this.tolerance }}})));
            var style = {{ this.style }}, palette = {{ this.palette }}, rows = {{ this.rows }};
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i], colour = palette[r[1]];
                var path = L.{{ this.kind }}(r[0], Object.assign(
                    {renderer: renderer, color: colour, fillColor: colour}, style));
                if (r[2]) { path.bindTooltip(r[2], {sticky: true}); }
                if (r[3]) { path.bindPopup(r[3]); }
                group.addLayer(path);
            }
        })({{ this._parent.get_name() }}, {{ this.map_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, rows: list, palette: list[str], style: dict, tolerance: int = 6):
        super().__init__()
        self._name = "WatershedPaths"
        self.kind = kind
        self.rows = _json(rows)
        self.palette = _json(palette)
        self.style = _json(style)
        self.tolerance = int(tolerance)

    def map_name(self) -> str:
        node = self._parent
        while node is not None and not isinstance(node, folium.Map):
            node = getattr(node, "_parent", None)
        return node.get_name() if node is not None else "null"


class MetricScale(MacroElement):
    """A scale bar in metres only: folium's own adds a second line in miles that nobody here
    reads, and on a phone that line sits under the map credit."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class Legend(MacroElement):
    """A legend control that follows its parent: shown while the parent layer is on the map, so a
    legend passed with feature_group_to_add is replaced with the layers, not piled up."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function (layer) {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            if (layer instanceof L.Map) { legend.addTo(layer); return; }
            layer.on("add", function () { legend.addTo(layer._map); });
            layer.on("remove", function () { legend.remove(); });
            if (layer._map) { legend.addTo(layer._map); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright",
                 css_class: str = "watershed-legend"):
        super().__init__()
        self._name = "WatershedLegend"
        self.html = html
        self.position = position
        self.css_class = css_class


def legend_html(entries: Iterable[tuple[str, str]], title: str | None = None) -> str:
    """An HTML legend from (colour, label) pairs; every label and the title are escaped."""
    lines = ['<div style="background:#fff;padding:6px 8px;border-radius:4px;line-height:1.5;'
             'box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:13px">']
    if title:
        lines.append(f"<b>{safe_text(title)}</b><br>")
    for colour, label in entries:
        lines.append(f'<span style="display:inline-block;width:18px;height:4px;margin:0 6px 3px 0;'
                     f'vertical-align:middle;background:{safe_text(colour)}"></span>'
                     f"{safe_text(label)}<br>")
    lines.append("</div>")
    return "".join(lines)


def legend(entries: Iterable[tuple[str, str]], title: str | None = None,
           position: str = "bottomright", css_class: str = "watershed-legend") -> Legend:
    """A Legend element to add to a layer (or to the map) with .add_to()."""
    return Legend(legend_html(entries, title), position, css_class)


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
    plain. With legend_entries ((colour, label) pairs) the layer carries its own legend."""
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
    _Paths("polyline", data, palette, {"weight": weight, "opacity": 0.9}).add_to(group)
    if legend_entries is not None:
        legend(legend_entries, legend_title).add_to(group)
    return group


# Problems by stage (watershed.domain.problems.STAGES), as dots on the map.
PROBLEM_STATES = tuple(State(f"problem.stage.{stage}", colour) for stage, colour in PROBLEM.items())


def problems_layer(rows: Sequence, label_of: Callable[[object], str],
                   shift: Shift = display_coords("osm"), *, title: str | None = None,
                   labels: Mapping[str, str] | None = None,
                   name: str = "problems") -> folium.FeatureGroup:
    """Each problem (anything with .lon, .lat, .stage) as a dot coloured by its stage, with
    label_of(row) (plain text, escaped here) as its tooltip. With `labels` (stage -> label) the
    layer carries its own legend under `title`. Draws exactly the rows given."""
    group = folium.FeatureGroup(name=name)
    palette = list(PROBLEM.values())
    slot = {stage: index for index, stage in enumerate(PROBLEM)}
    data = []
    if len(rows):
        lon, lat = shift(np.array([r.lon for r in rows]), np.array([r.lat for r in rows]))
        for row, x, y in zip(rows, np.round(lon, DECIMALS).tolist(), np.round(lat, DECIMALS).tolist()):
            data.append([[y, x], slot.get(row.stage, 0), safe_text(label_of(row)), ""])
    _Paths("circleMarker", data, palette,
           {"radius": 6, "weight": 1, "fillOpacity": 0.85}).add_to(group)
    if labels is not None:
        legend([(colour, labels[stage]) for stage, colour in PROBLEM.items()], title,
               position="bottomleft", css_class="watershed-problem-legend").add_to(group)
    return group


def pond_colour(row) -> str:
    return POND_COLOURS.get(row.status, POND_OTHER)


def pond_label(row) -> str:
    return " ".join(part for part in (row.code, row.name, row.owner) if part)


def ponds_layer(rows: Sequence, shift: Shift = display_coords("osm"), *,
                colour_of: Callable[[object], str] = pond_colour,
                label_of: Callable[[object], str] = pond_label,
                popup_of: Callable[[object], str | Sequence[str] | None] | None = None,
                name: str = "ponds") -> folium.FeatureGroup:
    """Each pond (a PondOnMap, or anything with .geometry, .code, .name, .owner, .status) as a
    filled polygon: occupying ponds brown, cleared ones blue."""
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
    _Paths("polygon", data, palette, {"weight": 2, "fillOpacity": 0.45}).add_to(group)
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
    _Paths("polyline", [[coords, 0, "", ""]], [ARROW_COLOUR],
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
             height: str | int = "100%") -> folium.Map:
    """The constant part of the map: tiles, canvas rendering, a scale bar, and Leaflet from the
    app (`assets_url`). `center` is (lat, lon) in WGS84; it is shifted for Gaode here. Build it
    anew on every rerun (cheap) from the same arguments, so streamlit-folium keeps it mounted."""
    shift = display_coords(basemap_choice)
    lon, lat = shift(np.array([center[1]]), np.array([center[0]]))
    fmap = folium.Map(location=[round(float(lat[0]), 6), round(float(lon[0]), 6)],
                      zoom_start=zoom, tiles=None, prefer_canvas=True,
                      max_zoom=MAX_ZOOM.get(basemap_choice, 19), height=height)
    MetricScale().add_to(fmap)
    use_local_leaflet(fmap, assets_url)
    return add_basemap(fmap, basemap_choice, tianditu_key)
