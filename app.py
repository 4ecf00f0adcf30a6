"""The watershed app: `make run`, or `streamlit run app.py`."""

from watershed.ui.main import run

run()
