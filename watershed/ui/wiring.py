"""The one place where the app touches storage: the database, opened once per process, and the
one rule for caching what services compute.

The caching rule: a basin-wide result every viewer shares (live water, the campaign's figures,
the problem queue and its figures, the basin's figures at a glance, the segments' bounding boxes
a map's overview is chosen from, the overview of the whole basin) is computed once per state of
the data and per day in the basin, and kept for every session of this server. The state of the
data is the newest audit row's id (every write leaves one, in any session or process), so no
cached result outlives a write. Anything that depends on who asks is not cached here: the page
has the service check the viewer first (e.g. figures.may_view_campaign) and shares only what is
the same for everyone. What a map colours for the segments in view (peer scores, days since a
check, dredging statuses) is cheap enough to read on every run and is not cached: a view a
minute old is rarely the next one asked for.
"""

import streamlit as st

from watershed import config
from watershed.services.common.audit import last_change
from watershed.services.common.clock import today
from watershed.store.database import open_database
from watershed.store.migrate import upgrade


def database():
    return _database(config.database_url())


@st.cache_resource
def _database(url: str):
    db = open_database(url)
    upgrade(db)
    return db


def shared(service, *args, **options):
    """`service(db, *args, **options)` as of the data's current state and today's date (the
    caching rule above). What it returns is a copy: changing it changes nothing for others."""
    name = f"{service.__module__}.{service.__qualname__}"
    return _shared(config.database_url(), last_change(database()), today(), name, args,
                   tuple(sorted(options.items())), service)


@st.cache_data(max_entries=64, show_spinner=False)
def _shared(url: str, version: int, day, name: str, args: tuple, options: tuple, _service):
    return _service(_database(url), *args, **dict(options))
