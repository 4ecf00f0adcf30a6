"""The weekly report of the dredging campaign (清淤周报): one printable A4 page, or a spreadsheet.

    week_bounds("2026-W47") -> (monday, sunday)          ISO weeks
    report_html(db, actor, week, lang=None) -> str        the page
    report_xlsx(db, actor, week, path, lang=None)         sheets 概况, 本周, 村, 渠道
    save_report(db, actor, week, path, lang=None)         either, by the suffix (.html, .xlsx)

The figures are the campaign's at the end of the week's Sunday (or at the end of today for the
week under way), compared with those at the end of the Sunday before: what was removed, done
and accepted during the week. Live and dead water and the ponds are as they are now (their
history is not kept). Staff and leadership only: the services underneath check.

Both files hold names people typed (campaign, channels, villages, notes): the page passes every
piece of data through html.escape and loads nothing (no script, no image, no font from
elsewhere; the burndown and the map are inline SVG); the spreadsheet writes text as text.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path

import pandas as pd
import shapely
import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.palette import DREDGING, PALE
from watershed.catalogue import text
from watershed.domain import dredging as rules
from watershed.domain import ponds as pond_rules
from watershed.errors import InputError
from watershed.geo.writing import TEXT_ONLY
from watershed.services.common.actors import Actor, require_role
from watershed.services.evaluation.board_files import day as written_day
from watershed.services.common.printable import FONTS, page
from watershed.services.campaign.campaign import find_campaign
from watershed.services.campaign.figures import (CampaignFigures, by_group, campaign_figures,
                                                 progress_phrase)
from watershed.services.common.clock import today
from watershed.services.campaign.flow import Flow, water
from watershed.services.geometry.mapdata import segments_in_view
from watershed.services.campaign.ponds import list_ponds
from watershed.services.common.svg_map import Frame, lines_of, polyline, svg_open
from watershed.services.common.svg_map import svg_text as _svg_text
from watershed.services.common.transaction import reads
from watershed.store.tables import ProgressEntry, Segment, Work

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)
SUFFIXES = (".html", ".xlsx")
MAP_LIMIT = 200_000  # segments drawn on the small map
COLOURS = {**DREDGING, None: PALE}  # None: a segment outside the campaign
GROUP_COLUMNS = ("segments", "km", "done_km", "accepted_km", "planned_m3", "removed_m3",
                 "removed_share", "week_m3")  # headers are report.column.<name>
ENTRY_COLUMNS = ("segment", "date", "m3", "bank_m", "state", "note", "who")


def week_bounds(week: str) -> tuple[date, date]:
    """The Monday and the Sunday of an ISO week written like 2026-W47."""
    found = _WEEK.fullmatch((week or "").strip())
    try:
        if found is None:
            raise ValueError(week)
        monday = date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise InputError("report.bad_week", week=week) from None
    return monday, monday + timedelta(days=6)


def week_name(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class EntryLine:
    segment: str
    day: date
    m3: float
    bank_m: float
    state: str
    note: str
    who: str


@dataclass(frozen=True)
class WeekChange:
    m3: float  # removed during the week
    bank_m: float
    entries: int
    done: list[str]  # segment codes that became done (or accepted straight away) in the week
    done_km: float
    accepted: list[str]  # segment codes accepted in the week
    accepted_km: float


@dataclass(frozen=True)
class WeekReport:
    week: str
    monday: date
    sunday: date
    figures: CampaignFigures  # at the end of the week (or of today, for the week under way)
    before: CampaignFigures  # at the end of the Sunday before
    change: WeekChange
    entries: list[EntryLine]
    flow: Flow  # now
    ponds: dict[str, int]  # status -> ponds, now
    segments: list  # mapdata.SegmentOnMap, for the map
    made: date


def _entries(session: Session, monday: date, sunday: date) -> list[EntryLine]:
    campaign = find_campaign(session, None)
    rows = session.execute(
        select(Segment.code, ProgressEntry.day, ProgressEntry.m3, ProgressEntry.bank_m,
               ProgressEntry.state, ProgressEntry.note, ProgressEntry.user_name)
        .join(Work, ProgressEntry.work_id == Work.id)
        .join(Segment, Work.segment_id == Segment.id)
        .where(Work.campaign_id == campaign.id, ProgressEntry.day >= monday,
               ProgressEntry.day <= sunday)
        .order_by(ProgressEntry.day, Segment.code, ProgressEntry.id)).all()
    return [EntryLine(*row) for row in rows]


def _change(figures: CampaignFigures, before: CampaignFigures, entries) -> WeekChange:
    earlier = {line.segment_id: line.status for line in before.works}
    finished = ("done", "accepted")
    done = [x for x in figures.works
            if x.status in finished and earlier.get(x.segment_id) not in finished]
    accepted = [x for x in figures.works
                if x.status == "accepted" and earlier.get(x.segment_id) != "accepted"]
    km = lambda lines: round(sum(x.length_m for x in lines) / 1000, 3)  # noqa: E731
    return WeekChange(round(figures.removed_m3 - before.removed_m3, 1),
                      round(figures.bank_m - before.bank_m, 1), len(entries),
                      [x.code for x in done], km(done), [x.code for x in accepted], km(accepted))


@reads
def week_report(session: Session, actor: Actor, week: str) -> WeekReport:
    """Everything the weekly report shows, read in one transaction."""
    require_role(actor, "staff", "leader", action="action.view_campaign")
    monday, sunday = week_bounds(week)
    made = today()
    if monday > made:
        raise InputError("report.future_week", week=week_name(monday), monday=monday.isoformat())
    campaign = find_campaign(session, None)
    if sunday < campaign.start_date:
        raise InputError("report.before_campaign", week=week_name(monday),
                         sunday=sunday.isoformat(), name=campaign.name,
                         start=campaign.start_date.isoformat())
    figures = campaign_figures(session, actor, min(sunday, made))
    before = campaign_figures(session, actor, monday - timedelta(days=1))
    entries = _entries(session, monday, sunday)
    ponds = Counter(p.status for p in list_ponds(session, actor))
    return WeekReport(week_name(monday), monday, sunday, figures, before,
                      _change(figures, before, entries), entries, water(session),
                      {s: ponds.get(s, 0) for s in pond_rules.STATUSES},
                      segments_in_view(session, None, limit=MAP_LIMIT), made)


# --- shared wording ----------------------------------------------------------------------------

def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def _forecast(figures: CampaignFigures, lang: str | None) -> str:
    if figures.forecast is None:
        return text("report.forecast_none", lang)
    key = "report.forecast_late" if figures.late else "report.forecast_on_time"
    return text(key, lang, date=written_day(figures.forecast, lang),
                end=written_day(figures.end_date, lang))


def _statuses(figures: CampaignFigures, lang: str | None) -> str:
    return text("report.list_separator", lang).join(
        text("report.count", lang, label=text(f"dredging.status.{s}", lang), count=n)
        for s, n in figures.statuses.items())


def _ponds(ponds: dict[str, int], lang: str | None) -> str:
    return text("report.list_separator", lang).join(
        text("report.count", lang, label=text(f"pond.status.{s}", lang), count=n)
        for s, n in ponds.items())


def _changed(codes: list[str], km: float, lang: str | None, shown: int = 12) -> str:
    if not codes:
        return text("report.week_segments_none", lang)
    listed = text("report.list_separator", lang).join(codes[:shown])
    return text("report.week_segments", lang, count=len(codes), km=_n(km, 2),
                codes=listed + ("…" if len(codes) > shown else ""))


def title(report: WeekReport, lang: str | None = None) -> str:
    return text("report.title", lang, name=report.figures.name, week=report.week)


def subtitle(report: WeekReport, lang: str | None = None) -> str:
    figures = report.figures
    return text("report.subtitle", lang, monday=written_day(report.monday, lang),
                sunday=written_day(report.sunday, lang), progress=progress_phrase(figures, lang),
                as_of=written_day(figures.as_of, lang))


def figure_lines(report: WeekReport, lang: str | None = None) -> list[tuple[str, str]]:
    """(label, value) of the campaign at the end of the week, as the page and sheet 概况 show."""
    f, c = report.figures, report.change
    return [
        (text("report.label.campaign", lang), f.name),
        (text("report.label.dates", lang),
         text("report.dates", lang, start=written_day(f.start_date, lang),
              end=written_day(f.end_date, lang), progress=progress_phrase(f, lang))),
        (text("report.label.km", lang),
         text("report.km", lang, done=_n(f.done_km, 2), accepted=_n(f.accepted_km, 2),
              total=_n(f.length_km, 2), share=_share(f.done_km, f.length_km))),
        (text("report.label.m3", lang),
         text("report.m3", lang, removed=_n(f.removed_m3), planned=_n(f.planned_m3),
              share=_share(f.removed_m3, f.planned_m3))),
        (text("report.label.bank", lang),
         text("report.bank", lang, done=_n(f.bank_m), planned=_n(f.planned_bank_m))),
        (text("report.label.segments", lang), _statuses(f, lang)),
        (text("report.label.forecast", lang), _forecast(f, lang)),
        (text("report.label.week_m3", lang),
         text("report.week_m3", lang, m3=_n(c.m3), bank=_n(c.bank_m), entries=c.entries)),
        (text("report.label.week_done", lang), _changed(c.done, c.done_km, lang)),
        (text("report.label.week_accepted", lang), _changed(c.accepted, c.accepted_km, lang)),
        (text("report.label.water", lang),
         text("report.water", lang, live=_n(report.flow.live_km, 2),
              dead=_n(report.flow.dead_km, 2))),
        (text("report.label.ponds", lang), _ponds(report.ponds, lang)),
    ]


def group_table(report: WeekReport, key: str) -> pd.DataFrame:
    """by_group of the week's end, with the m³ removed during the week (week_m3)."""
    now_ = by_group(report.figures.works, key)
    then = by_group(report.before.works, key)[[key, "removed_m3"]].rename(
        columns={"removed_m3": "before_m3"})
    table = now_.merge(then, on=key, how="left").fillna({"before_m3": 0.0})
    table["week_m3"] = (table["removed_m3"] - table["before_m3"]).round(0)
    return table.drop(columns="before_m3")


