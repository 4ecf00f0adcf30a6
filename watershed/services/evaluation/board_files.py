"""The red/black board (红黑榜) of a closed round as files: a spreadsheet for the office and a
printable A4 page for the village notice board.

Both hold names people typed (custodians, channels, villages, the round): the spreadsheet writes
every text as text, never as a formula or a link (a head "named" =HYPERLINK(...) stays a name,
CWE-1236), and the page passes every piece of data through html.escape and loads nothing: no
script, no image, no font or style from elsewhere.
"""

from collections.abc import Iterator
from datetime import date
from html import escape
from pathlib import Path

import xlsxwriter

from watershed.geo.writing import TEXT_ONLY
from watershed.catalogue import text
from watershed.domain import rating as rules
from watershed.domain.localtime import local_date
from watershed.errors import InputError
from watershed.services.common.printable import FONTS, page
from watershed.services.evaluation.board import Board, BoardLine, VillageBoard

LISTS = ("red", "black", "not_enough")  # in this order; titles are ui.board.<list>
COLUMNS = ("village", "list", "rank", "segment", "channel", "custodian_code", "custodian_name",
           "score", "interval", "ratings")  # headers are ui.board.column.<name>
# As the other spreadsheets of the program (watershed.geo.writing, services.checks.export_checks).
def day(value: date, lang: str | None = None) -> str:
    """A date as a Chinese office writes it (2026年11月1日), or 2026-11-01 in English."""
    return text("ui.custodian.date", lang, year=value.year, month=value.month, day=value.day)


def interval_text(line: BoardLine, lang: str | None = None) -> str:
    """The 90% interval as "3.8–4.4"; empty for a segment with too few ratings."""
    if line.ci_low is None or line.ci_high is None:
        return ""
    return text("ui.board.interval", lang, low=line.ci_low, high=line.ci_high)


def village_name(village: VillageBoard, lang: str | None = None) -> str:
    return village.village or text("ui.board.no_village", lang)


def title(board: Board, lang: str | None = None) -> str:
    """The round's name and dates, as the heading of both files."""
    return text("ui.board.file_title", lang, name=board.round_name,
                start=day(board.start_date, lang), end=day(board.end_date, lang))


def _lists(village: VillageBoard) -> Iterator[tuple[str, list[BoardLine]]]:
    yield from zip(LISTS, (village.red, village.black, village.not_enough))


def _checked_path(path, suffix: str = ".xlsx") -> Path:
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise InputError("export.bad_suffix", file=path.name, suffixes=suffix)
    if path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    return path


def board_xlsx(board: Board, path, lang: str | None = None) -> None:
    """Write the board to an .xlsx file: one sheet, the title row, the column headers, then per
    village its red list, black list and the segments with too few ratings (unranked)."""
    path = _checked_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(str(path), TEXT_ONLY) as book:
        sheet = book.add_worksheet(text("ui.board.sheet", lang))
        bold = book.add_format({"bold": True})
        heading = book.add_format({"bold": True, "font_size": 14})
        one_decimal = book.add_format({"num_format": "0.0"})
        sheet.write_string(0, 0, title(board, lang), heading)
        for col, name in enumerate(COLUMNS):
            sheet.write_string(1, col, text(f"ui.board.column.{name}", lang), bold)
        row = 2
        for village in board.villages:
            for name, lines in _lists(village):
                for line in lines:
                    cells = (village_name(village, lang), text(f"ui.board.{name}", lang), line.rank,
                             line.segment_code, line.channel_name, line.custodian_code,
                             line.custodian_name, line.score, interval_text(line, lang),
                             line.n_ratings)
                    for col, value in enumerate(cells):
                        if value is None or value == "":
                            continue  # no rank, score or interval: an empty cell
                        if isinstance(value, str):
                            sheet.write_string(row, col, value)
                        elif COLUMNS[col] == "score":
                            sheet.write_number(row, col, round(value, 1), one_decimal)
                        else:
                            sheet.write_number(row, col, value)
                    row += 1
        sheet.freeze_panes(2, 0)
        sheet.set_column(0, 0, 14)
        sheet.set_column(3, 4, 20)
        sheet.set_column(5, 6, 14)
        sheet.set_column(8, 8, 12)


