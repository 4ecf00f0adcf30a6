"""Segments: the register with filters, the map (a click selects), and the custody of one segment."""

from dataclasses import asdict
from functools import partial

import streamlit as st

from watershed.services.custody import custody
from watershed.services.places import registers
from watershed.services.common.clock import today
from watershed.ui.links import take
from watershed.ui.map_view import segment_map
from watershed.ui.names import channel
from watershed.ui.session import current_actor
from watershed.ui.text import DATE_FIELD, language, md, t
from watershed.ui.widgets import attempt, flash, paged_table, show_flash, table, written
from watershed.ui.wiring import database

SELECTED, CLICKED = "segment_code", "segments_map_clicked"
ONLY_OPEN, CHANNEL = "segments_only_open", "segments_channel"
CHANNELS_LISTED = 300  # more than this are offered a village at a time


def _filters(db, actor, options) -> dict:
    any_of = lambda value: value or t("staff.any")  # noqa: E731
    columns = st.columns([2, 2, 2, 2, 1.5])
    village = columns[0].selectbox(t("staff.filter.village"), [None, *options.villages],
                                   format_func=any_of)
    if village:  # the village's channels: a district's whole list would be sent on every rerun
        options = attempt(lambda: registers.filter_options(db, actor, village)) or options
    names = dict(options.channels)
    many = not village and len(names) > CHANNELS_LISTED
    chosen = st.session_state.get(CHANNEL)
    if chosen is not None and (many or chosen not in names):  # e.g. one of another village
        del st.session_state[CHANNEL]  # back to 不限 (a None put there would show no choice at all)
    return dict(
        village=village,
        channel=columns[1].selectbox(t("staff.filter.channel"), [None] if many else [None, *names],
                                     format_func=lambda c: channel(c, names[c]) if c
                                     else any_of(c), key=CHANNEL, disabled=many,
                                     help=t("staff.filter.channel_by_village") if many else None),
        group=columns[2].selectbox(t("staff.filter.group"), [None, *options.groups], format_func=any_of),
        custodian=columns[3].text_input(t("staff.filter.custodian")).strip(),
        only_open=columns[4].checkbox(t("staff.filter.only_open"), key=ONLY_OPEN))


def spreadsheet(db, actor, filters: dict, lang: str) -> bytes:
    """Every segment the filters keep, as .xlsx bytes (written when the button is pressed)."""
    return written(lambda path: registers.export_segments(db, actor, path, lang=lang, **filters),
                   "segments.xlsx")


def _assign(db, actor, code: str, keeper) -> None:
    st.subheader(t("staff.custody.reassign" if keeper else "staff.custody.assign"), anchor=False)
    search = st.text_input(t("staff.custody.find_household"), key="household_search").strip()
    found = registers.household_table(db, actor, search, limit=20).itertuples() if search else []
    labels = {r.code: f"{r.code} {r.head_name} · {r.village} {r.group}" for r in found}
    household = st.selectbox(t("staff.custody.household"), list(labels), index=None,
                             format_func=labels.get, placeholder=t("staff.custody.pick_household"))
    start = st.date_input(t("staff.custody.start"), value=today(), key="assign_start",
                          format=DATE_FIELD)
    reason = st.text_input(t("staff.custody.reason"), key="assign_reason") if keeper else ""
    if st.button(t("staff.custody.save_assign"), disabled=household is None, type="primary") and \
            attempt(lambda: custody.reassign(db, actor, code, household, start=start,
                                             reason=reason.strip())):
        flash(md("staff.custody.assigned", segment=code, household=household))


def _end(db, actor, code: str) -> None:
    st.subheader(t("staff.custody.end"), anchor=False)
    end = st.date_input(t("staff.custody.end_date"), value=today(), key="end_date",
                        format=DATE_FIELD)
    reason = st.text_input(t("staff.custody.reason"), key="end_reason")
    if st.button(t("staff.custody.save_end")) and \
            attempt(lambda: custody.end_custody(db, actor, code, end=end, reason=reason.strip())):
        flash(md("staff.custody.ended", segment=code))


def _custody(db, actor, code: str) -> None:
    history = attempt(lambda: custody.custody_history(db, code))
    if history is None:
        return
    st.subheader(md("staff.custody.history", segment=code), anchor=False)
    table([{**asdict(line), "role": t(f"staff.role.{line.role}")} for line in history])
    keeper = next((h for h in history if h.role == "primary" and h.end_date is None), None)
    left, right = st.columns(2)
    with left:
        _assign(db, actor, code, keeper)
    if keeper:
        with right:
            _end(db, actor, code)


def render() -> None:
    st.title(t("staff.page.segments"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    options = attempt(lambda: registers.filter_options(db, actor))
    if options is None:
        return
    # What a link asked for (today's work on the dashboard): ?open=1 lists the segments nobody
    # keeps, ?code=CODE opens that segment's custody.
    if take("open") == "1":
        st.session_state[ONLY_OPEN] = True
    if (code := take("code")) is not None:
        st.session_state[SELECTED] = code
    filters = _filters(db, actor, options)
    paged_table("segments", partial(registers.segment_page, db, actor, **filters),
                filters=filters, height=320, file_name=f"segments-{today()}.xlsx",
                download=partial(spreadsheet, db, actor, filters, language()))
    codes = registers.segment_codes(db, actor, **filters) if any(filters.values()) else None
    clicked = segment_map(key="segments_map", only_codes=codes)
    if clicked and clicked != st.session_state.get(CLICKED):
        st.session_state[CLICKED] = st.session_state[SELECTED] = clicked
    code = st.text_input(t("staff.segments.selected"), key=SELECTED).strip()
    if code:
        _custody(db, actor, code)
