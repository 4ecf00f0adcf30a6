"""Opening a geometry file: which format, which layer, and the raw features inside.

Every failure of the file itself (missing, a folder, unknown suffix, empty, too large, damaged,
the wrong layer) becomes an InputError naming the file; pyogrio's exceptions are caught here and
nowhere else. Sizes and the feature count are checked before the features are read
(watershed.geo.limits).
"""

import functools
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy
import pandas
import pyogrio
import pyogrio.raw
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from watershed.errors import InputError, WatershedError
from watershed.geo.limits import Limits, megabytes
from watershed.geo.shapefiles import (check_sizes, dbf_codec, known_codec, parts_beside,
                                      require_parts, unzip_shapefile)

FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".zip": "Shapefile (.zip)",
    ".shp": "Shapefile",
    ".kml": "KML",
}
ACCEPTED = ", ".join(FORMATS)
_DRIVERS = {
    "GeoJSON": {"GeoJSON"},
    "GeoPackage": {"GPKG"},
    "Shapefile (.zip)": {"ESRI Shapefile"},
    "Shapefile": {"ESRI Shapefile"},
    "KML": {"LIBKML", "KML"},
}


@dataclass
class RawLayer:
    """The features of one layer as the file has them, before any checks."""

    attributes: pandas.DataFrame
    geometries: numpy.ndarray  # shapely geometries, None where the file has none
    damaged: numpy.ndarray  # True where the file has a geometry that cannot be parsed
    crs: str | None  # as GDAL reports it; None when the file does not say
    layer: str
    warnings: list[WatershedError] = field(default_factory=list)  # e.g. an unusual encoding


def check_file(path: Path, limits: Limits) -> str:
    """The format name of the file at `path`, or an InputError saying why it cannot be read."""
    file = path.name
    if not path.exists():
        raise InputError("geo.file_missing", file=file)
    if path.is_dir():
        raise InputError("geo.not_a_file", file=file)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError("geo.format_unsupported", file=file, formats=ACCEPTED)
    size = path.stat().st_size
    if size == 0:
        raise InputError("geo.file_empty", file=file)
    if size > limits.file_bytes:
        raise InputError("geo.file_too_large", file=file, size=megabytes(size),
                         limit=megabytes(limits.file_bytes))
    return FORMATS[suffix]


def choose_layer(names, layer, kind, file, count=None) -> str:
    """The layer to read: the one asked for; else the only one; else the one named after the
    kind (e.g. "channels"); else the only one with features. Otherwise ambiguous."""
    listed = ", ".join(names)
    if layer is not None:
        if layer in names:
            return layer
        raise InputError("geo.layer_unknown", file=file, layer=layer, layers=listed)
    if len(names) == 1:
        return names[0]
    for candidates in (
        [name for name in names if name.lower() == kind],
        [name for name in names if count is not None and count(name) != 0],
    ):
        if len(candidates) == 1:
            return candidates[0]
    raise InputError("geo.layer_ambiguous", file=file, layers=listed)


def open_layer(path, layer: str | None, kind: str, limits: Limits,
               encoding: str | None = None) -> RawLayer:
    """Read the chosen layer of the file at `path` (see read_layer for the formats).
    `encoding` (--encoding) is the text encoding of a Shapefile's .dbf."""
    path = Path(path)
    file = path.name
    fmt = check_file(path, limits)
    if encoding is not None and not fmt.startswith("Shapefile"):
        known_codec(encoding, file)  # a misspelt name is refused all the same
        raise InputError("geo.encoding_not_shapefile", file=file, format=fmt)
    if fmt == "Shapefile (.zip)":
        with tempfile.TemporaryDirectory(prefix="watershed-") as folder:
            chooser = functools.partial(choose_layer, layer=layer, kind=kind, file=file)
            shp, name = unzip_shapefile(path, chooser, Path(folder), limits)
            return _read_shapefile(shp, name, file, fmt, name, limits, encoding)
    if fmt == "Shapefile":
        name = choose_layer([path.stem], layer, kind, file)
        return _read_shapefile(path, name, file, fmt, path.stem, limits, encoding)
    return _read_dataset(path, layer, kind, fmt, limits)


def _read_shapefile(shp: Path, name: str, file: str, fmt: str, stem: str, limits: Limits,
                    encoding: str | None) -> RawLayer:
    parts = parts_beside(shp)
    require_parts(parts, stem, file)
    check_sizes(parts, file, limits)
    codec, warning = dbf_codec(parts, file, encoding)
    raw = _read(shp, None, name, file, fmt, codec, limits)
    raw.warnings += [warning] if warning is not None else []
    return raw


def _read_dataset(path: Path, layer, kind, fmt, limits: Limits) -> RawLayer:
    file = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            listed = pyogrio.list_layers(path)
    except (DataSourceError, DataLayerError) as error:
        raise InputError("geo.file_unreadable", file=file, format=fmt) from error
    names = [str(name) for name, geometry_type in listed if geometry_type is not None]
    if not names:
        raise InputError("geo.no_layers", file=file)

    def count(name):
        try:
            return pyogrio.read_info(path, layer=name)["features"]
        except (DataSourceError, DataLayerError):
            return -1

    name = choose_layer(names, layer, kind, file, count)
    return _read(path, name, name, file, fmt, None, limits)


def _read(path: Path, gdal_layer, name: str, file: str, fmt: str, encoding,
          limits: Limits) -> RawLayer:
    try:
        with warnings.catch_warnings():
            # GDAL's own warnings (e.g. "non closed ring") are not for the user; the checks
            # that follow say what is wrong in the user's terms.
            warnings.simplefilter("ignore", RuntimeWarning)
            info = pyogrio.read_info(path, layer=gdal_layer, encoding=encoding)
            if info["driver"] not in _DRIVERS[fmt]:
                raise InputError("geo.file_unreadable", file=file, format=fmt)
            if info["features"] > limits.features:
                raise InputError("geo.too_many_features", file=file, count=info["features"],
                                 limit=limits.features)
            meta, _, wkb, fields = pyogrio.raw.read(
                path, layer=gdal_layer, encoding=encoding, force_2d=True
            )
    except (DataSourceError, DataLayerError, UnicodeDecodeError) as error:
        raise InputError("geo.file_unreadable", file=file, format=fmt) from error
    if wkb is None:
        raise InputError("geo.no_layers", file=file)
    if len(wkb) == 0:
        raise InputError("geo.no_features", file=file, layer=name)
    present = numpy.array([blob is not None for blob in wkb], dtype=bool)
    geometries = shapely.from_wkb(wkb, on_invalid="ignore")
    damaged = present & shapely.is_missing(geometries)
    attributes = pandas.DataFrame(
        {field: values for field, values in zip(meta["fields"], fields)}, index=range(len(wkb))
    )
    return RawLayer(attributes, geometries, damaged, meta["crs"], name)
