"""A deterministic, synthetic Taihu Port demo basin (太湖港流域, 梅槐片区).

Nothing here is surveyed. No canal geometry of the area is published (shared/notes/domain-facts.md,
section 2), so the demo is drawn from a few real facts and many invented details:

- real: the community names (domain-facts section 1), a basin of about 60 km² (DESIGN.md), the
  太湖港 canal fed from the 太湖港水库 reservoir to the north-west, 秘师桥 lying east of 梅槐 on
  the canal, 9 fish ponds cutting the head of 港中渠 (the seed article), about 60 households per
  villager group and 4.0 people per household (江陵 中岭村, domain-facts section 4);
- invented: every line, pond, territory, name, phone number and home position.

Geometry is laid out in metres on a transverse Mercator centred on the box the basin must fit in
(scale error under 1e-6 there, so planar and ellipsoidal areas agree), then turned into WGS84
lon/lat rounded to 6 decimals (about 0.1 m).

Run `python -m watershed.demo.synthetic_basin [FOLDER]` to write the demo files (default data/demo).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping
from shapely.geometry.polygon import orient

DEFAULT_SEED = 20260101
BBOX = (112.02, 30.33, 112.13, 30.42)  # lon min, lat min, lon max, lat max: one tile
DESCRIPTION = "合成演示数据（非真实测绘）/ synthetic demo data, not a survey"
TARGET_AREA_M2 = 60.0e6
CLEARANCE_M = 20.0  # how near a new channel may come to any other line or pond
MAX_TILES = 31  # the tile number takes three digits of the phone number

_LOCAL = "+proj=tmerc +lat_0=30.375 +lon_0=112.075 +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
_TO_LONLAT = Transformer.from_crs(_LOCAL, "EPSG:4326", always_xy=True)
_GEOD = Geod(ellps="WGS84")
_TAU = 2 * math.pi

# (name, ASCII abbreviation for household codes, territory seed in local metres).
# The names are real; where they sit in this basin is invented, except 秘师桥 east, 梅槐 central.
VILLAGES = (
    ("梅槐社区", "MH", (-500, 0)),
    ("太湖港社区", "TH", (1500, 2600)),
    ("新凤社区", "XF", (-3000, 2000)),
    ("秘师桥社区", "MSQ", (3600, 300)),
    ("金双村", "JS", (-3000, -1800)),
    ("杨井村", "YJ", (-300, -3000)),
    ("罗滩社区", "LT", (2800, -2600)),
)

# Common surnames with weights leaning towards those frequent in Jingzhou villages (an estimate).
_SURNAMES = (
    ("王", 6), ("李", 6), ("张", 6), ("刘", 6), ("陈", 5), ("杨", 4), ("黄", 4), ("周", 3),
    ("胡", 3), ("吴", 2.5), ("罗", 2), ("彭", 2), ("徐", 2), ("朱", 2), ("何", 2), ("熊", 1.5),
    ("郭", 1.5), ("万", 1.5), ("邓", 1.5), ("曾", 1.5), ("余", 1.5), ("肖", 1.5), ("向", 1),
    ("袁", 1), ("龚", 1), ("程", 1), ("夏", 1), ("谢", 1), ("田", 1), ("雷", 1), ("汪", 1),
    ("蔡", 1), ("付", 1), ("涂", 0.8), ("喻", 0.6), ("鲁", 0.6), ("秦", 0.5), ("梅", 0.5),
)
_GENERATION = "德道家传世先宏昌永正大光庭祖开兴成诗"  # 字辈: shared by a clan's one generation
_FIRST = "建国志新红卫文玉桂学爱金长春小和友少秋冬正振汉楚荆立"
_SECOND = "华平明林军强清生成安芳英兰珍忠海波勇发福山祥荣云斌涛春秀美桥元贵胜喜顺凤梅娥香莲"
_SINGLE = "军勇强伟涛斌平华英芳兵刚辉敏杰静丽波鹏磊"
_MEMBERS = ((1, 5), (2, 12), (3, 20), (4, 26), (5, 22), (6, 11), (7, 4))  # mean 3.97
_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class SyntheticBasin:
    boundary: Polygon | MultiPolygon  # a MultiPolygon of disjoint copies when tiles > 1
    channels: list[dict]  # code, name, kind, parent, geometry (LineString, flow direction)
    ponds: list[dict]  # code, name, owner, geometry (Polygon)
    sources: list[dict]  # code, name, geometry (Point)
    households: list[dict]  # code, head_name, group, village, phone, members, lon, lat


def chinese_number(n: int) -> str:
    """1..99 as written in channel and group names: 3 → 三, 10 → 十, 12 → 十二, 24 → 二十四."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return head + (_DIGITS[ones] if ones else "")


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


