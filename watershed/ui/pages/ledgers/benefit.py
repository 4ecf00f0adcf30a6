"""集体收益: income from collective assets (a reclaimed pond leased by the collective, fishing
rights) and its distribution to every household. Everyone sees the basin's totals, which always
reconcile; staff record income and distribute; a custodian or resident sees what their own
household received, line by line (the service refuses anyone else's)."""

import streamlit as st

from watershed.domain.ledgers import INCOME, RETAINED, RULES, SOURCES, yuan
from watershed.services.ledgers import benefit
from watershed.services.common.clock import today
from watershed.ui.session import current_actor
from watershed.ui.text import DATE_FIELD, day, md, t
from watershed.ui.widgets import attempt, bounds, flash, show_flash, table
from watershed.ui.wiring import database


def _totals(db, actor) -> None:
    status = attempt(lambda: benefit.ledger_status(db, actor))
    if status is None:
        return
    first, second = st.columns(2)
    first.metric(t("ui.benefit.income"), t("ui.benefit.yuan", amount=yuan(status.income_fen)))
    second.metric(t("ui.benefit.shared"), t("ui.benefit.yuan", amount=yuan(status.distributed_fen)))
    third, fourth = st.columns(2)
    third.metric(t("ui.benefit.retained"), t("ui.benefit.yuan", amount=yuan(status.retained_fen)))
    fourth.metric(t("ui.benefit.open"), t("ui.benefit.yuan", amount=yuan(status.undistributed_fen)))
    if status.reconciles:
        st.success(t("ui.benefit.reconciles"), icon=":material/balance:")
    else:
        st.error(t("ui.benefit.does_not_reconcile"))


def _income_form(db, actor) -> None:
    st.subheader(t("ui.benefit.income_title"), anchor=False)
    with st.form("benefit_income"):
        left, right = st.columns(2)
        source = left.selectbox(t("ui.benefit.source"), SOURCES,
                                format_func=lambda s: t(f"ledger.source.{s}"))
        amount = left.number_input(t("ui.benefit.amount"), **bounds(INCOME), step=100.0,
                                   format="%.2f")
        when = left.date_input(t("ui.benefit.day"), value=today(), max_value=today(),
                               format=DATE_FIELD)
        pond = right.text_input(t("ui.benefit.pond"), help=t("ui.benefit.pond_help"))
        note = right.text_input(t("ui.benefit.description"))
        sent = st.form_submit_button(t("ui.benefit.save_income"), type="primary")
    if sent and attempt(lambda: benefit.record_income(
            db, actor, amount, source, pond_code=pond.strip() or None, day=when,
            description=note)):
        flash(md("ui.benefit.income_saved", amount=f"{amount:,.2f}"))


def _distribute_form(db, actor) -> None:
    st.subheader(t("ui.benefit.distribute_title"), anchor=False)
    with st.form("benefit_distribute"):
        left, right = st.columns(2)
        rule = left.radio(t("ui.benefit.rule"), RULES, format_func=lambda r: t(f"ledger.rule.{r}"))
        when = left.date_input(t("ui.benefit.up_to"), value=today(), max_value=today(),
                               format=DATE_FIELD)
        retain = right.number_input(t("ui.benefit.retain"), **bounds(RETAINED), step=100.0,
                                    format="%.2f", help=t("ui.benefit.retain_help"))
        note = right.text_input(t("ui.benefit.note"))
        sent = st.form_submit_button(t("ui.benefit.distribute"), type="primary")
    made = sent and attempt(lambda: benefit.distribute(
        db, actor, rule, retain_yuan=retain, day=when, note=note))
    if made:
        flash(md("ui.benefit.distributed", households=made.households,
                 shared=yuan(made.distributed_fen), retained=yuan(made.retained_fen)))


def _registers(db, actor) -> None:
    incomes = attempt(lambda: benefit.income_lines(db, actor)) or []
    if incomes:
        st.subheader(t("ui.benefit.incomes_title"), anchor=False)
        table([{"ledger_day": i.day, "ledger_source": t(f"ledger.source.{i.source}"),
                "ledger_pond": i.pond_code, "ledger_what": i.description,
                "ledger_yuan": yuan(i.amount_fen),
                "ledger_distribution": str(i.distribution_id) if i.distribution_id
                else t("ui.benefit.open")}
               for i in incomes])
    made = attempt(lambda: benefit.distributions(db, actor)) or []
    if made:
        st.subheader(t("ui.benefit.distributions_title"), anchor=False)
        table([{"ledger_distribution": d.id, "ledger_day": d.day,
                "ledger_rule": t(f"ledger.rule.{d.rule}"), "ledger_yuan": yuan(d.income_fen),
                "ledger_shared": yuan(d.distributed_fen), "ledger_retained": yuan(d.retained_fen),
                "ledger_households": d.households, "ledger_persons": d.persons} for d in made])


def _mine(db, actor) -> None:
    found = attempt(lambda: benefit.household_receipts(db, actor))
    if found is None:
        return
    code, lines = found
    st.subheader(md("ui.benefit.mine_title", code=code), anchor=False)
    if not lines:
        st.info(t("ui.benefit.mine_none"))
    for line in lines:
        with st.container(border=True):
            st.subheader(t("ui.benefit.mine_amount", amount=yuan(line.amount_fen)), anchor=False)
            st.caption(t(f"ui.benefit.mine_line_{line.rule}", day=day(line.day),
                         members=line.members, shared=yuan(line.distributed_fen),
                         households=line.households, persons=line.persons))


def render() -> None:
    st.title(t("ui.benefit.title"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    if actor is None:
        return
    if actor.role in ("custodian", "resident"):
        _mine(db, actor)
        st.subheader(t("ui.benefit.basin_title"), anchor=False)
    _totals(db, actor)
    if actor.role == "staff":
        left, right = st.columns(2, gap="large")
        with left:
            _income_form(db, actor)
        with right:
            _distribute_form(db, actor)
    if actor.role in ("staff", "leader"):
        _registers(db, actor)
