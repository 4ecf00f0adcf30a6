"""Who is logged in to this browser: a server-side login session whose token the browser keeps
in a cookie, so that a reload, a second tab or a typed link finds the person still logged in.

Each run asks the server whether the session still holds (watershed.services.accounts.sessions):
logging out in one tab or a password change therefore logs out every tab at its next click. Streamlit reads cookies only when a browser connects (st.context.cookies) and cannot set
them, so the cookie is written by a line of JavaScript in the page after logging in.
"""

import json

import streamlit as st

from watershed.config import client_header, session_days
from watershed.errors import WatershedError
from watershed.services.accounts import auth, sessions
from watershed.services.common.actors import Actor
from watershed.ui import provider
from watershed.ui.text import show_error
from watershed.ui.wiring import database

COOKIE = "watershed_session"
ACTOR, TOKEN = "actor", "session_token"
REFUSED = "provider_refused"  # the provider's identity has no usable account here
_COOKIE_TO_WRITE = "cookie_to_write"  # a token to store in the browser, or "" to remove it
_STALE = "stale_cookie"  # the token of a cookie already found ended (not looked up again)


def current_actor() -> Actor | None:
    """The logged-in actor, or None: the session this tab started, else the browser's cookie,
    else someone the identity provider has just signed in."""
    token = st.session_state.get(TOKEN)
    if token is None:
        token = _cookie()
        if token is not None and token == st.session_state.get(_STALE):
            token = None
    actor = sessions.resume(database(), token) if token else None
    if actor is not None:
        st.session_state[ACTOR], st.session_state[TOKEN] = actor, token
        return actor
    if token:  # ended elsewhere (logout in another tab, password change) or expired
        _forget()
        st.session_state[_STALE] = token
        if token == _cookie():
            st.session_state[_COOKIE_TO_WRITE] = ""
    return _from_provider()


def _cookie() -> str | None:
    """The session cookie the browser sent when it connected (none where there is no browser,
    as under AppTest)."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None


def begin(actor: Actor) -> None:
    """Start a server session for `actor`, just logged in, and have the browser keep its token."""
    token = sessions.start(database(), actor)
    st.session_state[ACTOR], st.session_state[TOKEN] = actor, token
    st.session_state[_COOKIE_TO_WRITE] = token


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
    begin(actor)
    return actor


def client_address() -> str:
    """Where this browser connects from, as counted for waits and the public page's pace: the
    first address of WATERSHED_CLIENT_HEADER behind a proxy, else the connection's own
    ("local" for this computer, where Streamlit gives none)."""
    header = client_header()
    forwarded = st.context.headers.get(header) if header else None
    if isinstance(forwarded, str) and forwarded.split(",")[0].strip():
        return forwarded.split(",")[0].strip()
    address = st.context.ip_address  # not a string where no browser connects (AppTest)
    return address if isinstance(address, str) and address else "local"


def log_in(username: str, password: str) -> bool:
    try:
        actor = auth.login(database(), username.strip(), password, client=client_address())
    except WatershedError as error:
        show_error(error)
        return False
    begin(actor)
    return True


def _forget() -> None:
    for key in (ACTOR, TOKEN):
        st.session_state.pop(key, None)


def log_out() -> None:
    """End the session on the server (every tab of this browser is out at its next click), forget
    it here, have the browser drop its cookie, and start the page again; someone the provider
    signed in is sent to sign out there too (else its cookie would sign them straight back in)."""
    token = st.session_state.get(TOKEN)
    sessions.end(database(), token)
    _forget()
    st.session_state.pop(REFUSED, None)
    st.session_state[_STALE] = token
    st.session_state[_COOKIE_TO_WRITE] = ""
    if provider.identity() is not None:
        st.logout()  # a redirect: a rerun after it would cancel it
    else:
        st.rerun()


def keep_cookie() -> None:
    """Write (or remove) the browser's cookie when a login or logout asked for it. SameSite=Strict:
    no other site can send it; Secure whenever the app is served over HTTPS."""
    token = st.session_state.pop(_COOKIE_TO_WRITE, None)
    if token is None:
        return
    age = session_days() * 24 * 3600 if token else 0
    # JSON with "<" escaped: nothing in it can close the script (the token is ours, base64url).
    value = json.dumps(f"{COOKIE}={token}; path=/; max-age={age}; samesite=strict")
    value = value.replace("<", "\\u003c")
    with st.sidebar:  # the page's own area holds no script of ours (tests look for others')
        st.html(f"<script>document.cookie = {value} + (location.protocol === 'https:' ? "
                f"'; secure' : '');</script>", unsafe_allow_javascript=True)
