"""The backup as an XLSX workbook: the sheet `_about`, then one sheet per table (its register):
a header row of column names, then one row per record, values as typed (_cells.py).

Written and read here directly as SpreadsheetML, streamed: xlsxwriter and openpyxl spend about
20 µs per cell, and the demo alone has a million cells. Text is written as inline text, never as a
formula or a link: the writer has no way to write a formula at all (CWE-1236). Control characters
are escaped as Excel does (_xHHHH_). A cell holds at most 32,767 characters; a longer text (a long
channel's WKT, a big audit entry) is cut into parts listed in the sheet `_cells` (sheet, row,
column, part, text), and its own cell is left empty. `_cells` also lists the empty texts of
columns that may be null, which a cell cannot tell from null. The reader also reads a workbook
saved again by Excel or openpyxl (shared strings, styles).

A sheet holds at most 1,048,576 rows in Excel, which opens a longer one cut short without a
word. A table with more records goes on in sheets of its own right after it, named `table (2)`,
`table (3)` …, each with the header again; the reader joins them back in order. Row numbers in
`_cells` count the table's records, whichever sheet they are on.
"""

import itertools
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse
from xml.sax.saxutils import escape, quoteattr

from watershed.services.backup._cells import to_workbook

ABOUT, CELLS = "_about", "_cells"
CELL_LIMIT = 32_767
CELLS_HEADER = ("sheet", "row", "column", "part", "text")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
STYLE = {"date": ' s="1"', "header": ' s="3"'}  # date-times are text (_cells.py)
_UNSAFE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
ROWS_PER_SHEET = 1_048_575  # Excel's 1,048,576 rows, less the header


def sheet_name(table: str) -> str:
    return table[:31]  # Excel's limit; the coverage test checks the names stay distinct


def part_name(sheet: str, part: int) -> str:
    """The name of the `part`-th sheet of a table's records (the first is the table's own)."""
    if part == 1:
        return sheet
    suffix = f" ({part})"
    return sheet[:31 - len(suffix)] + suffix


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _text(value: str) -> str:
    value = _UNSAFE.sub(lambda m: "_x%04X_" % ord(m.group()), value)
    return escape(value)


def _cell(ref: str, value, style: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return (f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_text(value)}'
                '</t></is></c>')
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    return f'<c r="{ref}"{style}><v>{value!r}</v></c>'


def _sheet(book: zipfile.ZipFile, number: int, rows, header_style: str = "") -> None:
    """`rows`: lists of (value, style); the first row gets `header_style`."""
    with book.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as raw:
        raw.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
                  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                  'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
                  .encode())
        letters: list[str] = []
        for number_, row in enumerate(rows, start=1):
            while len(letters) < len(row):
                letters.append(_letters(len(letters)))
            style = header_style if number_ == 1 else None
            cells = "".join(_cell(f"{letter}{number_}", value, style or cell_style)
                            for letter, (value, cell_style) in zip(letters, row))
            raw.write(f'<row r="{number_}">{cells}</row>'.encode())
        raw.write(b"</sheetData></worksheet>")


def _records(name: str, columns, rows, long_cells: list):
    yield [(column, "") for column, _, _ in columns]
    for row, record in enumerate(rows, start=1):
        out = []
        for (column, column_kind, nullable), value in zip(columns, record):
            cell = to_workbook(column_kind, value)
            if isinstance(cell, str) and (len(cell) > CELL_LIMIT or (cell == "" and nullable)):
                parts = [cell[i:i + CELL_LIMIT] for i in range(0, len(cell), CELL_LIMIT)] or [""]
                long_cells += [[(sheet_name(name), ""), (row, ""), (column, ""), (part, ""),
                                (text or None, "")] for part, text in enumerate(parts)]
                cell = None
            out.append((cell, STYLE.get(column_kind, "")))
        yield out


