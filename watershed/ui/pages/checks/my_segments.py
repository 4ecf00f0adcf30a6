"""我的河段: first what waits for my household today (checks due, problems to handle or rate,
segments to rate), as big buttons to the page that does it; then the segments my household keeps,
on a small map and as cards, late ones marked.

Each card ends in one big button that opens the check page with that segment already chosen.
Why a button to another page rather than the check form under each card: an elderly custodian
sees one thing per screen (where my segments are and which is late; then five questions), the
form is written once, and the check page works on its own for a household with one segment.
"""

import streamlit as st

from watershed.errors import WatershedError
from watershed.services.checks.checks import my_segments
from watershed.services.places.today import custodian_today
from watershed.ui.links import household_buttons
from watershed.ui.map_view import segment_map
from watershed.ui.pages.checks import submit_check
from watershed.ui.session import current_actor
from watershed.ui.names import channel
from watershed.ui.text import day, language, md, show_error, t
from watershed.ui.wiring import database


def _card(segment) -> None:
    with st.container(border=True):
        st.subheader(md("ui.custodian.segment_title", code=segment.code,
                        channel=channel(segment.channel_code, segment.channel_name)), anchor=False)
        st.write(t("ui.custodian.length_role", metres=round(segment.length_m),
                   role=t(f"ui.custodian.role.{segment.role}")))
        last = day(segment.last_check) if segment.last_check else t("ui.custodian.never_checked")
        st.write(t("ui.custodian.last_check", date=last))
        due = day(segment.next_due) if segment.next_due else t("ui.custodian.never_checked")
        if segment.overdue:  # a coloured box per late segment: seen at a glance, not only by colour
            st.error(t("ui.custodian.overdue", date=due), icon=":material/schedule:")
        else:
            st.success(t("ui.custodian.next_due", date=due), icon=":material/check_circle:")
        if st.button(t("ui.custodian.check_this"), key=f"check_{segment.code}", type="primary",
                     width="stretch"):
            st.session_state[submit_check.SEGMENT_KEY] = segment.code
            # A page made from a function is reached by a Page with its url_path (as in main.PAGES).
            st.switch_page(st.Page(submit_check.render, url_path=submit_check.URL_PATH))


def render() -> None:
    st.title(t("ui.page.my_segments"), anchor=False)
    db, actor = database(), current_actor()
    try:
        mine = my_segments(db, actor)
        tasks = custodian_today(db, actor, lang=language())
    except WatershedError as error:
        show_error(error)
        return
    household_buttons(tasks)
    if not mine:
        st.info(t("ui.custodian.no_segments"))
        return
    segment_map(key="my_segments_map", only_codes={s.code for s in mine}, height=300)
    for segment in sorted(mine, key=lambda s: (not s.overdue, s.code)):  # late ones first
        _card(segment)
