"""The signboards (河段包保公示牌) as one HTML file to print: an A4 page per segment.

Each page: the segment's code and channel, its village and length, the custodian household's head
and deputy (phones masked), the village's supervising staff member and office phone, the check
interval, a small map (the segment drawn strong over its neighbours, inline SVG) and a QR code of
the segment's public page (inline SVG, made by segno). Every piece of data passes through
html.escape, and the page loads nothing (watershed.services.common.printable).
"""

from datetime import date
from html import escape
from pathlib import Path

import segno
import shapely

from watershed.catalogue import text
from watershed.errors import InputError
from watershed.palette import GREY, RED
from watershed.services.common.actors import Actor
from watershed.services.evaluation.board_files import day
from watershed.services.common.clock import today
from watershed.services.common.printable import FONTS, page
from watershed.services.signboards.signboards import (ASPECT, Contact, Signboard,
                                                      private_address_problem, signboards)
from watershed.services.common.svg_map import Frame, lines_of, polyline, scale_bar, svg_open, svg_text
from watershed.services.geometry.network import labelled

MAP_W = 400
MAP_H = round(MAP_W / ASPECT)
QR_ERROR = "m"  # 15% of the code may be soiled or torn and it still reads

STYLE = """
@page { size: A4; margin: 12mm }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box }
body { font-family: %s; color: #111; margin: 0 }
section.sign { height: 272mm; overflow: hidden; display: flex; flex-direction: column;
               border: 2.5mm solid #0b4f8a; padding: 6mm 8mm; break-after: page;
               page-break-after: always }
section.sign:last-child { break-after: auto; page-break-after: auto }
h1 { font-size: 30pt; letter-spacing: 4pt; text-align: center; margin: 0 0 3mm; color: #0b4f8a }
p.code { font-size: 34pt; font-weight: bold; text-align: center; margin: 0 0 1mm;
         overflow-wrap: anywhere }
p.channel { font-size: 15pt; text-align: center; margin: 0 0 4mm; overflow-wrap: anywhere }
table { width: 100%%; border-collapse: collapse; font-size: 14pt; table-layout: fixed }
th, td { border: 1px solid #777; padding: 1.6mm 2.5mm; text-align: left; vertical-align: top;
         overflow-wrap: anywhere }
th { width: 30%%; background: #eef3f8; font-weight: normal }
figure.map { margin: 4mm 0 0; border: 1px solid #999; flex: 1 1 auto; min-height: 0 }
figure.map svg { width: 100%%; height: 100%%; display: block }
div.bottom { display: flex; gap: 6mm; align-items: center; margin-top: 4mm }
div.qr svg { width: 46mm; height: 46mm; display: block }
div.scan { font-size: 13pt; line-height: 1.5 }
div.scan p { margin: 0 0 2mm }
p.url { font-size: 8pt; color: #444; overflow-wrap: anywhere }
p.made { font-size: 9pt; color: #555; text-align: right; margin: 3mm 0 0 }
""" % FONTS


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG sized by the page's style (a quiet zone of 4 modules)."""
    return segno.make(url, error=QR_ERROR, micro=False).svg_inline(
        border=4, omitsize=True, dark="#000", light="#fff")


def map_svg(board: Signboard, lang: str | None = None) -> str:
    """The segment (strong, with an arrow at its downstream end) over its neighbours' lines, a
    north mark and a scale bar."""
    frame = Frame.fit(board.window, (0, 0, MAP_W, MAP_H))
    parts = [svg_open(MAP_W, MAP_H, text("signboard.map", lang, code=board.code)),
             f'<rect width="{MAP_W}" height="{MAP_H}" fill="#fff"/>']
    for geometry in board.neighbours:
        for line in lines_of(geometry):
            if not line.is_empty:
                parts.append(polyline(frame, line, GREY, 2.5))
    lines = lines_of(board.geometry)
    for line in lines:
        parts.append(polyline(frame, line, RED, 7))
    parts.append(_arrow(frame, lines[-1]))
    backing = 'fill="#fff" fill-opacity="0.85"'
    parts.append(f'<rect x="{MAP_W - 28}" y="4" width="24" height="36" {backing}/>')
    parts.append(svg_text(MAP_W - 16, 20, text("signboard.north", lang), "middle", 13, "#111"))
    parts.append(f'<path d="M{MAP_W - 16},24 l-5,12 l5,-3 l5,3 z" fill="#111"/>')
    parts.append(f'<rect x="4" y="{MAP_H - 26}" width="{MAP_W / 4 + 12}" height="22" {backing}/>')
    parts.append(scale_bar(frame, 10, MAP_H - 8, MAP_W / 4))
    parts.append("</svg>")
    return "".join(parts)