def _first_run_inside(points: list[tuple[float, float]], region: Polygon) -> np.ndarray:
    xy = np.asarray(points, dtype=float)
    inside = shapely.contains_xy(region, xy[:, 0], xy[:, 1])
    start = int(np.argmax(inside))
    outside_after = np.flatnonzero(~inside[start:])
    stop = start + int(outside_after[0]) if outside_after.size else len(xy)
    return xy[start:stop]


def _resample(dense: np.ndarray, rng: random.Random) -> np.ndarray:
    """Keep a vertex every 70–130 m of a densely drawn curve, as a digitiser would."""
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(dense, axis=0).T))])
    keep, target = [0], rng.uniform(70, 130)
    while target < along[-1] - 40:
        keep.append(int(np.searchsorted(along, target)))
        target = along[keep[-1]] + rng.uniform(70, 130)
    keep.append(len(dense) - 1)
    return dense[keep]


def _main_canal(rng: random.Random, inner: Polygon) -> np.ndarray:
    # Python's math, not numpy's vectorised sin: the latter may differ in the last bit between
    # CPUs, and the committed demo files must come out byte for byte the same everywhere.
    p1, p2 = rng.uniform(0, _TAU), rng.uniform(0, _TAU)
    pts = [
        (x, 800 - 0.25 * x + 3e-5 * x * x
         + 120 * math.sin(_TAU * x / 1700 + p1) + 25 * math.sin(_TAU * x / 600 + p2))
        for x in range(-6000, 6001, 10)
    ]
    return _resample(_first_run_inside(pts, inner), rng)


def _gangzhong_canal(head: np.ndarray, rng: random.Random, inner: Polygon) -> np.ndarray:
    x0, y0 = float(head[0]), float(head[1])
    p = rng.uniform(0, _TAU)
    pts = [
        (x0 + 0.15 * t + 70 * (math.sin(_TAU * t / 1400 + p) - math.sin(p)), y0 - t)
        for t in range(0, 8001, 10)
    ]
    return _resample(_first_run_inside(pts, inner), rng)


def _along(xy: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])


@dataclass
class _Channel:
    code: str
    name: str
    kind: str
    parent: int | None  # index into _Network.channels
    xy: np.ndarray


