"""watershed: segment custody, peer rating and dredging progress for a small river basin.

The layers, each a package here, from the top: `ui` (Streamlit pages) and `cli` (the `watershed`
command); `demo` (the synthetic basin); `services` (one function per thing a user does); `geo`
(reading files) and `maps` (folium); `domain` (rules), `store` (tables) and `evaluation` (peer
scores). A layer imports only the layers below it, checked by the import-linter contracts in
pyproject.toml. `catalogue`, `config`, `errors` and `palette` are shared by every layer and import
none of them.
"""

__version__ = "0.1.0"
