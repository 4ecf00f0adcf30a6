"""One module per page, one folder per part; each reads its widgets, calls services and renders.
A part's pages never import another part's pages (import-linter contract): what they share lives
in watershed/ui.
"""
