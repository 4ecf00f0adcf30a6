"""清淤进度: the dredging campaign as leadership opens the app for it — where the silt stands, the
map by dredging status, the remaining silt day by day and when it will be gone at the recent pace.

Read-only: the day to look at and which totals to show are the only choices. Every figure, the
map and the chart are the campaign as it stood at the end of the chosen day (the services count
the entries up to that day); live water and ponds have no history and are today's.
"""

from collections import Counter
from functools import partial
from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from watershed.domain.dredging import STATUSES
from watershed.domain.ponds import STATUSES as POND_STATUSES
from watershed.errors import NotFound, WatershedError
from watershed.palette import BLUE, GREEN, GREY, RED
from watershed.services.campaign.figures import campaign_tables, may_view_campaign
from watershed.services.campaign.flow import water
from watershed.services.campaign.ponds import list_ponds
from watershed.services.campaign.weekly_report import report_html, report_xlsx, week_name
from watershed.services.common.paging import page_of_rows, write_sheet
from watershed.ui.map_view import segment_map
from watershed.ui.session import current_actor
from watershed.ui.text import DATE_FIELD, day, language, md, show_error, t
from watershed.ui.widgets import XLSX, attempt, paged_table, written
from watershed.ui.wiring import database, shared

AS_OF, GROUP, WEEK = "campaign_as_of", "campaign_group", "campaign_week"
GROUPS = ("village", "channel")
GROUP_COLUMNS = ("segments", "km", "done_km", "accepted_km", "planned_m3", "removed_m3",
                 "removed_share")


def _pond_label(status: str) -> str:
    return t(f"pond.status.{status}") if status in POND_STATUSES else t("leader.pond.other",
                                                                         status=status)


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _headline(figures) -> None:
    """Five figures, each a short value with what it is measured against in grey beneath: side
    by side while they fit, wrapped onto another row when they do not, never cut short."""
    row = st.container(horizontal=True, horizontal_alignment="distribute", gap="medium")
    against = dict(delta_color="off", delta_arrow="off", width="content")
    row.metric(t("ui.campaign.day"), t(f"ui.campaign.day_value.{figures.phase}", day=figures.day),
               t(f"ui.campaign.day_of.{figures.phase}", days=figures.days,
                 start=day(figures.start_date), end=day(figures.end_date)), **against)
    for label, km in (("ui.campaign.done", figures.done_km),
                      ("ui.campaign.accepted", figures.accepted_km)):
        row.metric(t(label), f"{_share(km, figures.length_km):.1%}",
                   t("ui.campaign.km_of", km=km, length=figures.length_km), **against)
    row.metric(t("ui.campaign.m3"), t("ui.campaign.m3_value", m3=figures.removed_m3),
               t("ui.campaign.m3_of", planned=figures.planned_m3,
                 share=_share(figures.removed_m3, figures.planned_m3)), **against)
    row.metric(t("ui.campaign.bank"), t("ui.campaign.bank_value", metres=figures.bank_m),
               t("ui.campaign.bank_of", planned=figures.planned_bank_m)
               if figures.planned_bank_m else None, **against)


def _forecast(figures) -> None:
    end = day(figures.end_date)
    if figures.phase == "before":  # nothing dug yet, nor due to be: no rate to warn about
        return
    if figures.removed_m3 >= figures.planned_m3:
        st.success(t("ui.campaign.finished"))
    elif figures.forecast is None:
        st.info(t("ui.campaign.no_recent", end=end))
    elif figures.late:
        st.warning(t("ui.campaign.late", forecast=day(figures.forecast), end=end))
    else:
        st.success(t("ui.campaign.on_time", forecast=day(figures.forecast), end=end))


def _grid(figures: list[tuple[str, str]]) -> None:
    """Small figures side by side, as many to a row as fit (so the column beside the map stays
    about as tall as the map), each as wide as its value: a long one takes a row, never cut."""
    row = st.container(horizontal=True, gap="medium")
    for label, value in figures:
        row.metric(label, value, width="content")


