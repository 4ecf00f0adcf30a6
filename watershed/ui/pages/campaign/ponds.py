"""鱼塘与活水: the ponds that cut the channels, their clearing, and what clearing them would bring
to life (staff). The same services as `watershed pond` and `watershed flow`. The register lists
the reservoirs, lakes and river surfaces too, by kind; only ponds are counted and cleared."""

from functools import partial

import streamlit as st

from watershed.catalogue import text
from watershed.domain.ponds import STATUSES, has_workflow
from watershed.services.campaign import flow
from watershed.services.campaign import ponds
from watershed.services.common.clock import today
from watershed.services.common.paging import page_of_rows, write_sheet
from watershed.ui.map_view import segment_map
from watershed.ui.session import current_actor
from watershed.ui.text import DATE_FIELD, language, md, t
from watershed.ui.widgets import attempt, choice, flash, paged_table, show_flash, written
from watershed.ui.wiring import database, shared

WHAT_IF, POND = "ponds_what_if", "ponds_pond"
COLUMNS = ("code", "pond_name", "pond_kind", "owner", "pond_status", "area_m2", "agreement_date",
           "compensation_yuan")


def _status(status: str) -> str:
    return t(f"pond.status.{status}")


def _row(pond, lang: str) -> dict:
    return {"code": pond.code, "pond_name": pond.name,
            "pond_kind": text(f"pond.kind.{pond.kind}", lang), "owner": pond.owner,
            "pond_status": text(f"pond.status.{pond.status}", lang) if has_workflow(pond.kind)
            else "—", "area_m2": round(pond.area_m2), "agreement_date": pond.agreement_date,
            "compensation_yuan": pond.compensation_yuan}


def spreadsheet(lines, lang: str) -> bytes:
    """The whole register as .xlsx bytes (written when the button is pressed)."""
    rows = [_row(pond, lang) for pond in lines]
    return written(lambda path: write_sheet(path, COLUMNS, rows, lang=lang,
                                            sheet=text("staff.page.ponds", lang)), "ponds.xlsx")


def _register(lines):
    """A page of the register (a district has hundreds of ponds and other water)."""
    return paged_table("ponds", partial(page_of_rows, lines),
                       shape=lambda rows: [_row(pond, language()) for pond in rows],
                       file_name=f"ponds-{today()}.xlsx",
                       download=partial(spreadsheet, lines, language()))


def _update(db, actor, ponds_only, page) -> None:
    st.subheader(t("staff.ponds.update_title"), anchor=False)
    by_code = {p.code: p for p in ponds_only}
    if st.session_state.get(POND) not in by_code:
        st.session_state.pop(POND, None)
    # The ponds of the register's page (and the one chosen), not every pond of the district.
    offered = dict.fromkeys(p.code for p in (page.rows if page else ()) if p.code in by_code)
    if st.session_state.get(POND):
        offered[st.session_state[POND]] = None
    code = st.selectbox(t("staff.ponds.pond"), list(offered), key=POND, placeholder=choice(offered),
                        format_func=lambda c: f"{c} {by_code[c].name} · {_status(by_code[c].status)}")
    if code is None:
        return
    pond = by_code[code]
    with st.form("pond_update"):
        status = st.selectbox(t("staff.ponds.status"), STATUSES, index=STATUSES.index(pond.status),
                              format_func=_status, help=t("staff.ponds.status_help"))
        owner = st.text_input(t("staff.ponds.owner"), value=pond.owner)
        agreed = st.date_input(t("staff.ponds.agreement_date"), value=pond.agreement_date,
                               format=DATE_FIELD)
        paid = st.number_input(t("staff.ponds.compensation"), min_value=0.0, step=100.0,
                               value=pond.compensation_yuan)
        if st.form_submit_button(t("staff.ponds.save"), type="primary") and attempt(
                lambda: ponds.update_pond(db, actor, code, status=status, owner=owner,
                                          agreement_date=agreed, compensation_yuan=paid)):
            flash(md("staff.ponds.saved", code=code, status=_status(status)))


def _what_if(db, now) -> None:
    st.subheader(t("staff.ponds.what_if_title"), anchor=False)
    chosen = tuple(st.multiselect(t("staff.ponds.what_if_pick"), now.blocking_ponds, key=WHAT_IF,
                                  placeholder=t("staff.ponds.what_if_placeholder"),
                                  select_all=False))  # Streamlit's "Select all" is English
    if chosen:
        after = shared(flow.water, chosen)
        st.info(t("staff.ponds.what_if_result", count=len(chosen), live=after.live_km,
                  gained=round(after.live_km - now.live_km, 3), dead=after.dead_km))
    segment_map(key="ponds_map", colouring="water", clear_ponds=chosen)


def render() -> None:
    st.title(t("staff.page.ponds"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    lines = attempt(lambda: ponds.list_ponds(db, actor, every_kind=True))
    if lines is None:
        return
    ponds_only = [p for p in lines if has_workflow(p.kind)]
    now = shared(flow.water)
    left, middle, right = st.columns(3)
    left.metric(t("staff.ponds.live"), t("ui.km", value=now.live_km))
    middle.metric(t("staff.ponds.dead"), t("ui.km", value=now.dead_km))
    right.metric(t("staff.ponds.blocking"), f"{len(now.blocking_ponds)} / {len(ponds_only)}")
    if not ponds_only:
        st.info(t("staff.ponds.none"))
    if len(lines) > len(ponds_only):
        st.caption(t("staff.ponds.other_water", count=len(lines) - len(ponds_only)))
    if not lines:
        return
    page = _register(lines)
    if ponds_only:
        _update(db, actor, ponds_only, page)
    _what_if(db, now)
