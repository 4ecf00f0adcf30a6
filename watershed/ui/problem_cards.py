"""The cards of 问题上报, on a phone: a problem to handle, one to rate, the report form. Each save
reruns the page with fresh widgets (a new round of keys) and says what was done at the top."""

import streamlit as st

from watershed.domain.checks import CATEGORIES
from watershed.errors import WatershedError
from watershed.services.problems import problems
from watershed.services.problems.figures import report_segments
from watershed.ui.map_view import segment_map, view_centre
from watershed.ui.problem_forms import MEGABYTES, PHOTO_TYPES, photos_of
from watershed.ui.text import day, md, show_error, t
from watershed.ui.widgets import choice

DONE, ROUND = "report_done", "report_round"  # a message after the rerun; fresh widgets after a save
REPORT_MAP, TAPPED = "report_map", "report_tapped"  # the map to pick on, the segment last tapped


def _run(service, message: str) -> None:
    try:
        service()
    except WatershedError as error:
        for problem in getattr(error, "problems", None) or [error]:
            show_error(problem)
        return
    st.session_state[DONE] = message
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    st.rerun()


def title(line) -> None:
    st.subheader(md("problems.card_title", id=line.id, segment=line.segment_code,
                    category=t(f"check.category.{line.category}")), anchor=False)
    st.write(t("problems.card_stage", stage=t(f"problem.stage.{line.stage}"),
               found=day(line.found_on)))
    if line.note:
        st.text(line.note)


def handle_card(db, actor, line, round_: int) -> None:
    with st.container(border=True):
        title(line)
        if line.deadline:
            st.warning(t("problems.card_deadline", date=day(line.deadline)))
        note = st.text_area(t("problems.form.handling"), key=f"handle_note_{line.id}_{round_}")
        uploads = st.file_uploader(t("problems.form.photos", mb=MEGABYTES), type=PHOTO_TYPES,
                                   accept_multiple_files=True, max_upload_size=MEGABYTES,
                                   key=f"handle_photos_{line.id}_{round_}")
        if st.button(t("problems.form.handle"), key=f"handle_{line.id}", type="primary", width="stretch"):
            _run(lambda: problems.handle(db, actor, line.id, note, photos_of(uploads)),
                 t("problems.done.handle", id=line.id))


def rate_card(db, actor, line, round_: int) -> None:
    with st.container(border=True):
        title(line)
        stars = st.feedback("stars", key=f"rate_stars_{line.id}_{round_}", on_change="ignore")
        comment = st.text_input(t("problems.form.comment"), key=f"rate_comment_{line.id}_{round_}")
        if st.button(t("problems.form.evaluate"), key=f"rate_{line.id}", type="primary", width="stretch"):
            if stars is None:
                st.error(t("problems.form.no_stars"))
                return
            _run(lambda: problems.evaluate(db, actor, line.id, stars + 1, comment),
                 t("problems.done.evaluate", id=line.id))


def _distance(metres: float | None) -> str:
    if metres is None:
        return ""
    if metres < 1_000:
        return t("problems.form.metres_away", metres=max(10, round(metres, -1)))
    return t("problems.form.km_away", km=metres / 1_000)


def _segment(db, actor, round_: int) -> str | None:
    """Which segment: tapped on the map, or picked from a list that starts with the segments
    nearest the middle of the map once it shows a neighbourhood (the ◎ button takes it to where
    the phone is). Nothing is chosen until the person chooses: a wrong segment by default would
    send the problem to the wrong household."""
    key = f"report_segment_{round_}"
    st.caption(t("problems.form.segment_help"))
    tapped = segment_map(key=REPORT_MAP, height=320, locate=True)
    near = view_centre(REPORT_MAP)
    segments = {code: (channel, metres) for code, channel, metres in
                report_segments(db, actor, near=near)}
    if tapped and tapped != st.session_state.get(TAPPED):
        st.session_state[TAPPED] = tapped
        if tapped in segments:
            st.session_state[key] = tapped
        else:
            st.warning(t("problems.form.not_yours", segment=tapped))
    return st.selectbox(t("problems.form.segment"), list(segments), key=key, index=None,
                        placeholder=choice(segments),
                        format_func=lambda c: "  ".join(filter(None, (
                            c, segments[c][0], _distance(segments[c][1])))))


def report_form(db, actor, round_: int) -> None:
    st.subheader(t("problems.report_title"), anchor=False)
    code = _segment(db, actor, round_)
    category = st.pills(t("ui.custodian.category"), CATEGORIES, key=f"report_category_{round_}",
                        format_func=lambda c: t(f"check.category.{c}"))
    note = st.text_area(t("problems.form.what"), max_chars=problems.MAX_NOTE, key=f"report_note_{round_}")
    uploads = st.file_uploader(t("problems.form.photos", mb=MEGABYTES), type=PHOTO_TYPES,
                               accept_multiple_files=True, max_upload_size=MEGABYTES,
                               key=f"report_photos_{round_}")
    st.caption(t("problems.form.point_help"))
    if st.button(t("problems.form.report"), type="primary", width="stretch"):
        if not code or not category:
            st.error(t("problems.form.choose"))
            return
        _run(lambda: problems.report_problem(db, actor, code, category, note, photos_of(uploads)),
             t("problems.done.report", segment=code))
