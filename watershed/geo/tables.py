"""Spreadsheets as text: a CSV or .xlsx file read into a header and rows of stripped strings.

Every cell is text, so codes like 007 keep their zeros. A CSV may be UTF-8 (with or without a
BOM), GBK/GB18030 as Excel on Chinese Windows saves it, or Big5 or Shift-JIS: the encoding is
detected (watershed.geo.encoding) unless given, and the text is decoded strictly. It is
separated by commas, tabs or semicolons, whichever the header line uses most. Of an .xlsx the
first sheet is read, with the values Excel last computed for formulas (no formula is evaluated
here). Rows are numbered as the spreadsheet shows them (the header is row 1 unless blank rows
precede it).

Both are streamed and held to watershed.geo.limits: the file's size first; of an .xlsx, its
zip directory (members, unpacked sizes) and the sheet's stated dimension before any row is
read; then rows, columns, cells and the length of each cell as the rows come in, so an
oversized table is refused after at most the allowed rows, never after all of them.
"""

import codecs
import contextlib
import csv
import datetime
import gc
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
from watershed.geo import encoding as text_codecs
from watershed.geo.limits import Limits, current as current_limits, megabytes

SUFFIXES = (".csv", ".xlsx")
# Rows turned into arrays at a time: the lists of one block are all that is held as lists.
_BLOCK = 50_000
# Bytes of a CSV its encoding is judged by (every byte is still decoded strictly).
_SAMPLE = 256 * 1024


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
    encoding: str | None = None  # the codec a CSV was read with (None for .xlsx)


# Characters below 32 other than tab, CR and LF: a binary file, not a table.
_CONTROL = bytes(code for code in range(32) if chr(code) not in "\t\r\n")
# str.strip for every cell of an array; frompyfunc calls it from C, so it is fast and strips
# exactly what Python strips (all Unicode white space).
_strip = numpy.frompyfunc(str.strip, 1, 1)
_length = numpy.frompyfunc(len, 1, 1)


def _sample_and_check(path: Path, file: str) -> bytes:
    """The first bytes of the CSV, after a pass over all of them for control characters.

    Looked for in the bytes, which is quicker and means the same: in every candidate encoding a
    byte below 32 is always that control character itself, never part of a longer character."""
    sample = b""
    with open(path, "rb") as raw:
        while block := raw.read(1 << 20):
            if len(block.translate(None, _CONTROL)) < len(block):
                raise InputError("households.not_text", file=file)
            sample = sample or block[:_SAMPLE]
    return sample


def _codecs(sample: bytes, encoding: str | None, file: str) -> list[str]:
    """The codecs to try, the likeliest first."""
    if encoding is not None:
        codec = text_codecs.codec_from_cpg(encoding)
        if codec is None:
            raise InputError("table.encoding_unknown", file=file, encoding=encoding,
                             known=", ".join(text_codecs.LABELS.values()))
        return [codec]
    if sample.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    return [found.codec for found in text_codecs.readings([sample])]


def _csv_rows(path: Path, limits: Limits, encoding: str | None):
    """(codec, the rows as the csv module splits them, cells not yet stripped)."""
    file = path.name
    sample = _sample_and_check(path, file)
    for codec in _codecs(sample, encoding, file):
        try:
            # A first pass that only decodes: a later failure must not leave rows half read.
            with open(path, encoding=codec, errors="strict", newline="") as text:
                while text.read(1 << 20):
                    pass
        except UnicodeDecodeError:
            continue
        return codec, _split(path, codec, sample, limits)
    if encoding is not None:
        raise InputError("table.encoding_mismatch", file=file, encoding=encoding)
    raise InputError("households.not_text", file=file)


