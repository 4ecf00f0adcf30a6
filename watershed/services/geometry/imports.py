"""Importing geometry layers and the household register.

A file is read and checked completely before anything is written, and the write is one
transaction, so a refused file leaves the database exactly as it was.

Codes a file does not give are generated after the highest of that prefix already stored
(C0018 after C0017), so a second file without codes never takes the first one's; codes a file
does give are refused when already stored.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import shapely
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from watershed.domain.geodesy import area_m2, line_length_m
from watershed.errors import InputError, WatershedError
from watershed.geo.attributes import code_prefix as prefix_for, next_code_number
from watershed.geo.households import read_households
from watershed.geo.reading import read_layer
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.places.basins import basin_for_import
from watershed.services.common.transaction import writes
from watershed.store.tables import Channel, Group, Household, Pond, Source, Village

MODELS = {"channels": Channel, "ponds": Pond, "sources": Source}


@dataclass
class ImportReport:
    kind: str
    path: str
    count: int
    source_crs: str = ""
    warnings: list[WatershedError] = field(default_factory=list)
    name_fields: list[str] = field(default_factory=list)  # where the names were found
    exploded: tuple[int, int] = (0, 0)  # multi-part lines split, channels they became
    merged: tuple[int, int] = (0, 0)  # pieces joined by name, channels they became


def _refuse_known_codes(known: set[str], codes, path: Path, kind: str) -> None:
    clash = sorted(known.intersection(codes))
    if clash:
        raise InputError("import.codes_exist", file=path.name, kind=kind, count=len(clash),
                         codes=", ".join(clash[:5]))


def _bbox(geometries) -> list[dict]:
    bounds = shapely.bounds(geometries)
    return [dict(minx=b[0], miny=b[1], maxx=b[2], maxy=b[3]) for b in bounds.tolist()]


@writes
def import_layer(session: Session, actor: Actor, kind: str, path, *, layer=None, crs=None,
                 gcj02: bool = False, name_field=None, ignore_codes: bool = False,
                 code_prefix: str | None = None, explode: bool = False,
                 merge_by_name: bool = False) -> ImportReport:
    """Import channels, ponds, sources or the basin boundary from a vector file.

    `ignore_codes` generates codes even when the file has a code field; `code_prefix` is the
    prefix of generated codes (else C, P, S by kind). Channels only: `explode` makes a channel
    of each part of a multi-part line, `merge_by_name` joins the pieces of one named channel
    (see watershed.geo.reading)."""
    require_role(actor, "staff", action="action.import")
    path = Path(path)
    basin = basin_for_import(session, actor)
    model = MODELS.get(kind)
    known = set() if model is None else set(
        session.scalars(select(model.code).where(model.basin_id == basin.id)))
    prefix = prefix_for(kind, code_prefix)
    read = read_layer(path, kind, layer=layer, crs=crs, gcj02=gcj02, name_field=name_field,
                      ignore_codes=ignore_codes, code_prefix=prefix,
                      first_code=next_code_number(known, prefix), explode=explode,
                      merge_by_name=merge_by_name)
    features = read.features
    if kind == "boundary":
        before = {"area_km2": basin.area_km2}
        basin.boundary = shapely.union_all(features.geometry.values)
        basin.area_km2 = area_m2(basin.boundary) / 1e6
        basin.source_crs = read.source_crs
        record(session, actor, "import", "boundary", basin.code, before=before,
               after={"file": path.name, "area_km2": round(basin.area_km2, 3)})
        return ImportReport(kind, str(path), 1, read.source_crs, read.warnings, read.name_fields)

    _refuse_known_codes(known, features["code"], path, kind)
    geometries = features.geometry.values
    created = now()
    rows = []
    for feature, box in zip(features.to_dict("records"), _bbox(geometries)):
        geometry = feature["geometry"]
        row = dict(basin_id=basin.id, code=feature["code"], name=feature.get("name") or "",
                   geom=geometry, source_crs=read.source_crs, created_at=created)
        if kind == "channels":
            row.update(kind=feature.get("kind") or "", parent_code=feature.get("parent") or "",
                       length_m=line_length_m(geometry), **box)
        elif kind == "ponds":
            row.update(owner=feature.get("owner") or "", status="occupying",
                       area_m2=area_m2(geometry), **box)
        rows.append(row)
    session.execute(insert(model), rows)
    record(session, actor, "import", kind, None,
           after={"file": path.name, "count": len(rows), "source_crs": read.source_crs,
                  "codes": [r["code"] for r in rows[:20]], "name_fields": read.name_fields,
                  "exploded": list(read.exploded), "merged": list(read.merged)})
    return ImportReport(kind, str(path), len(rows), read.source_crs, read.warnings,
                        read.name_fields, read.exploded, read.merged)


def _village_ids(connection, basin_id: int) -> dict[str, int]:
    return dict(connection.execute(
        select(Village.name, Village.id).where(Village.basin_id == basin_id)).all())


def _group_ids(connection, basin_id: int) -> dict[tuple[str, str], int]:
    rows = connection.execute(
        select(Village.name, Group.name, Group.id).join(Village, Group.village_id == Village.id)
        .where(Village.basin_id == basin_id)).all()
    return {(village, group): group_id for village, group, group_id in rows}


def _groups_by_name(session: Session, basin_id: int, pairs) -> dict[tuple[str, str], int]:
    """Ids of (village, group) pairs, creating the villages and groups not seen before."""
    connection = session.connection()
    villages = _village_ids(connection, basin_id)
    new_villages = sorted({v for v, _ in pairs} - set(villages))
    if new_villages:
        connection.execute(insert(Village.__table__),
                           [dict(basin_id=basin_id, name=name) for name in new_villages])
        villages = _village_ids(connection, basin_id)
    groups = _group_ids(connection, basin_id)
    new_groups = sorted(set(pairs) - set(groups))
    if new_groups:
        connection.execute(insert(Group.__table__),
                           [dict(village_id=villages[v], name=g) for v, g in new_groups])
        groups = _group_ids(connection, basin_id)
    return groups


def preview_households(path) -> tuple[pd.DataFrame | None, list[WatershedError]]:
    """The register in a CSV or XLSX file as `import_households` would read it, without touching
    the database: (the rows, []) or, for a file that cannot be imported, (None, every problem)."""
    try:
        return read_households(Path(path)), []
    except InputError as error:
        return None, list(error.problems) or [error]


@writes
def import_households(session: Session, actor: Actor, path) -> ImportReport:
    """Import the household register from CSV or XLSX."""
    require_role(actor, "staff", action="action.import")
    path = Path(path)
    frame = read_households(path)
    basin = basin_for_import(session, actor)
    clash = sorted(set(session.scalars(select(Household.code))).intersection(frame["code"]))
    if clash:
        raise InputError("import.households_exist", file=path.name, count=len(clash),
                         codes=", ".join(clash[:5]))
    groups = _groups_by_name(session, basin.id, set(zip(frame["village"], frame["group"])))
    created = now()
    rows = [
        dict(code=r["code"], head_name=r["head_name"], group_id=groups[(r["village"], r["group"])],
             phone=r["phone"] or "", members=int(r["members"]),
             lon=None if r["lon"] != r["lon"] else float(r["lon"]),  # NaN is not equal to itself
             lat=None if r["lat"] != r["lat"] else float(r["lat"]), created_at=created)
        for r in frame.to_dict("records")
    ]
    session.connection().execute(insert(Household.__table__), rows)
    record(session, actor, "import", "households", None,
           after={"file": path.name, "count": len(rows), "villages": len({v for v, _ in groups})})
    return ImportReport("households", str(path), len(rows))
