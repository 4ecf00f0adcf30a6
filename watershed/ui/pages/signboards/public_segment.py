"""河段公示: a segment's public page, opened without login from the QR code on its signboard
(/segment?code=GZQ-007&t=<its public token>). One column for a phone; only what the signboard
shows, the last check and the current peer score."""

import streamlit as st

from watershed.errors import NotFound, PermissionDenied
from watershed.services.signboards.public_segment import public_segment
from watershed.services.signboards.html import channel_line, map_svg, rows
from watershed.services.evaluation.board_files import day
from watershed.ui.session import client_address
from watershed.ui.text import language, literal, show_error, t
from watershed.ui.wiring import database

URL_PATH = "segment"


def _line(label: str, value: str) -> None:
    st.markdown(f"**{literal(label)}**  \n{literal(value)}")


def render() -> None:
    st.title(t("public.title"), anchor=False)
    code = st.query_params.get("code", "")
    if not code.strip():
        st.info(t("public.no_code"))
        return
    try:
        shown = public_segment(database(), code, st.query_params.get("t", ""),
                               client=client_address())
    except (NotFound, PermissionDenied) as error:
        show_error(error)
        return
    lang, board = language(), shown.board
    st.header(literal(board.code), anchor=False)
    st.markdown(literal(channel_line(board)))
    last = (day(shown.last_check, lang) if shown.last_check else t("public.never_checked"))
    score = (t("public.score", score=shown.peer_score) if shown.peer_score is not None
             else t("public.no_score"))
    with st.container(border=True):
        _line(t("public.label.last_check"), last)
        _line(t("public.label.score"), score)
    with st.container(border=True):
        for label, value in rows(board, lang):
            _line(label, value)
    st.image(map_svg(board, lang), width="stretch")
    st.caption(t("signboard.duty"))
    st.caption(t("public.log_in_hint"))