class _Network:
    """Channels laid one at a time; a new one stops before it comes near any other line or pond,
    so the only places two channels meet are the take-off vertices they share."""

    def __init__(self, inner: Polygon):
        shapely.prepare(inner)
        self.inner = inner
        self.channels: list[_Channel] = []
        self._items: list = []
        self._owners: list[int] = []  # channel index, -1 for a pond
        self._tree: shapely.STRtree | None = None

    def add(self, channel: _Channel) -> int:
        self.channels.append(channel)
        self._block(LineString(channel.xy), len(self.channels) - 1)
        return len(self.channels) - 1

    def _block(self, geometry, owner: int) -> None:
        self._items.append(geometry)
        self._owners.append(owner)
        self._tree = None

    def add_pond(self, pond: Polygon) -> None:
        self._block(pond, -1)

    def near(self, geometry, distance: float) -> list[int]:
        if self._tree is None:
            self._tree = shapely.STRtree(self._items)
        hits = self._tree.query(geometry, predicate="dwithin", distance=distance)
        return [self._owners[h] for h in hits]

    def _clear(self, segment: LineString, ignore: int | None) -> bool:
        if not self.inner.contains(segment):
            return False
        return all(owner == ignore for owner in self.near(segment, CLEARANCE_M))

    def sprout(self, parent: int, vertex: int, heading: float, max_len: float, wander: float,
               rng: random.Random) -> np.ndarray:
        """Grow a line from a parent's vertex; its first point IS that vertex, so it lies on the
        parent exactly, even after rounding to 6 decimals."""
        pts = [self.channels[parent].xy[vertex]]
        h, length = heading, 0.0
        while length < max_len:
            # Damped random walk: gentle bends that never turn back on themselves.
            h = heading + 0.6 * (h - heading) + rng.gauss(0, wander)
            step = rng.uniform(80, 120)
            nxt = pts[-1] + step * np.array([math.cos(h), math.sin(h)])
            # Only the first step may touch the parent: it starts on it.
            if not self._clear(LineString([pts[-1], nxt]), parent if len(pts) == 1 else None):
                break
            pts.append(nxt)
            length += step
        return np.array(pts)

    def branch_off(self, parent: int, kind: str, first_at: float, spacing: tuple[float, float],
                   end_margin: float, max_len: tuple[float, float], wander: float,
                   min_len: float, rng: random.Random) -> list[int]:
        """Take channels off a parent at stations downstream, alternating sides, numbered in
        downstream order among those that found room."""
        mother = self.channels[parent]
        along = _along(mother.xy)
        made: list[int] = []
        taken: set[int] = set()  # one take-off per vertex, so confluences never coincide
        station, side = first_at, rng.choice((1, -1))
        while station < along[-1] - end_margin:
            i = min(int(np.searchsorted(along, station)), len(along) - 2)
            if i in taken:
                station += rng.uniform(*spacing)
                continue
            taken.add(i)
            tx, ty = mother.xy[i + 1] - mother.xy[i - 1]
            heading = math.atan2(ty, tx) + side * math.pi / 2 + rng.uniform(-0.12, 0.12)
            xy = self.sprout(parent, i, heading, rng.uniform(*max_len), wander, rng)
            if _along(xy)[-1] >= min_len:
                n = len(made) + 1
                if kind == "支渠":
                    code, name = f"{mother.code}-Z{n:02d}", f"{mother.name}{chinese_number(n)}支渠"
                else:
                    code, name = f"{mother.code}-D{n:02d}", f"{mother.name[:-1]}{chinese_number(n)}斗渠"
                made.append(self.add(_Channel(code, name, kind, parent, xy)))
            station += rng.uniform(*spacing)
            side = -side
        return made


def _ponds(gangzhong: np.ndarray, rng: random.Random) -> list[Polygon]:
    """Nine ponds dug across the first 1.8 km of 港中渠, the 'dead water' of the story."""
    line = LineString(gangzhong)
    ponds = []
    for i in range(9):
        d = 230 + 185 * i + rng.uniform(-15, 15)
        (x0, y0), (x1, y1) = line.interpolate(d - 5).coords[0], line.interpolate(d + 5).coords[0]
        angle = math.atan2(y1 - y0, x1 - x0)
        area, aspect = rng.uniform(3600, 11000), rng.uniform(0.7, 1.4)
        length = math.sqrt(area * aspect)  # along the canal
        width = area / length
        shift = rng.uniform(-0.25, 0.25) * width  # off-centre, but the canal still runs through
        cx, cy = line.interpolate(d).coords[0]
        ca, sa = math.cos(angle), math.sin(angle)
        corners = []
        for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            a = u * length / 2 + rng.uniform(-3, 3)
            b = v * width / 2 + shift + rng.uniform(-3, 3)
            corners.append((cx + a * ca - b * sa, cy + a * sa + b * ca))
        ponds.append(orient(Polygon(corners)))
    return ponds


# --- people ---------------------------------------------------------------------------------


def _weighted(rng: random.Random, pairs) -> object:
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def _name_maker(rng: random.Random):
    """A villager group's names: one or two clans dominate, sharing generation characters."""
    clan = _weighted(rng, _SURNAMES)
    second = _weighted(rng, [p for p in _SURNAMES if p[0] != clan]) if rng.random() < 0.6 else None
    shares = (rng.uniform(0.3, 0.55), rng.uniform(0.1, 0.25) if second else 0.0)
    generation = rng.sample(_GENERATION, 2)

    def name() -> str:
        r = rng.random()
        surname = clan if r < shares[0] else second if r < sum(shares) else _weighted(rng, _SURNAMES)
        if rng.random() < 0.2:
            return surname + rng.choice(_SINGLE)
        first = rng.choice(generation) if surname == clan and rng.random() < 0.5 else rng.choice(_FIRST)
        return surname + first + rng.choice(_SECOND)

    return name


def _territories(boundary: Polygon) -> list[Polygon]:
    seeds = [Point(xy) for _, _, xy in VILLAGES]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=boundary).geoms
    return [next(c for c in cells if c.contains(s)).intersection(boundary) for s in seeds]


