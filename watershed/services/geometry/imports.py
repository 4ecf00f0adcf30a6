"""Importing geometry layers and the household register.

A file is read and checked completely before anything is written, and the write is one
transaction, so a refused file leaves the database exactly as it was.

Codes a file does not give are generated after the highest of that prefix already stored
(C0018 after C0017), so a second file without codes never takes the first one's; codes a file
does give are refused when already stored.

Where things are (watershed.geo.location): a feature or a household outside China, or more than
50 km past the box of everything the basin holds, is refused unless `allow_far` (--allow-far)
accepts it, and then it is warned of. The first import into an empty basin is held to China.
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy
import pandas as pd
import shapely
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from watershed.catalogue import Phrase
from watershed.domain import ponds as water_rules
from watershed.domain.geodesy import area_m2, line_length_m
from watershed.domain.network.flow import JOIN_M
from watershed.errors import InputError, WatershedError
from watershed.geo import limits, location
from watershed.geo.attributes import code_prefix as prefix_for, next_code_number
from watershed.geo.households import read_register
from watershed.geo.reading import read_layer
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.places.basins import basin_for_import
from watershed.services.common.transaction import reads, writes
from watershed.services.geometry.network import (NetworkReport, check_network, labelled,
                                                 near_misses)
from watershed.store.batches import insert_rows
from watershed.store.tables import Basin, Channel, Group, Household, Pond, Source, Village

MODELS = {"channels": Channel, "ponds": Pond, "sources": Source}
# Warnings of one sort past this many are counted, not listed: a file of 3,000 ponds beside no
# channel would otherwise bury everything else.
SHOWN_WARNINGS = 10
# Head names a household import shows, so that a wrong encoding is seen before it is saved.
SHOWN_NAMES = 5


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
    encoding: str | None = None  # households: how a CSV was read ("GBK", "Big5"); None: .xlsx
    names: list[str] = field(default_factory=list)  # households: the first heads' names


def check_upload(name: str, size: int) -> bool:
    """True when a file of `size` bytes may be imported; else the refusal naming the limit (a
    page calls this before it saves an upload, so an oversized one is never read)."""
    limit = limits.current().file_bytes
    if size > limit:
        tabular = Path(name).suffix.lower() in (".csv", ".xlsx")
        raise InputError("table.file_too_large" if tabular else "geo.file_too_large", file=name,
                         size=limits.megabytes(size), limit=limits.megabytes(limit))
    return True


def basin_extent(session: Session, basin: Basin) -> tuple[float, float, float, float] | None:
    """The box around everything the basin holds (boundary, channels, ponds, sources,
    households with a position); None for an empty basin."""
    boxes = [None if basin.boundary is None else basin.boundary.bounds]
    for model in (Channel, Pond):
        boxes.append(tuple(session.execute(
            select(func.min(model.minx), func.min(model.miny), func.max(model.maxx),
                   func.max(model.maxy)).where(model.basin_id == basin.id)).one()))
    boxes += [point.bounds for point in
              session.scalars(select(Source.geom).where(Source.basin_id == basin.id))]
    boxes.append(tuple(session.execute(
        select(func.min(Household.lon), func.min(Household.lat), func.max(Household.lon),
               func.max(Household.lat))
        .join(Group, Household.group_id == Group.id).join(Village, Group.village_id == Village.id)
        .where(Village.basin_id == basin.id, Household.lon.is_not(None))).one()))
    return location.extent(boxes)


def _placed(found: list[location.Misplaced], errors: list[InputError], file: str,
            allow_far: bool, what: str = "") -> list[WatershedError]:
    """Refuse what lies out of place (`errors`, one per `found`), or with `allow_far` say once
    how much of it was let in."""
    if not found:
        return []
    if not allow_far:
        raise InputError(errors[0].key, problems=errors, **errors[0].params)
    first = errors[0].params
    return [WatershedError(f"import.{what}far_allowed", file=file, count=len(found),
                           first=first.get("feature") or first.get("code"),
                           sample=first["sample"])]


def _location_errors(found, file: str, what: str, describe) -> list[InputError]:
    """import.<what><outside_china|far>, each naming its feature by describe(position)."""
    west, south, east, north = location.CHINA
    return [InputError(f"import.{what}{where.key}", file=file, sample=where.sample,
                       km=where.km, limit=location.FAR_KM,
                       box=f"{west}-{east} E, {south}-{north} N", **describe(where.position))
            for where in found]


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
                 merge_by_name: bool = False, water_kind: str | None = None,
                 encoding: str | None = None, allow_far: bool = False) -> ImportReport:
    """Import channels, ponds, sources or the basin boundary from a vector file.

    `ignore_codes` generates codes even when the file has a code field; `code_prefix` is the
    prefix of generated codes (else C, P, S by kind). Channels only: `explode` makes a channel
    of each part of a multi-part line, `merge_by_name` joins the pieces of one named channel
    (see watershed.geo.reading). Ponds only: `water_kind` is what the polygons are (one of
    watershed.domain.ponds.KINDS, default a pond); only ponds block. `encoding` is a
    Shapefile's text encoding (overriding its .cpg); `allow_far` lets in features outside China
    or far from the basin's data (see the module).

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
                      merge_by_name=merge_by_name, encoding=encoding)
    features = read.features
    found = location.misplaced(features.geometry.values, basin_extent(session, basin))
    codes, names = features["code"].tolist(), features["name"].tolist()
    errors = _location_errors(found, path.name, "", lambda position: {
        "feature": labelled(codes[position], names[position])})
    read.warnings = _placed(found, errors, path.name, allow_far) + _capped_by_key(
        read.warnings, path.name)
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


