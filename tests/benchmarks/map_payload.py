"""Benchmark: the map's HTML size and build time, bounded layers against a naive GeoJson.

    python tests/benchmarks/map_payload.py [--tiles 10]

For the demo basin and for one tiles x tiles larger (the demo generator's grid of copies), cut into
200 m segments in memory (no database), prints side by side:

- bounded: our layers (watershed.maps.layers) for what a typical 1000 x 700 px window at zoom 14
  holds (chosen by bounding box as segments_in_view does, capped at its limit), and for the whole
  basin at the zoom that fits it;
- naive: one folium.GeoJson of every segment at full precision with a GeoJsonTooltip.

Not a test: figures only.
"""

import argparse
import math
import time
from types import SimpleNamespace

import folium
import numpy as np
import shapely

from watershed import palette
from watershed.demo import synthetic_basin
from watershed.domain.segmenting import cut_many, segment_code
from watershed.maps import layers
from watershed.services.geometry.mapdata import DEFAULT_LIMIT

WINDOW_PX = (1000, 700)


def segments_of(basin) -> list[SimpleNamespace]:
    channels = basin.channels
    pieces = cut_many([c["geometry"] for c in channels])
    names = [h["head_name"] for h in basin.households] or ["?"]
    rows = []
    for channel, cut in zip(channels, pieces):
        for index, piece in enumerate(cut, start=1):
            n = len(rows)
            rows.append(SimpleNamespace(
                id=n + 1, code=segment_code(channel["code"], index), channel_code=channel["code"],
                channel_name=channel["name"], length_m=piece.length_m, geometry=piece.geometry,
                custodian_code=f"H-{n:06d}", custodian_name=names[n % len(names)],
                kept=n % 40 != 20, village="梅槐社区"))
    return rows


def ponds_of(basin) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i, code=p["code"], name=p["name"], owner=p["owner"],
                            status="occupying", geometry=p["geometry"])
            for i, p in enumerate(basin.ponds, start=1)]


def window_at(center_lat: float, center_lon: float, zoom: int) -> tuple[float, float, float, float]:
    """The lon/lat box a WINDOW_PX map shows around a centre at `zoom` (Web Mercator)."""
    degrees_per_px = 360.0 / (256 * 2**zoom)
    half_w = WINDOW_PX[0] / 2 * degrees_per_px
    half_h = WINDOW_PX[1] / 2 * degrees_per_px * math.cos(math.radians(center_lat))
    return center_lon - half_w, center_lat - half_h, center_lon + half_w, center_lat + half_h


def in_window(rows, tree, bbox, limit=DEFAULT_LIMIT):
    """What segments_in_view returns: bounding boxes meeting the window, in id order, capped."""
    if bbox is None:
        return rows[:limit]
    hits = np.sort(tree.query(shapely.box(*bbox)))  # STRtree.query tests bounding boxes
    return [rows[i] for i in hits[:limit]]


def bounded(rows, ponds, tree, pond_tree, bbox, zoom, center) -> tuple[int, float, int]:
    started = time.perf_counter()
    seen = in_window(rows, tree, bbox)
    seen_ponds = in_window(ponds, pond_tree, bbox)
    fmap = layers.base_map(center, zoom, "osm")
    layers.ponds_layer(seen_ponds).add_to(fmap)
    legend = [(palette.GREEN, "kept"), (palette.RED, "open")]
    layers.segments_layer(seen, zoom=zoom, legend_entries=legend).add_to(fmap)
    layers.flow_arrows(seen, zoom).add_to(fmap)
    size = len(fmap.get_root().render().encode("utf-8"))
    return size, time.perf_counter() - started, len(seen)


def naive(rows, center) -> tuple[int, float]:
    started = time.perf_counter()
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": shapely.geometry.mapping(r.geometry),
         "properties": {"code": r.code, "channel": r.channel_name, "custodian": r.custodian_name,
                        "village": r.village, "kept": r.kept}}
        for r in rows]}
    fmap = folium.Map(location=center, zoom_start=12)
    folium.GeoJson(collection, tooltip=folium.GeoJsonTooltip(["code", "custodian"])).add_to(fmap)
    size = len(fmap.get_root().render().encode("utf-8"))
    return size, time.perf_counter() - started


def report(name: str, tiles: int) -> None:
    started = time.perf_counter()
    basin = synthetic_basin.generate(tiles=tiles)
    rows, ponds = segments_of(basin), ponds_of(basin)
    print(f"{name}: {len(rows):,} segments, {len(ponds):,} ponds "
          f"(generated and cut in {time.perf_counter() - started:.1f} s)")
    tree = shapely.STRtree([r.geometry for r in rows])
    pond_tree = shapely.STRtree([p.geometry for p in ponds])
    west, south, east, north = shapely.total_bounds([r.geometry for r in rows])
    # A typical view: zoom 14 around a segment in the middle of the first tile's rows.
    middle = rows[len(rows) // tiles**2 // 2].geometry.centroid
    view_center = (middle.y, middle.x)
    basin_center = ((south + north) / 2, (west + east) / 2)
    whole_zoom = layers.fit_zoom(((south, west), (north, east)), *WINDOW_PX)
    lines = [
        ("bounded, view at zoom 14", bounded(rows, ponds, tree, pond_tree,
                                             window_at(*view_center, 14), 14, view_center)),
        ("bounded, view at zoom 16", bounded(rows, ponds, tree, pond_tree,
                                             window_at(*view_center, 16), 16, view_center)),
        (f"bounded, whole basin (zoom {whole_zoom})",
         bounded(rows, ponds, tree, pond_tree, None, whole_zoom, basin_center)),
    ]
    for label, (size, seconds, count) in lines:
        print(f"  {label:<34} {count:>7,} segments {size / 1e6:9.3f} MB {seconds:8.2f} s")
    size, seconds = naive(rows, basin_center)
    print(f"  {'naive GeoJson, every segment':<34} {len(rows):>7,} segments {size / 1e6:9.3f} MB "
          f"{seconds:8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=10,
                        help="the larger basin is tiles x tiles demos")
    args = parser.parse_args()
    report("demo basin", 1)
    report(f"{args.tiles}x{args.tiles} demo basins", args.tiles)


if __name__ == "__main__":
    main()