def _beside(db, actor, figures) -> None:
    """Segments by status on the chosen day; live water and ponds as they are today."""
    st.markdown(f"**{t('ui.campaign.statuses')}**")
    _grid([(t(f"dredging.status.{status}"), f"{figures.statuses.get(status, 0):,}")
           for status in STATUSES])
    st.markdown(f"**{t('ui.campaign.water')}**")
    flow = shared(water)
    _grid([(t("ui.campaign.live"), f"{flow.live_km:,.1f}"),  # the unit is in the label
           (t("ui.campaign.dead"), f"{flow.dead_km:,.1f}")])
    st.markdown(f"**{t('ui.campaign.ponds')}**")
    ponds = attempt(lambda: list_ponds(db, actor))
    if ponds is not None and not ponds:
        st.caption(t("leader.no_ponds"))
    counts = Counter(pond.status for pond in ponds or [])
    _grid([(_pond_label(status), f"{counts[status]:,}")
           for status in [*POND_STATUSES, *sorted(set(counts) - set(POND_STATUSES))]
           if ponds])
    st.caption(t("ui.campaign.today_only"))


def _burndown(figures) -> alt.LayerChart:
    """Remaining silt by day (solid), the straight line to nothing on the last day (dashed), and
    rules at the last day and at the forecast."""
    left, ideal = t("ui.campaign.chart.remaining"), t("ui.campaign.chart.ideal")
    points = [(left, line.day, line.remaining_m3) for line in figures.burndown]
    # The ideal line is straight: its last point, nothing left on the last day, completes it.
    points += [(ideal, line.day, line.ideal_m3) for line in figures.burndown]
    points.append((ideal, figures.end_date, 0.0))
    rows = pd.DataFrame([{"line": name, "day": when.isoformat(), "date": day(when),
                          "m3": round(m3, 1)} for name, when, m3 in points])
    x = alt.X("day:T", title=t("ui.campaign.chart.day"), scale=alt.Scale(type="utc"),
              axis=alt.Axis(format=t("ui.campaign.chart.day_format")))
    lines = alt.Chart(rows).mark_line().encode(
        x=x, y=alt.Y("m3:Q", title=t("ui.campaign.chart.m3")),
        color=alt.Color("line:N", scale=alt.Scale(domain=[left, ideal], range=[BLUE, GREY]),
                        legend=alt.Legend(title=None, orient="top")),
        strokeDash=alt.StrokeDash("line:N", scale=alt.Scale(domain=[left, ideal],
                                                            range=[[1, 0], [6, 4]]), legend=None),
        tooltip=[alt.Tooltip("line:N", title=t("ui.campaign.chart.line")),
                 alt.Tooltip("date:N", title=t("ui.campaign.chart.day")),
                 alt.Tooltip("m3:Q", title=t("ui.campaign.chart.m3"), format=",.1f")])
    # Labels to the left of their rules, one under the other: the rules stand at the right end.
    marks = [{"day": figures.end_date.isoformat(), "colour": GREY, "offset": 4,
              "label": t("ui.campaign.chart.end", date=day(figures.end_date))}]
    # A forecast years away would squash the campaign into the chart's left edge; the box above
    # the chart names it anyway.
    if figures.forecast and figures.forecast <= figures.end_date + timedelta(days=figures.days):
        marks.append({"day": figures.forecast.isoformat(), "colour": RED if figures.late else GREEN,
                      "offset": 20,
                      "label": t("ui.campaign.chart.forecast", date=day(figures.forecast))})
    rules = alt.Chart(pd.DataFrame(marks)).encode(x=x)
    return alt.layer(
        lines,
        rules.mark_rule(strokeDash=[2, 2]).encode(color=alt.Color("colour:N", scale=None)),
        rules.mark_text(align="right", dx=-4, baseline="top").encode(
            text="label:N", y=alt.Y("offset:Q", scale=None),
            color=alt.Color("colour:N", scale=None)),
    ).properties(height=320)


def _shaped(frame):
    frame = frame.rename(columns={name: f"works_{name}" for name in GROUP_COLUMNS})
    frame["works_removed_share"] = frame["works_removed_share"].map(lambda share: f"{share:.1%}")
    return frame


