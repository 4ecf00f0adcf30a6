"""The one place where the app touches storage: the database, opened once per process."""

import streamlit as st

from watershed import config
from watershed.store.database import open_database
from watershed.store.migrate import upgrade


def database():
    return _database(config.database_url())


@st.cache_resource
def _database(url: str):
    db = open_database(url)
    upgrade(db)
    return db
