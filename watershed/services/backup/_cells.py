"""How each column's values are written into a backup file and read back, exactly.

Every column falls in one kind (by its SQLAlchemy type); the coverage test fails if a table
gets a column of a type that has no kind here. The workbook keeps values as typed: numbers as
numbers (a float that needs more than 15 significant digits, which a spreadsheet program saving
the workbook would round, as text with every digit repr gives), dates as Excel
dates, times as ISO-8601 text to the microsecond (a spreadsheet program re-saving a date-time
cell rounds it: openpyxl to the millisecond, Excel to 15 digits), booleans as booleans, JSON as
JSON text, geometry as WKT with full precision. The GeoPackage keeps numbers
and booleans as such, dates and times as ISO-8601 text with microseconds (GeoPackage stores its
DATE and DATETIME as text anyway, but GDAL would cut them to milliseconds), JSON as text, the
table's one geometry as the layer's geometry (a second geometry column, if one ever comes, as WKB
hex text).
"""

import json
import math
from datetime import date, datetime, timedelta

import shapely
from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, String, Text

from watershed.store.geometry import Geometry
from watershed.store.tables import Base

EXCEL_EPOCH = datetime(1899, 12, 30)
DAY_US = 86_400_000_000
EXACT_INT = 10**15  # integers beyond this are written as text (a spreadsheet keeps 15 digits)


def kind(column: Column) -> str | None:
    """geometry | json | bool | int | float | date | datetime | text, or None (not covered)."""
    kinds = ((Geometry, "geometry"), (JSON, "json"), (Boolean, "bool"), (Integer, "int"),
             (Float, "float"), (DateTime, "datetime"), (Date, "date"), (String, "text"),
             (Text, "text"))
    for type_, name in kinds:
        if isinstance(column.type, type_):
            return name
    return None


def _serial(value: datetime) -> float:
    return (value - EXCEL_EPOCH) / timedelta(days=1)  # integer microseconds divided: exact rounding


def _from_serial(value) -> datetime:
    numerator, denominator = float(value).as_integer_ratio()  # exact, then rounded once
    return EXCEL_EPOCH + timedelta(microseconds=(2 * numerator * DAY_US + denominator)
                                   // (2 * denominator))


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def to_workbook(column_kind: str, value):
    """A value as the workbook cell holds it (str, bool, int or float; dates as Excel serial
    numbers: the writer gives them a date format)."""
    if value is None:
        return None
    if column_kind == "geometry":
        return shapely.to_wkt(value, rounding_precision=-1)
    if column_kind == "json":
        return _json_text(value)
    if column_kind == "bool":
        return bool(value)
    if column_kind == "int":
        return int(value) if abs(value) < EXACT_INT else str(value)
    if column_kind == "float":
        value = float(value)
        # A spreadsheet program saving the workbook again keeps 15 significant digits (Excel) or
        # 16 (openpyxl): a float that needs more is written as text with all of them, so that
        # a workbook saved again unchanged still holds every value the manifest signed.
        return value if math.isfinite(value) and float(f"{value:.15g}") == value else repr(value)
    if column_kind == "datetime":
        return value.isoformat(sep=" ", timespec="microseconds")
    if column_kind == "date":
        return _serial(datetime(value.year, value.month, value.day))
    return str(value)


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    return value


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number")
    return value


def _integer(value) -> int:
    if type(value) is int:
        return value
    if isinstance(value, str):
        return int(value)
    number = _number(value.item() if hasattr(value, "item") else value)
    if number != int(number):
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def _boolean(value) -> bool:
    if type(value) is bool:
        return value
    raise ValueError(f"{value!r} is not TRUE or FALSE")


def _numeric_bool(value) -> bool:
    if value in (True, False, 0, 1):
        return bool(value)
    raise ValueError(f"{value!r} is not true or false")


def _moment(value) -> datetime:
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return _from_serial(_number(value))  # a date-time cell, as a person might type one


def _wkb_or_shape(value):
    return value if isinstance(value, shapely.Geometry) else shapely.from_wkb(_text(value))


# kind -> how a non-null cell becomes the column's value; each raises ValueError or TypeError
# for a cell that cannot be this column's. The workbook's dates come as Excel serial numbers.
FROM_WORKBOOK = {
    "geometry": lambda value: shapely.from_wkt(_text(value)),
    "json": lambda value: json.loads(_text(value)),
    "bool": _boolean,
    "int": _integer,
    "float": lambda value: float(value) if isinstance(value, str) else float(_number(value)),
    "datetime": _moment,
    "date": lambda value: _from_serial(_number(value)).date(),
    "text": _text,
}
FROM_GEOPACKAGE = {
    "geometry": _wkb_or_shape,
    "json": lambda value: json.loads(_text(value)),
    "bool": _numeric_bool,
    "int": _integer,
    "float": float,
    "datetime": lambda value: datetime.fromisoformat(_text(value)),
    "date": lambda value: date.fromisoformat(_text(value)),
    "text": _text,
}


def to_geopackage(column_kind: str, value):
    """A value as the GeoPackage column holds it (the layer geometry is handled apart)."""
    if value is None:
        return None
    if column_kind == "geometry":
        return shapely.to_wkb(value, hex=True)
    if column_kind == "json":
        return _json_text(value)
    if column_kind in ("datetime", "date"):
        return value.isoformat()
    return value


def tables():
    """Every table that holds a record, parents before children (not the login sessions)."""
    return [table for table in Base.metadata.sorted_tables if table.info.get("backup", True)]


def columns(table) -> list[tuple[str, str, bool]]:
    """(name, kind, nullable) of each column; a column of a type without a kind is a bug."""
    found = [(column.name, kind(column), bool(column.nullable)) for column in table.columns]
    missing = [name for name, column_kind, _ in found if column_kind is None]
    if missing:
        raise RuntimeError(f"_cells.py has no kind for {table.name}.{', '.join(missing)}")
    return found


def key_positions(table) -> list[int]:
    names = [column.name for column in table.columns]
    return [names.index(column.name) for column in table.primary_key.columns]
