"""Writing layers to files: GeoPackage, GeoJSON, XLSX.

Spreadsheet cells are written as text, never as formulas: a household head "named"
=HYPERLINK(...) must not become a live link in a clerk's Excel (CWE-1236).
"""

from pathlib import Path

import geopandas
import pandas

from watershed.errors import InputError

# suffix -> whether one file holds several layers
FORMATS = {".gpkg": True, ".geojson": False, ".xlsx": True}
# xlsxwriter options for every spreadsheet the program writes: text stays text (no live formula,
# no link, no phone number turned into a number).
TEXT_ONLY = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def _frame(records: list[dict], geometries: list) -> geopandas.GeoDataFrame:
    return geopandas.GeoDataFrame(pandas.DataFrame.from_records(records), geometry=geometries,
                                  crs="EPSG:4326")


def write_layers(path: Path, layers: dict[str, tuple[list[dict], list]]) -> None:
    """`layers` maps a layer name to (records, geometries in EPSG:4326)."""
    suffix = path.suffix.lower()
    if path.exists() and path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        with pandas.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": TEXT_ONLY}) as book:
            for name, (records, _) in layers.items():
                pandas.DataFrame.from_records(records).to_excel(book, sheet_name=name, index=False)
        return
    if path.exists():
        path.unlink()  # GeoPackage would otherwise append to an old file
    driver = "GPKG" if suffix == ".gpkg" else "GeoJSON"
    for name, (records, geometries) in layers.items():
        _frame(records, geometries).to_file(path, layer=name, driver=driver, engine="pyogrio")