def _split(path: Path, codec: str, sample: bytes, limits: Limits):
    file = path.name
    first = next((line for line in sample.decode(codec, errors="ignore").splitlines()
                  if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count)
    with open(path, encoding=codec, newline="") as text:
        reader = csv.reader(text, delimiter=delimiter)
        read = 0
        try:
            for row in reader:
                read += 1
                yield row
        except csv.Error as error:
            # "field larger than field limit (131072)": a cell far past limits.cell_chars,
            # mostly an unclosed quote running to the end of the file.
            if "field limit" not in str(error):
                raise InputError("households.not_text", file=file) from error
            raise InputError("table.cell_too_long", file=file, row=read + 1,
                             limit=limits.cell_chars) from error


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


def _check_workbook(path: Path, limits: Limits) -> None:
    """The zip directory of an .xlsx against the limits, before openpyxl opens it."""
    file = path.name
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    if len(members) > limits.zip_members:
        raise InputError("table.too_many_members", file=file, count=len(members),
                         limit=limits.zip_members)
    unpacked = sum(info.file_size for info in members)
    shared = sum(info.file_size for info in members
                 if info.filename.lower().endswith("sharedstrings.xml"))
    if unpacked > limits.sheet_bytes or shared > limits.shared_strings_bytes:
        raise InputError("table.unpacked_too_large", file=file, size=megabytes(unpacked),
                         limit=megabytes(limits.sheet_bytes))


def _xlsx_rows(path: Path, limits: Limits):
    file = path.name
    try:
        _check_workbook(path, limits)
        with warnings.catch_warnings():  # e.g. "Workbook contains no default style"
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # The dimension the sheet states (None if it states none): openpyxl would pad every
            # row to its width and fill its rows, so it is checked before any row is read.
            if (sheet.max_row or 0) > limits.rows + 1:
                raise InputError("table.too_many_rows", file=file, count=f"{sheet.max_row:,}",
                                 limit=f"{limits.rows:,}")
            if (sheet.max_column or 0) > limits.columns:
                raise InputError("table.too_many_columns", file=file, count=sheet.max_column,
                                 limit=limits.columns)
            for row in sheet.iter_rows(values_only=True):
                yield [cell_text(value) for value in row]
        finally:
            workbook.close()
    # Not a zip; a zip without the workbook parts; damaged XML inside (ElementTree, or lxml
    # whose errors are SyntaxErrors too); openpyxl's own refusal.
    except (zipfile.BadZipFile, KeyError, IndexError, ParseError, SyntaxError,
            InvalidFileException) as error:
        raise InputError("households.not_xlsx", file=file) from error


def read_table(path, *, encoding: str | None = None, limits: Limits | None = None) -> Table:
    """The header and non-blank rows of the CSV or .xlsx at `path`; `encoding` (a CSV's, e.g.
    "GBK") overrides detection."""
    path = Path(path)
    file = path.name
    limits = limits or current_limits()
    if not path.exists():
        raise InputError("households.file_missing", file=file)
    if path.is_dir():
        raise InputError("households.not_a_file", file=file)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError("households.format_unsupported", file=file)
    size = path.stat().st_size
    if size == 0:
        raise InputError("households.file_empty", file=file)
    if size > limits.file_bytes:
        raise InputError("table.file_too_large", file=file, size=megabytes(size),
                         limit=megabytes(limits.file_bytes))
    codec = None
    if path.suffix.lower() == ".csv":
        codec, rows = _csv_rows(path, limits, encoding)
    else:
        rows = _xlsx_rows(path, limits)
    with _collector_paused(), contextlib.closing(rows):
        header, above = _header(rows, file, limits)
        numbers, cells, used = _body(rows, header, above, file, limits)
    return Table(file, header, numbers, cells, used, codec is not None, codec)


def _header(rows, file: str, limits: Limits) -> tuple[list[str], int]:
    """The first non-blank row, stripped, and how many rows precede and make it."""
    for count, row in enumerate(rows, start=1):
        header = [cell.strip() for cell in row]
        if any(header):
            if len(header) > limits.columns:
                raise InputError("table.too_many_columns", file=file, count=len(header),
                                 limit=limits.columns)
            _check_lengths(numpy.array([header], dtype=object), numpy.array([count]), file,
                           limits)
            return header, count
    raise InputError("households.file_empty", file=file)


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


def _body(rows, header: list[str], above: int, file: str, limits: Limits):
    """Numbers, stripped cells and cells used of the non-blank rows after the header, a block
    of rows at a time, refused as soon as a limit is passed."""
    width = len(header)
    most = min(limits.rows, limits.cells // width)
    parts, block, read = [], [], 0
    for row in rows:
        read += 1
        if read > most:
            key, count, limit = ("table.too_many_rows", read, limits.rows) if read > limits.rows \
                else ("table.too_many_cells", read * width, limits.cells)
            raise InputError(key, file=file, count=f"{count:,}+", limit=f"{limit:,}")
        block.append(row)
        if len(block) == _BLOCK:
            parts.append(_block(block, width, above + read - len(block), file, limits))
            block = []
    parts.append(_block(block, width, above + read - len(block), file, limits))
    return tuple(numpy.concatenate(arrays) for arrays in zip(*parts))


def _check_lengths(cells: numpy.ndarray, numbers: numpy.ndarray, file: str,
                   limits: Limits) -> None:
    if not cells.size:
        return
    lengths = _length(cells).astype(int)
    long = numpy.flatnonzero(lengths.max(axis=1) > limits.cell_chars)
    if len(long):
        raise InputError("table.cell_too_long", file=file, row=int(numbers[long[0]]),
                         limit=limits.cell_chars)


def _block(rows: list[list[str]], width: int, before: int, file: str, limits: Limits):
    """Numbers, stripped cells and cells used of the non-blank rows of one block; `before` is
    the number of the row above the block."""
    lengths = numpy.fromiter(map(len, rows), dtype=int, count=len(rows))
    numbers = numpy.arange(before + 1, before + len(rows) + 1)
    wide = numpy.flatnonzero(lengths > limits.columns)
    if len(wide):
        raise InputError("table.too_many_columns", file=file, count=int(lengths[wide[0]]),
                         limit=limits.columns)
    odd = numpy.flatnonzero(lengths != width).tolist()
    # The cells a row uses past the header are looked at before the row is cut to fit.
    beyond = {}
    for position in odd:
        if lengths[position] > width:
            _check_lengths(numpy.array([rows[position]], dtype=object), numbers[[position]],
                           file, limits)
            beyond[position] = max((n + 1 for n, cell in enumerate(rows[position])
                                    if cell.strip()), default=0)
    for position in odd:  # only the rows not of the header's width are padded or cut
        rows[position] = (rows[position] + [""] * width)[:width]
    cells = numpy.empty((len(rows), width), dtype=object)
    if rows:
        cells[:] = rows
    _check_lengths(cells, numbers, file, limits)
    cells = _strip(cells)
    filled = cells != ""
    # Counted from the right, the first filled cell found is the row's last one.
    used = numpy.where(filled.any(axis=1), width - filled[:, ::-1].argmax(axis=1), 0)
    for position, count in beyond.items():
        used[position] = count
    kept = used > 0
    return numbers[kept], cells[kept].reshape(-1, width), used[kept]


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
