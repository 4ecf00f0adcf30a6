"""Small factories: tiny basins from literal coordinates, written as real files, and a CLI runner."""

import csv
import json
from pathlib import Path

from sqlalchemy import select

from watershed.cli import main
from watershed.services.common.actors import Actor
from watershed.store.tables import Segment

STAFF = Actor("test-staff", "staff")
RESIDENT = Actor("test-resident", "resident", household_id=1)

# A main canal running east for about 1.2 km, and a branch taking off from its middle vertex,
# running south for about 450 m. Near 112.08°E, 30.37°N; 0.001° of longitude is about 96 m here.
MAIN = [(112.070, 30.370), (112.076, 30.370), (112.0825, 30.370)]
BRANCH = [(112.076, 30.370), (112.076, 30.366)]


def write_geojson(path: Path, features: list[tuple[dict, dict]]) -> Path:
    """features: (properties, geometry) pairs."""
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry} for props, geometry in features
    ]}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def line(coords) -> dict:
    return {"type": "LineString", "coordinates": [list(c) for c in coords]}


def channels_file(folder: Path) -> Path:
    return write_geojson(folder / "channels.geojson", [
        ({"code": "ZQ", "name": "主渠", "kind": "干渠"}, line(MAIN)),
        ({"code": "ZQ-Z01", "name": "一支渠", "kind": "支渠", "parent": "ZQ"}, line(BRANCH)),
    ])


def households_file(folder: Path, rows: list[dict] | None = None) -> Path:
    rows = rows if rows is not None else [
        dict(code="H-001", head_name="张大山", group="一组", village="梅槐社区", phone="13800000001",
             members=4, lon=112.072, lat=30.3705),
        dict(code="H-002", head_name="李小红", group="一组", village="梅槐社区", phone="13800000002",
             members=2, lon=112.080, lat=30.3705),
        dict(code="H-003", head_name="王建国", group="二组", village="新凤社区", phone="",
             members=5, lon=112.0765, lat=30.367),
    ]
    path = folder / "households.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_cli(capsys, url: str, *args: str) -> tuple[int, str, str]:
    """Run `watershed ARGS --database-url URL` in this process: (status, stdout, stderr)."""
    status = main([*args, "--database-url", url])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


POND = {"type": "Polygon", "coordinates": [[[112.071, 30.371], [112.072, 30.371],
                                            [112.072, 30.372], [112.071, 30.371]]]}


def pond_file(folder: Path) -> Path:
    return write_geojson(folder / "ponds.geojson", [
        ({"code": "YT-01", "name": "一号塘", "owner": "<b>塘主</b>"}, POND)])


def token_of(db, code: str) -> str:
    """The public token of the live segment `code`, as its signboard's QR code carries it."""
    with db.read() as session:
        return session.scalars(select(Segment.public_token).where(
            Segment.code == code, Segment.retired_at.is_(None))).one()
