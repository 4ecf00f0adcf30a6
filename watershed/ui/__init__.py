"""Streamlit pages and widgets: thin, each reads its widgets, calls a service and renders. What
the pages share (text and dates, maps, problem cards, the session) is here beside `pages/`.
Imports services and below, never the command line or the demo; nothing imports it.
"""
