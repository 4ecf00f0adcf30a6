"""Page text from the catalogue, in the language this browser session chose."""

import streamlit as st

from watershed import config
from watershed.catalogue import text


def language() -> str:
    return st.session_state.get("language", config.language())


def t(key: str, **params) -> str:
    return text(key, language(), **params)


def show_error(error) -> None:
    """A refusal from a service, as the person reading the page should see it."""
    st.error(error.message(language()))
