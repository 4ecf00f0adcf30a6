"""问题上报: a custodian or resident, on a phone, reports a problem on a segment (category, note,
photos; the point is a photo's position or the segment's midpoint), records the handling of what
is assigned to the household, rates a resolution (1–5 stars, once), and sees the problems the
household reported. A custodian also sees the household's upkeep problems (office-duty problems
never count). One column, big buttons, Chinese first; typed text is shown with st.text.
"""

import streamlit as st

from watershed.errors import WatershedError
from watershed.services.problems.figures import my_problems
from watershed.ui.problem_cards import DONE, ROUND, handle_card, rate_card, report_form, title
from watershed.ui.session import current_actor
from watershed.ui.text import show_error, t
from watershed.ui.wiring import database


def render() -> None:
    st.title(t("problems.page_title"), anchor=False)
    db, actor = database(), current_actor()
    try:
        mine = my_problems(db, actor)
    except WatershedError as error:
        show_error(error)
        return
    if said := st.session_state.pop(DONE, None):
        st.success(said)
    if actor.role == "custodian":
        st.metric(t("problems.my_upkeep"), t("problems.count_value", count=mine.upkeep_problems),
                  help=t("problems.upkeep_help"))
    round_ = st.session_state.setdefault(ROUND, 0)
    for key, lines, card in (("problems.to_handle", mine.to_handle, handle_card),
                             ("problems.to_rate", mine.to_rate, rate_card)):
        if lines:
            st.subheader(t(key, count=len(lines)), anchor=False)
            for line in lines:
                card(db, actor, line, round_)
    report_form(db, actor, round_)
    st.subheader(t("problems.reported_title"), anchor=False)
    if not mine.reported:
        st.caption(t("problems.none_reported"))
    for line in mine.reported:
        with st.container(border=True):
            title(line)
            if line.stars:
                st.write("★" * line.stars)
