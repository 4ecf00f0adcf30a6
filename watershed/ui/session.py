"""Who is logged in to this browser session, and for how long."""

from datetime import datetime, timezone

import streamlit as st

from watershed.errors import WatershedError
from watershed.services.accounts import auth
from watershed.services.common.actors import Actor
from watershed.ui import provider
from watershed.ui.text import show_error
from watershed.ui.wiring import database

ACTOR, LAST_SEEN = "actor", "last_seen"
REFUSED = "provider_refused"  # the provider's identity has no usable account here


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def current_actor() -> Actor | None:
    """The logged-in actor, or None; a session idle too long is logged out here."""
    actor = st.session_state.get(ACTOR)
    if actor is None:
        return _from_provider()
    if auth.is_expired(st.session_state[LAST_SEEN], _now()):
        log_out()
        return None
    st.session_state[LAST_SEEN] = _now()
    return actor


def _from_provider() -> Actor | None:
    """Someone the identity provider has just signed in becomes the actor of their account; a
    refusal is kept for the login page to show (with a way out of the provider's session)."""
    identity = provider.identity()
    if identity is None or st.session_state.get(REFUSED):
        return None
    try:
        actor = auth.login_with_provider(database(), identity)
    except WatershedError as error:
        st.session_state[REFUSED] = error
        return None
    st.session_state[ACTOR], st.session_state[LAST_SEEN] = actor, _now()
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
    """Forget who is logged in and start the page again; someone the provider signed in is sent
    to sign out there too (else its cookie would sign the same person straight back in)."""
    for key in (ACTOR, LAST_SEEN, REFUSED):
        st.session_state.pop(key, None)
    if provider.identity() is not None:
        st.logout()  # a redirect: a rerun after it would cancel it
    else:
        st.rerun()