def _households(net: _Network, boundary: Polygon, rng: random.Random) -> list[dict]:
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
            name = _name_maker(rng)
            for n in range(1, rng.randint(55, 65) + 1):
                while True:  # a home on dry land: not in a pond nor on a canal bank
                    r, t = 280 * math.sqrt(rng.random()), rng.uniform(0, _TAU)
                    x, y = c[0] + r * math.cos(t), c[1] + r * math.sin(t)
                    if shapely.contains_xy(boundary, x, y) and not net.near(Point(x, y), 10):
                        break
                out.append({
                    "code": f"{abbr}-{g:02d}-{n:03d}", "head_name": name(),
                    "group": chinese_number(g) + "组", "village": village,
                    "members": _weighted(rng, _MEMBERS), "x": x, "y": y,
                })
    return out


# --- assembling the basin -------------------------------------------------------------------


def _lonlat(coords: np.ndarray) -> np.ndarray:
    lon, lat = _TO_LONLAT.transform(coords[:, 0], coords[:, 1])
    return np.round(np.column_stack([lon, lat]), 6)


def _to_wgs84(geometry):
    return shapely.transform(geometry, _lonlat)


def _one_tile(seed: int) -> SyntheticBasin:
    rng = random.Random(seed)
    boundary = _boundary(rng)
    net = _Network(boundary.buffer(-40))
    thg = net.add(_Channel("THG", "太湖港", "干渠", None, _main_canal(rng, net.inner)))
    head = int(np.argmin(np.abs(net.channels[thg].xy[:, 0] + 1300)))
    gzq = net.add(_Channel("GZQ", "港中渠", "干渠", thg,
                           _gangzhong_canal(net.channels[thg].xy[head], rng, net.inner)))
    ponds = _ponds(net.channels[gzq].xy, rng)
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


def _tiled(base: SyntheticBasin, tiles: int) -> SyntheticBasin:
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


def generate(tiles: int = 1, seed: int = DEFAULT_SEED) -> SyntheticBasin:
    """The demo basin (tiles=1), or a tiles×tiles grid of copies of it for benchmarks."""
    if not isinstance(tiles, int) or not 1 <= tiles <= MAX_TILES:
        raise ValueError(f"tiles must be a whole number from 1 to {MAX_TILES}, not {tiles!r}")
    base = _one_tile(seed)
    return base if tiles == 1 else _tiled(base, tiles)


# --- files ----------------------------------------------------------------------------------


def figures(basin: SyntheticBasin) -> dict:
    """The numbers the demo README quotes: areas in km², lengths in km, on the ellipsoid."""
    km_by_kind: dict[str, float] = {}
    count_by_kind: dict[str, int] = {}
    for c in basin.channels:
        km_by_kind[c["kind"]] = km_by_kind.get(c["kind"], 0.0) + _GEOD.geometry_length(c["geometry"]) / 1000
        count_by_kind[c["kind"]] = count_by_kind.get(c["kind"], 0) + 1
    return {
        "area_km2": abs(_GEOD.geometry_area_perimeter(basin.boundary)[0]) / 1e6,
        "channels": len(basin.channels),
        "channel_km": sum(km_by_kind.values()),
        "km_by_kind": km_by_kind,
        "count_by_kind": count_by_kind,
        "ponds": len(basin.ponds),
        "pond_m2": [abs(_GEOD.geometry_area_perimeter(p["geometry"])[0]) for p in basin.ponds],
        "villages": len({h["village"] for h in basin.households}),
        "groups": len({(h["village"], h["group"]) for h in basin.households}),
        "households": len(basin.households),
        "people": sum(h["members"] for h in basin.households),
    }


