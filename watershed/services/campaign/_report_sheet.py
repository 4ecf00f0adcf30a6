"""The weekly report as a spreadsheet (render_xlsx): sheets 概况 (the figures), 本周 (the week's
entries), 村 (by village), 渠道 (by channel). Every text is written as text, never as a formula."""

from datetime import date
from pathlib import Path

import xlsxwriter

from watershed.catalogue import text
from watershed.domain import dredging as rules
from watershed.geo.writing import TEXT_ONLY
from watershed.services.common.actors import shown_name
from watershed.services.campaign._report_data import (GROUP_COLUMNS, WeekReport, figure_lines,
                                                      group_name, group_table, subtitle, title)

SHEETS = ("概况", "本周", "村", "渠道")
ENTRY_COLUMNS = ("segment", "date", "m3", "bank_m", "state", "note", "who")


def _write_cell(sheet, row: int, col: int, value, formats: dict) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    else:
        sheet.write_number(row, col, value)


def _group_sheet(book, report: WeekReport, key: str, sheet_name: str, formats, lang) -> None:
    sheet = book.add_worksheet(sheet_name)
    columns = (key,) + GROUP_COLUMNS
    for col, name in enumerate(columns):
        sheet.write_string(0, col, text(f"report.column.{name}", lang), formats["bold"])
    for row, record_ in enumerate(group_table(report, key).to_dict("records"), start=1):
        sheet.write_string(row, 0, group_name(record_[key], key, lang))
        for col, name in enumerate(GROUP_COLUMNS, start=1):
            value = float(record_[name])
            if name == "removed_share":
                sheet.write_number(row, col, value, formats["share"])
            else:
                sheet.write_number(row, col, value)
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(GROUP_COLUMNS), 11)


def render_xlsx(report: WeekReport, path: Path, lang: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(str(path), TEXT_ONLY) as book:
        formats = {"bold": book.add_format({"bold": True}),
                   "heading": book.add_format({"bold": True, "font_size": 14}),
                   "date": book.add_format({"num_format": "yyyy-mm-dd"}),
                   "share": book.add_format({"num_format": "0.0%"})}
        summary = book.add_worksheet(SHEETS[0])
        summary.write_string(0, 0, title(report, lang), formats["heading"])
        summary.write_string(1, 0, subtitle(report, lang))
        for row, (label, value) in enumerate(figure_lines(report, lang), start=3):
            summary.write_string(row, 0, label, formats["bold"])
            summary.write_string(row, 1, value)
        summary.set_column(0, 0, 22)
        summary.set_column(1, 1, 90)

        week = book.add_worksheet(SHEETS[1])
        for col, name in enumerate(ENTRY_COLUMNS):
            week.write_string(0, col, text(f"report.entry.{name}", lang), formats["bold"])
        for row, entry in enumerate(report.entries, start=1):
            cells = (entry.segment, entry.day, entry.m3, entry.bank_m,
                     text(f"dredging.state.{entry.state}", lang)
                     if entry.state in rules.ENTRY_STATES else entry.state,
                     entry.note, shown_name(entry.who, {}, lang))
            for col, value in enumerate(cells):
                _write_cell(week, row, col, value, formats)
        week.freeze_panes(1, 0)
        week.set_column(0, 1, 12)
        week.set_column(5, 5, 40)
        week.set_column(6, 6, 18)

        _group_sheet(book, report, "village", SHEETS[2], formats, lang)
        _group_sheet(book, report, "channel", SHEETS[3], formats, lang)

