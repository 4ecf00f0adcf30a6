"""我的记录: my household's checks, newest first, in Beijing time, with their photos.

Notes and file names are what people typed: they go through st.text, which shows them as they
are (no markdown, no HTML).
"""

from datetime import datetime

import streamlit as st

from watershed.domain.localtime import local
from watershed.errors import WatershedError
from watershed.services.checks.checks import check_history
from watershed.services.common.photos import photo_path
from watershed.ui.session import current_actor
from watershed.ui.text import language, md, show_error, t
from watershed.ui.wiring import database

ON_SITE = {True: "check.on_site.yes", False: "check.on_site.no", None: "check.on_site.unknown"}


def beijing_time(at: datetime) -> str:
    shown = local(at)
    return t("ui.custodian.time", year=shown.year, month=shown.month, day=shown.day,
             hour=shown.hour, minute=shown.minute)


def _photos(line) -> None:
    if not line.photos:
        return
    st.caption(t(ON_SITE[line.on_site]))
    files = [(photo, photo_path(photo.path)) for photo in line.photos]
    shown = [(photo, path) for photo, path in files if path.is_file()]
    if shown:  # a list of images flows in a row and wraps on a narrow screen
        st.image([str(path) for _, path in shown], width=96,
                 caption=[t("check.photo_reused") if photo.reused else " " for photo, _ in shown])
    for photo, path in files:
        if not path.is_file():
            st.text(t("ui.custodian.no_photo_file", file=photo.filename or photo.path))


def _check(line) -> None:
    with st.container(border=True):
        st.subheader(md("ui.custodian.check_title", time=beijing_time(line.at),
                        segment=line.segment_code), anchor=False)
        good = [t(f"check.dimension.{d}") for d, answer in line.answers.items() if answer == "good"]
        if good:
            st.write(t("ui.custodian.all_good", dimensions=("、" if language() == "zh" else ", ")
                       .join(good)))
        for dimension, category in line.problems.items():
            st.error(t("ui.custodian.problem", dimension=t(f"check.dimension.{dimension}"),
                       category=t(f"check.category.{category}")))
        if line.note:
            st.text(line.note)
        _photos(line)


def render() -> None:
    st.title(t("ui.page.my_history"), anchor=False)
    try:
        lines = check_history(database(), current_actor(), 50)
    except WatershedError as error:
        show_error(error)
        return
    if not lines:
        st.info(t("ui.custodian.no_checks"))
        return
    st.caption(t("ui.custodian.history_intro", count=len(lines)))
    for line in lines:
        _check(line)
