"""What a weekly report holds (WeekReport and its parts) and how its figures are worded: the
title, the lines of figures and the tables by village or channel that the page (_report_page.py)
and the spreadsheet (_report_sheet.py) both show. weekly_report.py reads the data."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from watershed.catalogue import text
from watershed.services.evaluation.board_files import day as written_day
from watershed.services.campaign.figures import CampaignFigures, by_group, progress_phrase
from watershed.services.campaign.flow import Flow

GROUP_COLUMNS = ("segments", "km", "done_km", "accepted_km", "planned_m3", "removed_m3",
                 "removed_share", "week_m3")  # headers are report.column.<name>


@dataclass(frozen=True)
class EntryLine:
    segment: str
    day: date
    m3: float
    bank_m: float
    state: str
    note: str
    who: str  # the person's name, or the command line's cli:<user> (actors.shown_name)


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


# --- shared wording ----------------------------------------------------------------------------

def number(value: float, digits: int = 0) -> str:
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
    return text("report.week_segments", lang, count=len(codes), km=number(km, 2),
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
         text("report.km", lang, done=number(f.done_km, 2), accepted=number(f.accepted_km, 2),
              total=number(f.length_km, 2), share=_share(f.done_km, f.length_km))),
        (text("report.label.m3", lang),
         text("report.m3", lang, removed=number(f.removed_m3), planned=number(f.planned_m3),
              share=_share(f.removed_m3, f.planned_m3))),
        (text("report.label.bank", lang),
         text("report.bank", lang, done=number(f.bank_m), planned=number(f.planned_bank_m))),
        (text("report.label.segments", lang), _statuses(f, lang)),
        (text("report.label.forecast", lang), _forecast(f, lang)),
        (text("report.label.week_m3", lang),
         text("report.week_m3", lang, m3=number(c.m3), bank=number(c.bank_m), entries=c.entries)),
        (text("report.label.week_done", lang), _changed(c.done, c.done_km, lang)),
        (text("report.label.week_accepted", lang), _changed(c.accepted, c.accepted_km, lang)),
        (text("report.label.water", lang),
         text("report.water", lang, live=number(report.flow.live_km, 2),
              dead=number(report.flow.dead_km, 2))),
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