def group_name(value: str, key: str, lang: str | None) -> str:
    return value or (text("report.no_village", lang) if key == "village" else "—")


# --- the page ----------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 12mm }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box }
body { font-family: %s; font-size: 9pt; line-height: 1.25; color: #111; margin: 0 }
h1 { font-size: 15pt; text-align: center; margin: 0 0 1mm }
p.sub { text-align: center; margin: 0 0 3mm; color: #444 }
h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm; border-bottom: 1.5px solid #444 }
table { width: 100%%; border-collapse: collapse; page-break-inside: avoid; break-inside: avoid }
th, td { border: 1px solid #aaa; padding: 0.3mm 1.2mm; text-align: left; vertical-align: top;
         overflow-wrap: anywhere }
table.figures th { width: 24%%; background: #f3f3f3; font-weight: normal }
table.groups thead th { background: #f0f0f0; font-weight: normal; font-size: 8.5pt }
td.num { text-align: right; white-space: nowrap }
div.pictures { display: flex; gap: 3mm; page-break-inside: avoid; break-inside: avoid }
figure { flex: 1; margin: 0; border: 1px solid #ccc; padding: 1mm }
figcaption { font-size: 8.5pt; color: #333; text-align: center }
svg { width: 100%%; height: auto; display: block }
p.note { font-size: 7.5pt; color: #555; margin: 2mm 0 0 }
""" % FONTS

SVG_W, SVG_H = 360, 230


def burndown_svg(report: WeekReport, lang: str | None = None) -> str:
    """Remaining silt day by day against the ideal straight line, the report's week shaded and
    the forecast dashed; inline SVG."""
    f = report.figures
    left, right, top, bottom = 46, SVG_W - 8, 8, SVG_H - 42
    planned = f.planned_m3 or 1.0

    def x(offset: float) -> float:
        return left + (right - left) * offset / f.days

    def y(m3: float) -> float:
        return bottom - (bottom - top) * m3 / planned

    parts = [svg_open(SVG_W, SVG_H, text("report.burndown", lang))]
    week_from = max(0, (report.monday - f.start_date).days)
    week_to = min(f.days, (report.sunday - f.start_date).days + 1)
    if week_to > week_from:
        parts.append(f'<rect x="{x(week_from):.1f}" y="{top}" '
                     f'width="{x(week_to) - x(week_from):.1f}" height="{bottom - top}" '
                     f'fill="#fff3c4"/>')
    parts.append(f'<path d="M{left},{top}V{bottom}H{right}" stroke="#666" fill="none" '
                 f'stroke-width="1"/>')
    parts.append(f'<line x1="{x(0):.1f}" y1="{y(f.planned_m3):.1f}" x2="{x(f.days):.1f}" '
                 f'y2="{y(0):.1f}" stroke="#888" stroke-dasharray="4 3" stroke-width="1.2"/>')
    points = [(x(0), y(f.planned_m3))] + [
        (x((d.day - f.start_date).days + 1), y(d.remaining_m3)) for d in f.burndown]
    if len(points) > 1:
        parts.append('<polyline fill="none" stroke="#c0392b" stroke-width="1.8" points="'
                     + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
    if f.forecast is not None and f.burndown and f.removed_m3 < f.planned_m3:
        at = (f.as_of - f.start_date).days + 1
        to = (f.forecast - f.start_date).days + 1
        remaining = f.planned_m3 - f.removed_m3
        if to > f.days and to > at:  # stop at the campaign's last day
            end_x, end_m3 = f.days, remaining * (1 - (f.days - at) / (to - at))
        else:
            end_x, end_m3 = to, 0.0
        parts.append(f'<line x1="{x(at):.1f}" y1="{y(remaining):.1f}" x2="{x(end_x):.1f}" '
                     f'y2="{y(max(0.0, end_m3)):.1f}" stroke="#c0392b" stroke-width="1.2" '
                     f'stroke-dasharray="2 2"/>')
    parts.append(_svg_text(left - 3, top + 8, _n(f.planned_m3), "end", 9))
    parts.append(_svg_text(left - 3, bottom, "0", "end", 9))
    parts.append(_svg_text(left, bottom + 12, f.start_date.isoformat(), "start", 9))
    parts.append(_svg_text(right, bottom + 12, f.end_date.isoformat(), "end", 9))
    legend_y = SVG_H - 12
    for offset, (colour, dash, key) in enumerate((("#c0392b", "", "report.legend.remaining"),
                                                  ("#888", "4 3", "report.legend.ideal"),
                                                  ("#c0392b", "2 2", "report.legend.forecast"),
                                                  ("#fff3c4", None, "report.legend.week"))):
        lx = 8 + offset * 88
        if dash is None:
            parts.append(f'<rect x="{lx}" y="{legend_y - 8}" width="16" height="8" '
                         f'fill="{colour}" stroke="#ccc"/>')
        else:
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<line x1="{lx}" y1="{legend_y - 3}" x2="{lx + 16}" '
                         f'y2="{legend_y - 3}" stroke="{colour}" stroke-width="1.8"{dashed}/>')
        parts.append(_svg_text(lx + 20, legend_y, text(key, lang), "start", 8))
    parts.append("</svg>")
    return "".join(parts)


def map_svg(report: WeekReport, lang: str | None = None) -> str:
    """The segments coloured by their dredging status at the week's end, lon/lat projected to
    the box (east to the right, north up, a degree of longitude shortened by cos(latitude))."""
    statuses = {line.segment_id: line.status for line in report.figures.works}
    parts = [svg_open(SVG_W, SVG_H, text("report.map", lang))]
    lines = [(s.id, line) for s in report.segments for line in lines_of(s.geometry)]
    legend_h = 22
    if lines:
        coords = shapely.get_coordinates([line for _, line in lines])
        frame = Frame.fit((*coords.min(axis=0), *coords.max(axis=0)),
                          (4, 4, SVG_W - 8, SVG_H - legend_h - 8))
        order = {None: 0, "not_started": 1, "in_progress": 2, "done": 3, "accepted": 4}
        for segment_id, line in sorted(lines, key=lambda item: order[statuses.get(item[0])]):
            parts.append(polyline(frame, line, COLOURS[statuses.get(segment_id)], 1.6))
    else:
        parts.append(_svg_text(SVG_W / 2, SVG_H / 2, text("report.no_segments", lang), "middle"))
    counts = Counter(statuses.get(s.id) for s in report.segments)
    legend_y = SVG_H - 8
    for offset, status in enumerate(rules.STATUSES + (None,)):
        lx = 4 + offset * 68
        label = text(f"dredging.status.{status}" if status else "report.legend.outside", lang)
        parts.append(f'<line x1="{lx}" y1="{legend_y - 3}" x2="{lx + 12}" y2="{legend_y - 3}" '
                     f'stroke="{COLOURS[status]}" stroke-width="3"/>')
        parts.append(_svg_text(lx + 15, legend_y, f"{label} {counts.get(status, 0)}", "start", 8))
    parts.append("</svg>")
    return "".join(parts)


def _group_html(report: WeekReport, lang: str | None) -> str:
    table = group_table(report, "village")
    headers = "".join(f"<th>{escape(text(f'report.column.{name}', lang))}</th>"
                      for name in ("village",) + GROUP_COLUMNS)
    rows = []
    for record_ in table.to_dict("records"):
        cells = [f"<td>{escape(group_name(record_['village'], 'village', lang))}</td>"]
        for name in GROUP_COLUMNS:
            value = record_[name]
            shown = (f"{value:.0%}" if name == "removed_share" else
                     _n(value, 2) if name.endswith("km") else _n(value))
            cells.append(f'<td class="num">{escape(shown)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="groups"><thead><tr>{headers}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def report_html(db, actor: Actor, week: str, lang: str | None = None) -> str:
    """The weekly report as one HTML document to print on A4 from a browser."""
    report = week_report(db, actor, week)
    return render_html(report, lang)


def render_html(report: WeekReport, lang: str | None = None) -> str:
    figures = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
                      for label, value in figure_lines(report, lang))
    heading = escape(title(report, lang))
    note = escape(text("report.note", lang, made=written_day(report.made, lang)))
    burndown_caption = escape(text("report.burndown", lang))
    map_caption = escape(text("report.map", lang))
    return page(title(report, lang), STYLE, f"""<h1>{heading}</h1>
<p class="sub">{escape(subtitle(report, lang))}</p>
<table class="figures">{figures}</table>
<div class="pictures">
<figure>{burndown_svg(report, lang)}<figcaption>{burndown_caption}</figcaption></figure>
<figure>{map_svg(report, lang)}<figcaption>{map_caption}</figcaption></figure>
</div>
<h2>{escape(text("report.by_village", lang))}</h2>
{_group_html(report, lang)}
<p class="note">{note}</p>""", lang)


# --- the spreadsheet ---------------------------------------------------------------------------

SHEETS = ("概况", "本周", "村", "渠道")


def _checked_path(path, suffixes=SUFFIXES) -> Path:
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise InputError("export.bad_suffix", file=path.name, suffixes=", ".join(suffixes))
    if path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    return path


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


def report_xlsx(db, actor: Actor, week: str, path, lang: str | None = None) -> None:
    """The weekly report as a spreadsheet: 概况 (the figures), 本周 (the week's entries),
    村 (by village), 渠道 (by channel). Every text is written as text, never as a formula."""
    path = _checked_path(path, (".xlsx",))
    render_xlsx(week_report(db, actor, week), path, lang)


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
                     entry.note, entry.who)
            for col, value in enumerate(cells):
                _write_cell(week, row, col, value, formats)
        week.freeze_panes(1, 0)
        week.set_column(0, 1, 12)
        week.set_column(5, 5, 40)
        week.set_column(6, 6, 18)

        _group_sheet(book, report, "village", SHEETS[2], formats, lang)
        _group_sheet(book, report, "channel", SHEETS[3], formats, lang)


def save_report(db, actor: Actor, week: str, path, lang: str | None = None) -> Path:
    """Write the weekly report to `path`: an A4 page for .html, a spreadsheet for .xlsx."""
    path = _checked_path(path)
    report = week_report(db, actor, week)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".html":
        path.write_text(render_html(report, lang), encoding="utf-8")
    else:
        render_xlsx(report, path, lang)
    return path
