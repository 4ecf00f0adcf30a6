"""The app: log in, then only the pages the role may use (st.navigation makes others unreachable)."""

import streamlit as st

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
from watershed.ui.session import current_actor, log_out
from watershed.ui.style import apply_style
from watershed.ui.text import language, md, t
from watershed.ui.widgets_basemap import basemap_selector

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
            st.caption(md("ui.signed_in_as", name=actor.name, role=t(f"ui.role.{actor.role}")))
            if st.button(t("ui.log_out"), use_container_width=True):
                log_out()


def run() -> None:
    st.set_page_config(page_title=t("ui.app_title"), page_icon="🌊", layout="wide")
    apply_style()
    actor = current_actor()
    _sidebar(actor)
    # A segment's public page (its signboard's QR code) opens with or without login; not listed.
    public = st.Page(public_segment.render, title=t("public.title"),
                     url_path=public_segment.URL_PATH, visibility="hidden")
    if actor is None:
        entries = [st.Page(login.render, title=t("ui.log_in"), url_path="login", default=True),
                   public]
    else:
        entries = [
            st.Page(module.render, title=t(title), url_path=path, default=index == 0)
            for index, (module, title, path) in enumerate(PAGES[actor.role])
        ] + [public]
    st.navigation(entries, expanded=True).run()  # staff have more than the 10 shown folded
