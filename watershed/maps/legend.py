"""The map's one legend: a Leaflet control that folds away on a phone.

Everything drawn is in it, section by section: the colouring of the segments, the ponds by
status, the water sources, the problems by stage; each entry with a swatch drawn as the map
draws it (a line, a filled area, a round or pointed mark). The sections are held in a <details>
element: open on a wide map, folded to its summary (图例) on one narrower than NARROW_PX, where an
open legend would hide a third of the basin; a tap opens it. What the user chose is kept on the
map while reruns replace the legend with the layers.

Every label and title is escaped here, with safe_text; colours come from
watershed.maps.colourings and are escaped all the same.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import folium
from branca.element import MacroElement

from watershed.maps.elements import MARK_SHAPES
from watershed.maps.escaping import safe_text

NARROW_PX = 560  # a map narrower than this opens with its legend folded
SWATCH_PX = 18


@dataclass(frozen=True)
class Section:
    """One part of the legend: a title (or none) and its entries, each (colour, label) or
    (colour, label, shape) or (colour, label, shape, outline); shape as in swatch()."""

    title: str | None
    entries: tuple


def section(title: str | None, states: Iterable, label_of: Callable[[str], str]) -> Section:
    """A Section from colourings.State values; label_of turns a catalogue key into text."""
    return Section(title, tuple((s.colour, label_of(s.key), s.shape, s.outline) for s in states))


def swatch(colour: str, shape: str = "line", outline: str | None = None) -> str:
    """A small picture of how the map draws something: "line" (a segment), "area" (a pond,
    filled as ponds_layer fills it), "circle", or one of MARK_SHAPES (a problem's mark)."""
    colour = safe_text(colour)
    edge = safe_text(outline or colour)
    if shape == "area":
        fill = f"{colour}73" if len(colour) == 7 and colour.startswith("#") else colour  # 45 %
        return (f'<span style="display:inline-block;width:12px;height:10px;margin:0 8px 0 2px;'
                f'vertical-align:middle;background:{fill};border:2px solid {colour}"></span>')
    if shape == "circle" or shape in MARK_SHAPES:
        if shape == "circle":
            figure = '<circle r="0.8"'
        else:
            points = " ".join(f"{x:g},{y:g}" for x, y in MARK_SHAPES[shape])
            figure = f'<polygon points="{points}"'
        return (f'<svg width="{SWATCH_PX}" height="{SWATCH_PX}" viewBox="-1.4 -1.4 2.8 2.8" '
                f'style="vertical-align:middle;margin:0 6px 2px 0" aria-hidden="true">'
                f'{figure} fill="{colour}" stroke="{edge}" stroke-width="0.22"/></svg>')
    return (f'<span style="display:inline-block;width:18px;height:4px;margin:0 6px 3px 0;'
            f'vertical-align:middle;background:{colour}"></span>')


def _entry(entry) -> str:
    colour, label, *rest = entry
    return f"{swatch(colour, *rest)}{safe_text(label)}<br>"


def legend_html(sections: Iterable[Section], summary: str | None = None) -> str:
    """The legend's HTML: the sections one under the other, in a <details> element whose
    summary is `summary` (none: always open, no summary); every text is escaped."""
    body = []
    for part in sections:
        if not part.entries:
            continue
        title = f"<b>{safe_text(part.title)}</b><br>" if part.title else ""
        body.append(f'<div class="watershed-legend-section" style="margin-top:4px">{title}'
                    f'{"".join(_entry(entry) for entry in part.entries)}</div>')
    box = ('<div style="background:#fff;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);'
           'font-size:13px;line-height:1.5">')
    inner = "".join(body)
    if summary is None:
        return (f'{box}<div class="watershed-legend-body" style="padding:6px 8px">{inner}'
                "</div></div>")
    return (f'{box}<details class="watershed-legend-box">'
            f'<summary style="cursor:pointer;padding:10px 12px;line-height:24px;font-weight:600;'
            f'user-select:none">{safe_text(summary)}</summary>'
            f'<div class="watershed-legend-body" style="padding:0 10px 8px;overflow-y:auto">'
            f"{inner}</div></details></div>")


class Legend(MacroElement):
    """A legend control that follows its parent: shown while the parent layer is on the map, so a
    legend passed with feature_group_to_add is replaced with the layers, not piled up. Its
    <details> opens on a map at least NARROW_PX wide, stays folded on a narrower one, and then
    keeps what the user chose last on this map."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function (layer) {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function (map) {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                var box = div.querySelector("details");
                if (box) {
                    var size = map.getSize(), chosen = map._watershedLegendOpen;
                    box.open = chosen === undefined ? size.x >= {{ this.narrow_px }} : chosen;
                    div.querySelector(".watershed-legend-body").style.maxHeight =
                        Math.max(size.y - 100, 80) + "px";
                    // a tap (or Enter) on the summary is the user's choice; the opening above
                    // is not, so it is not kept when the map is later narrowed or widened
                    box.querySelector("summary").addEventListener("click", function () {
                        map._watershedLegendOpen = !box.open;
                    });
                }
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

    def __init__(self, html: str, position: str = "topright",
                 css_class: str = "watershed-legend", narrow_px: int = NARROW_PX):
        super().__init__()
        self._name = "WatershedLegend"
        self.html = html
        self.position = position
        self.css_class = css_class
        self.narrow_px = int(narrow_px)


def legend(sections: Iterable[Section], summary: str | None = None,
           position: str = "topright") -> Legend:
    """A Legend element to add to a layer (or to the map) with .add_to()."""
    return Legend(legend_html(sections, summary), position)
