"""河段公示牌 (staff): print a village's signboards (one HTML file, an A4 page per segment) and
name the staff member who supervises the village on them."""

import streamlit as st

from watershed import config
from watershed.services.signboards import signboards as boards
from watershed.services.signboards.html import save_signboards
from watershed.ui.session import current_actor
from watershed.ui.text import language, md, show_error, t
from watershed.ui.widgets import attempt, choice, flash, show_flash, table, written
from watershed.ui.wiring import database

VILLAGE = "signboards_village"


def _villages_table(lines) -> None:
    st.subheader(t("ui.signboards.villages"), anchor=False)
    table([{"village": x.village, "signboard_segments": x.segments,
            "supervisor_account": x.username, "supervisor_name": x.name, "phone": x.phone}
           for x in lines])


def _download(db, actor, line) -> None:
    problem = boards.private_address_problem()
    if problem is not None:  # the QR codes would open nothing on a resident's phone
        show_error(problem)
        return
    lang = language()
    st.download_button(
        t("ui.signboards.download"), type="primary", disabled=line.segments == 0,
        data=lambda: written(lambda path: save_signboards(db, actor, path, village=line.village,
                                                          lang=lang), "signboards.html"),
        file_name=f"signboards-{line.village}.html", mime="text/html")
    st.caption(md("ui.signboards.print_hint", base=config.public_url()))


def _supervisor_form(db, actor, line) -> None:
    accounts = attempt(lambda: boards.staff_accounts(db, actor)) or []
    st.subheader(t("ui.signboards.set_heading"), anchor=False)
    with st.form("supervisor"):
        index = accounts.index(line.username) if line.username in accounts else 0
        username = st.selectbox(t("ui.signboards.account"), accounts, index=index,
                                placeholder=choice(accounts))
        name = st.text_input(t("ui.signboards.name"), value=line.name)
        phone = st.text_input(t("ui.signboards.phone"), value=line.phone)
        submitted = st.form_submit_button(t("ui.signboards.save"))
    if submitted and username:
        saved = attempt(lambda: boards.set_supervisor(db, actor, line.village, username,
                                                      name=name, phone=phone))
        if saved is not None:
            flash(t("ui.signboards.saved", village=line.village, name=saved.name))


def render() -> None:
    st.title(t("ui.signboards.title"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    lines = attempt(lambda: boards.village_supervisors(db, actor))
    if not lines:
        return
    by_name = {line.village: line for line in lines}
    village = st.selectbox(t("ui.signboards.pick_village"), list(by_name), key=VILLAGE)
    line = by_name[village]
    st.markdown(md("ui.signboards.summary", segments=line.segments,
                   supervisor=line.name or t("signboard.no_supervisor")))
    _download(db, actor, line)
    _supervisor_form(db, actor, line)
    _villages_table(lines)
