"""How every page names what the records hold: who made a record, and a channel.

- Who: records keep the account's username, or `cli:<user>` for the `watershed` command; a page
  shows the person's name (watershed.services.common.actors.shown_name), or 命令行.
- A channel: its code and its name, as the services' sentences write it (THG（太湖港）), on
  every page (watershed.services.geometry.network.labelled).
"""

import streamlit as st

from watershed import config
from watershed.services.common.actors import display_names, shown_name
from watershed.services.geometry.network import labelled
from watershed.ui.text import language, once_per_run
from watershed.ui.wiring import database

NAMES_TTL_S = 60  # a renamed account shows its new name within a minute


@st.cache_data(ttl=NAMES_TTL_S, show_spinner=False)
def _names(url: str) -> dict[str, str]:
    return display_names(database())


def who(stored: str | None, lang: str | None = None) -> str:
    """The person (or 命令行) behind a record's stored actor name; empty for none. `lang` is
    given outside a page's run (a download), where the session's language cannot be read."""
    if not stored:
        return ""
    # A table of problems asks for thousands of names: the dict is taken once per run.
    names = once_per_run("names", lambda: _names(config.database_url()))
    return shown_name(stored, names, lang or language())


def channel(code: str, name: str | None) -> str:
    """A channel as every page names it: its code, and its name when it has one."""
    return labelled(code, name)
