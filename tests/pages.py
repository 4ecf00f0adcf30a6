"""Running one page of the app in AppTest as a given demo account, without the login form."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest


def shown(markdown: str) -> str:
    """What a reader sees of a markdown element's text: the backslash escapes that keep typed
    text literal (watershed.ui.text.md) removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _page_script(module_name: str, username: str) -> None:
    """Runs inside Streamlit: log the account in (as the login page would), render the page."""
    import importlib
    import streamlit as st
    from sqlalchemy import select

    from watershed.services.common.actors import Actor
    from watershed.store.tables import User
    from watershed.ui.session import ACTOR, begin
    from watershed.ui.wiring import database

    if ACTOR not in st.session_state:
        with database().read() as session:
            user = session.scalars(select(User).where(User.username == username)).one()
        begin(Actor(user.username, user.role, user.household_id))
    importlib.import_module(module_name).render()


PAGES = Path(__file__).resolve().parent.parent / "watershed" / "ui" / "pages"


def page_module(name: str) -> str:
    """The dotted path of the page module `name` (pages live in a folder per part, and their
    names are unique across the folders)."""
    [found] = PAGES.rglob(f"{name}.py")
    return "watershed.ui.pages." + ".".join(found.relative_to(PAGES).with_suffix("").parts)


def page_app(monkeypatch, url: str, module_name: str, username: str, language: str = "zh") -> AppTest:
    """AppTest of the page module `module_name` (e.g. "works") as `username`, already run once."""
    monkeypatch.setenv("WATERSHED_DATABASE_URL", url)
    monkeypatch.setenv("WATERSHED_LANGUAGE", language)
    app = AppTest.from_function(_page_script, args=(page_module(module_name), username),
                                default_timeout=30)
    return app.run()
