"""评比轮次 (staff): every round and how far rating has gone, opening a round, closing the open
one, and the warnings of a closed round to look into."""

import streamlit as st

from watershed.domain import rating as rules
from watershed.services.evaluation import board as boards
from watershed.services.places import registers
from watershed.services.evaluation import rounds
from watershed.services.common.clock import today
from watershed.ui.session import current_actor
from watershed.ui.text import DATE_FIELD, md, t
from watershed.ui.widgets import attempt, bounds, choice, flash, show_flash, table
from watershed.ui.wiring import database, shared

CONFIRM, REVIEW = "confirm_close", "review_round"


def _line(line) -> dict:
    return dict(round_name=line.name, round_start=line.start_date, round_end=line.end_date,
                round_status=t(f"ui.rounds.status.{line.status}"),
                round_segments=line.segments, round_households=line.households,
                round_ratings=line.ratings, round_raters=line.raters, round_ranked=line.ranked)


def _segment_codes(db, actor, chosen: list[str], villages: list[str]) -> list[str] | None:
    """The live segments of the chosen villages; None (every segment in service) for all."""
    if set(villages) <= set(chosen):
        return None
    return [code for village in chosen
            for code in registers.segment_table(db, actor, village=village)["code"]]


def _open_form(db, actor) -> None:
    st.subheader(t("ui.rounds.open_title"), anchor=False)
    options = attempt(lambda: registers.filter_options(db, actor))
    villages = options.villages if options else []
    first, last = rules.monthly(today())
    with st.form("open_round"):
        name = st.text_input(t("ui.rounds.name"),
                             value=t("ui.rounds.default_name", year=first.year, month=first.month))
        left, right = st.columns(2)
        start = left.date_input(t("ui.rounds.start"), value=first, format=DATE_FIELD)
        end = right.date_input(t("ui.rounds.end"), value=last, format=DATE_FIELD)
        offers = left.number_input(t("ui.rounds.offers"), **bounds(rules.OFFERS),
                                   value=rules.DEFAULT_OFFERS, step=1)
        radius = right.number_input(t("ui.rounds.radius"), value=None, step=100.0, format="%.0f",
                                    **bounds(rules.RADIUS_M), help=t("ui.rounds.radius_help"))
        chosen = st.multiselect(t("ui.rounds.villages"), villages, default=villages,
                                help=t("ui.rounds.villages_help"), placeholder=choice(villages),
                                select_all=False)  # Streamlit's "Select all" is English
        submitted = st.form_submit_button(t("ui.rounds.open_button"), type="primary")
    if not submitted:
        return
    opened = attempt(lambda: rounds.open_round(
        db, actor, name, start=start, end=end, offers=int(offers), radius_m=radius,
        segment_codes=_segment_codes(db, actor, chosen, villages)))
    if opened is not None:
        flash(md("ui.rounds.opened", name=opened.name))


def _close(db, actor, current) -> None:
    st.subheader(md("ui.rounds.close_title", name=current.name), anchor=False)
    st.caption(t("ui.rounds.close_explain"))
    confirmed = st.checkbox(t("ui.rounds.confirm"), key=CONFIRM)
    if st.button(t("ui.rounds.close_button"), type="primary", disabled=not confirmed) \
            and confirmed and attempt(lambda: rounds.close_round(db, actor, current.id)):
        flash(md("ui.rounds.closed", name=current.name))


def _warning(row: dict) -> dict:
    """One warning as a table row; for `uniform` the household is alone (B is A itself)."""
    alone = row["rater_b_code"] == row["rater_a_code"]
    given = row["a_gave_b"]
    return dict(review_reason=t(f"collusion.{row['reason']}"),
                review_a_code=row["rater_a_code"], review_a_name=row["rater_a_name"],
                review_b_code="" if alone else row["rater_b_code"],
                review_b_name="" if alone else row["rater_b_name"],
                review_a_gave_b="" if alone or given is None else f"{given:.2f}")


def _review(db, actor) -> None:
    st.subheader(t("ui.rounds.review_title"), anchor=False)
    closed = attempt(lambda: boards.closed_rounds(db))
    if not closed:
        if closed is not None:
            st.info(t("ui.rounds.no_closed"))
        return
    names = dict(closed)
    round_id = st.selectbox(t("ui.rounds.review_round"), list(names), format_func=names.get,
                            key=REVIEW)
    st.caption(t("ui.rounds.review_explain"))
    warnings = attempt(lambda: boards.collusion_review(db, actor, round_id))
    if warnings is None:
        return
    if warnings:
        table([_warning(row) for row in warnings])
    else:
        st.info(t("ui.rounds.review_none"))


def render() -> None:
    st.title(t("ui.rounds.title"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    # Counting a district's millions of offers and ratings takes seconds: once per state of the data.
    lines = attempt(lambda: shared(rounds.list_rounds, actor))
    if lines is None:
        return
    st.subheader(t("ui.rounds.list_title"), anchor=False)
    if lines:
        table([_line(line) for line in lines])
    else:
        st.info(t("ui.rounds.none"))
    if actor.role != "staff":
        return  # leadership may look at the rounds; only staff run them
    current = rounds.current_round(db)
    if current is None:
        _open_form(db, actor)
    else:
        st.info(md("ui.rounds.one_open", name=current.name))
        _close(db, actor, current)
    _review(db, actor)
