"""Pages of the campaign part: dredging progress (leadership), dredging entries (staff and custodians), ponds and live water.

Imports services and watershed.ui, never another part's pages.
"""
