"""Pages of the places part: the dashboards (staff, leadership, residents) and the household register.

Imports services and watershed.ui, never another part's pages.
"""
