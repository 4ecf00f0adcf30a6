"""Spreadsheets as text: a CSV or .xlsx file read into a header and rows of stripped strings.

Every cell is text, so codes like 007 keep their zeros. A CSV may be UTF-8 (with or without a
BOM) or GBK/GB18030, as Excel on Chinese Windows saves it; it is decoded strictly, and separated
by commas, tabs or semicolons, whichever the header line uses most. Of an .xlsx the first sheet is
read, with the values Excel last computed for formulas (no formula is evaluated here).
Rows are numbered as the spreadsheet shows them (the header is row 1 unless blank rows precede it).
"""

import codecs
import csv
import datetime
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from watershed.errors import InputError

SUFFIXES = (".csv", ".xlsx")


@dataclass
class Table:
    file: str  # the file's name, for messages
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number, cells), blank rows left out
    separated: bool  # True for CSV: a row longer than the header is a mistake there


def _decode(data: bytes, file: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        candidates, data = ("utf-8",), data[len(codecs.BOM_UTF8) :]
    else:
        candidates = ("utf-8", "gb18030")
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            break  # control characters: a binary file, not a table
        return text
    raise InputError("households.not_text", file=file)


def _csv_rows(path: Path) -> tuple[list[list[str]], bool]:
    text = _decode(path.read_bytes(), path.name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [[cell.strip() for cell in row] for row in rows], True


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
    rows, separated = reader(path)
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(row)]
    if not numbered:
        raise InputError("households.file_empty", file=file)
    (_, header), body = numbered[0], numbered[1:]
    return Table(file, header, body, separated)
