"""The household register: one row per household, from a CSV or .xlsx file.

    read_households(path, encoding=None) -> pandas.DataFrame
        columns: code, head_name, group, village, phone, members, lon, lat
    read_register(path, encoding=None) -> Register: the same, with the encoding a CSV was read in

Headers are English (any case, spaces or "-" for "_") or Chinese; the first row is the header.
Required: code, head_name, group, village, members. Optional: phone, lon, lat. Every problem
is collected; the InputError raised names the first and holds all of them in `problems`.
"""

import math
import re
from dataclasses import dataclass

import numpy
import pandas

from watershed.domain.numbers import NumberError, parse
from watershed.errors import InputError
from watershed.geo.encoding import label
from watershed.geo.limits import Limits
from watershed.geo.tables import Columns, Table, read_table

COLUMNS = ("code", "head_name", "group", "village", "phone", "members", "lon", "lat")
REQUIRED = ("code", "head_name", "group", "village", "members")
HEADERS = {  # simplified, then traditional (a Big5 file cannot spell the simplified ones)
    "code": ("code", "户编号", "戶編號"),
    "head_name": ("head_name", "户主", "戶主"),
    "group": ("group", "村民小组", "村民小組"),
    "village": ("village", "村/社区", "村社区", "村（社区）", "村(社区)", "村/社區", "村社區"),
    "phone": ("phone", "电话", "電話"),
    "members": ("members", "人口"),
    "lon": ("lon", "lng", "longitude", "经度", "經度"),
    "lat": ("lat", "latitude", "纬度", "緯度"),
}
MAX_MEMBERS = 30
PHONE_DIGITS = (7, 15)
SPEC = Columns(HEADERS, REQUIRED, "households")


def _number(text: str) -> float:
    """The number `text` spells as people type them (watershed.domain.numbers: "３" and "1,000"
    count, "1_000" and "nan" do not), else NaN."""
    try:
        return float(parse(text))
    except NumberError:
        return math.nan


def _numbers(texts: numpy.ndarray) -> numpy.ndarray:
    # Each distinct text is read once: member counts repeat a lot.
    positions, distinct = pandas.factorize(texts)
    return numpy.array([_number(text) for text in distinct], dtype=float)[positions]


def _matches(search, texts: numpy.ndarray) -> numpy.ndarray:
    """Whether `search` (a compiled pattern's search or fullmatch) finds anything, text by text."""
    return numpy.array([found is not None for found in map(search, texts)], dtype=bool)


_SPACE = re.compile(r"\s")  # the same white space as str.isspace
_PHONE = re.compile(r"[0-9 +\-]+")
_NOT_DIGITS = str.maketrans("", "", " +-")  # all a well-formed phone holds besides digits


