"""The app: log in, then only the pages the role may use (st.navigation makes others unreachable).

Every page address of every role is known to the navigation whoever is looking, so that a link or
a reload never meets Streamlit's own "Page not found": logged out, the address shows the login
and, once logged in, the page asked for; a page of another role says so in the interface's
language, with the way home.
"""

import logging
from datetime import datetime
from functools import partial

import streamlit as st

from watershed.errors import WatershedError
from watershed.ui.pages.accounts import login
from watershed.ui.pages.campaign import campaign, ponds, works
from watershed.ui.pages.checks import checks, my_history, my_segments, progress_map, submit_check
from watershed.ui.pages.custody import segments
from watershed.ui.pages.evaluation import board, my_scores, rate, rounds
from watershed.ui.pages.geometry import geometry
from watershed.ui.pages.ledgers import benefit, contributions
from watershed.ui.pages.places import dashboard, households, staff_dashboard
from watershed.ui.pages.problems import problems, report_problem
from watershed.ui.pages.signboards import public_segment, signboards
from watershed.ui.names import who
from watershed.ui.session import current_actor, keep_cookie, log_out
from watershed.ui.style import PHONE_MENU, apply_style
from watershed.ui.text import language, md, show_error, t
from watershed.ui.widgets_basemap import basemap_selector

_log = logging.getLogger("watershed.ui")

# role -> (module, catalogue key of its title, url path); the first page is the role's home.
PAGES = {
    "staff": [
        (staff_dashboard, "staff.page.dashboard", "dashboard"),
        (segments, "staff.page.segments", "segments"),
        (households, "staff.page.households", "households"),
        (geometry, "staff.page.geometry", "geometry"),
        (checks, "staff.page.checks", "checks"),
        (problems, "problems.title", "problems"),
        (progress_map, "leader.page.progress_map", "progress_map"),
        (campaign, "ui.campaign.title", "campaign"),
        (works, "ui.works.title", "works"),
        (ponds, "staff.page.ponds", "ponds"),
        (rounds, "ui.rounds.title", "rounds"),
        (board, "ui.board.title", "board"),
        (contributions, "ui.ledger.board_title", "contributions"),
        (benefit, "ui.benefit.title", "benefit"),
        (signboards, "ui.signboards.title", "signboards"),
    ],
    "custodian": [
        (my_segments, "ui.page.my_segments", "my_segments"),
        (submit_check, "ui.page.submit_check", submit_check.URL_PATH),
        (my_history, "ui.page.my_history", "my_history"),
        (report_problem, "problems.page_title", "report_problem"),
        (works, "ui.works.title", "works"),
        (rate, "ui.rate.title", "rate"),
        (my_scores, "ui.scores.title", "my_scores"),
        (board, "ui.board.title", "board"),
        (contributions, "ui.ledger.board_title", "contributions"),
        (benefit, "ui.benefit.title", "benefit"),
    ],
    "resident": [
        (dashboard, "ui.page.dashboard", "dashboard"),
        (rate, "ui.rate.title", "rate"),
        (report_problem, "problems.page_title", "report_problem"),
        (board, "ui.board.title", "board"),
        (contributions, "ui.ledger.board_title", "contributions"),
        (benefit, "ui.benefit.title", "benefit"),
    ],
    "leader": [
        (campaign, "ui.campaign.title", "campaign"),
        (progress_map, "leader.page.progress_map", "progress_map"),
        (problems, "problems.title", "problems"),
        (board, "ui.board.title", "board"),
        (contributions, "ui.ledger.board_title", "contributions"),
        (benefit, "ui.benefit.title", "benefit"),
    ],
}


def _sidebar(actor) -> None:
    with st.sidebar:
        lang = language()
        choice = st.radio(t("ui.language"), ["zh", "en"], index=0 if lang == "zh" else 1,
                          format_func=lambda code: {"zh": "中文", "en": "English"}[code],
                          horizontal=True)
        if choice != lang:
            st.session_state["language"] = choice
            st.rerun()
        basemap_selector()
        if actor is not None:
            st.caption(md("ui.signed_in_as", name=who(actor.name), role=t(f"ui.role.{actor.role}")))
            if st.button(t("ui.log_out"), use_container_width=True):
                log_out()


def _every_address() -> dict[str, str]:
    """url path -> catalogue key of its title, over every role's pages."""
    return {path: title for pages in PAGES.values() for _, title, path in pages}


def _not_for_role(title: str, home) -> None:
    st.title(t(title), anchor=False)
    st.warning(t("ui.not_for_role", role=t(f"ui.role.{current_actor().role}")))
    st.page_link(home, label=t("ui.go_home"), icon="🏠")


def _pages(actor) -> tuple[list, list]:
    """(every page, the role's listed pages): the pages of the actor's role, then every other
    address, hidden: for someone logged out each shows the login, for someone logged in the
    sentence that it is not for their role."""
    if actor is None:
        listed = [st.Page(login.render, title=t("ui.log_in"), url_path="login", default=True)]
        entries, own = list(listed), set()
    else:
        pages = PAGES[actor.role]
        (home, home_title, home_path), others = pages[0], pages[1:]
        # The home page's address is the root; its own path, typed or linked, is an alias.
        listed = [st.Page(home.render, title=t(home_title), url_path="home", default=True)]
        listed += [st.Page(module.render, title=t(title), url_path=path)
                   for module, title, path in others]
        entries = listed + [st.Page(home.render, title=t(home_title), url_path=home_path,
                                    visibility="hidden")]
        own = {path for _, _, path in pages}
    for path, title in _every_address().items():
        if path not in own:
            shown = login.render if actor is None else partial(_not_for_role, title, listed[0])
            entries.append(st.Page(shown, title=t(title), url_path=path, visibility="hidden"))
    return entries, listed


def _phone_menu(listed: list) -> None:
    """On a phone the sidebar is folded away behind a small button: a menu button the width of
    the screen leads to every page instead (style.py hides it where the sidebar shows)."""
    with st.container(key=PHONE_MENU):
        with st.popover(t("ui.menu"), icon=":material/menu:", width="stretch"):
            for page in listed:
                st.page_link(page, width="stretch")
            if st.button(t("ui.log_out"), key="phone_log_out", width="stretch"):
                log_out()


def run() -> None:
    st.set_page_config(page_title=t("ui.app_title"), page_icon="🌊", layout="wide")
    try:
        _run()
    except WatershedError as error:  # a refusal a page forgot to catch: still a message
        show_error(error)
    except Exception:
        # A bug or a fault of the server (Streamlit's own control flow, st.rerun and st.stop, is
        # not an Exception and passes). The reader gets a sentence in their language and the
        # moment to quote; the traceback, with the server's paths, goes to the log only (and
        # .streamlit/config.toml keeps Streamlit from showing any it catches itself).
        moment = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        _log.exception("page failed at %s", moment)
        st.error(t("error.unexpected", at=moment))


def _run() -> None:
    apply_style()
    actor = current_actor()
    keep_cookie()
    _sidebar(actor)
    # A segment's public page (its signboard's QR code) opens with or without login; not listed.
    public = st.Page(public_segment.render, title=t("public.title"),
                     url_path=public_segment.URL_PATH, visibility="hidden")
    entries, listed = _pages(actor)
    page = st.navigation(entries + [public], expanded=True)  # staff have more than 10
    if actor is not None:
        _phone_menu(listed)
    page.run()
