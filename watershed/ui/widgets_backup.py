"""The download of all data (the same files as `watershed backup`), for staff on the geometry
page. Restoring stays on the command line: it needs an empty database."""

from functools import partial

import streamlit as st

from watershed.services.backup.backup import export_all
from watershed.services.common.clock import today
from watershed.ui.text import t
from watershed.ui.widgets import written

MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "gpkg": "application/geopackage+sqlite3"}


def _file(db, actor, name: str) -> bytes:
    """The backup as bytes, written when the button is pressed (not on every run of the page)."""
    return written(lambda path: export_all(db, actor, path), name)


def backup_downloads(db, actor) -> None:
    st.subheader(t("staff.backup.title"), anchor=False)
    st.caption(t("staff.backup.caption"))
    columns = st.columns(2)
    for column, suffix in zip(columns, MIME):
        name = f"watershed-{today()}.{suffix}"
        column.download_button(t(f"staff.backup.{suffix}"), data=partial(_file, db, actor, name),
                               file_name=name, mime=MIME[suffix], key=f"backup_{suffix}")