def _geojson(layer: str, rows: list[dict]) -> str:
    """Keys sorted, one feature a line: small files whose diffs can be read."""
    features = []
    for row in rows:
        props = {k: v for k, v in row.items() if k != "geometry"}
        feature = {"type": "Feature", "properties": props, "geometry": mapping(row["geometry"])}
        features.append(json.dumps(feature, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    dumps = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    return (f'{{"description":{dumps(DESCRIPTION)},"features":[\n' + ",\n".join(features)
            + f'\n],"name":{dumps(layer)},"type":"FeatureCollection"}}\n')


def _csv(households: list[dict]) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["code", "head_name", "group", "village", "phone", "members", "lon", "lat"])
    for h in households:
        out.writerow([h["code"], h["head_name"], h["group"], h["village"], h["phone"], h["members"],
                      f"{h['lon']:.6f}", f"{h['lat']:.6f}"])
    return buffer.getvalue()


def _readme(basin: SyntheticBasin) -> str:
    f = figures(basin)
    kinds = "、".join(f"{k} {f['count_by_kind'][k]} 条 {f['km_by_kind'][k]:.1f} km" for k in ("干渠", "支渠", "斗渠"))
    kinds_en = ", ".join(f"{f['count_by_kind'][k]} {en} ({k}) {f['km_by_kind'][k]:.1f} km" for k, en in
                         (("干渠", "main canals"), ("支渠", "branches"), ("斗渠", "field ditches")))
    return f"""# 演示数据：太湖港流域（梅槐片区）/ Demo data: the Taihu Port basin (Meihuai area)

**这里的一切都是合成的，不是真实测绘或真实住户。** 由 `python -m watershed.demo.synthetic_basin` 生成
（固定随机种子，可重复生成），请勿手工修改；测试会检查这些文件与生成结果逐字节一致。
只有村、社区名称是真实地名；渠线、鱼塘、村域、姓名、电话和住址都是编造的。

**Everything here is synthetic: no survey, no real households.** Generated by
`python -m watershed.demo.synthetic_basin` (fixed seed, reproducible); do not edit by hand: a test checks
that these files equal the generator's output byte for byte. Only the village and community names
are real places; lines, ponds, territories, names, phone numbers and homes are invented.

| 文件 / file | 内容 / content |
|---|---|
| `boundary.geojson` | 流域边界 / basin boundary, {f['area_km2']:.1f} km² |
| `channels.geojson` | {f['channels']} 条渠道，按水流方向数字化 / channels digitised in flow direction: code, name, kind, parent |
| `ponds.geojson` | {f['ponds']} 口鱼塘，截断港中渠上段 / fish ponds cutting the upper 港中渠: code, name, owner |
| `sources.geojson` | 水源点：太湖港水库来水，位于太湖港渠首 / water source at the head of 太湖港 |
| `households.csv` | {f['households']} 户 / households: code, head_name, group, village, phone, members, lon, lat |

- 坐标 / coordinates: WGS84 经纬度 lon/lat (EPSG:4326), 6 位小数 / 6 decimals
- 渠道总长 / channel length: {f['channel_km']:.1f} km（{kinds}）; {kinds_en}
- 鱼塘 / ponds: {f['ponds']}, {min(f['pond_m2']):,.0f}–{max(f['pond_m2']):,.0f} m² each
- {f['villages']} 个村（社区）、{f['groups']} 个村民小组、{f['households']} 户、{f['people']} 人 /
  {f['villages']} villages, {f['groups']} villager groups, {f['households']} households, {f['people']} people
- 平均每户 / people per household: {f['people'] / f['households']:.2f}（参照江陵中岭村约 4.0 / cf. about 4.0 in 中岭村, 江陵）
- 电话号码为虚构号段 `199000xxxxx` / phone numbers are fake, all `199000xxxxx`
- 长度和面积在 WGS84 椭球面上计算 / lengths and areas measured on the WGS84 ellipsoid
"""


def write(basin: SyntheticBasin, folder: Path) -> list[Path]:
    """Write the demo files into folder (created if need be); returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    boundary = [{"code": "BASIN", "name": "太湖港流域（梅槐片区）", "geometry": basin.boundary}]
    contents = {
        "boundary.geojson": _geojson("boundary", boundary),
        "channels.geojson": _geojson("channels", basin.channels),
        "ponds.geojson": _geojson("ponds", basin.ponds),
        "sources.geojson": _geojson("sources", basin.sources),
        "households.csv": _csv(basin.households),
        "README.md": _readme(basin),
    }
    paths = []
    for name, text in contents.items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation on any platform
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    from watershed.config import demo_dir

    parser = argparse.ArgumentParser(prog="python -m watershed.demo.synthetic_basin",
                                     description="Write the synthetic Taihu Port demo basin.")
    parser.add_argument("folder", nargs="?", type=Path, default=demo_dir(),
                        help="where to write the files (default: data/demo)")
    args = parser.parse_args(argv)
    for path in write(generate(), args.folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
