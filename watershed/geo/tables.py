"""Spreadsheets as text: a CSV or .xlsx file read into a header and rows of stripped strings.

Every cell is text, so codes like 007 keep their zeros. A CSV may be UTF-8 (with or without a
BOM) or GBK/GB18030, as Excel on Chinese Windows saves it; it is decoded strictly, and separated
by commas, tabs or semicolons, whichever the header line uses most. Of an .xlsx the first sheet is
read, with the values Excel last computed for formulas (no formula is evaluated here).
Rows are numbered as the spreadsheet shows them (the header is row 1 unless blank rows precede it).
"""

import codecs
import contextlib
import csv
import datetime
import gc
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy
import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from watershed.errors import InputError

SUFFIXES = (".csv", ".xlsx")


@dataclass
class Table:
    """The rows below the header, blank ones left out, as arrays so that a caller can check a
    whole column at once: a register may have hundreds of thousands of rows."""

    file: str  # the file's name, for messages
    header: list[str]
    numbers: numpy.ndarray  # int: each row's number as the spreadsheet shows it
    cells: numpy.ndarray  # str objects, one line per row and one column per header cell;
    # a row shorter than the header is padded with "", one longer is cut to the header's width
    used: numpy.ndarray  # int: how many cells each row uses, up to its last non-blank one;
    # more than the header's width when the row goes on past the header
    separated: bool  # True for CSV: a row longer than the header is a mistake there


# Characters below 32 other than tab, CR and LF: a binary file, not a table.
_CONTROL = bytes(code for code in range(32) if chr(code) not in "\t\r\n")
# str.strip for every cell of an array; frompyfunc calls it from C, so it is fast and strips
# exactly what Python strips (all Unicode white space).
_strip = numpy.frompyfunc(str.strip, 1, 1)


def _decode(data: bytes, file: str) -> str:
    # Looked for in the bytes, which is quicker and means the same: in UTF-8 and GB18030 alike a
    # byte below 32 is always that control character itself, never part of a longer character.
    if len(data.translate(None, _CONTROL)) < len(data):
        raise InputError("households.not_text", file=file)
    if data.startswith(codecs.BOM_UTF8):
        candidates, data = ("utf-8",), data[len(codecs.BOM_UTF8) :]
    else:
        candidates = ("utf-8", "gb18030")
    for codec in candidates:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise InputError("households.not_text", file=file)


def _csv_rows(path: Path) -> tuple[list[list[str]], bool]:
    """The rows as the csv module splits them, cells not yet stripped."""
    text = _decode(path.read_bytes(), path.name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), True


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(path: Path) -> tuple[list[list[str]], bool]:
    try:
        with warnings.catch_warnings():  # e.g. "Workbook contains no default style"
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    # Not a zip; a zip without the workbook parts; damaged XML inside (ElementTree, or lxml
    # whose errors are SyntaxErrors too); openpyxl's own refusal.
    except (zipfile.BadZipFile, KeyError, IndexError, ParseError, SyntaxError,
            InvalidFileException) as error:
        raise InputError("households.not_xlsx", file=path.name) from error
    return rows, False


def read_table(path) -> Table:
    """The header and non-blank rows of the CSV or .xlsx at `path`."""
    path = Path(path)
    file = path.name
    if not path.exists():
        raise InputError("households.file_missing", file=file)
    if path.is_dir():
        raise InputError("households.not_a_file", file=file)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError("households.format_unsupported", file=file)
    if path.stat().st_size == 0:
        raise InputError("households.file_empty", file=file)
    reader = _csv_rows if path.suffix.lower() == ".csv" else _xlsx_rows
    with _collector_paused():
        rows, separated = reader(path)
        for index, row in enumerate(rows):
            header = [cell.strip() for cell in row]
            if any(header):
                break
        else:
            raise InputError("households.file_empty", file=file)
        numbers, cells, used = _body(rows[index + 1 :], len(header))
    return Table(file, header, numbers + index + 1, cells, used, separated)


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic garbage collector held off: reading makes a list per row, none of them in
    a cycle, and the collector would walk the growing pile of them again and again (a third of
    the time for a large register). It is switched back on only if it was on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _body(rows: list[list[str]], width: int) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Numbers (counting these rows from 1), stripped cells and cells used of the non-blank rows."""
    lengths = numpy.fromiter(map(len, rows), dtype=int, count=len(rows))
    odd = numpy.flatnonzero(lengths != width).tolist()
    # The cells a row uses past the header are looked at before the row is cut to fit.
    beyond = {
        position: max((n + 1 for n, cell in enumerate(rows[position]) if cell.strip()), default=0)
        for position in odd if lengths[position] > width
    }
    if odd:  # only the rows not of the header's width are copied, padded or cut
        rows = list(rows)
        for position in odd:
            rows[position] = (rows[position] + [""] * width)[:width]
    cells = _strip(numpy.array(rows, dtype=object).reshape(len(rows), width))
    filled = cells != ""
    # Counted from the right, the first filled cell found is the row's last one.
    used = numpy.where(filled.any(axis=1), width - filled[:, ::-1].argmax(axis=1), 0)
    for position, count in beyond.items():
        used[position] = count
    kept = used > 0
    return numpy.arange(1, len(rows) + 1)[kept], cells[kept], used[kept]


def normal_header(header: str) -> str:
    """A column title as compared with the accepted names: trimmed, lower case, spaces and
    hyphens as underscores ("Bank M" and "bank-m" are "bank_m")."""
    return re.sub(r"[\s\-]+", "_", header.strip().lower())



@dataclass(frozen=True)
class Columns:
    """The columns a table import accepts: each column's accepted titles (the first is its English
    name), which columns are required, and the catalogue area of the refusals
    (`<area>.missing_columns`, `<area>.duplicate_column`)."""

    names: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    area: str

    def accepted(self, columns=None) -> str:
        """How to write the columns, e.g. "code|户编号, head_name|户主"."""
        return ", ".join("|".join(self.names[column]) for column in columns or self.names)

    def locate(self, header: list[str], file: str) -> dict[str, int]:
        """Column -> its position in the rows; every missing or doubled column refused at once."""
        aliases = {normal_header(name): column for column, names in self.names.items()
                   for name in names}
        found: dict[str, int] = {}
        problems = []
        for position, title in enumerate(header):
            column = aliases.get(normal_header(title))
            if column is None:
                continue
            if column in found:
                problems.append(InputError(f"{self.area}.duplicate_column", file=file,
                                           column=self.accepted([column]),
                                           first=header[found[column]], second=title))
            else:
                found[column] = position
        missing = [column for column in self.required if column not in found]
        if missing:
            problems.insert(0, InputError(f"{self.area}.missing_columns", file=file,
                                          columns=self.accepted(missing), accepted=self.accepted()))
        if problems:
            raise InputError(problems[0].key, problems=problems, **problems[0].params)
        return found