def _group_sheet(frame, sheet: str, lang: str) -> bytes:
    """The whole table by village or by channel, as .xlsx bytes (written when pressed)."""
    frame = _shaped(frame)
    return written(lambda path: write_sheet(path, list(frame.columns),
                                            frame.itertuples(index=False, name=None),
                                            lang=lang, sheet=sheet), "campaign.xlsx")


def _group_table(frame, key: str, as_of) -> None:
    """A page of the table (a district has tens of thousands of channels)."""
    paged_table(f"campaign_{key}", partial(page_of_rows, frame), filters=(key, as_of),
                shape=_shaped, file_name=f"campaign-{key}-{as_of}.xlsx",
                download=partial(_group_sheet, frame, t(f"ui.campaign.group.{key}"), language()))


def _weekly_report(db, actor, figures) -> None:
    """The week's one-page report for leadership (as `watershed report --week`), to download."""
    st.subheader(t("ui.campaign.report_title"), anchor=False)
    first = figures.start_date - timedelta(days=figures.start_date.weekday())
    mondays = [first + timedelta(weeks=n)
               for n in range((max(figures.as_of, first) - first).days // 7 + 1)]
    weeks = {week_name(monday): monday for monday in reversed(mondays)}
    week = st.columns([1, 2])[0].selectbox(
        t("ui.campaign.report_week"), list(weeks), key=WEEK,
        format_func=lambda w: t("ui.campaign.report_week_label", week=w, start=day(weeks[w]),
                                end=day(weeks[w] + timedelta(days=6))))
    lang = language()
    left, right = st.columns(2)
    left.download_button(t("ui.campaign.report_html"), file_name=f"weekly-{week}.html",
                         mime="text/html",
                         data=partial(lambda: report_html(db, actor, week, lang).encode("utf-8")))
    right.download_button(t("ui.campaign.report_xlsx"), file_name=f"weekly-{week}.xlsx", mime=XLSX,
                          data=partial(written, lambda path: report_xlsx(db, actor, week, path, lang),
                                       "weekly.xlsx"))
    st.caption(t("ui.campaign.report_hint"))


def render() -> None:
    st.title(t("ui.campaign.title"), anchor=False)
    db, actor = database(), current_actor()
    if actor is None:
        return
    try:
        may_view_campaign(actor)  # the figures are shared by every viewer, once let in
        latest = shared(campaign_tables)  # (figures, tables by village and by channel)
    except NotFound:
        st.info(t("ui.campaign.none"))
        return
    except WatershedError as error:
        show_error(error)
        return
    now = latest[0]
    st.subheader(md("ui.campaign.heading", name=now.name, start=day(now.start_date),
                    end=day(now.end_date)), anchor=False)
    last = max(now.as_of, now.start_date)  # a campaign set up ahead of its start
    as_of = st.columns([1, 3])[0].date_input(
        t("ui.campaign.as_of"), value=last, min_value=now.start_date, max_value=last, key=AS_OF,
        help=t("ui.campaign.as_of_help"), format=DATE_FIELD)
    # Before its start the page shows the plan as of today ("not begun"), not day 1.
    shown = latest if as_of == last else attempt(lambda: shared(campaign_tables, as_of))
    if shown is None:
        return
    figures, tables = shown
    _headline(figures)
    _forecast(figures)
    wide, narrow = st.columns([2, 1], gap="medium")
    with wide:
        segment_map(key="campaign_map", colouring="dredging", as_of=as_of)
    with narrow:
        _beside(db, actor, figures)
    st.subheader(t("ui.campaign.burndown_title"), anchor=False)
    st.caption(t("ui.campaign.burndown_caption"))
    st.altair_chart(_burndown(figures), width="stretch")
    st.subheader(t("ui.campaign.tables_title"), anchor=False)
    key = st.radio(t("ui.campaign.group_by"), GROUPS, horizontal=True, key=GROUP,
                   format_func=lambda name: t(f"ui.campaign.group.{name}"))
    _group_table(tables[key], key, as_of)
    _weekly_report(db, actor, now)

