"""提交巡查: a check of one of my segments in under a minute, on a phone.

No st.form: in a form the category chips could not appear when 有问题 is tapped (it reruns only
on submit), and six categories under every question would bury the questions. Answers start
unset, not 正常: a check is evidence, so each item must be looked at (the service names any missed).
"""

import streamlit as st

from watershed.domain.checks import ANSWERS, CATEGORIES, DIMENSIONS
from watershed.errors import WatershedError
from watershed.services.checks import checks
from watershed.services.common.photos import MAX_PHOTO_BYTES
from watershed.ui.pages.checks.my_history import ON_SITE
from watershed.ui import drafts
from watershed.ui.links import take
from watershed.ui.names import channel
from watershed.ui.session import current_actor
from watershed.ui.text import md, show_error, t
from watershed.ui.wiring import database

URL_PATH = "submit_check"
SEGMENT_KEY = "check_segment"  # set by 我的河段 to open this page with a segment chosen
SEGMENT_PARAM = "segment"  # ?segment=CODE does the same from a link (today's work)
ROUND_KEY, DONE_KEY = "check_round", "check_done"  # a new round gives every widget a fresh key
DRAFT = "check"  # what was answered and typed survives a reload (watershed.ui.drafts)


def _fields(round_: int) -> dict[str, str]:
    """The form's fields kept as a draft across a reload -> their widget keys in this round."""
    fields = {"segment": SEGMENT_KEY, "note": f"note_{round_}"}
    for dimension in DIMENSIONS:
        fields[f"answer_{dimension}"] = f"answer_{dimension}_{round_}"
        fields[f"category_{dimension}"] = f"category_{dimension}_{round_}"
    return fields


def _answer(dimension: str, round_: int) -> tuple[str | None, str | None]:
    label = t("ui.custodian.question", dimension=t(f"check.dimension.{dimension}"),
              question=t(f"check.question.{dimension}"))
    with st.container(border=True):  # two wide buttons: big enough for any finger
        answer = st.segmented_control(label, ANSWERS, key=f"answer_{dimension}_{round_}",
                                      format_func=lambda a: t(f"ui.custodian.answer.{a}"),
                                      width="stretch")
        if answer != "problem":
            return answer, None
        return answer, st.pills(t("ui.custodian.category"), CATEGORIES,
                                key=f"category_{dimension}_{round_}",
                                format_func=lambda c: t(f"check.category.{c}"))


def _photos(round_: int) -> list[tuple[str, bytes]]:
    photos = []
    if st.toggle(t("ui.custodian.use_camera"), key=f"camera_on_{round_}"):  # camera only if asked
        shot = st.camera_input(t("ui.custodian.camera"), key=f"camera_{round_}")
        photos += [(shot.name, shot.getvalue())] if shot else []
    megabytes = MAX_PHOTO_BYTES // 2**20
    files = st.file_uploader(t("ui.custodian.photos", mb=megabytes), type=["jpg", "jpeg", "png"],
                             accept_multiple_files=True, key=f"files_{round_}",
                             max_upload_size=megabytes)  # refused before sending
    return photos + [(file.name, file.getvalue()) for file in files or []]


def _said(code: str, check) -> list[tuple[str, str]]:
    said = [("success", md("check.submitted", segment=code))]
    if any(photo.reused for photo in check.photos):
        said.append(("warning", t("ui.custodian.photo_reused")))
    return said + ([("info", t(ON_SITE[check.on_site]))] if check.photos else [])


def render() -> None:
    st.title(t("ui.page.submit_check"), anchor=False)
    db, actor = database(), current_actor()
    try:
        mine = {s.code: channel(s.channel_code, s.channel_name)
                for s in checks.my_segments(db, actor)}
    except WatershedError as error:
        show_error(error)
        return
    if not mine:
        st.info(t("ui.custodian.no_segments"))
        return
    if (asked := take(SEGMENT_PARAM)) is not None:
        st.session_state[SEGMENT_KEY] = asked
    round_ = st.session_state.setdefault(ROUND_KEY, 0)
    fields = _fields(round_)
    restored = drafts.restore(DRAFT, fields) - {"segment"}
    if st.session_state.get(SEGMENT_KEY) not in mine:  # e.g. a custody that has since ended
        st.session_state.pop(SEGMENT_KEY, None)
    code = st.selectbox(t("ui.custodian.segment"), list(mine), key=SEGMENT_KEY,
                        format_func=lambda c: f"{c}  {mine[c]}")  # one segment: already chosen
    st.caption(t("ui.custodian.how_to"))
    if restored:
        st.info(t("ui.custodian.draft_restored"))
    picked = {dimension: _answer(dimension, round_) for dimension in DIMENSIONS}
    photos = _photos(round_)
    note = st.text_area(t("ui.custodian.note"), max_chars=checks.MAX_NOTE, key=f"note_{round_}")
    drafts.keep(DRAFT, fields)
    clicked = st.button(t("ui.custodian.submit"), type="primary", width="stretch")
    for kind, message in st.session_state.pop(DONE_KEY, []):  # under the button, where the eyes
        getattr(st, kind)(message)  # are after tapping it: the rerun keeps the scroll position
    if not clicked:
        return
    answers = {dimension: answer for dimension, (answer, _) in picked.items()}
    problems = {dimension: category for dimension, (_, category) in picked.items() if category}
    try:
        check = checks.submit_check(db, actor, code, answers, problems, note, photos=photos)
    except WatershedError as error:
        for problem in getattr(error, "problems", None) or [error]:  # every fault, not the first
            show_error(problem)
        return
    # Start the next check on a clean page (fresh widget keys); say what happened after the rerun.
    drafts.drop(DRAFT)
    st.session_state[DONE_KEY], st.session_state[ROUND_KEY] = _said(code, check), round_ + 1
    st.rerun()
