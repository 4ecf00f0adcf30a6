"""Pages of the custody part: segments and their keepers (staff).

Imports services and watershed.ui, never another part's pages.
"""
