"""The synthetic Taihu Port demo basin: its shape, network, ponds, people, and the committed files."""

import ast
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Point

from watershed.demo.synthetic_basin import generate, write

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
GEOD = Geod(ellps="WGS84")
# Metres on a transverse Mercator through the basin: distances true to about a millionth there.
TO_METRES = Transformer.from_crs(
    "EPSG:4326", "+proj=tmerc +lat_0=30.375 +lon_0=112.075 +ellps=WGS84 +units=m", always_xy=True
)
VILLAGES = {"梅槐社区", "太湖港社区", "新凤社区", "秘师桥社区", "金双村", "杨井村", "罗滩社区"}
GROUP_NAMES = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组", "十一组", "十二组"]


def metres(geometry):
    return shapely.transform(geometry, lambda c: list(zip(*TO_METRES.transform(c[:, 0], c[:, 1]))))


@pytest.fixture(scope="module")
def basin():
    return generate()


@pytest.fixture(scope="module")
def by_code(basin):
    return {c["code"]: c for c in basin.channels}


def test_the_boundary_covers_about_sixty_square_kilometres_inside_the_meihuai_box(basin):
    area_km2 = abs(GEOD.geometry_area_perimeter(basin.boundary)[0]) / 1e6
    assert 50 <= area_km2 <= 70
    assert basin.boundary.is_valid and basin.boundary.geom_type == "Polygon"
    lon_min, lat_min, lon_max, lat_max = basin.boundary.bounds
    assert 112.02 <= lon_min and lon_max <= 112.13
    assert 30.33 <= lat_min and lat_max <= 30.42


def test_channels_add_up_to_100_to_250_km_on_the_ellipsoid(basin):
    km = sum(GEOD.geometry_length(c["geometry"]) for c in basin.channels) / 1000
    assert 100 <= km <= 250


def test_every_channel_lies_inside_the_boundary(basin):
    assert all(basin.boundary.contains(c["geometry"]) for c in basin.channels)


def test_channel_codes_are_unique_ascii_and_cannot_clash_with_segment_codes(basin):
    codes = [c["code"] for c in basin.channels]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", code)
        assert not re.search(r"-\d{3}$", code)  # segments are "<channel code>-NNN"


def test_every_channel_has_a_chinese_name_a_kind_and_a_known_parent(basin, by_code):
    for c in basin.channels:
        assert set(c) == {"code", "name", "kind", "parent", "geometry"}
        assert re.search(r"[\u4e00-\u9fff]", c["name"])
        assert c["kind"] in {"干渠", "支渠", "斗渠", "农渠"}
        assert (c["parent"] == "") if c["code"] == "THG" else (c["parent"] in by_code)
    assert by_code["GZQ-Z03"]["name"] == "港中渠三支渠"
    assert by_code["GZQ-Z03-D02"]["name"] == "港中渠三支二斗渠"
    assert {by_code[c["parent"]]["kind"] for c in basin.channels if c["kind"] == "斗渠"} == {"支渠"}


def test_the_main_canal_comes_in_from_the_north_west_and_flows_east(basin, by_code):
    thg = by_code["THG"]
    assert (thg["name"], thg["kind"], thg["parent"]) == ("太湖港", "干渠", "")
    (head_lon, head_lat), (tail_lon, _) = thg["geometry"].coords[0], thg["geometry"].coords[-1]
    centre = basin.boundary.centroid
    assert head_lon < centre.x and head_lat > centre.y
    assert tail_lon - head_lon > 0.07  # about 7 km east


def test_gangzhong_canal_takes_off_from_the_main_canal_and_runs_south_for_kilometres(by_code):
    gzq = by_code["GZQ"]
    assert (gzq["name"], gzq["kind"], gzq["parent"]) == ("港中渠", "干渠", "THG")
    head, tail = Point(gzq["geometry"].coords[0]), Point(gzq["geometry"].coords[-1])
    assert metres(head).distance(metres(by_code["THG"]["geometry"])) < 0.5
    assert head.y - tail.y > 0.03  # more than 3 km south
    assert GEOD.geometry_length(gzq["geometry"]) > 3000


def test_every_branch_takes_off_from_its_parents_line(basin, by_code):
    for c in basin.channels:
        if c["parent"]:
            first = metres(Point(c["geometry"].coords[0]))
            assert first.distance(metres(by_code[c["parent"]]["geometry"])) < 0.5, c["code"]


