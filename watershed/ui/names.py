"""How every page names what the records hold: who made a record, and a channel.

- Who: records keep the account's username, or `cli:<user>` for the `watershed` command; a page
  shows the person's name (watershed.services.common.actors.shown_name), or 命令行.
- A channel: its code and its name, as the services' sentences write it (THG（太湖港）), on
  every page (watershed.services.geometry.network.labelled).
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from watershed import config
from watershed.services.common.actors import display_names, shown_name
from watershed.services.geometry.network import labelled
from watershed.ui.text import language
from watershed.ui.wiring import database

NAMES_TTL_S = 60  # a renamed account shows its new name within a minute


@st.cache_data(ttl=NAMES_TTL_S, show_spinner=False)
def _names(url: str) -> dict[str, str]:
    return display_names(database())


def _names_of_this_run() -> dict[str, str]:
    """The names, taken from the cache once per run of the page: each take from st.cache_data
    is a copy of the whole dict, and a table of problems asks for thousands of names. A rename
    shows from the next run on (as text.language does for the language; a run's cursors are a
    new dict each run, ScriptRunContext.reset, which is what tells runs apart)."""
    run = get_script_run_ctx()
    marker = getattr(run, "cursors", None)
    if marker is None:  # outside a page run
        return _names(config.database_url())
    known = getattr(run, "_watershed_names", None)
    if known is None or known[0] is not marker:
        known = (marker, _names(config.database_url()))
        run._watershed_names = known
    return known[1]


def who(stored: str | None) -> str:
    """The person (or 命令行) behind a record's stored actor name; empty for none."""
    if not stored:
        return ""
    return shown_name(stored, _names_of_this_run(), language())


def channel(code: str, name: str | None) -> str:
    """A channel as every page names it: its code, and its name when it has one."""
    return labelled(code, name)
