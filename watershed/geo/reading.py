"""Reading one layer of channels, ponds, sources or a boundary from a GIS file.

    read_layer(path, kind, layer=None, crs=None, gcj02=False, name_field=None) -> LayerRead

Formats by suffix: .geojson/.json, .gpkg, .kml, .zip (a zipped Shapefile) and .shp (with its
.shx and .dbf beside it). Shapefile text is decoded by the .cpg, else detected (UTF-8 or GB18030).

Coordinates: `crs` ("EPSG:4546" or "4546") overrides whatever the file says; see
watershed.geo.crs for what happens without it. Everything is returned in EPSG:4326.
`gcj02=True` says the lon/lat were digitised on Gaode/AMap (GCJ-02); they are converted to
WGS 84 after the CRS step.

Attributes: see watershed.geo.attributes (code and name fields, generated codes).
Shapes: see watershed.geo.shapes. Several boundary features are merged into one, which takes
the first code (else B01) and the first name in the file; a boundary's codes are not checked.
Absent names and optional attributes are None (the text columns have object dtype).

Every problem of the features is collected; the InputError raised names the first and holds all
of them in `problems`. Repairs are reported in `warnings`, each naming its feature.
"""

from dataclasses import dataclass, field
from pathlib import Path

import geopandas
import numpy
import pandas
import shapely

from watershed.errors import InputError, WatershedError
from watershed.geo import crs as crs_rules
from watershed.geo.attributes import Attributes, attributes_of, code_problems, feature_error
from watershed.geo.gcj02 import geometries_gcj02_to_wgs84
from watershed.geo.shapes import check_shape
from watershed.geo.sources import open_layer

LAYER_KINDS = ("channels", "ponds", "sources", "boundary")


@dataclass
class LayerRead:
    features: geopandas.GeoDataFrame  # EPSG:4326: code, name, [kind, parent | owner], geometry
    source_crs: str  # e.g. "EPSG:4546", as read or as given by `crs`
    warnings: list[WatershedError] = field(default_factory=list)


def read_layer(path, kind, *, layer=None, crs=None, gcj02=False, name_field=None) -> LayerRead:
    """The features of `kind` (one of LAYER_KINDS) in the file at `path`, checked, in EPSG:4326.

    Raises InputError (with every problem found in `problems`) when the file cannot be used."""
    if kind not in LAYER_KINDS:
        raise ValueError(f"kind must be one of {LAYER_KINDS}, not {kind!r}")
    file = Path(path).name
    raw = open_layer(path, layer, kind)
    attributes = attributes_of(raw.attributes, kind, file, name_field)
    problems = [] if kind == "boundary" else code_problems(attributes, file)

    def problem(key, index, **params):
        problems.append((index, feature_error(key, file, attributes, index, **params)))

    present = []
    for index, geometry in enumerate(raw.geometries):
        if raw.damaged[index]:
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
        verdict = check_shape(kind, geometry)
        if verdict.problem:
            problem(verdict.problem, index, **verdict.params)
            continue
        if verdict.repaired_near is not None:
            warnings.append(
                feature_error("geo.repaired", file, attributes, index, where=verdict.repaired_near)
            )
        kept[index] = verdict.geometry
    if problems:
        problems.sort(key=lambda pair: pair[0])
        errors = [error for _, error in problems]
        raise InputError(errors[0].key, problems=errors, **errors[0].params)
    return LayerRead(_frame(kind, attributes, kept), source_label, warnings)


def _out_of_range(geometries: numpy.ndarray) -> dict[int, str]:
    """Position in `geometries` -> first offending coordinate, for those not in degrees."""
    xy, owner = shapely.get_coordinates(geometries, return_index=True)
    bad = ~crs_rules.in_degrees(xy)
    found: dict[int, str] = {}
    for position, (x, y) in zip(owner[bad], xy[bad]):
        found.setdefault(int(position), crs_rules.format_xy(x, y))
    return found


def _frame(kind: str, attributes: Attributes, kept: dict) -> geopandas.GeoDataFrame:
    order = sorted(kept)
    if kind == "boundary":
        code = next((c for c in attributes.file_codes if c), "B01")
        name = next((n for n in attributes.names if n), None)
        union = shapely.union_all([kept[index] for index in order])
        columns = {"code": [code], "name": [name]}
        return _geodataframe(columns, [union])
    columns = {
        "code": [attributes.codes[index] for index in order],
        "name": [attributes.names[index] for index in order],
    }
    for column, values in attributes.extra.items():
        columns[column] = [values[index] for index in order]
    return _geodataframe(columns, [kept[index] for index in order])


def _geodataframe(columns: dict[str, list], geometries: list) -> geopandas.GeoDataFrame:
    """Text columns keep None for "not given" (object dtype, not pandas' NaN-filled str)."""
    data = {name: pandas.Series(values, dtype=object) for name, values in columns.items()}
    return geopandas.GeoDataFrame(data, geometry=geometries, crs="EPSG:4326")
