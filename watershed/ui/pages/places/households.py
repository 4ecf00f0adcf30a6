"""Households: the register with a search, and importing more from a CSV or XLSX file (the same
service as `watershed import households`): a preview with the encoding read and the first names,
every row refused, progress, the count. A file over the size limit is refused before it is saved
or read; the preview comes only after every limit has passed."""

from functools import partial

import streamlit as st

from watershed import config
from watershed.services.geometry.imports import check_upload, import_households, preview_register
from watershed.services.common.clock import today
from watershed.services.places.registers import export_households, household_page
from watershed.ui.session import current_actor
from watershed.ui.text import language, md, t
from watershed.ui.widgets import (attempt, flash, paged_table, problem_list, saved_upload,
                                  show_flash, table, written)
from watershed.ui.wiring import database

PREVIEW_ROWS = 10
ROUND = "households_upload_round"  # a new uploader after each import, so the file is not sent twice


def _import(db, actor, upload) -> None:
    options = {"encoding": st.text_input(t("staff.households.encoding"),
                                         help=t("staff.households.encoding_help")).strip() or None,
               "allow_far": st.checkbox(t("staff.households.allow_far"),
                                        help=t("staff.households.allow_far_help"))}
    if attempt(lambda: check_upload(upload.name, upload.size)) is None:
        return
    with saved_upload(upload) as path:
        preview = attempt(lambda: preview_register(db, actor, path, **options))
        if preview is None:
            return
        if preview.problems:
            st.error(md("staff.households.refused", file=upload.name, count=len(preview.problems)))
            problem_list(preview.problems)
            return
        frame = preview.households
        if preview.encoding is not None:
            st.info(t("staff.households.read_as", encoding=preview.encoding,
                      names="、".join(preview.names)))
        st.caption(t("staff.households.preview", rows=len(frame), shown=min(len(frame), PREVIEW_ROWS)))
        table(frame.head(PREVIEW_ROWS))
        if not st.button(t("staff.households.import", count=len(frame)), type="primary"):
            return
        bar = st.progress(0.2, text=t("staff.progress.importing"))
        report = attempt(lambda: import_households(db, actor, path, **options))
    if report is None:
        bar.empty()
        return
    bar.progress(1.0, text=t("staff.progress.done"))
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    flash(md("staff.households.imported", count=report.count, file=upload.name))


def spreadsheet(db, actor, search: str, lang: str) -> bytes:
    """Every household the search finds, as .xlsx bytes (written when the button is pressed)."""
    return written(lambda path: export_households(db, actor, path, search, lang=lang),
                   "households.xlsx")


def render() -> None:
    st.title(t("staff.page.households"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    search = st.text_input(t("staff.households.search"),
                           placeholder=t("staff.households.search_hint")).strip()
    if paged_table("households", partial(household_page, db, actor, search), filters=search,
                   height=360, file_name=f"households-{today()}.xlsx",
                   download=partial(spreadsheet, db, actor, search, language())) is None:
        return
    st.subheader(t("staff.households.import_title"), anchor=False)
    st.caption(t("staff.households.import_help"))
    upload = st.file_uploader(t("staff.households.file", limit=config.import_max_mb()),
                              type=["csv", "xlsx"],
                              key=f"households_file_{st.session_state.get(ROUND, 0)}")
    if upload is not None:
        _import(db, actor, upload)
