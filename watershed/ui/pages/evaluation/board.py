"""红黑榜: the best- and worst-kept segments of a closed round, village by village, for everyone;
a spreadsheet and a printable A4 page of it."""

from functools import partial

import streamlit as st

from watershed.domain import rating as rules
from watershed.services.evaluation import board as boards
from watershed.services.evaluation.board_files import board_html, board_xlsx, day, interval_text, village_name
from watershed.ui.session import current_actor
from watershed.ui.text import language, literal, md, t
from watershed.ui.widgets import XLSX, attempt, table, written
from watershed.ui.wiring import database

ROUND, VILLAGE = "board_round", "board_village"


def spreadsheet(db, actor, round_id: int, lang: str) -> bytes:
    """The whole board, every village, as .xlsx bytes, written by board_xlsx (on download)."""
    board = boards.board(db, actor, round_id)
    return written(lambda path: board_xlsx(board, path, lang), "board.xlsx")


def printable(db, actor, round_id: int, lang: str) -> bytes:
    """The whole board as a printable page (on download)."""
    return board_html(boards.board(db, actor, round_id), lang).encode("utf-8")


def _rows(lines, ranked: bool = True) -> list[dict]:
    lang = language()
    return [{**({"board_rank": line.rank} if ranked else {}),
             "segment_code": line.segment_code, "board_custodian": line.custodian_name,
             **({"board_score": f"{line.score:.1f}",
                 "board_interval": interval_text(line, lang)} if ranked else {}),
             "board_ratings": line.n_ratings} for line in lines]


def _list(lines) -> None:
    if lines:
        table(_rows(lines))
    else:
        st.caption(t("ui.board.none_listed"))


def _village(village) -> None:
    st.subheader(literal(village_name(village, language())), anchor=False)
    st.caption(t("ui.board.ranked", ranked=village.ranked))
    red, black = st.columns(2)
    with red:
        st.markdown(t("ui.board.red_heading"))
        _list(village.red)
    with black:
        st.markdown(t("ui.board.black_heading"))
        _list(village.black)
    if village.not_enough:
        st.markdown(t("ui.board.not_enough_heading", minimum=rules.MIN_RATINGS))
        table(_rows(village.not_enough, ranked=False))


def _downloads(db, actor, round_id: int) -> None:
    lang = language()
    left, right = st.columns(2)
    left.download_button(t("ui.board.download_xlsx"),
                         data=partial(spreadsheet, db, actor, round_id, lang),
                         file_name=f"board-{round_id}.xlsx", mime=XLSX)
    right.download_button(t("ui.board.download_html"),
                          data=partial(printable, db, actor, round_id, lang),
                          file_name=f"board-{round_id}.html", mime="text/html")
    st.caption(t("ui.board.print_hint"))


def render() -> None:
    st.title(t("ui.board.title"), anchor=False)
    db, actor = database(), current_actor()
    closed = attempt(lambda: boards.closed_rounds(db))
    if not closed:
        if closed is not None:
            st.info(t("ui.board.no_round"))
        return
    names = dict(closed)
    round_id = st.selectbox(t("ui.board.pick_round"), list(names), format_func=names.get, key=ROUND)
    found = attempt(lambda: boards.board_villages(db, actor, round_id))
    if found is None:
        return
    villages, own = found
    # One village at a time (one's own first): a district's board has hundreds of villages,
    # and drawing them all sent 8 MB. The downloads hold every village.
    if st.session_state.get(VILLAGE) not in villages:
        st.session_state[VILLAGE] = own if own is not None else (villages[0] if villages else None)
    village = st.selectbox(t("ui.board.pick_village"), villages, key=VILLAGE,
                           format_func=lambda v: v or t("ui.board.no_village"))
    board = attempt(lambda: boards.board(db, actor, round_id, village=village))
    if board is None:
        return
    lang = language()
    st.markdown(md("ui.board.round_line", name=board.round_name,
                   start=day(board.start_date, lang), end=day(board.end_date, lang)))
    _downloads(db, actor, round_id)
    for shown in board.villages:
        _village(shown)
    st.subheader(t("ui.board.how_scored_title"), anchor=False)
    st.markdown(t("ui.board.how_scored", minimum=rules.MIN_RATINGS, size=rules.BOARD_SIZE))
