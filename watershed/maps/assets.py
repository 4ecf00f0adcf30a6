"""Leaflet served by the app itself, never by a public CDN.

folium's Map links Leaflet, jQuery, Bootstrap and Font Awesome from jsdelivr, cdnjs,
code.jquery.com and bootstrapcdn (its `default_js`/`default_css`), which an intranet or a mainland
deployment cannot reach. streamlit-folium bundles none of them: its component loads exactly the
links it collects from the map's elements. So each map we build links only our copy of Leaflet;
the layers here use nothing else (no folium Popup, which needs jQuery; no awesome markers).

The files come from the npm registry at install time (`python -m watershed.maps.fetch_assets`)
into static/vendor/leaflet/, which Streamlit serves at /app/static/vendor/leaflet/ when
`server.enableStaticServing` is on (.streamlit/config.toml).
"""

from pathlib import Path

import folium

LEAFLET_VERSION = "1.9.4"
# What `npm view leaflet@1.9.4 dist.integrity` says; fetch_assets refuses any other tarball.
LEAFLET_INTEGRITY = (
    "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3"
    "GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
)
# Absolute path on the app's own origin. Behind server.baseUrlPath, pass "/<base>/app/static/...".
STATIC_URL = "/app/static/vendor/leaflet"
ROOT = Path(__file__).resolve().parent.parent.parent
LEAFLET_DIR = ROOT / "static" / "vendor" / "leaflet"
REQUIRED = ("leaflet.js", "leaflet.css", "images/layers.png", "images/marker-icon.png")


def leaflet_present(folder: Path = LEAFLET_DIR) -> bool:
    """True when `folder` holds Leaflet LEAFLET_VERSION's files."""
    if not all((folder / name).is_file() for name in REQUIRED):
        return False
    with (folder / "leaflet.js").open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(200)
    return f"Leaflet {LEAFLET_VERSION}" in head


def use_local_leaflet(fmap: folium.Map, base_url: str = STATIC_URL) -> folium.Map:
    """Make `fmap` link only Leaflet's JS and CSS under `base_url` (on this instance: other maps
    and folium's module-level lists are untouched)."""
    base = base_url.rstrip("/")
    fmap.default_js = [("leaflet", f"{base}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    return fmap
