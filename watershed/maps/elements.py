"""The Leaflet elements the map is made of: folium MacroElements and the legend's HTML.

Paths draws a whole layer's polylines, polygons or dots from one compact JSON array, on one
canvas per map with a few pixels of touch tolerance, so thin channels can be tapped on a phone.
The rows' tooltips and popups come escaped (watershed.maps.layers); the legend's labels and title
are escaped here, with safe_text. _json keeps "<" out of the script block.
"""

import json
from collections.abc import Iterable

import folium
from branca.element import MacroElement

from watershed.maps.escaping import safe_text


def _json(value) -> str:
    # Text in the data is escaped already; "<" never reaches the script block as such.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


class Paths(MacroElement):
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