class _Checker:
    """Checks every row of a register, a whole column at a time.

    The problems are listed as a row-by-row reading meets them: by row, then by step, the
    order of the checks within a row. Only failing rows become InputErrors, so a clean register
    of any size costs little here.
    """

    # The steps, in the order a row is checked.
    TOO_LONG, BLANK, CODE, MEMBERS, HALF, LON, LAT, PHONE = 0, 1, 6, 7, 8, 9, 10, 11

    def __init__(self, table: Table, found: dict[str, int]):
        self.file, self.header, self.found = table.file, table.header, found
        self.numbers = table.numbers
        self.count = len(table.numbers)
        self.found_problems: list[tuple[int, int, InputError]] = []
        empty = numpy.full(self.count, "", dtype=object)
        self.text = {
            column: table.cells[:, found[column]] if column in found else empty
            for column in COLUMNS
        }
        too_long = table.used > len(self.header) if table.separated else (
            numpy.zeros(self.count, dtype=bool)
        )
        self.refuse(self.TOO_LONG, "households.row_too_long", too_long,
                    cells=table.used, columns=len(self.header))
        # A row too long is not checked any further, so it counts as giving nothing.
        self.given = {column: ~too_long & (self.text[column] != "") for column in COLUMNS}
        self.checked = ~too_long

    def refuse(self, step: int, key: str, failing: numpy.ndarray, column: str | None = None,
               **params) -> None:
        """One `key` problem for each row where `failing` is true; a parameter given as an
        array holds one value per row."""
        positions = numpy.flatnonzero(failing)
        if not len(positions):
            return
        # .tolist() turns numpy's numbers into Python's, as a row-by-row reading gave them.
        each = {
            name: value[positions].tolist()
            for name, value in params.items() if isinstance(value, numpy.ndarray)
        }
        if column is not None:
            params["column"] = self.header[self.found[column]]
        rows = self.numbers[positions].tolist()
        for index, position in enumerate(positions.tolist()):
            own = {name: values[index] for name, values in each.items()}
            problem = InputError(key, file=self.file, row=rows[index], **{**params, **own})
            self.found_problems.append((position, step, problem))

    def raise_any(self) -> None:
        if self.found_problems:
            self.found_problems.sort(key=lambda found: found[:2])
            problems = [problem for _, _, problem in self.found_problems]
            raise InputError(problems[0].key, problems=problems, **problems[0].params)

    def blanks(self) -> None:
        for step, column in enumerate(REQUIRED, start=self.BLANK):
            self.refuse(step, "households.blank", self.checked & ~self.given[column], column)

    def codes(self) -> None:
        code = self.text["code"]
        spaced = self.given["code"] & _matches(_SPACE.search, code)
        self.refuse(self.CODE, "households.code_whitespace", spaced, code=code)
        kept = self.given["code"] & ~spaced  # the codes a later row may not repeat
        repeated = numpy.zeros(self.count, dtype=bool)
        repeated[kept] = pandas.Series(code[kept], dtype=object).duplicated().to_numpy()
        if repeated.any():
            # Read backwards, so that the first row of each code is the one remembered.
            first_rows = dict(zip(code[kept][::-1], self.numbers[kept][::-1].tolist()))
            first = numpy.zeros(self.count, dtype=int)
            first[repeated] = [first_rows[each] for each in code[repeated]]
            self.refuse(self.CODE, "households.code_duplicate", repeated, code=code, first=first)

    def members(self) -> numpy.ndarray:
        text, given = self.text["members"], self.given["members"]
        members = _numbers(text)
        whole = members == numpy.floor(members)  # NaN, for not a number, is not whole
        in_range = (members >= 1) & (members <= MAX_MEMBERS)
        self.refuse(self.MEMBERS, "households.members_not_whole", given & ~whole, "members",
                    value=text)
        self.refuse(self.MEMBERS, "households.members_range", given & whole & ~in_range,
                    "members", value=text)
        return members

    def position(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Longitudes and latitudes; NaN where both were left blank."""
        given, text, header, found = self.given, self.text, self.header, self.found
        for present, missing in (("lon", "lat"), ("lat", "lon")):
            if present in found:
                missing_title = header[found[missing]] if missing in found else (
                    SPEC.accepted([missing])
                )
                self.refuse(self.HALF, "households.coordinate_half",
                            given[present] & ~given[missing],
                            present=header[found[present]], missing=missing_title)
        both = given["lon"] & given["lat"]
        numbers = {"lon": _numbers(text["lon"]), "lat": _numbers(text["lat"])}
        for step, column, limit, key in (
            (self.LON, "lon", 180, "households.longitude_range"),
            (self.LAT, "lat", 90, "households.latitude_range"),
        ):
            number = numbers[column]
            self.refuse(step, "households.coordinate_not_number", both & numpy.isnan(number),
                        column, value=text[column])
            self.refuse(step, key, both & (numpy.abs(number) > limit), column,
                        value=text[column])
        return numbers["lon"], numbers["lat"]

    def phones(self) -> None:
        phone, given = self.text["phone"], self.given["phone"]
        well_formed = given & _matches(_PHONE.fullmatch, phone)
        self.refuse(self.PHONE, "households.phone_characters", given & ~well_formed, "phone",
                    value=phone)
        # A phone of digits alone has as many digits as characters; only the others are counted.
        digits = numpy.fromiter(map(len, phone), dtype=int, count=self.count)
        separated = well_formed & ~numpy.fromiter(map(str.isdigit, phone), bool, self.count)
        digits[separated] = [len(each.translate(_NOT_DIGITS)) for each in phone[separated]]
        wrong_length = (digits < PHONE_DIGITS[0]) | (digits > PHONE_DIGITS[1])
        self.refuse(self.PHONE, "households.phone_length", well_formed & wrong_length, "phone",
                    value=phone, digits=digits)


@dataclass
class Register:
    households: pandas.DataFrame
    encoding: str | None  # how a CSV was read, as people name it ("GBK", "Big5"); None: .xlsx


def read_households(path, *, encoding: str | None = None,
                    limits: Limits | None = None) -> pandas.DataFrame:
    """The households in the CSV or .xlsx at `path`, checked; see the module docstring."""
    return read_register(path, encoding=encoding, limits=limits).households


def read_register(path, *, encoding: str | None = None, limits: Limits | None = None) -> Register:
    """read_households, and the encoding the file was read in; `encoding` (a CSV's, e.g. "GBK")
    overrides detection (watershed.geo.encoding)."""
    table = read_table(path, encoding=encoding, limits=limits)
    found = SPEC.locate(table.header, table.file)
    if not len(table.numbers):
        raise InputError("households.no_rows", file=table.file)
    checker = _Checker(table, found)
    checker.blanks()
    checker.codes()
    members = checker.members()
    lon, lat = checker.position()
    checker.phones()
    checker.raise_any()
    text = checker.text
    households = pandas.DataFrame({
        **{column: text[column] for column in ("code", "head_name", "group", "village", "phone")},
        "members": members.astype("int64"),  # every row passed, so each is a whole number
        "lon": lon,
        "lat": lat,
    })
    codec = table.encoding
    return Register(households, None if codec is None else label(codec.removesuffix("-sig")))
