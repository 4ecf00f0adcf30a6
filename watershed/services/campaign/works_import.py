"""Importing dredging progress from a spreadsheet: one progress entry per row.

    import_progress(db, actor, path) -> int  (the entries written)

The file is a CSV (UTF-8, UTF-8 with a BOM, or GBK, as watershed.geo.tables reads it) or an
.xlsx whose first row holds the headers, English or Chinese:

    segment|河段   date|日期   m3|清淤方量   bank_m|护岸米数 (optional, default 0)
    state|状态 (optional: progress|done|not_done or 进行中|完工|撤回完工; default progress)
    note|备注 (optional)

Each row goes through the same rules as a progress entry typed in the app
(services.campaign.record_progress), all rows in one transaction: if any row is bad, every
problem is reported with its row number and nothing is written.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from watershed.domain.dredging import ENTRY_BANK_M, ENTRY_M3
from watershed.errors import InputError, WatershedError
from watershed.geo.tables import Columns, Table, read_table
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.campaign.campaign import find_campaign, record_progress
from watershed.services.common import numbers

COLUMNS = ("segment", "date", "m3", "bank_m", "state", "note")
REQUIRED = ("segment", "date", "m3")
HEADERS = {
    "segment": ("segment", "河段", "河段编号"),
    "date": ("date", "day", "日期"),
    "m3": ("m3", "m³", "清淤方量", "清淤量"),
    "bank_m": ("bank_m", "护岸米数", "护岸"),
    "state": ("state", "状态"),
    "note": ("note", "备注"),
}
# A state as written in the file -> the state recorded.
STATES = {"progress": "progress", "done": "done", "not_done": "not_done",
          "进行中": "progress", "完工": "done", "撤回完工": "not_done"}
SPEC = Columns(HEADERS, REQUIRED, "works_import")
# 2026-11-03, 2026/11/3, 2026.11.3 or 2026年11月3日, perhaps followed by a time of day (Excel).
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
# The refusals of watershed.geo.tables speak of the household register; here they are re-worded.
_FILE_KEYS = {f"households.{name}": f"works_import.{name}" for name in (
    "file_missing", "not_a_file", "format_unsupported", "file_empty", "not_text", "not_xlsx")}


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it
    segment: str
    day: date
    m3: Decimal
    bank_m: Decimal
    state: str
    note: str


def _refuse(problems: list[InputError]) -> None:
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)


def _table(path: Path) -> Table:
    try:
        return read_table(path)
    except InputError as error:
        if error.key in _FILE_KEYS:
            raise InputError(_FILE_KEYS[error.key], **error.params) from None
        raise


def _day(value: str) -> date | None:
    found = _DATE.fullmatch(value)
    if found is None:
        return None
    try:
        return date(*map(int, found.groups()))
    except ValueError:  # 2026-02-30
        return None


def _amount(cell: str, field: str, kept, where: dict) -> tuple[Decimal | None, list[InputError]]:
    """A cell read as an entry's amount (blank is 0), or the refusal with its row."""
    try:
        return numbers.number(cell or "0", field, kept), []
    except InputError as problem:
        return None, [InputError("works_import.row", **where, problem=str(problem))]


def _row(table: Table, found: dict[str, int], index: int) -> tuple[Row | None, list[InputError]]:
    """One row read and checked for its form (the rules of the campaign come later)."""
    number = int(table.numbers[index])
    cells = {column: table.cells[index, found[column]] if column in found else ""
             for column in COLUMNS}
    where = dict(file=table.file, row=number)
    if table.separated and table.used[index] > len(table.header):
        return None, [InputError("works_import.row_too_long", **where,
                                 cells=int(table.used[index]), columns=len(table.header))]
    problems = []
    for column in REQUIRED:
        if not cells[column]:
            problems.append(InputError("works_import.blank", **where,
                                       column=table.header[found[column]]))
    day = _day(cells["date"]) if cells["date"] else None
    if cells["date"] and day is None:
        problems.append(InputError("works_import.bad_date", **where, value=cells["date"]))
    m3, refused = _amount(cells["m3"], "field.m3", ENTRY_M3, where)
    problems += refused
    bank_m, refused = _amount(cells["bank_m"], "field.bank_m", ENTRY_BANK_M, where)
    problems += refused
    state = STATES.get(cells["state"].lower() if cells["state"] else "progress")
    if state is None:
        problems.append(InputError("works_import.bad_state", **where, value=cells["state"],
                                   choices=", ".join(STATES)))
    if problems:
        return None, problems
    return Row(number, cells["segment"], day, m3, bank_m, state, cells["note"]), []


def _read(path: Path) -> tuple[list[Row], list[InputError]]:
    """The well-formed rows, and the problems of the others."""
    table = _table(path)
    found = SPEC.locate(table.header, table.file)
    if not len(table.numbers):
        raise InputError("works_import.no_rows", file=table.file)
    rows, problems = [], []
    for index in range(len(table.numbers)):
        row, found_problems = _row(table, found, index)
        problems.extend(found_problems)
        if row is not None:
            rows.append(row)
    return rows, problems


def read_progress(path) -> list[Row]:
    """The rows of the file, checked for their form; InputError with every problem otherwise."""
    rows, problems = _read(Path(path))
    _refuse(problems)
    return rows


def _write(session: Session, actor: Actor, path: Path, rows: list[Row],
           problems: list[InputError]) -> int:
    find_campaign(session, None)  # no campaign: one refusal, not one per row
    for row in rows:
        try:
            record_progress(session, actor, row.segment, row.day, row.m3, row.bank_m,
                            state=row.state, note=row.note)
        except WatershedError as error:
            for each in getattr(error, "problems", None) or [error]:
                problems.append(InputError("works_import.row", file=path.name, row=row.number,
                                           problem=str(each)))
    # Row by row, as the file reads; raising here rolls the whole file back.
    _refuse(sorted(problems, key=lambda problem: problem.params["row"]))
    record(session, actor, "import", "progress", None,
           after={"file": path.name, "count": len(rows)})
    return len(rows)


def import_progress(db, actor: Actor, path) -> int:
    """Record every row of the file as a progress entry of the current campaign, all or none.
    The rows that are well formed go through the campaign's rules even when others are not,
    so that one refusal lists every problem of the file."""
    require_role(actor, "staff", "custodian", action="action.record_progress")
    path = Path(path)
    rows, problems = _read(path)
    if isinstance(db, Session):
        return _write(db, actor, path, rows, problems)
    with db.write() as session:
        return _write(session, actor, path, rows, problems)
