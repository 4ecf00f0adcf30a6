"""What a person has typed into a long form, kept on the server for their login, so that a
phone's pull-to-refresh or a reload does not throw away a half-filled check.

A reload starts a new Streamlit session with no widget values; the login survives it (a cookie,
watershed.ui.session), so a draft is kept per login and form, in this server's memory: enough
for a reload, not meant to outlive the server. Photos are not kept (a browser sends them again
only when chosen again); the form says so.
"""

from collections import OrderedDict
from threading import Lock

import streamlit as st

from watershed.ui.session import TOKEN

MAX_DRAFTS = 2_000  # the oldest are forgotten first
_EMPTY = (None, "", [], ())


@st.cache_resource
def _drafts() -> tuple[OrderedDict, Lock]:
    return OrderedDict(), Lock()


def _key(form: str) -> tuple[str, str] | None:
    token = st.session_state.get(TOKEN)
    return (token, form) if token else None


def restore(form: str, fields: dict[str, str]) -> set[str]:
    """Give the widgets (field name -> widget key) their drafted values, where this session has
    none yet; returns the fields restored."""
    key = _key(form)
    drafts, lock = _drafts()
    with lock:
        draft = drafts.get(key, {}) if key else {}
    restored = set()
    for field, widget in fields.items():
        if widget not in st.session_state and draft.get(field) not in _EMPTY:
            st.session_state[widget] = draft[field]
            restored.add(field)
    return restored


def keep(form: str, fields: dict[str, str]) -> None:
    """Remember the widgets' values (field name -> widget key) as the form's draft."""
    key = _key(form)
    if key is None:
        return
    values = {field: st.session_state.get(widget) for field, widget in fields.items()}
    drafts, lock = _drafts()
    with lock:
        if all(value in _EMPTY for value in values.values()):
            drafts.pop(key, None)
            return
        drafts[key] = values
        drafts.move_to_end(key)
        while len(drafts) > MAX_DRAFTS:
            drafts.popitem(last=False)


def drop(form: str) -> None:
    """The form was sent: its draft is gone."""
    key = _key(form)
    drafts, lock = _drafts()
    with lock:
        drafts.pop(key, None)
