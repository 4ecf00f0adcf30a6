"""The weekly report of the dredging campaign (清淤周报): one printable A4 page, or a spreadsheet.

    week_bounds("2026-W47") -> (monday, sunday)          ISO weeks
    report_html(db, actor, week, lang=None) -> str        the page
    report_xlsx(db, actor, week, path, lang=None)         sheets 概况, 本周, 村, 渠道
    save_report(db, actor, week, path, lang=None)         either, by the suffix (.html, .xlsx)

The figures are the campaign's at the end of the week's Sunday (or at the end of today for the
week under way), compared with those at the end of the Sunday before: what was removed, done
and accepted during the week. Live and dead water and the ponds are as they are now (their
history is not kept); the ponds are the fish ponds, never the lakes or reservoirs. Staff and leadership only: the services underneath check.

Both files hold names people typed (campaign, channels, villages, notes): the page passes every
piece of data through html.escape and loads nothing (no script, no image, no font from
elsewhere; the burndown and the map are inline SVG); the spreadsheet writes text as text.

Here the data are read (week_report); _report_data.py holds what they are and how they are
worded, _report_page.py draws the page, _report_sheet.py writes the spreadsheet.
"""

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.domain import ponds as pond_rules
from watershed.errors import InputError
from watershed.services.common.actors import Actor, display_names, require_role
from watershed.services.campaign.campaign import find_campaign
from watershed.services.campaign.figures import CampaignFigures, campaign_figures
from watershed.services.common.clock import today
from watershed.services.campaign.flow import water
from watershed.services.geometry.mapdata import segments_in_view
from watershed.services.campaign.ponds import list_ponds
from watershed.services.campaign._report_data import EntryLine, WeekChange, WeekReport
from watershed.services.campaign._report_page import render_html
from watershed.services.campaign._report_sheet import render_xlsx
from watershed.services.common.transaction import reads
from watershed.store.tables import ProgressEntry, Segment, Work

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)
SUFFIXES = (".html", ".xlsx")
MAP_LIMIT = 200_000  # segments drawn on the small map


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
    names = display_names(session)
    return [EntryLine(*row[:-1], names.get(row[-1]) or row[-1]) for row in rows]


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


def report_html(db, actor: Actor, week: str, lang: str | None = None) -> str:
    """The weekly report as one HTML document to print on A4 from a browser."""
    report = week_report(db, actor, week)
    return render_html(report, lang)


def _checked_path(path, suffixes=SUFFIXES) -> Path:
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise InputError("export.bad_suffix", file=path.name, suffixes=", ".join(suffixes))
    if path.is_dir():
        raise InputError("export.is_folder", file=str(path))
    return path


def report_xlsx(db, actor: Actor, week: str, path, lang: str | None = None) -> None:
    """The weekly report as a spreadsheet: 概况 (the figures), 本周 (the week's entries),
    村 (by village), 渠道 (by channel). Every text is written as text, never as a formula."""
    path = _checked_path(path, (".xlsx",))
    render_xlsx(week_report(db, actor, week), path, lang)


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