STYLE = """
@page { size: A4; margin: 15mm }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact }
body { font-family: %s; font-size: 10pt; line-height: 1.3; color: #111; margin: 0 }
h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm }
p.sub { text-align: center; margin: 0 0 5mm; color: #444 }
section.village { page-break-inside: avoid; break-inside: avoid; margin: 0 0 5mm }
h2 { font-size: 13pt; margin: 0 0 1.5mm; border-bottom: 2px solid #444 }
table { width: 100%%; border-collapse: collapse; table-layout: fixed;
        page-break-inside: avoid; break-inside: avoid }
thead th:nth-child(1) { width: 7%% } thead th:nth-child(2) { width: 18%% }
thead th:nth-child(3) { width: 21%% } thead th:nth-child(4) { width: 13%% }
thead th:nth-child(5) { width: 12%% } thead th:nth-child(6) { width: 7%% }
thead th:nth-child(7) { width: 12%% } thead th:nth-child(8) { width: 10%% }
th, td { border: 1px solid #999; padding: 0.4mm 1.5mm; text-align: left; vertical-align: top;
         overflow-wrap: anywhere }
thead th { background: #f0f0f0; font-weight: normal; font-size: 9.5pt }
td.num { text-align: right; white-space: nowrap }
tr.list th { font-size: 11pt }
tr.red th { background: #c8102e; color: #fff }
tr.black th { background: #111; color: #fff }
tr.not_enough th { background: #ddd; color: #111 }
p.note { font-size: 9pt; color: #333; margin-top: 6mm; page-break-inside: avoid }
""" % FONTS

HTML_COLUMNS = ("rank", "segment", "channel", "custodian_code", "custodian_name", "score",
                "interval", "ratings")


def _cell(value, numeric: bool = False) -> str:
    shown = "" if value is None else escape(str(value), quote=True)
    return f'<td class="num">{shown}</td>' if numeric else f"<td>{shown}</td>"


def _line_row(line: BoardLine, lang: str | None) -> str:
    score = None if line.score is None else f"{line.score:.1f}"
    return ("<tr>" + _cell(line.rank, True) + _cell(line.segment_code) + _cell(line.channel_name)
            + _cell(line.custodian_code) + _cell(line.custodian_name) + _cell(score, True)
            + _cell(interval_text(line, lang), True) + _cell(line.n_ratings, True) + "</tr>")


def _list_heading(name: str, lang: str | None) -> str:
    meaning = {"red": text("ui.board.red_meaning", lang),
               "black": text("ui.board.black_meaning", lang),
               "not_enough": text("ui.board.not_enough_meaning", lang,
                                  minimum=rules.MIN_RATINGS)}[name]
    words = escape(text("ui.board.list_heading", lang, list=text(f"ui.board.{name}", lang),
                        meaning=meaning))
    return f'<tr class="list {name}"><th colspan="{len(HTML_COLUMNS)}">{words}</th></tr>'


def _village_section(village: VillageBoard, lang: str | None) -> str:
    headers = "".join(f"<th>{escape(text(f'ui.board.column.{name}', lang))}</th>"
                      for name in HTML_COLUMNS)
    parts = [f'<section class="village"><h2>{escape(village_name(village, lang))}</h2>',
             f"<table><thead><tr>{headers}</tr></thead>"]
    for name, lines in _lists(village):
        if name == "not_enough" and not lines:
            continue  # nothing to say: every segment had enough ratings
        parts.append(f'<tbody class="{name}">' + _list_heading(name, lang))
        if lines:
            parts.extend(_line_row(line, lang) for line in lines)
        else:
            none = escape(text("ui.board.none_listed", lang))
            parts.append(f'<tr><td colspan="{len(HTML_COLUMNS)}">{none}</td></tr>')
        parts.append("</tbody>")
    parts.append("</table></section>")
    return "\n".join(parts)


def board_html(board: Board, lang: str | None = None) -> str:
    """The board as a complete HTML document to print on A4 from a browser: a table per
    village with its red list, black list and unranked segments, and how the score is made."""
    dates = escape(text("ui.board.round_line", lang, name=board.round_name,
                        start=day(board.start_date, lang), end=day(board.end_date, lang)))
    closed = (escape(text("ui.board.closed_on", lang, date=day(local_date(board.closed_at), lang)))
              if board.closed_at else "")
    note = escape(text("ui.board.how_scored", lang, minimum=rules.MIN_RATINGS,
                       size=rules.BOARD_SIZE))
    sections = "\n".join(_village_section(village, lang) for village in board.villages)
    return page(title(board, lang), STYLE, f"""<h1>{escape(text("ui.board.title", lang))}</h1>
<p class="sub">{dates}<br>{closed}</p>
{sections}
<p class="note"><b>{escape(text("ui.board.how_scored_title", lang))}</b><br>{note}</p>""", lang)


def save_board_html(board: Board, path, lang: str | None = None) -> None:
    """Write board_html to an .html file (to open in a browser and print on A4)."""
    _checked_path(path, ".html").write_text(board_html(board, lang), encoding="utf-8")
