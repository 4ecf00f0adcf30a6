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

from watershed.catalogue import Phrase
from watershed.domain import ponds as water_rules
from watershed.domain.geodesy import area_m2, line_length_m
from watershed.domain.network.flow import JOIN_M
from watershed.errors import InputError, WatershedError
from watershed.geo.attributes import code_prefix as prefix_for, next_code_number
from watershed.geo.households import read_households
from watershed.geo.reading import read_layer
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.places.basins import basin_for_import
from watershed.services.common.transaction import writes
from watershed.services.geometry.network import (NetworkReport, check_network, labelled,
                                                 near_misses)
from watershed.store.tables import Channel, Group, Household, Pond, Source, Village

MODELS = {"channels": Channel, "ponds": Pond, "sources": Source}
# Warnings of one sort past this many are counted, not listed: a file of 3,000 ponds beside no
# channel would otherwise bury everything else.
SHOWN_WARNINGS = 10


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


def _water_kind(kind: str, water_kind: str | None) -> str | None:
    if water_kind is not None and kind != "ponds":
        raise InputError("import.water_kind_for_ponds", kind=kind)
    if kind != "ponds":
        return None
    water_kind = water_kind or water_rules.POND
    if water_kind not in water_rules.KINDS:
        raise InputError("pond.bad_kind", value=water_kind,
                         choices=", ".join(water_rules.KINDS))
    return water_kind


@writes
def import_layer(session: Session, actor: Actor, kind: str, path, *, layer=None, crs=None,
                 gcj02: bool = False, name_field=None, ignore_codes: bool = False,
                 code_prefix: str | None = None, explode: bool = False,
                 merge_by_name: bool = False, water_kind: str | None = None) -> ImportReport:
    """Import channels, ponds, sources or the basin boundary from a vector file.

    `ignore_codes` generates codes even when the file has a code field; `code_prefix` is the
    prefix of generated codes (else C, P, S by kind). Channels only: `explode` makes a channel
    of each part of a multi-part line, `merge_by_name` joins the pieces of one named channel
    (see watershed.geo.reading). Ponds only: `water_kind` is what the polygons are (one of
    watershed.domain.ponds.KINDS, default a pond); only ponds block.

    What the import finds suspicious against the channels stored by then (a pond of over a km²,
    a pond beside every channel, channel ends a few metres off another channel) is reported in
    `warnings`; nothing is refused for it."""
    require_role(actor, "staff", action="action.import")
    water_kind = _water_kind(kind, water_kind)
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
            row.update(owner=feature.get("owner") or "", status="occupying", kind=water_kind,
                       area_m2=area_m2(geometry), **box)
        rows.append(row)
    session.execute(insert(model), rows)
    warnings = list(read.warnings)
    if kind == "ponds" and water_kind == water_rules.POND:
        warnings += _pond_warnings(session, basin.id, path.name, rows)
    elif kind == "channels":
        warnings += _near_miss_warnings(session, path.name, {r["code"]: r["name"] for r in rows})
    record(session, actor, "import", kind, None,
           after={"file": path.name, "count": len(rows), "source_crs": read.source_crs,
                  "codes": [r["code"] for r in rows[:20]], "name_fields": read.name_fields,
                  "exploded": list(read.exploded), "merged": list(read.merged)})
    return ImportReport(kind, str(path), len(rows), read.source_crs, warnings,
                        read.name_fields, read.exploded, read.merged)


def check_before_import(db, actor: Actor, path, **options) -> tuple[ImportReport, NetworkReport]:
    """The network check as it would be with this file's channels imported (the 渠道与划段 page,
    before anything is saved): the import runs in a transaction that is always rolled back, so
    the file is read and refused exactly as a real import would, and nothing is kept."""
    with db.trial() as session:
        imported = import_layer(session, actor, "channels", path, **options)
        return imported, check_network(session, actor)


def _capped(warnings: list[WatershedError], file: str, what: str) -> list[WatershedError]:
    if len(warnings) <= SHOWN_WARNINGS:
        return warnings
    return warnings[:SHOWN_WARNINGS] + [WatershedError(
        "import.more_warnings", file=file, count=len(warnings) - SHOWN_WARNINGS,
        what=Phrase(what))]


def _pond_warnings(session: Session, basin_id: int, file: str,
                   rows: list[dict]) -> list[WatershedError]:
    """Ponds that look like something else: over a km², or crossing none of the channels stored
    now. Said once, at import: the channels may come later, and then flow decides alone."""
    large = [WatershedError("import.pond_large", file=file, pond=labelled(r["code"], r["name"]),
                            code=r["code"], km2=round(r["area_m2"] / 1e6, 2))
             for r in rows if r["area_m2"] > water_rules.LARGE_POND_M2]
    lines = list(session.scalars(select(Channel.geom).where(Channel.basin_id == basin_id)))
    if not lines:
        return _capped(large, file, "import.what.large") + [
            WatershedError("import.ponds_before_channels", file=file, count=len(rows))]
    crossed = water_rules.crossing([r["geom"] for r in rows], lines)
    apart = [WatershedError("import.pond_off_channels", file=file,
                            pond=labelled(r["code"], r["name"]))
             for r, crosses in zip(rows, crossed) if not crosses]
    return _capped(large, file, "import.what.large") + _capped(apart, file, "import.what.apart")


def _near_miss_warnings(session: Session, file: str,
                        imported: dict[str, str]) -> list[WatershedError]:
    """The near misses (watershed network check) that involve a channel of this file, on the
    end's side or the line's: the other side may be a channel stored before."""
    found, names = near_misses(session)
    misses = [m for m in found if m.channel in imported or m.other in imported]
    return _capped([WatershedError("import.near_miss", file=file,
                                   channel=labelled(m.channel, names.get(m.channel)),
                                   end=Phrase(f"network.end.{m.end}"),
                                   other=labelled(m.other, names.get(m.other)),
                                   distance_m=m.distance_m, snap=JOIN_M)
                    for m in misses], file, "import.what.near_miss")


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