def _arrow(frame: Frame, line) -> str:
    """A triangle at the line's last vertex pointing the way the water flows."""
    coords = shapely.get_coordinates(line).tolist()
    (x1, y1), (x2, y2) = frame.point(*coords[-2]), frame.point(*coords[-1])
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-9)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    tip = (x2 + ux * 14, y2 + uy * 14)
    left = (x2 - uy * 8, y2 + ux * 8)
    right = (x2 + uy * 8, y2 - ux * 8)
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (tip, left, right))
    return f'<polygon points="{points}" fill="{RED}"/>'


def _contact(contact: Contact | None, lang: str | None, none_key: str) -> tuple[str, str]:
    if contact is None:
        return text(none_key, lang), ""
    return contact.name, contact.phone or text("signboard.no_phone", lang)


def rows(board: Signboard, lang: str | None = None) -> list[tuple[str, str]]:
    """(label, value) of the board's table, in plain text."""
    keeper, keeper_phone = _contact(board.custodian, lang, "signboard.nobody")
    lines = [
        (text("signboard.label.village", lang),
         board.village or text("signboard.no_village_name", lang)),
        (text("signboard.label.length", lang),
         text("signboard.length", lang, metres=board.length_m)),
        (text("signboard.label.custodian", lang), keeper),
    ]
    if board.custodian is not None:
        lines.append((text("signboard.label.custodian_phone", lang), keeper_phone))
    if board.deputy is not None:
        lines.append((text("signboard.label.deputy", lang),
                      text("signboard.name_phone", lang, name=board.deputy.name,
                           phone=board.deputy.phone or text("signboard.no_phone", lang))))
    supervisor, office = _contact(board.supervisor, lang, "signboard.no_supervisor")
    lines.append((text("signboard.label.supervisor", lang), supervisor))
    if board.supervisor is not None:
        lines.append((text("signboard.label.supervisor_phone", lang), office))
    lines.append((text("signboard.label.interval", lang),
                  text("signboard.interval", lang, days=board.interval_days)))
    return lines


def channel_line(board: Signboard) -> str:
    """The channel as every page names it (network.labelled): THG（太湖港）."""
    return labelled(board.channel_code, board.channel_name)


def _sign(board: Signboard, made: date, lang: str | None) -> str:
    table = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
                    for label, value in rows(board, lang))
    return f"""<section class="sign">
<h1>{escape(text("signboard.title", lang))}</h1>
<p class="code">{escape(board.code)}</p>
<p class="channel">{escape(channel_line(board))}</p>
<table>{table}</table>
<figure class="map">{map_svg(board, lang)}</figure>
<div class="bottom"><div class="qr">{qr_svg(board.url)}</div>
<div class="scan"><p>{escape(text("signboard.scan", lang))}</p>
<p>{escape(text("signboard.duty", lang))}</p>
<p class="url">{escape(board.url)}</p></div></div>
<p class="made">{escape(text("signboard.made", lang, date=day(made, lang)))}</p>
</section>"""


def signboards_html(boards: list[Signboard], lang: str | None = None) -> str:
    """One HTML document: an A4 page per signboard."""
    made = today()
    villages = sorted({board.village for board in boards if board.village})
    title = text("signboard.file_title", lang, villages="、".join(villages) or "—",
                 count=len(boards))
    return page(title, STYLE, "\n".join(_sign(board, made, lang) for board in boards), lang)


def save_signboards(db, actor: Actor, path, *, village: str | None = None,
                    segment: str | None = None, lang: str | None = None) -> int:
    """Write the signboards of a village, of one segment, or of all to an .html file; returns
    how many pages it holds. Refused while the public address is one phones cannot reach."""
    path = Path(path)
    problem = private_address_problem()
    if problem is not None:
        raise problem
    if path.suffix.lower() != ".html":
        raise InputError("export.bad_suffix", file=path.name, suffixes=".html")
    if path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    boards = signboards(db, actor, village=village, segment=segment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(signboards_html(boards, lang), encoding="utf-8")
    return len(boards)
