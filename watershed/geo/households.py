"""The household register: one row per household, from a CSV or .xlsx file.

    read_households(path) -> pandas.DataFrame
        columns: code, head_name, group, village, phone, members, lon, lat

Headers are English (any case, spaces or "-" for "_") or Chinese; the first row is the header.
Required: code, head_name, group, village, members. Optional: phone, lon, lat. Every problem
is collected; the InputError raised names the first and holds all of them in `problems`.
"""

import math
import re

import pandas

from watershed.errors import InputError
from watershed.geo.tables import read_table

COLUMNS = ("code", "head_name", "group", "village", "phone", "members", "lon", "lat")
REQUIRED = ("code", "head_name", "group", "village", "members")
HEADERS = {
    "code": ("code", "户编号"),
    "head_name": ("head_name", "户主"),
    "group": ("group", "村民小组"),
    "village": ("village", "村/社区", "村社区", "村（社区）", "村(社区)"),
    "phone": ("phone", "电话"),
    "members": ("members", "人口"),
    "lon": ("lon", "lng", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
}
MAX_MEMBERS = 30
PHONE_DIGITS = (7, 15)
_ALIASES = {alias: column for column, aliases in HEADERS.items() for alias in aliases}


def _accepted(columns) -> str:
    return ", ".join(f"{column}|{'|'.join(HEADERS[column][1:])}" for column in columns)


def _normal(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _locate(header: list[str], file: str) -> dict[str, int]:
    """Column -> position in the row; refuses missing and doubled columns."""
    found: dict[str, int] = {}
    problems = []
    for position, title in enumerate(header):
        column = _ALIASES.get(_normal(title))
        if column is None:
            continue
        if column in found:
            problems.append(InputError(
                "households.duplicate_column", file=file, column=_accepted([column]),
                first=header[found[column]], second=title,
            ))
        else:
            found[column] = position
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        problems.insert(0, InputError(
            "households.missing_columns", file=file, columns=_accepted(missing),
            accepted=_accepted(COLUMNS),
        ))
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)
    return found


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _RowChecker:
    def __init__(self, file: str, header: list[str], found: dict[str, int]):
        self.file, self.header, self.found = file, header, found
        self.problems: list[InputError] = []
        self.first_row: dict[str, int] = {}

    def refuse(self, key: str, row: int, column: str | None = None, **params) -> None:
        if column is not None:
            params["column"] = self.header[self.found[column]]
        self.problems.append(InputError(key, file=self.file, row=row, **params))

    def check(self, row: int, value: dict[str, str]) -> dict | None:
        count = len(self.problems)
        for column in REQUIRED:
            if not value[column]:
                self.refuse("households.blank", row, column)
        code = value["code"]
        if code and any(c.isspace() for c in code):
            self.refuse("households.code_whitespace", row, code=code)
        elif code in self.first_row:
            self.refuse("households.code_duplicate", row, code=code, first=self.first_row[code])
        elif code:
            self.first_row[code] = row
        members = self._members(row, value["members"])
        lon, lat = self._position(row, value["lon"], value["lat"])
        self._phone(row, value["phone"])
        if len(self.problems) > count:
            return None
        return {**value, "members": members, "lon": lon, "lat": lat}

    def _members(self, row: int, text: str) -> int | None:
        if not text:
            return None
        number = _number(text)
        if number is None or not number.is_integer():
            self.refuse("households.members_not_whole", row, "members", value=text)
        elif not 1 <= number <= MAX_MEMBERS:
            self.refuse("households.members_range", row, "members", value=text)
        else:
            return int(number)
        return None

    def _position(self, row: int, lon_text: str, lat_text: str) -> tuple[float, float]:
        if not lon_text and not lat_text:
            return math.nan, math.nan
        if not lon_text or not lat_text:
            present, missing = ("lon", "lat") if lon_text else ("lat", "lon")
            present_title = self.header[self.found[present]]
            missing_title = self.header[self.found[missing]] if missing in self.found else (
                _accepted([missing])
            )
            self.refuse("households.coordinate_half", row, present=present_title,
                        missing=missing_title)
            return math.nan, math.nan
        lon, lat = _number(lon_text), _number(lat_text)
        for column, text, number, limit, key in (
            ("lon", lon_text, lon, 180, "households.longitude_range"),
            ("lat", lat_text, lat, 90, "households.latitude_range"),
        ):
            if number is None:
                self.refuse("households.coordinate_not_number", row, column, value=text)
            elif abs(number) > limit:
                self.refuse(key, row, column, value=text)
        return lon, lat

    def _phone(self, row: int, text: str) -> None:
        if not text:
            return
        if not re.fullmatch(r"[0-9 +\-]+", text):
            self.refuse("households.phone_characters", row, "phone", value=text)
            return
        digits = sum(c.isdigit() for c in text)
        if not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
            self.refuse("households.phone_length", row, "phone", value=text, digits=digits)


def read_households(path) -> pandas.DataFrame:
    """The households in the CSV or .xlsx at `path`, checked; see the module docstring."""
    table = read_table(path)
    file = table.file
    found = _locate(table.header, file)
    if not table.rows:
        raise InputError("households.no_rows", file=file)
    checker = _RowChecker(file, table.header, found)
    records = []
    for row, cells in table.rows:
        if table.separated and any(cells[len(table.header):]):
            used = max(position for position, cell in enumerate(cells) if cell) + 1
            checker.refuse("households.row_too_long", row, cells=used, columns=len(table.header))
            continue
        value = {
            column: cells[found[column]] if column in found and found[column] < len(cells) else ""
            for column in COLUMNS
        }
        record = checker.check(row, value)
        if record is not None:
            records.append(record)
    if checker.problems:
        first = checker.problems[0]
        raise InputError(first.key, problems=checker.problems, **first.params)
    frame = pandas.DataFrame.from_records(records, columns=list(COLUMNS))
    return frame.astype({"members": "int64", "lon": "float64", "lat": "float64"})
