"""Long tables a page at a time, and the whole of one as a spreadsheet.

At the size of a district a register holds tens of thousands of rows (78,230 segments, 397,700
households); sending them all on every rerun cost 12 MB. A page is read from the database with
LIMIT/OFFSET under an ORDER BY that ends on a unique column, so that pages neither overlap nor
skip a row, and comes with the count of every row the filters keep. A result that is already in
memory (a basin-wide list computed once and shared) is cut the same way.
"""

from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import xlsxwriter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watershed.catalogue import text
from watershed.errors import InputError
from watershed.geo.writing import TEXT_ONLY

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
SHEET_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header


@dataclass(frozen=True)
class Page:
    rows: object  # a DataFrame, or a list of rows
    total: int  # every row the filters keep
    number: int  # 1 to pages: the page asked for, brought within range
    size: int
    asked: int  # the page number asked for

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def _bounded(number, size, total: int) -> tuple[int, int, int]:
    """(the page within range, the size within 1..MAX_PAGE_SIZE, the page asked for)."""
    size = max(1, min(MAX_PAGE_SIZE, int(size)))
    asked = int(number)
    return max(1, min(asked, max(1, -(-total // size)))), size, asked


def page_of_query(session: Session, query, number: int, size: int, read, *,
                  count=None) -> Page:
    """Page `number` (from 1) of the rows of `query` (a select with its ORDER BY); `read(query)`
    turns the rows of the page's query into what the page holds (e.g. a DataFrame). `count`, a
    select of one number, counts the same rows more cheaply where the query's joins only add
    columns (otherwise the query itself is counted, joins and all)."""
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    total = session.execute(count).scalar_one()
    number, size, asked = _bounded(number, size, total)
    return Page(read(query.limit(size).offset((number - 1) * size)), total, number, size, asked)


def page_of_rows(rows, number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` of rows already in memory (a DataFrame or a list), in their order."""
    number, size, asked = _bounded(number, size, len(rows))
    start = (number - 1) * size
    part = (rows.iloc if isinstance(rows, pd.DataFrame) else rows)[start:start + size]
    return Page(part, len(rows), number, size, asked)


def _value(value):
    """A cell as the spreadsheet keeps it: nothing stays empty, dates stay dates."""
    if isinstance(value, (datetime, date)):
        return value
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value  # numpy numbers as Python's


def write_sheet(path, columns, rows, *, lang: str | None = None, sheet: str = "Sheet1") -> int:
    """Write `rows` (tuples in the order of `columns`, dicts or dataclasses) to an .xlsx file,
    the headers those of the tables on the pages (`staff.column.<name>`); returns the number of
    rows. Rows are written as they come, so a register read from the database in batches is
    never held whole in memory; text stays text (a cell reading =1+1 is not a formula)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("export.bad_suffix", file=path.name, suffixes=".xlsx")
    options = {**TEXT_ONLY, "constant_memory": True, "default_date_format": "yyyy-mm-dd"}
    count = 0
    with xlsxwriter.Workbook(str(path), options) as book:
        bold = book.add_format({"bold": True})
        page = book.add_worksheet(sheet[:31])
        page.write_row(0, 0, [text(f"staff.column.{name}", lang) for name in columns], bold)
        page.freeze_panes(1, 0)
        for row in rows:
            if is_dataclass(row):
                row = asdict(row)
            values = [row.get(name) for name in columns] if isinstance(row, dict) else row
            count += 1
            if count > SHEET_ROWS:  # no register here comes near it; refuse rather than cut
                raise InputError("export.too_many_rows", rows=SHEET_ROWS)
            page.write_row(count, 0, [_value(value) for value in values])
    return count
