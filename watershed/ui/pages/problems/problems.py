"""问题台账: every problem with filters (stage, category, village, overdue), the figures (open by
stage, overdue, median days to close per category, upkeep problems per household), escalation of
the overdue ones, and one problem to act on (staff) or to read (the leadership, read-only).
"""

from functools import partial

import pandas as pd
import streamlit as st

from watershed.domain.checks import CATEGORIES
from watershed.domain.problems import ALL_STAGES, OPEN_STAGES
from watershed.errors import WatershedError
from watershed.services.problems.figures import (basin_figures, basin_queue, may_view_problems,
                                                 narrowed)
from watershed.services.common.clock import today
from watershed.services.common.paging import page_of_rows, write_sheet
from watershed.services.problems.problems import escalate_overdue
from watershed.services.places.registers import filter_options
from watershed.ui.links import take
from watershed.ui.problem_forms import act_on, row
from watershed.ui.session import current_actor
from watershed.ui.text import language, show_error, t
from watershed.ui.widgets import (attempt, choice, flash, paged_table, show_flash, table,
                                 written)
from watershed.ui.wiring import database, shared

PICKED = "problems_picked"
STAGE, OVERDUE = "problems_stage", "problems_overdue"  # the filters a link may set


def spreadsheet(lines, sheet: str, lang: str) -> bytes:
    """The problems listed, all of them, as .xlsx bytes (written when the button is pressed)."""
    rows = [row(line, lang) for line in lines]
    return written(lambda path: write_sheet(path, list(rows[0]), rows, lang=lang, sheet=sheet),
                   "problems.xlsx")


def _figures(figures) -> None:
    columns = st.columns(len(OPEN_STAGES) + 1)
    for column, stage in zip(columns, OPEN_STAGES):
        column.metric(t(f"problem.stage.{stage}"), f"{figures.open_by_stage[stage]:,}")
    columns[-1].metric(t("problems.overdue"), f"{figures.overdue:,}",
                       help=t("problems.overdue_help"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('problems.median_title')}**", help=t("problems.median_help"))
        table(pd.DataFrame([{"problem_category": t(f"check.category.{c}"),
                             "problem_median": days, "problem_closed": figures.closed[c]}
                            for c, days in figures.median_days.items()],
                           columns=["problem_category", "problem_median", "problem_closed"]))
    with right:
        st.markdown(f"**{t('problems.upkeep_title')}**", help=t("problems.upkeep_help"))
        table(pd.DataFrame([line.__dict__ for line in figures.upkeep],
                           columns=["household_code", "head_name", "village", "upkeep_problems"]))


def _opened() -> None:
    """What a link asked for (today's work on the dashboard): ?problem=ID opens that problem,
    ?stage=STAGE and ?overdue=1 set the filters."""
    problem, stage, overdue = take("problem"), take("stage"), take("overdue")
    if problem is not None and problem.isdigit():
        st.session_state[PICKED] = int(problem)
        st.session_state[STAGE], st.session_state[OVERDUE] = None, False  # so it is listed
    if stage in ALL_STAGES:
        st.session_state[STAGE] = stage
    if overdue is not None:
        st.session_state[OVERDUE] = overdue == "1"


def _filters(villages) -> dict:
    columns = st.columns([2, 2, 2, 1.5])
    return dict(
        stage=columns[0].selectbox(t("problems.filter.stage"), [None, *ALL_STAGES], key=STAGE,
                                   format_func=lambda s: t(f"problem.stage.{s}") if s else t("staff.any")),
        category=columns[1].selectbox(t("problems.filter.category"), [None, *CATEGORIES],
                                      format_func=lambda c: t(f"check.category.{c}") if c else t("staff.any")),
        village=columns[2].selectbox(t("staff.filter.village"), [None, *villages],
                                     format_func=lambda v: v or t("staff.any")),
        overdue=columns[3].checkbox(t("problems.filter.overdue"), key=OVERDUE))


def render() -> None:
    st.title(t("problems.title"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    if actor is None:
        return
    _opened()
    try:
        may_view_problems(actor)  # the queue and its figures are shared by every viewer let in
        figures, everything = shared(basin_figures), shared(basin_queue)
    except WatershedError as error:
        show_error(error)
        return
    _figures(figures)
    if actor.role == "staff" and st.button(t("problems.escalate"), help=t("problems.escalate_help")):
        done = attempt(lambda: escalate_overdue(db, actor))
        if done is not None:
            flash(t("problems.escalated", count=len(done)))
    options = attempt(lambda: filter_options(db, actor))
    filters = _filters(options.villages if options else [])
    # Filtered on every run, not read again: a filter changed is no new state of the data.
    lines = attempt(lambda: narrowed(everything, **filters))
    if lines is None:
        return
    page = paged_table("problems", partial(page_of_rows, lines), filters=filters, height=360,
                       shape=lambda shown: [row(line) for line in shown],
                       file_name=f"problems-{today()}.xlsx",
                       download=partial(spreadsheet, lines, t("problems.title"), language()))
    if not lines:
        return
    by_id = {line.id: line for line in lines}
    if st.session_state.get(PICKED) not in by_id:
        st.session_state.pop(PICKED, None)
    # The problems of the page shown (and the one chosen, perhaps by a link), not the whole
    # queue: at the size of a district every option would be sent on every rerun.
    offered = dict.fromkeys(line.id for line in page.rows) if page else {}
    if st.session_state.get(PICKED) is not None:
        offered[st.session_state[PICKED]] = None
    # The label never changes with the stage: Streamlit keeps a choice by its label. The
    # leadership only reads (查看); staff read and act (查看或办理).
    label = t("problems.pick" if actor.role == "staff" else "problems.pick_to_read")
    picked = st.selectbox(label, list(offered), key=PICKED, index=None,
                          placeholder=choice(offered),
                          format_func=lambda i: t("problems.pick_label", id=i,
                                                  segment=by_id[i].segment_code,
                                                  category=t(f"check.category.{by_id[i].category}")))
    if picked is not None:
        act_on(db, actor, by_id[picked])