def write(path: Path, tables, about) -> None:
    """`tables`: (name, [(column, kind, nullable)], rows) for each table, rows as tuples, each
    streamed into its sheets as it comes; then `about()`, written as the first sheet (its file
    last: the workbook lists the sheets in their own order)."""
    names = [ABOUT]
    long_cells: list = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, columns, rows in tables:
            records = _records(name, columns, rows, long_cells)
            header = next(records)
            for part in itertools.count(1):
                first = next(records, None)
                if first is None and part > 1:
                    break
                names.append(part_name(sheet_name(name), part))
                more = itertools.islice(records, ROWS_PER_SHEET - 1)
                body = [] if first is None else itertools.chain([first], more)
                _sheet(book, len(names), itertools.chain([header], body), STYLE["header"])
                if first is None:
                    break
        _sheet(book, 1, ([(key, ""), (value, "")] for key, value in about().items()))
        names.append(CELLS)
        _sheet(book, len(names), [[(name, "") for name in CELLS_HEADER]] + long_cells,
               STYLE["header"])
        for member, content in _package(names).items():
            book.writestr(member, content)


def _package(names: list[str]) -> dict[str, str]:
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sheets = "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
                     for n, name in enumerate(names, start=1))
    links = "".join(f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" '
                    f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(names) + 1))
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                        f'ContentType="{kind}.worksheet+xml"/>' for n in range(1, len(names) + 1))
    xf = 'fontId="0" fillId="0" borderId="0" xfId="0"'
    return {
        "[Content_Types].xml": head + '<Types xmlns="http://schemas.openxmlformats.org/package/'
        '2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>{overrides}</Types>',
        "_rels/.rels": head + f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": head + f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{sheets}'
        '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": head + f'<Relationships xmlns="{PACKAGE_RELS}">{links}'
        f'<Relationship Id="rId{len(names) + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
        '</Relationships>',
        "xl/styles.xml": head + f'<styleSheet xmlns="{MAIN}"><numFmts count="2">'
        '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss.000"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="4"><xf numFmtId="0" {xf}/>'
        f'<xf numFmtId="164" {xf} applyNumberFormat="1"/><xf numFmtId="165" {xf} applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>',
    }


