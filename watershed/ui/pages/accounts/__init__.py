"""Pages of the accounts part: signing in.

Imports services and watershed.ui, never another part's pages.
"""
