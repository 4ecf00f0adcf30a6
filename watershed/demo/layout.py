"""The layout of the synthetic demo basin: its outline, its channels and ponds, where its villager
groups settle and its households live, and copies of it side by side for benchmarks.

Geometry is laid out in metres on a transverse Mercator centred on the box the basin must fit in
(scale error under 1e-6 there, so planar and ellipsoidal areas agree), then turned into WGS84
lon/lat rounded to 6 decimals (about 0.1 m).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.polygon import orient

from watershed.demo.canals import Channel, Network, fish_ponds, gangzhong_canal, main_canal
from watershed.demo.names import MEMBERS, VILLAGES, chinese_number, name_maker, weighted

BBOX = (112.02, 30.33, 112.13, 30.42)  # lon min, lat min, lon max, lat max: one tile
TARGET_AREA_M2 = 60.0e6

_LOCAL = "+proj=tmerc +lat_0=30.375 +lon_0=112.075 +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
_TO_LONLAT = Transformer.from_crs(_LOCAL, "EPSG:4326", always_xy=True)
_TAU = 2 * math.pi


@dataclass(frozen=True)
class SyntheticBasin:
    boundary: Polygon | MultiPolygon  # a MultiPolygon of disjoint copies when tiles > 1
    channels: list[dict]  # code, name, kind, parent, geometry (LineString, flow direction)
    ponds: list[dict]  # code, name, owner, geometry (Polygon)
    sources: list[dict]  # code, name, geometry (Point)
    households: list[dict]  # code, head_name, group, village, phone, members, lon, lat


# --- geometry in local metres -------------------------------------------------------------


def _boundary(rng: random.Random) -> Polygon:
    # A wobbly ellipse: a few low harmonics look like a catchment, and stay clear of the box.
    phases = [(k, rng.uniform(0.006, 0.02), rng.uniform(0, _TAU)) for k in range(2, 7)]
    ring = []
    for i in range(360):
        t = _TAU * i / 360
        r = 1 + sum(a * math.cos(k * t + p) for k, a, p in phases)
        ring.append((4650 * r * math.cos(t), 4150 * r * math.sin(t)))
    poly = Polygon(ring)
    s = math.sqrt(TARGET_AREA_M2 / poly.area)
    return orient(Polygon([(x * s, y * s) for x, y in ring]))


# --- people ---------------------------------------------------------------------------------


def _territories(boundary: Polygon) -> list[Polygon]:
    seeds = [Point(xy) for _, _, xy in VILLAGES]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=boundary).geoms
    return [next(c for c in cells if c.contains(s)).intersection(boundary) for s in seeds]


def _households(net: Network, boundary: Polygon, rng: random.Random) -> list[dict]:
    """Groups settle within ~350 m of a channel (people live by the water), homes within 280 m."""
    settle = boundary.buffer(-150)
    shapely.prepare(settle)
    centres: list[tuple[float, float]] = []
    out: list[dict] = []
    for (village, abbr, _), land in zip(VILLAGES, _territories(boundary)):
        shapely.prepare(land)
        xmin, ymin, xmax, ymax = land.bounds
        for g in range(1, rng.randint(8, 12) + 1):
            gap, tries = 600.0, 0
            while True:
                tries += 1
                if tries % 200 == 0:
                    gap *= 0.9  # a crowded territory: let groups sit closer
                c = (rng.uniform(xmin, xmax), rng.uniform(ymin, ymax))
                if (shapely.contains_xy(land, *c) and shapely.contains_xy(settle, *c)
                        and any(o >= 0 for o in net.near(Point(c), 350))
                        and all(math.dist(c, o) >= gap for o in centres)):
                    break
            centres.append(c)
            name = name_maker(rng)
            for n in range(1, rng.randint(55, 65) + 1):
                while True:  # a home on dry land: not in a pond nor on a canal bank
                    r, t = 280 * math.sqrt(rng.random()), rng.uniform(0, _TAU)
                    x, y = c[0] + r * math.cos(t), c[1] + r * math.sin(t)
                    if shapely.contains_xy(boundary, x, y) and not net.near(Point(x, y), 10):
                        break
                out.append({
                    "code": f"{abbr}-{g:02d}-{n:03d}", "head_name": name(),
                    "group": chinese_number(g) + "组", "village": village,
                    "members": weighted(rng, MEMBERS), "x": x, "y": y,
                })
    return out


# --- assembling the basin -------------------------------------------------------------------


def _lonlat(coords: np.ndarray) -> np.ndarray:
    lon, lat = _TO_LONLAT.transform(coords[:, 0], coords[:, 1])
    return np.round(np.column_stack([lon, lat]), 6)


def _to_wgs84(geometry):
    return shapely.transform(geometry, _lonlat)


def one_tile(seed: int) -> SyntheticBasin:
    """The demo basin drawn from one seed, in WGS84 lon/lat."""
    rng = random.Random(seed)
    boundary = _boundary(rng)
    net = Network(boundary.buffer(-40))
    thg = net.add(Channel("THG", "太湖港", "干渠", None, main_canal(rng, net.inner)))
    head = int(np.argmin(np.abs(net.channels[thg].xy[:, 0] + 1300)))
    gzq = net.add(Channel("GZQ", "港中渠", "干渠", thg,
                           gangzhong_canal(net.channels[thg].xy[head], rng, net.inner)))
    ponds = fish_ponds(net.channels[gzq].xy, rng)
    if any(p.intersects(LineString(net.channels[thg].xy)) for p in ponds):
        raise RuntimeError(f"seed {seed}: a pond reaches the main canal; try another seed")
    for pond in ponds:
        net.add_pond(pond)
    branches = net.branch_off(gzq, "支渠", 2100, (300, 420), 200, (1200, 2600), 0.05, 500, rng)
    branches += net.branch_off(thg, "支渠", 350, (380, 520), 300, (1800, 3200), 0.05, 500, rng)
    for b in branches:
        net.branch_off(b, "斗渠", 150, (150, 260), 100, (250, 550), 0.015, 200, rng)

    people = _households(net, boundary, rng)
    homes = np.array([(h["x"], h["y"]) for h in people])
    lonlat = _lonlat(homes)
    people = [
        {"code": h["code"], "head_name": h["head_name"], "group": h["group"], "village": h["village"],
         "phone": f"199000{i + 1:05d}", "members": h["members"],
         "lon": float(lonlat[i, 0]), "lat": float(lonlat[i, 1])}
        for i, h in enumerate(people)
    ]

    owners, used = [], []
    for pond in ponds:  # each pond is held by a nearby household of a surname not yet holding one
        c = pond.centroid
        for i in np.argsort(np.hypot(homes[:, 0] - c.x, homes[:, 1] - c.y), kind="stable"):
            if people[i]["head_name"][0] not in used:
                used.append(people[i]["head_name"][0])
                owners.append(people[i]["head_name"])
                break

    channels = [
        {"code": ch.code, "name": ch.name, "kind": ch.kind,
         "parent": "" if ch.parent is None else net.channels[ch.parent].code,
         "geometry": _to_wgs84(LineString(ch.xy))}
        for ch in net.channels
    ]
    channels.sort(key=lambda c: (not c["code"].startswith("THG"), c["code"]))
    return SyntheticBasin(
        boundary=orient(_to_wgs84(boundary)),
        channels=channels,
        ponds=[{"code": f"YT-{i:02d}", "name": f"{owner[0]}家鱼塘", "owner": owner,
                "geometry": orient(_to_wgs84(p))} for i, (owner, p) in enumerate(zip(owners, ponds), 1)],
        sources=[{"code": "SRC-01", "name": "太湖港水库来水",
                  "geometry": Point(channels[0]["geometry"].coords[0])}],
        households=people,
    )


def tiled(base: SyntheticBasin, tiles: int) -> SyntheticBasin:
    """k×k copies side by side, each shifted by the box the demo fits in, with prefixed codes."""
    width = max(2, len(str(tiles * tiles)))
    layers = {"channels": [], "ponds": [], "sources": [], "households": []}
    boundaries = []
    homes = np.array([(h["lon"], h["lat"]) for h in base.households])
    for row in range(tiles):
        for col in range(tiles):
            t = row * tiles + col + 1
            tag = f"T{t:0{width}d}"
            shift = np.array([col * (BBOX[2] - BBOX[0]), row * (BBOX[3] - BBOX[1])])

            def move(geoms, shift=shift):
                return shapely.transform(np.array(geoms, dtype=object), lambda c: np.round(c + shift, 6))

            boundaries.append(move([base.boundary])[0])
            for layer in ("channels", "ponds", "sources"):
                rows = getattr(base, layer)
                for item, geom in zip(rows, move([r["geometry"] for r in rows])):
                    moved = {**item, "code": f"{tag}-{item['code']}", "geometry": geom}
                    if item.get("parent"):
                        moved["parent"] = f"{tag}-{item['parent']}"
                    layers[layer].append(moved)
            lon = np.round(homes[:, 0] + shift[0], 6).tolist()
            lat = np.round(homes[:, 1] + shift[1], 6).tolist()
            for i, h in enumerate(base.households):
                layers["households"].append({
                    **h, "code": f"{tag}-{h['code']}", "village": f"{h['village']}-{tag}",
                    "phone": f"199{t:03d}{i + 1:05d}", "lon": lon[i], "lat": lat[i],
                })
    return SyntheticBasin(boundary=MultiPolygon(boundaries), **layers)