def test_channels_meet_only_where_one_takes_off_from_the_other(basin):
    lines = [c["geometry"] for c in basin.channels]
    pairs = shapely.STRtree(lines).query(lines, predicate="intersects")
    for i, j in zip(*pairs):
        if i >= j:
            continue
        a, b = basin.channels[i], basin.channels[j]
        meeting = a["geometry"].intersection(b["geometry"])
        assert meeting.geom_type == "Point", (a["code"], b["code"], meeting.wkt)
        child, parent = (a, b) if a["parent"] == b["code"] else (b, a)
        assert child["parent"] == parent["code"], (a["code"], b["code"])
        assert meeting.equals(Point(child["geometry"].coords[0]))


def test_vertices_are_about_a_hundred_metres_apart_and_no_channel_is_shorter_than_150_m(basin):
    gaps = []
    for c in basin.channels:
        line = metres(c["geometry"])
        assert line.length >= 150, c["code"]
        coords = list(line.coords)
        gaps += [Point(p).distance(Point(q)) for p, q in zip(coords, coords[1:])]
    assert 30 <= min(gaps) and max(gaps) <= 200
    assert 80 <= statistics.mean(gaps) <= 120


def test_nine_ponds_straddle_the_first_two_km_of_gangzhong_canal_and_no_other_channel(basin, by_code):
    assert [p["code"] for p in basin.ponds] == [f"YT-{i:02d}" for i in range(1, 10)]
    gzq = metres(by_code["GZQ"]["geometry"])
    for pond in basin.ponds:
        shape = metres(pond["geometry"])
        assert shape.intersects(gzq), pond["code"]
        assert gzq.project(Point(shape.exterior.coords[0])) < 2000
        others = [c["code"] for c in basin.channels
                  if c["code"] != "GZQ" and c["geometry"].intersects(pond["geometry"])]
        assert others == [], pond["code"]


def test_each_pond_is_a_realistic_size_with_an_owner_and_a_family_name(basin):
    for pond in basin.ponds:
        assert 3000 <= abs(GEOD.geometry_area_perimeter(pond["geometry"])[0]) <= 12000
        assert pond["geometry"].is_valid
        assert pond["name"].endswith("家鱼塘") and pond["owner"][0] == pond["name"][0]
    assert not any(a["geometry"].intersects(b["geometry"])
                   for i, a in enumerate(basin.ponds) for b in basin.ponds[i + 1:])


def test_the_one_water_source_sits_at_the_head_of_the_main_canal(basin, by_code):
    [source] = basin.sources
    assert (source["code"], source["name"]) == ("SRC-01", "太湖港水库来水")
    assert source["geometry"].coords[0] == by_code["THG"]["geometry"].coords[0]


def test_seven_real_villages_have_eight_to_twelve_groups_of_about_sixty_households(basin):
    groups = defaultdict(Counter)
    for h in basin.households:
        groups[h["village"]][h["group"]] += 1
    assert set(groups) == VILLAGES
    for village, counts in groups.items():
        assert 8 <= len(counts) <= 12, village
        assert sorted(counts, key=GROUP_NAMES.index) == GROUP_NAMES[: len(counts)]
        assert all(55 <= n <= 65 for n in counts.values()), village
    assert 3000 <= len(basin.households) <= 5000


def test_household_codes_are_unique_and_name_village_group_and_number(basin):
    codes = [h["code"] for h in basin.households]
    assert len(set(codes)) == len(codes)
    abbreviation = {}
    for h in basin.households:
        prefix, group, number = re.fullmatch(r"([A-Z]+)-(\d{2})-(\d{3})", h["code"]).groups()
        assert GROUP_NAMES[int(group) - 1] == h["group"] and int(number) >= 1
        assert abbreviation.setdefault(h["village"], prefix) == prefix
    assert len(set(abbreviation.values())) == 7


def test_heads_have_plausible_chinese_names_and_households_average_about_four_people(basin):
    for h in basin.households:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", h["head_name"])
        assert 1 <= h["members"] <= 7
    assert 3.8 <= statistics.mean(h["members"] for h in basin.households) <= 4.2
    # One or two clans dominate a villager group.
    top = Counter(h["head_name"][0] for h in basin.households if h["code"].startswith("MH-01-"))
    assert top.most_common(1)[0][1] >= 12


