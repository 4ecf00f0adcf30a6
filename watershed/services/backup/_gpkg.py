"""The backup as a GeoPackage: every table as a layer (a table with a geometry column as a
geometry layer in EPSG:4326, geometry type left open, nothing promoted to multi-part: a Polygon
stays a Polygon; any other as an attribute-only table), then the attribute table `_about` (the
reader finds it by name, whatever the order). The exact archive: no cell limit, every coordinate
as the database holds it.
"""

import itertools
from pathlib import Path

import geopandas
import pandas
import pyogrio

from watershed.services.backup._cells import to_geopackage
from watershed.services.backup._signing import SHEET

ABOUT = "_about"
BATCH = 10_000  # rows per write or read: a layer is never held whole
# but 200 of the manifest's lines (22 KB each: at 100 times the demo 10,000 of them were 220 MB,
# copied twice on the way into GDAL)
MANIFEST_BATCH = 200
DTYPES = {"int": "Int64", "float": "float64", "bool": "boolean"}  # nullable where pandas can


def _frame(columns, rows, geometry: str | None):
    data = {}
    for index, (column, column_kind, _) in enumerate(columns):
        if column == geometry:
            continue
        values = [to_geopackage(column_kind, row[index]) for row in rows]
        data[column] = pandas.array(values, dtype=DTYPES.get(column_kind, "object"))
    frame = pandas.DataFrame(data, columns=[c for c, _, _ in columns if c != geometry])
    if geometry is None:
        return frame
    at = [c for c, _, _ in columns].index(geometry)
    shapes = geopandas.GeoSeries([row[at] for row in rows], crs="EPSG:4326")
    return geopandas.GeoDataFrame(frame, geometry=shapes, crs="EPSG:4326")


def geometry_column(columns) -> str | None:
    """The layer's geometry: the table's first geometry column (others are kept as WKB hex)."""
    return next((column for column, column_kind, _ in columns if column_kind == "geometry"), None)


def write(path: Path, tables, about) -> None:
    """`tables`: (name, [(column, kind, nullable)], rows) for each table, rows as tuples, each
    layer written BATCH rows at a time as they come; then `about()`, the layer `_about`."""
    if path.exists():
        path.unlink()  # GDAL would otherwise add to the old file
    for name, columns, rows in tables:
        geometry = geometry_column(columns)
        options = {"GEOMETRY_NAME": geometry} if geometry else None
        rows, size = iter(rows), MANIFEST_BATCH if name == SHEET else BATCH
        for part in itertools.count():
            batch = list(itertools.islice(rows, size))
            if part and not batch:
                break
            pyogrio.write_dataframe(_frame(columns, batch, geometry), path, layer=name,
                                    driver="GPKG", geometry_type="Unknown" if geometry else None,
                                    promote_to_multi=False, layer_options=options,
                                    append=part > 0)
    values = about()
    about_frame = pandas.DataFrame({"key": list(values), "value": list(values.values())})
    pyogrio.write_dataframe(about_frame, path, layer=ABOUT, driver="GPKG")


class Reader:
    """A GeoPackage opened to be read a layer at a time (`rows`, BATCH features at a time by
    their feature id), never whole: its `about`, its `sheets` (layer -> header, the geometry
    under its column's name) and `long_cells` (none: a layer's cell has no limit). Any
    exception here means the file is not a GeoPackage this program wrote (or is damaged)."""

    long_cells: dict = {}

    def __init__(self, path: Path):
        self._path, self.sheets, self._info = path, {}, {}
        for name, _ in pyogrio.list_layers(path):
            info = pyogrio.read_info(path, layer=name)
            geometry = (info["geometry_name"] or "geom") if info["geometry_type"] else None
            self.sheets[name] = [*info["fields"], *([geometry] if geometry else [])]
            self._info[name] = info["fid_column"] or "fid", geometry
        about = self.sheets.pop(ABOUT, None)
        rows = self.rows(ABOUT) if about == ["key", "value"] else ()
        self.about = {str(k): "" if v is None else str(v) for k, v in rows}

    def rows(self, layer: str):
        """The layer's rows as lists, in the order of their feature ids."""
        fid, geometry = self._info[layer]
        size, after = MANIFEST_BATCH if layer == SHEET else BATCH, None
        while True:
            where = None if after is None else f'"{fid}" > {after}'
            frame = pyogrio.read_dataframe(self._path, layer=layer, where=where,
                                           max_features=size, fid_as_index=True)
            if not len(frame):
                return
            after = int(frame.index[-1])
            header = [column for column in frame.columns if column != "geometry"]
            values = frame[header].astype(object).where(frame[header].notna(), None)
            records = [list(row) for row in values.itertuples(index=False, name=None)]
            if geometry:
                for record, shape in zip(records, frame.geometry):
                    record.append(shape)
            yield from records

    def close(self) -> None:
        pass