def _capped_by_key(warnings: list[WatershedError], file: str) -> list[WatershedError]:
    """Warnings of reading, lines that cross themselves counted past SHOWN_WARNINGS."""
    crossing = [w for w in warnings if w.key == "geo.line_not_simple"]
    return [w for w in warnings if w.key != "geo.line_not_simple"] + _capped(
        crossing, file, "import.what.not_simple")


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


@dataclass
class HouseholdPreview:
    households: pd.DataFrame | None  # None when the file cannot be imported
    problems: list[WatershedError]
    encoding: str | None = None  # how a CSV was read ("GBK", "Big5"); None for .xlsx
    names: list[str] = field(default_factory=list)  # the first heads' names


def _read_households(session: Session | None, basin: Basin | None, path: Path,
                     encoding: str | None, allow_far: bool):
    """The register read and its positions checked (against the basin's data when a basin is
    given); (register, warnings)."""
    register = read_register(path, encoding=encoding)
    frame = register.households
    placed = numpy.flatnonzero(frame["lon"].notna().to_numpy())
    xy = frame[["lon", "lat"]].to_numpy()[placed]
    box = None if basin is None else basin_extent(session, basin)
    found = location.misplaced_points(xy, numpy.arange(len(placed)), box)
    codes = frame["code"].to_numpy()
    errors = _location_errors(found, path.name, "household_", lambda position: {
        "code": codes[placed[position]]})
    return register, _placed(found, errors, path.name, allow_far, "household_")


def _names(frame: pd.DataFrame) -> list[str]:
    return frame["head_name"].head(SHOWN_NAMES).tolist()


@reads
def preview_register(session: Session, actor: Actor, path, *, encoding: str | None = None,
                     allow_far: bool = False) -> HouseholdPreview:
    """The register in a CSV or XLSX file as `import_households` would read and check it,
    without writing: the rows, how the file was read and the first names, or every problem."""
    require_role(actor, "staff", action="action.import")
    basin = session.scalars(select(Basin).order_by(Basin.id)).first()
    try:
        register, _ = _read_households(session, basin, Path(path), encoding, allow_far)
    except InputError as error:
        return HouseholdPreview(None, list(error.problems) or [error])
    return HouseholdPreview(register.households, [], register.encoding,
                            _names(register.households))


def preview_households(path) -> tuple[pd.DataFrame | None, list[WatershedError]]:
    """The register in a CSV or XLSX file as `import_households` would read it, without touching
    the database (so positions are checked against China only): (the rows, []) or, for a file
    that cannot be imported, (None, every problem)."""
    try:
        register, _ = _read_households(None, None, Path(path), None, False)
    except InputError as error:
        return None, list(error.problems) or [error]
    return register.households, []


@writes
def import_households(session: Session, actor: Actor, path, *, encoding: str | None = None,
                      allow_far: bool = False) -> ImportReport:
    """Import the household register from CSV or XLSX. `encoding` is a CSV's text encoding
    (else detected); `allow_far` lets in households placed outside China or far from the
    basin's data."""
    require_role(actor, "staff", action="action.import")
    path = Path(path)
    basin = basin_for_import(session, actor)
    register, warnings = _read_households(session, basin, path, encoding, allow_far)
    frame = register.households
    clash = sorted(set(session.scalars(select(Household.code))).intersection(frame["code"]))
    if clash:
        raise InputError("import.households_exist", file=path.name, count=len(clash),
                         codes=", ".join(clash[:5]))
    groups = _groups_by_name(session, basin.id, set(zip(frame["village"], frame["group"])))

    def place(values) -> list:  # NaN is not itself: an empty cell
        return [None if value != value else float(value) for value in values.tolist()]

    insert_rows(session, Household.__table__, {
        "code": frame["code"].tolist(), "head_name": frame["head_name"].tolist(),
        "group_id": [groups[key] for key in zip(frame["village"], frame["group"])],
        "phone": [phone or "" for phone in frame["phone"].tolist()],
        "members": [int(members) for members in frame["members"].tolist()],
        "lon": place(frame["lon"]), "lat": place(frame["lat"])}, same={"created_at": now()})
    record(session, actor, "import", "households", None,
           after={"file": path.name, "count": len(frame), "villages": len({v for v, _ in groups}),
                  "encoding": register.encoding})
    return ImportReport("households", str(path), len(frame), warnings=warnings,
                        encoding=register.encoding, names=_names(frame))