def test_phone_numbers_are_unique_eleven_digit_obviously_fake_mobiles(basin):
    phones = [h["phone"] for h in basin.households]
    assert len(set(phones)) == len(phones)
    assert all(re.fullmatch(r"199000\d{5}", p) for p in phones)


def test_homes_cluster_around_their_group_near_a_channel(basin):
    lines = [metres(c["geometry"]) for c in basin.channels]
    tree = shapely.STRtree(lines)
    homes = defaultdict(list)
    for h in basin.households:
        assert basin.boundary.contains(Point(h["lon"], h["lat"])), h["code"]
        homes[(h["village"], h["group"])].append(metres(Point(h["lon"], h["lat"])))
    for key, points in homes.items():
        centre = shapely.MultiPoint(points).centroid
        assert max(p.distance(centre) for p in points) < 400, key
        assert tree.query(centre, predicate="dwithin", distance=500).size, key


def test_generating_twice_gives_identical_basins(basin):
    assert generate() == basin


def test_the_committed_demo_files_are_exactly_what_write_produces(basin, tmp_path):
    written = write(basin, tmp_path)
    assert sorted(p.name for p in DEMO.iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert (DEMO / path.name).read_bytes() == path.read_bytes(), (
            f"data/demo/{path.name} differs: regenerate with `python -m watershed.demo.synthetic_basin`"
        )


def test_the_demo_files_are_small_labelled_synthetic_geojson_without_a_crs():
    assert sum(p.stat().st_size for p in DEMO.iterdir()) < 1_000_000
    for name in ("boundary", "channels", "ponds", "sources"):
        collection = json.loads((DEMO / f"{name}.geojson").read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection" and collection["name"] == name
        assert collection["description"] == "合成演示数据（非真实测绘）/ synthetic demo data, not a survey"
        assert "crs" not in collection
    header = (DEMO / "households.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "code,head_name,group,village,phone,members,lon,lat"
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "合成" in readme and "synthetic" in readme and "python -m watershed.demo.synthetic_basin" in readme


def test_a_two_by_two_tiling_makes_four_shifted_copies_with_prefixed_codes(basin, by_code):
    tiled = generate(tiles=2)
    assert len(tiled.boundary.geoms) == 4 and tiled.boundary.is_valid  # disjoint copies
    assert len(tiled.channels) == 4 * len(basin.channels)
    assert len(tiled.households) == 4 * len(basin.households)
    assert len(tiled.ponds) == 36 and len(tiled.sources) == 4
    for layer in (tiled.channels, tiled.ponds, tiled.sources, tiled.households):
        codes = [row["code"] for row in layer]
        assert len(set(codes)) == len(codes) and all(re.match(r"T0[1-4]-", c) for c in codes)
    assert len({h["phone"] for h in tiled.households}) == len(tiled.households)
    t4 = next(c for c in tiled.channels if c["code"] == "T04-GZQ")
    assert t4["parent"] == "T04-THG"
    (x0, y0), (x4, y4) = by_code["GZQ"]["geometry"].coords[0], t4["geometry"].coords[0]
    assert (round(x4 - x0, 6), round(y4 - y0, 6)) == (0.11, 0.09)
    assert {h["village"] for h in tiled.households if h["code"].startswith("T04-")} == {
        f"{v}-T04" for v in VILLAGES}


def test_the_generator_imports_no_dataframe_database_or_web_library():
    imported = set()
    sources = [(ROOT / "watershed" / "demo" / f"{name}.py").read_text(encoding="utf-8")
               for name in ("synthetic_basin", "layout", "canals", "names")]
    for node in (node for source in sources for node in ast.walk(ast.parse(source))):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"geopandas", "pyogrio", "pandas", "sqlalchemy", "streamlit", "folium"}


def test_running_the_module_writes_the_demo_into_the_folder_given(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "watershed.demo.synthetic_basin", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "channels.geojson").read_bytes() == (DEMO / "channels.geojson").read_bytes()
    assert len(done.stdout.splitlines()) == 6


def test_tiles_outside_the_supported_range_are_refused():
    with pytest.raises(ValueError, match="tiles"):
        generate(tiles=0)
