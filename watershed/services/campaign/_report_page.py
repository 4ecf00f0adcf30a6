"""The weekly report as one printable A4 page: its style, the burndown and the map as inline
SVG, the table by village (render_html). Every piece of data goes through html.escape."""

from collections import Counter
from html import escape

import shapely

from watershed.palette import DREDGING, PALE
from watershed.catalogue import text
from watershed.domain import dredging as rules
from watershed.services.evaluation.board_files import day as written_day
from watershed.services.common.printable import FONTS, page
from watershed.services.campaign._report_data import (GROUP_COLUMNS, WeekReport, figure_lines,
                                                      group_name, group_table, number, subtitle,
                                                      title)
from watershed.services.common.svg_map import Frame, lines_of, polyline, svg_open
from watershed.services.common.svg_map import svg_text as _svg_text

COLOURS = {**DREDGING, None: PALE}  # None: a segment outside the campaign

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
    parts.append(_svg_text(left - 3, top + 8, number(f.planned_m3), "end", 9))
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
                     number(value, 2) if name.endswith("km") else number(value))
            cells.append(f'<td class="num">{escape(shown)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="groups"><thead><tr>{headers}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


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