def _unescaped(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _joined(element) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t> (not phonetic hints)."""
    plain = element.find(f"{{{MAIN}}}t")
    if plain is not None:
        return _unescaped(plain.text or "")
    return _unescaped("".join(run.text or "" for run in element.iterfind(f"{{{MAIN}}}r/{{{MAIN}}}t")))


def _column(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def _value(cell, kind: str, shared: list[str]):
    if kind == "inlineStr":
        inline = cell.find(_IS)
        return None if inline is None else _joined(inline)
    v = cell.find(_V)
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "n":
        return float(text) if "." in text or "E" in text or "e" in text else int(text)
    if kind == "s":
        return shared[int(text)]
    if kind == "b":
        return text.strip() in ("1", "true")
    return _unescaped(text)  # str (a formula's text), e (an error such as #N/A), d (ISO date)


_IS, _V, _ROW, _DATA = (f"{{{MAIN}}}{tag}" for tag in ("is", "v", "row", "sheetData"))
_DIGITS = "0123456789"


def _values(row, columns: dict[str, int], shared: list[str]) -> list:
    """The values of a <row> element, by their cells' column letters (`columns` caches them)."""
    values: list = []
    for cell in row:
        ref = cell.get("r")
        if ref is None:
            index = len(values)
        else:
            letters = ref.rstrip(_DIGITS)
            index = columns.get(letters)
            if index is None:
                index = columns[letters] = _column(letters)
        if index > len(values):
            values += [None] * (index - len(values))
        value = _value(cell, cell.get("t", "n"), shared)
        if index == len(values):
            values.append(value)
        else:
            values[index] = value
    return values


def _complete_rows(raw):
    """Each <row> element once it is whole, dropped from the parsed tree then. Only the elements'
    starts are asked for (half the events of starts and ends): a row is whole when the next one
    starts, or when the sheet ends."""
    data = previous = None
    for _, element in iterparse(raw, ("start",)):
        if element.tag == _DATA:
            data = element
        elif element.tag == _ROW:
            if previous is not None:
                yield previous
            previous = element
            if data is not None:
                data.clear()  # this row is held here until the next starts: the tree keeps none
    if previous is not None:
        yield previous


def _rows(book: zipfile.ZipFile, member: str, shared: list[str]):
    """The sheet's rows as tuples of values, one at a time (a missing row as an empty one; the
    empty rows at the end left out)."""
    columns: dict[str, int] = {}  # letters -> index, as met
    number, empty = 0, 0  # the rows so far, the empty ones among the last
    with book.open(member) as raw:
        for row in _complete_rows(raw):
            found = int(row.get("r") or number + 1)
            values = _values(row, columns, shared)
            empty += max(found - number - 1, 0)
            number = max(found, number + 1)
            if all(value is None for value in values):
                empty += 1
                continue
            yield from [()] * empty
            empty = 0
            yield tuple(values)


def _sheets(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its member in the zip, in the workbook's order."""
    links = {}
    for _, element in iterparse(book.open("xl/_rels/workbook.xml.rels")):
        if element.tag.endswith("Relationship"):
            target = element.get("Target")
            links[element.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return {element.get("name"): links[element.get(f"{{{RELS}}}id")]
            for _, element in iterparse(book.open("xl/workbook.xml"))
            if element.tag == f"{{{MAIN}}}sheet"}


class Reader:
    """A workbook opened to be read a sheet at a time (`rows`), never whole: its `about`, its
    `sheets` (name -> header; a table's parts joined under its first sheet's name) and
    `long_cells` ({(sheet, row, column): text} from `_cells`). Shared strings (a workbook saved
    again by Excel or openpyxl) are read at once. Any exception here means the file is not a
    workbook this program wrote (or is damaged)."""

    def __init__(self, path: Path):
        self._book = zipfile.ZipFile(path)
        self._shared = []
        if "xl/sharedStrings.xml" in self._book.namelist():
            self._shared = [_joined(element) for _, element
                            in iterparse(self._book.open("xl/sharedStrings.xml"))
                            if element.tag == f"{{{MAIN}}}si"]
        self.sheets: dict[str, list] = {}
        self._parts: dict[str, list[str]] = {}  # sheet -> its members, in order
        last = None, 0  # the sheet a table's next part would join, and its part
        for name, member in _sheets(self._book).items():
            header = list(next(_rows(self._book, member, self._shared), ()))
            base, part = last
            if base is not None and name == part_name(base, part + 1) \
                    and header == self.sheets[base]:
                self._parts[base].append(member)
                last = base, part + 1
                continue
            self.sheets[name], self._parts[name] = header, [member]
            last = name, 1
        about = self.sheets.pop(ABOUT, None)
        self.about = {}
        if about is not None:
            self.about = {str(row[0]): "" if row[1] is None else str(row[1])  # re-saved: "" is None
                          for row in [about, *self.rows(ABOUT)]
                          if len(row) > 1 and row[0] is not None}
        pieces: dict = {}
        cells = self.rows(CELLS) if self.sheets.pop(CELLS, None) is not None else ()
        for sheet, row, column, part, *text in cells:
            pieces.setdefault((sheet, int(row), column), []).append(
                (int(part), (text or [None])[0] or ""))
        self.long_cells = {key: "".join(text for _, text in sorted(parts))
                           for key, parts in pieces.items()}

    def rows(self, sheet: str):
        """The sheet's rows after the header, each of its parts in turn."""
        for member in self._parts[sheet]:
            rows = _rows(self._book, member, self._shared)
            next(rows, None)
            yield from rows

    def close(self) -> None:
        self._book.close()
