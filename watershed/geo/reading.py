"""Reading one layer of channels, ponds, sources or a boundary from a GIS file.

    read_layer(path, kind, layer=None, crs=None, gcj02=False, name_field=None, ignore_codes=False,
               code_prefix=None, first_code=1, explode=False, merge_by_name=False,
               encoding=None, limits=None) -> LayerRead

Formats by suffix: .geojson/.json, .gpkg, .kml, .zip (a zipped Shapefile) and .shp (with its
.shx and .dbf beside it). Shapefile text is decoded by `encoding` (--encoding), else the .cpg
unless it reads as garbled, else detected (watershed.geo.encoding). Sizes, features and vertices
are held to `limits` (default: watershed.geo.limits.current()).

Coordinates: `crs` ("EPSG:4546" or "4546") overrides whatever the file says; see
watershed.geo.crs for what happens without it. Everything is returned in EPSG:4326.
`gcj02=True` says the lon/lat were digitised on Gaode/AMap (GCJ-02); they are converted to
WGS 84 after the CRS step.

Attributes: see watershed.geo.attributes (code and name fields). Generated codes are the
prefix (`code_prefix`, else the kind's) and a number from `first_code` on, one per feature.
Shapes: see watershed.geo.shapes. Channels only: `explode` makes a channel of each part of a
multi-part line that does not join up, named "name (1)", "name (2)" and coded CODE-1, CODE-2;
`merge_by_name` joins the pieces of one named channel (watershed.geo.pieces), which takes the
code and attributes of its upstream piece. Codes must then be unique. Several boundary features
are merged into one, which takes the first code (else B01) and the first name in the file; a
boundary's codes are not checked. Absent names and optional attributes are None.

Every problem of the features is collected; the InputError raised names the first and holds all
of them in `problems`. Repairs, channels that cross or run over themselves, and a file in which
no feature has a name, are reported in `warnings`, each naming its feature or field.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas
import numpy
import pandas
import shapely

from watershed.errors import InputError, WatershedError
from watershed.geo import crs as crs_rules
from watershed.geo.attributes import (
    NAME_FIELDS,
    Attributes,
    attributes_of,
    code_prefix as prefix_for,
    code_problems,
    feature_error,
    generated_code,
)
from watershed.geo.gcj02 import geometries_gcj02_to_wgs84
from watershed.geo.limits import Limits, current as current_limits
from watershed.geo.pieces import chains, joined
from watershed.geo.shapes import check_shape
from watershed.geo.sources import open_layer

LAYER_KINDS = ("channels", "ponds", "sources", "boundary")
# Kinds an office knows by name: a file of them without any name deserves a warning.
NAMED_KINDS = ("channels", "ponds")


@dataclass
class LayerRead:
    features: geopandas.GeoDataFrame  # EPSG:4326: code, name, [kind, parent | owner], geometry
    source_crs: str  # e.g. "EPSG:4546", as read or as given by `crs`
    warnings: list[WatershedError] = field(default_factory=list)
    name_fields: list[str] = field(default_factory=list)  # the fields names were taken from
    exploded: tuple[int, int] = (0, 0)  # multi-part lines split, channels they became
    merged: tuple[int, int] = (0, 0)  # pieces joined, channels they became


@dataclass
class _Row:
    """One feature as it will be imported: a feature of the file, a part of one, or pieces
    joined (then `index` is the upstream piece's)."""

    index: int  # 0-based position in the file
    part: int | None  # 1, 2, … for the parts of a split line
    name: str | None
    geometry: shapely.Geometry


def read_layer(path, kind, *, layer=None, crs=None, gcj02=False, name_field=None,
               ignore_codes=False, code_prefix=None, first_code=1, explode=False,
               merge_by_name=False, encoding=None, limits: Limits | None = None) -> LayerRead:
    """The features of `kind` (one of LAYER_KINDS) in the file at `path`, checked, in EPSG:4326.

    Raises InputError (with every problem found in `problems`) when the file cannot be used."""
    if kind not in LAYER_KINDS:
        raise ValueError(f"kind must be one of {LAYER_KINDS}, not {kind!r}")
    limits = limits or current_limits()
    prefix = prefix_for(kind, code_prefix)
    file = Path(path).name
    raw = open_layer(path, layer, kind, limits, encoding)
    attributes = attributes_of(raw.attributes, kind, file, name_field, ignore_codes)
    problems = [] if kind == "boundary" else code_problems(attributes, file)

    def problem(key, index, **params):
        problems.append((index, feature_error(key, file, attributes, index, **params)))

    vertices = shapely.get_num_coordinates(raw.geometries)  # 0 for None
    if vertices.sum() > limits.vertices:
        raise InputError("geo.too_many_vertices", file=file, count=int(vertices.sum()),
                         limit=limits.vertices)
    present = []
    for index, geometry in enumerate(raw.geometries):
        if vertices[index] > limits.vertices_per_feature:
            problem("geo.feature_too_many_vertices", index, count=int(vertices[index]),
                    limit=limits.vertices_per_feature)
        elif raw.damaged[index]:
            problem("geo.geometry_damaged", index)
        elif geometry is None:
            problem("geo.geometry_missing", index)
        elif geometry.is_empty:
            problem("geo.geometry_empty", index)
        else:
            present.append(index)
    geometries = raw.geometries[present]
    source, source_label, warnings = crs_rules.resolve(
        raw.crs, crs, shapely.get_coordinates(geometries), file
    )
    warnings = raw.warnings + warnings
    if gcj02 and source.is_projected:
        raise InputError("geo.gcj02_needs_degrees", file=file, crs=source_label)
    geometries = crs_rules.to_wgs84(geometries, source, file)
    if gcj02:
        geometries = geometries_gcj02_to_wgs84(geometries)

    out_of_range = _out_of_range(geometries)
    kept: dict[int, shapely.Geometry] = {}
    for position, (index, geometry) in enumerate(zip(present, geometries)):
        if position in out_of_range:
            problem("geo.out_of_range", index, sample=out_of_range[position])
            continue
        verdict = check_shape(kind, geometry, explode)
        if verdict.problem:
            problem(verdict.problem, index, **verdict.params)
            continue
        if verdict.repaired_near is not None:
            warnings.append(
                feature_error("geo.repaired", file, attributes, index, where=verdict.repaired_near)
            )
        elif kind == "channels" and not _simple(verdict.geometry):
            # A channel that crosses or runs back over itself is usually a digitising slip (a
            # double click, a line traced twice); it is imported, since some loops are real.
            warnings.append(feature_error("geo.line_not_simple", file, attributes, index))
        kept[index] = verdict.geometry
    if kind == "boundary":
        _refuse(problems)
        return LayerRead(_boundary(attributes, kept, prefix), source_label, warnings)
    rows, exploded = _split(attributes, kept)
    merged = (0, 0)
    if merge_by_name and kind == "channels":
        rows, merged = _merge(rows)
    codes = _codes(kind, attributes, rows, prefix, first_code)
    _refuse(problems + _duplicates(file, attributes, rows, codes, set(kept)))
    if kind in NAMED_KINDS and not any(attributes.names):
        fields = name_field or ", ".join(NAME_FIELDS)
        warnings.append(InputError("geo.names_blank", file=file, count=len(rows), fields=fields))
    return LayerRead(_frame(attributes, rows, codes), source_label, warnings,
                     attributes.name_fields, exploded, merged)


def _refuse(problems: list[tuple[int, InputError]]) -> None:
    if problems:
        problems.sort(key=lambda pair: pair[0])
        errors = [error for _, error in problems]
        raise InputError(errors[0].key, problems=errors, **errors[0].params)


def _simple(geometry) -> bool:
    """Whether no line (each part of one split by `explode`) crosses or overlaps itself."""
    return bool(shapely.is_simple(shapely.get_parts(geometry)).all())


def _out_of_range(geometries: numpy.ndarray) -> dict[int, str]:
    """Position in `geometries` -> first offending coordinate, for those not in degrees."""
    xy, owner = shapely.get_coordinates(geometries, return_index=True)
    bad = ~crs_rules.in_degrees(xy)
    found: dict[int, str] = {}
    for position, (x, y) in zip(owner[bad], xy[bad]):
        found.setdefault(int(position), crs_rules.format_xy(x, y))
    return found


def _split(attributes: Attributes, kept: dict) -> tuple[list[_Row], tuple[int, int]]:
    """A row per feature, and per part of a line `explode` split; (lines split, parts)."""
    rows, split = [], []
    for index in sorted(kept):
        geometry, name = kept[index], attributes.names[index]
        if geometry.geom_type != "MultiLineString":
            rows.append(_Row(index, None, name, geometry))
            continue
        split.append(len(geometry.geoms))
        rows += [_Row(index, part, f"{name} ({part})" if name else None, line)
                 for part, line in enumerate(geometry.geoms, start=1)]
    return rows, (len(split), sum(split))


def _merge(rows: list[_Row]) -> tuple[list[_Row], tuple[int, int]]:
    """The rows with the pieces of each named channel joined; (pieces joined, channels)."""
    found = chains([row.name for row in rows], [row.geometry for row in rows])
    joins = [chain for chain in found if len(chain) > 1]
    merged = [replace(rows[chain[0]], geometry=joined([rows[p].geometry for p in chain]))
              if len(chain) > 1 else rows[chain[0]] for chain in found]
    return merged, (sum(len(chain) for chain in joins), len(joins))


def _codes(kind, attributes: Attributes, rows: list[_Row], prefix: str, first: int) -> list[str]:
    """Each row's code: its feature's, or one generated per feature; CODE-1, CODE-2 … for the
    parts of a split line."""
    numbers: dict[int, int] = {}
    codes = []
    for row in rows:
        if attributes.code_field is None:
            code = generated_code(kind, prefix, numbers.setdefault(row.index, first + len(numbers)))
        else:
            code = attributes.file_codes[row.index]
        codes.append(code if row.part is None else f"{code}-{row.part}")
    return codes


def _duplicates(file, attributes: Attributes, rows, codes, kept) -> list[tuple[int, InputError]]:
    """Codes from the file used twice, named at the second use. Pieces joined into one channel
    may share its code; features refused for their geometry count, so that fixing it does not
    bring a new refusal."""
    if attributes.code_field is None:
        return []
    uses = sorted([(row.index, code) for row, code in zip(rows, codes)] + [
        (index, code) for index, code in enumerate(attributes.file_codes)
        if index not in kept], key=lambda use: use[0])
    problems, first_use = [], {}
    for index, code in uses:
        if not attributes.file_codes[index]:
            continue
        if code in first_use:
            problems.append((index, feature_error(
                "geo.code_duplicate", file, attributes, index, code=code,
                first=first_use[code] + 1)))
        else:
            first_use[code] = index
    return problems


def _boundary(attributes: Attributes, kept: dict, prefix: str) -> geopandas.GeoDataFrame:
    code = next((c for c in attributes.file_codes if c), generated_code("boundary", prefix, 1))
    name = next((n for n in attributes.names if n), None)
    union = shapely.union_all([kept[index] for index in sorted(kept)])
    return _geodataframe({"code": [code], "name": [name]}, [union])


def _frame(attributes: Attributes, rows: list[_Row], codes: list[str]) -> geopandas.GeoDataFrame:
    columns = {"code": codes, "name": [row.name for row in rows]}
    for column, values in attributes.extra.items():
        columns[column] = [values[row.index] for row in rows]
    return _geodataframe(columns, [row.geometry for row in rows])


def _geodataframe(columns: dict[str, list], geometries: list) -> geopandas.GeoDataFrame:
    """Text columns keep None for "not given" (object dtype, not pandas' NaN-filled str)."""
    data = {name: pandas.Series(values, dtype=object) for name, values in columns.items()}
    return geopandas.GeoDataFrame(data, geometry=geometries, crs="EPSG:4326")
