"""Checks: every check with filters, a spreadsheet of them, and the custodians who are late."""

from dataclasses import fields
from datetime import timedelta
from functools import partial

import streamlit as st

from watershed.domain.checks import DEFAULT_INTERVAL_DAYS, INTERVAL_DAYS
from watershed.domain.localtime import stamp
from watershed.services.checks.checks import (OverdueLine, check_page, export_checks,
                                               overdue_custodians)
from watershed.services.common.clock import today
from watershed.services.common.paging import page_of_rows, write_sheet
from watershed.services.places.registers import filter_options
from watershed.ui.links import take
from watershed.ui.names import who
from watershed.ui.session import current_actor
from watershed.ui.text import DATE_FIELD, language, md, t
from watershed.ui.widgets import attempt, bounds, choice, paged_table, written
from watershed.ui.wiring import database, shared

VILLAGE = "checks_village"  # ?village=NAME (today's work on the dashboard) sets it


def _filters(villages) -> dict:
    columns = st.columns([2, 2, 2, 2, 1.5])
    return dict(
        segment_code=columns[0].text_input(t("staff.filter.segment")).strip() or None,
        village=columns[1].selectbox(t("staff.filter.village"), [None, *villages], key=VILLAGE,
                                     format_func=lambda v: v or t("staff.any"),
                                     placeholder=choice([None, *villages])),
        date_from=columns[2].date_input(t("staff.filter.from"), value=today() - timedelta(days=30),
                                        format=DATE_FIELD),
        date_to=columns[3].date_input(t("staff.filter.to"), value=today(), format=DATE_FIELD),
        only_problems=columns[4].checkbox(t("staff.filter.only_problems")))


def _row(line) -> dict:
    problems = "; ".join(f"{t(f'check.dimension.{d}')}: {t(f'check.category.{c}')}"
                         for d, c in line.problems.items())
    return dict(at=stamp(line.at), code=line.segment_code, village=line.village,
                custodian_code=line.household_code, custodian_name=line.head_name,
                user_name=who(line.user_name), problems=problems or t("check.answer.good"),
                photos=len(line.photos), note=line.note)


def spreadsheet(db, actor, filters: dict, lang: str) -> bytes:
    """The checks matching `filters` as .xlsx bytes, written by export_checks (on download)."""
    return written(lambda path: export_checks(db, actor, path, lang=lang, **filters), "checks.xlsx")


def late_sheet(late, sheet: str, lang: str) -> bytes:
    """The late custodians, all of them, as .xlsx bytes (written when the button is pressed)."""
    columns = [column.name for column in fields(OverdueLine)]
    return written(lambda path: write_sheet(path, columns, late, lang=lang, sheet=sheet),
                   "overdue.xlsx")


def render() -> None:
    st.title(t("staff.page.checks"), anchor=False)
    db, actor = database(), current_actor()
    options = attempt(lambda: filter_options(db, actor))
    villages = options.villages if options else []
    if (asked := take("village")) in villages:
        st.session_state[VILLAGE] = asked
    filters = _filters(villages)
    paged_table("checks", partial(check_page, db, actor, **filters), filters=filters,
                shape=lambda lines: [_row(line) for line in lines], height=360,
                file_name=f"checks-{today()}.xlsx",
                download=partial(spreadsheet, db, actor, filters, language()))
    st.subheader(t("staff.checks.overdue_title"), anchor=False)
    interval = st.number_input(t("staff.checks.interval"), **bounds(INTERVAL_DAYS),
                               value=DEFAULT_INTERVAL_DAYS, step=1)
    village = filters["village"]
    # Every kept segment's last check is read to find the late ones: once per state of the data.
    late = attempt(lambda: shared(overdue_custodians, actor, interval, village=village))
    if late is not None:
        key = "staff.checks.overdue_village" if village else "staff.checks.overdue_count"
        st.caption(md(key, count=len(late), days=int(interval), village=village))
        paged_table("overdue", partial(page_of_rows, late), filters=(interval, village),
                    height=360, file_name=f"overdue-{today()}.xlsx",
                    download=partial(late_sheet, late, t("staff.checks.overdue_title"),
                                             language()))
