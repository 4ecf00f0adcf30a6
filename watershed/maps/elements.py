"""The Leaflet elements the map is made of: folium MacroElements (the legend is in
watershed.maps.legend).

Paths draws a whole layer's polylines, polygons, dots or marks from one compact JSON array, on
one canvas per map with a few pixels of touch tolerance, so thin channels can be tapped on a
phone. A mark is a dot drawn as one of MARK_SHAPES (a problem's triangle, diamond or square) on
that canvas, so a thousand of them cost no more than dots. The rows' tooltips and popups come
escaped (watershed.maps.layers). _json keeps "<" out of the script block.
"""

import json

import folium
from branca.element import MacroElement

# A mark's corners in units of its radius (y down), within the dot's own hit box.
MARK_SHAPES = {
    "triangle": ((0, -1.2), (1.05, 0.65), (-1.05, 0.65)),
    "diamond": ((0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)),
    "square": ((-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)),
}


def _json(value) -> str:
    # Text in the data is escaped already; "<" never reaches the script block as such.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


class Paths(MacroElement):
    """Polylines, polygons, circle markers or marks (kind "watershedMark") from a compact array,
    added to the parent FeatureGroup. With `marks` ([shape, outline] per palette colour) each
    row is drawn as that shape with that outline."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.kind == "watershedMark" %}
        if (!L.watershedMark) {
            (function (shapes) {
                L.WatershedMark = L.CircleMarker.extend({
                    _updatePath: function () {
                        var renderer = this._renderer, corners = shapes[this.options.shape];
                        if (!corners || !renderer._ctx) {
                            return L.CircleMarker.prototype._updatePath.call(this);
                        }
                        if (!renderer._drawing || this._empty()) { return; }
                        var ctx = renderer._ctx, p = this._point, size = this._radius;
                        ctx.beginPath();
                        for (var k = 0; k < corners.length; k++) {
                            ctx[k ? "lineTo" : "moveTo"](p.x + corners[k][0] * size,
                                                         p.y + corners[k][1] * size);
                        }
                        ctx.closePath();
                        renderer._fillStroke(ctx, this);
                    }
                });
                L.watershedMark = function (latlng, options) {
                    return new L.WatershedMark(latlng, options);
                };
            })({{ this.shapes }});
        }
        {% endif %}
        (function (group, map) {
            var renderer = map && (map._watershedCanvas ||
                (map._watershedCanvas = L.canvas({padding: 0.5, tolerance: {{ this.tolerance }}})));
            var style = {{ this.style }}, palette = {{ this.palette }}, rows = {{ this.rows }};
            var marks = {{ this.marks }};
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i], colour = palette[r[1]];
                var options = Object.assign({renderer: renderer, color: colour, fillColor: colour},
                                            style);
                if (marks) { options.shape = marks[r[1]][0]; options.color = marks[r[1]][1]; }
                var path = L.{{ this.kind }}(r[0], options);
                if (r[2]) { path.bindTooltip(r[2], {sticky: true}); }
                if (r[3]) { path.bindPopup(r[3]); }
                group.addLayer(path);
            }
        })({{ this._parent.get_name() }}, {{ this.map_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, rows: list, palette: list[str], style: dict, tolerance: int = 6,
                 marks: list[list[str]] | None = None):
        super().__init__()
        self._name = "WatershedPaths"
        self.kind = kind
        self.rows = _json(rows)
        self.palette = _json(palette)
        self.style = _json(style)
        self.tolerance = int(tolerance)
        self.marks = _json(marks)
        self.shapes = _json(MARK_SHAPES)

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


class LocateButton(MacroElement):
    """A 44 px button on the map that moves the view to where the phone is (Leaflet's own
    map.locate, which asks the browser for its position), so that a person reporting a problem
    starts from the segments around them. `title` is the catalogue's text, escaped here."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }};
          var control = L.control({position: "topleft"});
          control.onAdd = function () {
            var button = L.DomUtil.create("a", "watershed-locate");
            button.href = "#";
            button.setAttribute("role", "button");
            button.title = {{ this.title | tojson }};
            button.setAttribute("aria-label", {{ this.title | tojson }});
            button.textContent = "\u25CE";
            button.style.cssText = "display:block;width:44px;height:44px;line-height:44px;" +
              "text-align:center;font-size:26px;color:#1a1a1a;background:#fff;" +
              "border-radius:4px;box-shadow:0 1px 5px rgba(0,0,0,.4);text-decoration:none";
            L.DomEvent.on(button, "click", function (event) {
              L.DomEvent.preventDefault(event);
              map.locate({setView: true, maxZoom: 17, enableHighAccuracy: true});
            });
            return button;
          };
          control.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str):
        super().__init__()
        self._name = "LocateButton"
        self.title = title


class FitView(MacroElement):
    """The first view fitted by the browser to `corners` ([[south, west], [north, east]] as the
    map draws them) at the map's own size. Without animation: an animated zoom ends after the map
    has reported its first view, and its second report would run the page once more."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.corners | tojson }},
            {padding: [{{ this.padding }}, {{ this.padding }}], maxZoom: {{ this.max_zoom }},
             animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, corners: list, padding: int, max_zoom: int):
        super().__init__()
        self._name = "FitView"
        self.corners, self.padding, self.max_zoom = corners, padding, max_zoom
