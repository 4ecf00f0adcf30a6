"""评一评: my household rates the segments it was given in the open round (群众评群众), on a phone.

One card per segment, each with its own five rows of stars, comment, photo and save button, so a
rater can do one segment now and the next one tomorrow. A card shows the segment and where it is
(its signboard's map), never who keeps it: raters rate the upkeep, not the person. Stars left out are named before anything is sent (the
service would refuse them too, but by the dimension's code rather than its name).

The stars send nothing until the save button is tapped (on_change="ignore"): twenty-five taps on
a slow phone connection are not twenty-five reruns of the page.
"""

import streamlit as st

from watershed.domain.checks import DIMENSIONS
from watershed.domain.rating import MAX_COMMENT
from watershed.errors import WatershedError
from watershed.services.evaluation import ratings
from watershed.services.common.photos import MAX_PHOTO_BYTES
from watershed.services.signboards.html import map_svg
from watershed.services.signboards.public_segment import segment_board
from watershed.ui.names import channel
from watershed.ui.session import current_actor
from watershed.ui.text import day, language, literal, md, show_error, t
from watershed.ui.widgets import attempt
from watershed.ui.wiring import database

DONE_KEY = "rate_done"  # (segment code, message) to show under that card after the rerun
STAR_KEY = "rate_star_{dimension}_{code}"  # stars 48 px and a chosen one gold: watershed.ui.style


def _stars(code: str, saved: dict[str, int] | None) -> dict[str, int | None]:
    """dimension -> the stars chosen (1-5) or None; a rated segment starts with its stars."""
    picked = {}
    for dimension in DIMENSIONS:
        st.markdown(t("ui.rate.question", dimension=t(f"check.dimension.{dimension}"),
                      question=t(f"check.question.{dimension}")))
        value = st.feedback("stars", key=STAR_KEY.format(dimension=dimension, code=code),
                            default=saved[dimension] - 1 if saved else None, on_change="ignore")
        picked[dimension] = None if value is None else value + 1  # the widget counts from 0
    return picked


def _photo(code: str):
    # A saved photo is not sent again with the next save: each save gives the uploader a new key.
    number = st.session_state.setdefault(f"rate_photo_number_{code}", 0)
    megabytes = MAX_PHOTO_BYTES // 2**20
    return st.file_uploader(t("ui.rate.photo", mb=megabytes), type=["jpg", "jpeg", "png"],
                            key=f"rate_photo_{code}_{number}", max_upload_size=megabytes)


def _save(db, actor, code: str, picked: dict, comment: str, photo) -> None:
    missing = [t(f"check.dimension.{d}") for d, stars in picked.items() if stars is None]
    if missing:
        st.error(t("ui.rate.missing", count=len(missing),
                   dimensions=t("ui.rate.separator").join(missing)))
        return
    try:
        ratings.rate(db, actor, code, picked, comment,
                     photo=(photo.name, photo.getvalue()) if photo else None)
    except WatershedError as error:
        for problem in getattr(error, "problems", None) or [error]:  # every fault, not the first
            show_error(problem)
        return
    st.session_state[f"rate_photo_number_{code}"] += 1
    st.session_state[DONE_KEY] = (code, md("ui.rate.saved", segment=code))
    st.rerun()  # the card then says 已评 and the count at the top is up to date


def _card(db, actor, offer) -> None:
    code = offer.segment_code
    with st.container(border=True):
        st.subheader(md("ui.rate.card_title", code=code,
                        channel=channel(offer.channel_code, offer.channel_name)), anchor=False)
        metres = round(offer.length_m)
        st.write(md("ui.rate.where", village=offer.village, metres=metres) if offer.village
                 else t("ui.rate.length", metres=metres))
        # Where it is: the picture of its signboard (the segment over its neighbours, the way
        # the water flows, north and a scale), so that nobody rates a segment they cannot place.
        board = attempt(lambda: segment_board(db, code))
        if board is not None:
            st.image(map_svg(board, language()), width="stretch")
        if offer.stars:
            st.success(t("ui.rate.rated"), icon=":material/check_circle:")
        else:
            st.caption(t("ui.rate.not_rated"))
        picked = _stars(code, offer.stars)
        comment = st.text_area(t("ui.rate.comment"), value=offer.comment, max_chars=MAX_COMMENT,
                               key=f"rate_comment_{code}")
        photo = _photo(code)
        clicked = st.button(t("ui.rate.save"), key=f"rate_save_{code}", type="primary",
                            width="stretch")
        done = st.session_state.get(DONE_KEY)
        if done and done[0] == code:  # under the button, where the eyes are after tapping it
            st.session_state.pop(DONE_KEY)
            st.success(done[1])
        if clicked:
            _save(db, actor, code, picked, comment, photo)


def render() -> None:
    st.title(t("ui.rate.title"), anchor=False)
    db, actor = database(), current_actor()
    if actor is None:
        return
    try:
        evaluation, offers = ratings.my_offers(db, actor)
    except WatershedError as error:
        show_error(error)
        return
    if evaluation is None:
        st.info(t("ui.rate.no_round"))
        return
    st.subheader(literal(evaluation.name), anchor=False)
    st.caption(t("ui.rate.dates", start=day(evaluation.start_date), end=day(evaluation.end_date)))
    if not offers:
        st.info(t("ui.rate.no_offers"))
        return
    done = sum(offer.stars is not None for offer in offers)
    st.progress(done / len(offers), text=t("ui.rate.progress", done=done, total=len(offers)))
    st.caption(t("ui.rate.how_to"))
    for offer in offers:
        _card(db, actor, offer)
