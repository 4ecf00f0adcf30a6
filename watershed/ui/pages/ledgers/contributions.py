"""投工投劳: staff record what households gave (labour, machines, materials, money) and withdraw
a wrong entry with a reason; everyone sees the honour board of a village (光荣榜), kind by kind.
Only households that gave are listed: it honours, it does not shame."""

import streamlit as st

from watershed.domain.ledgers import AMOUNT, KINDS, QUANTITY_KINDS
from watershed.services.ledgers import contributions as ledger
from watershed.services.campaign.campaign import current_campaign
from watershed.services.common.clock import today
from watershed.services.common.numbers import RECORD_ID
from watershed.services.places.villages import villages
from watershed.ui.session import current_actor
from watershed.ui.text import DATE_FIELD, md, t
from watershed.ui.widgets import attempt, bounds, flash, show_flash, table
from watershed.ui.wiring import database

VILLAGE, KIND = "contributions_village", "contributions_kind"


def _kind(kind: str) -> str:
    return t("ui.ledger.kind_unit", kind=t(f"ledger.kind.{kind}"), unit=t(f"ledger.unit.{kind}"))


def _record(db, actor) -> None:
    st.subheader(t("ui.ledger.record_title"), anchor=False)
    kind = st.selectbox(t("ui.ledger.kind"), KINDS, format_func=_kind, key=KIND)
    campaign = current_campaign(db)
    with st.form("contribution_add"):
        left, right = st.columns(2)
        household = left.text_input(t("ui.ledger.household"), help=t("ui.ledger.household_help"))
        amount = left.number_input(t("ui.ledger.amount", unit=t(f"ledger.unit.{kind}")),
                                   **bounds(AMOUNT[kind]),
                                   step=0.5 if kind in QUANTITY_KINDS else 10.0,
                                   format="%.1f" if kind in QUANTITY_KINDS else "%.2f")
        day = left.date_input(t("ui.ledger.day"), value=today(), max_value=today(),
                              format=DATE_FIELD)
        what = right.text_input(t(f"ui.ledger.what_{kind}")) if kind in ("machine",
                                                                         "materials") else ""
        segment = right.text_input(t("ui.ledger.segment"), help=t("ui.ledger.segment_help"))
        for_campaign = right.checkbox(md("ui.ledger.for_campaign", name=campaign.name),
                                      value=True) if campaign else False
        note = right.text_input(t("ui.ledger.note"), max_chars=ledger.MAX_NOTE)
        sent = st.form_submit_button(t("ui.ledger.save"), type="primary")
    if sent and attempt(lambda: ledger.record_contribution(
            db, actor, household.strip(), kind, amount, day=day,
            machine=what if kind == "machine" else "",
            description=what if kind == "materials" else "", segment_code=segment.strip() or None,
            campaign_id=campaign.id if for_campaign else None, note=note)):
        flash(md("ui.ledger.saved", household=household.strip(), kind=t(f"ledger.kind.{kind}")))


def _entries(db, actor) -> None:
    lines = attempt(lambda: ledger.contribution_lines(db, actor))
    if not lines:
        return
    st.subheader(t("ui.ledger.latest_title"), anchor=False)
    table([{"ledger_id": line.id, "ledger_day": line.day, "ledger_household": line.household_code,
            "ledger_head": line.head_name, "village": line.village,
            "ledger_kind": _kind(line.kind), "ledger_amount": line.amount,
            "ledger_what": line.machine or line.description, "ledger_segment": line.segment_code,
            "note": line.note, "ledger_withdrawn": line.withdrawn_reason} for line in lines],
          height=300)
    with st.form("contribution_withdraw"):
        left, right = st.columns([1, 3])
        number = left.number_input(t("ui.ledger.withdraw_id"), **bounds(RECORD_ID), step=1,
                                   value=None)
        reason = right.text_input(t("ui.ledger.withdraw_reason"), max_chars=ledger.MAX_NOTE)
        sent = st.form_submit_button(t("ui.ledger.withdraw"))
    if sent and attempt(lambda: ledger.withdraw_contribution(db, actor, number, reason)):
        flash(md("ui.ledger.withdrawn", id=number))


def _board(db, actor) -> None:
    names = villages(db, actor)  # the household's own village first
    if not names:
        st.info(t("ui.ledger.no_villages"))
        return
    village = st.selectbox(t("ui.ledger.village"), names, key=VILLAGE)
    board = attempt(lambda: ledger.honour_board(db, actor, village))
    if board is None:
        return
    st.caption(t("ui.ledger.board_intro"))
    for kind, tab in zip(KINDS, st.tabs([t(f"ledger.kind.{kind}") for kind in KINDS])):
        with tab:
            if not board.kinds[kind]:
                st.caption(t("ui.ledger.board_empty"))
                continue
            table([{"ledger_rank": line.rank, "ledger_head": line.head_name,
                    "ledger_group": line.group, "ledger_total": line.total,
                    "ledger_entries": line.entries} for line in board.kinds[kind]])
            st.caption(t("ui.ledger.board_unit", unit=t(f"ledger.unit.{kind}")))


def render() -> None:
    st.title(t("ui.ledger.board_title"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    if actor is None:
        return
    _board(db, actor)
    if actor.role == "staff":
        _record(db, actor)
        _entries(db, actor)
    st.caption(t("ui.ledger.board_footer"))
