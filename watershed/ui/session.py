"""Who is logged in to this browser session, and for how long."""

from datetime import datetime, timezone

import streamlit as st

from watershed.errors import WatershedError
from watershed.services import auth
from watershed.services.actors import Actor
from watershed.ui.text import show_error
from watershed.ui.wiring import database

ACTOR, LAST_SEEN = "actor", "last_seen"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def current_actor() -> Actor | None:
    """The logged-in actor, or None; a session idle too long is logged out here."""
    actor = st.session_state.get(ACTOR)
    if actor is None:
        return None
    if auth.is_expired(st.session_state[LAST_SEEN], _now()):
        log_out()
        return None
    st.session_state[LAST_SEEN] = _now()
    return actor


def log_in(username: str, password: str) -> bool:
    try:
        actor = auth.login(database(), username.strip(), password)
    except WatershedError as error:
        show_error(error)
        return False
    st.session_state[ACTOR], st.session_state[LAST_SEEN] = actor, _now()
    return True


def log_out() -> None:
    for key in (ACTOR, LAST_SEEN):
        st.session_state.pop(key, None)
