"""Signing in through the office's identity provider (OpenID Connect, Streamlit's st.login).

Used only when .streamlit/secrets.toml has an [auth] section (see the README); the password
login stays, and is all there is without it. The provider says who someone is; the users table
says what they may do, so an account must exist whose user name is the provider's claim
(WATERSHED_OIDC_CLAIM, by default the e-mail address).
"""

import streamlit as st

from watershed import config


def configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):  # no secrets file at all
        return False


def identity() -> str | None:
    """The claim naming the account of whoever the provider has signed in, if anyone."""
    if not configured() or not st.user.is_logged_in:
        return None
    value = st.user.get(config.oidc_claim())
    return str(value) if value else None
