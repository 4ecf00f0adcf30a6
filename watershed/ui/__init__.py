"""Streamlit pages and widgets: thin, each reads its widgets, calls a service and renders."""
