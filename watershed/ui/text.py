"""Page text from the catalogue, in the language this browser session chose.

Streamlit reads titles, captions, alerts and st.write as markdown (with `$…$` formulas and
`:red[…]` colours). Text people typed — names, codes, file names — goes into those through `md`,
which makes it literal; tables, widgets' options and st.text show text as it is and take `t`.
"""

import re
import string
from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from watershed import config
from watershed.catalogue import Phrase, text

# How a date field shows its date: the ISO way, as every table does (sentences say 2026年3月8日).
DATE_FIELD = "YYYY-MM-DD"

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it is simpler and
# safer than knowing which marks Streamlit's markdown (and its plugins) give a meaning to.
_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")


def once_per_run(name: str, compute):
    """`compute()`, worked out once per run of the page and remembered for the rest of that run
    (outside a page run: every time). For what a page asks for thousands of times and that only
    changes between runs: the language (each read of the session state takes a lock), the
    names (each take from st.cache_data copies the whole dict). A run's cursors are a new dict
    each run (ScriptRunContext.reset): that is what tells runs apart."""
    run = get_script_run_ctx()
    marker = getattr(run, "cursors", None)
    if marker is None:
        return compute()
    slot = f"_watershed_{name}"
    known = getattr(run, slot, None)
    if known is None or known[0] is not marker:
        known = (marker, compute())
        setattr(run, slot, known)
    return known[1]


def language() -> str:
    """The language of this run of the page (the sidebar's choice reruns the page)."""
    return once_per_run("language",
                        lambda: st.session_state.get("language") or config.language())


def t(key: str, **params) -> str:
    return text(key, language(), **params)


def day(value: date) -> str:
    """A date as a Chinese office writes it (2026年3月8日), or ISO in English."""
    return t("ui.custodian.date", year=value.year, month=value.month, day=value.day)


def literal(value: str) -> str:
    """`value` as markdown that shows exactly these characters."""
    return _PUNCTUATION.sub(r"\\\1", value)


def md(key: str, **params) -> str:
    """The catalogue sentence for a markdown element, its text parameters shown literally."""
    return t(key, **{name: literal(value) if isinstance(value, str) and not isinstance(value, Phrase)
                     else value for name, value in params.items()})


def error_text(error) -> str:
    """A service's refusal (or warning) as markdown, its parameters shown literally."""
    return md(error.key, **error.params)


def show_error(error) -> None:
    """A refusal from a service, as the person reading the page should see it."""
    st.error(error_text(error))
