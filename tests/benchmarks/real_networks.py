"""Figures: the real public networks of tests/data through the command line an office runs.

    python tests/benchmarks/real_networks.py

For each extract, in a fresh SQLite database: import the channels (with the options its quirks
need), its water bodies by kind, its sources, then `watershed network check --json`, `segment`,
`flow --json`, `network orient`, `flow --json` and the check again. It prints, per extract, the
check's counts before and after orient and the kilometres live before and after, with the causes
of what stays dead. Sources: Dengzhou's six heads (tests/data/README.md: ours, placed on the
heads of its line networks); for the others, the start of every line that no other line flows
into ("heads as drawn"), Nantong the three heads an office would mark on its flat plain, and for
Natural Earth's Wuhan the two true upstream ends (the Yangtze from Yueyang, the Han), since its
sea-side Yangtze part is drawn upstream. Dengzhou is also run with one way (湍河, feature 7)
drawn backwards on purpose. Not a test: figures only.
"""

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
WATERSHED = str(Path(sys.executable).with_name("watershed"))


def run(url: str, *args: str) -> str:
    done = subprocess.run([WATERSHED, *args, "--database-url", url], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise SystemExit(f"watershed {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def lines(features: list[dict]) -> list[list]:
    parts = []
    for feature in features:
        geometry = feature["geometry"]
        parts += ([geometry["coordinates"]] if geometry["type"] == "LineString"
                  else geometry["coordinates"])
    return parts


def heads_as_drawn(features: list[dict]) -> list:
    """The first point of every line that no other line ends at or passes through."""
    parts = lines(features)
    reached = {tuple(p) for part in parts for p in part[1:]}
    return [part[0] for part in parts if tuple(part[0]) not in reached]


def points_file(folder: Path, points: list) -> Path:
    path = folder / "sources.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": f"S{k}"},
         "geometry": {"type": "Point", "coordinates": point}} for k, point in enumerate(points)]}))
    return path


def counts(check: dict) -> str:
    return ", ".join(f"{kind} {len(found)}" for kind, found in check.items()
                     if isinstance(found, list) and found)


def measure(label: str, extract: str, options: list[str], kind: str | None, sources,
            reverse: int | None = None) -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'basin.db'}"
    run(url, "init")
    data = json.loads((DATA / extract / "channels.geojson").read_text(encoding="utf-8"))
    if reverse:
        geometry = data["features"][reverse - 1]["geometry"]
        geometry["coordinates"] = geometry["coordinates"][::-1]
    channels = folder / "channels.geojson"
    channels.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run(url, "import", "channels", str(channels), *options)
    if kind:
        run(url, "import", "ponds", str(DATA / extract / "water.geojson"), "--kind", kind)
    points = sources(data["features"]) if callable(sources) else sources
    run(url, "import", "sources",
        str(points if isinstance(points, Path) else points_file(folder, points)))
    before = json.loads(run(url, "network", "check", "--json"))
    run(url, "segment")
    live_before = json.loads(run(url, "flow", "--json"))
    turned = run(url, "network", "orient").splitlines()[0]
    live_after = json.loads(run(url, "flow", "--json"))
    after = json.loads(run(url, "network", "check", "--json"))
    causes = Counter(cause.split(":")[0] for cause in live_after.get("causes", {}).values())
    total = live_before["live_km"] + live_before["dead_km"]
    print(f"\n{label}\n  check before: {counts(before) or 'nothing'}\n"
          f"  live km: {live_before['live_km']:.2f} of {total:.2f} before orient, "
          f"{live_after['live_km']:.2f} after\n  orient: {turned}\n"
          f"  check after: {counts(after) or 'nothing'}\n"
          f"  dead segments after, by cause: {dict(causes) or 'none'}")


def main() -> None:
    dengzhou_sources = DATA / "dengzhou_henan" / "sources.geojson"
    nantong = json.loads((DATA / "nantong_jiangsu" / "channels.geojson").read_text())["features"]
    measure("Dengzhou (OSM), --merge-by-name, reservoirs, our six heads", "dengzhou_henan",
            ["--merge-by-name"], "reservoir", dengzhou_sources)
    measure("Dengzhou with way 7 (湍河) drawn backwards", "dengzhou_henan", [], "reservoir",
            dengzhou_sources, reverse=7)
    measure("Baoshan (OSM), ponds, heads as drawn", "baoshan_shanghai", [], "pond", heads_as_drawn)
    measure("Guixi (OSM), --merge-by-name --ignore-codes, the river surface as a river",
            "guixi_jiangxi", ["--merge-by-name", "--ignore-codes"], "river", heads_as_drawn)
    measure("Nantong (OSM plain), --merge-by-name, three heads an office marks", "nantong_jiangsu",
            ["--merge-by-name"], None,
            [nantong[k - 1]["geometry"]["coordinates"][0] for k in (12, 4, 3)])
    measure("Wuhan (Natural Earth), --explode, lakes, the two true upstream ends",
            "wuhan_naturalearth", ["--explode"], "lake",
            [[114.16962822494376, 30.42], [114.05, 30.59573610352641]])


if __name__ == "__main__":
    main()
