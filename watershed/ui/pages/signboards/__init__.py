"""Pages of the signboards part: printing signboards, and a segment's public page.

Imports services and watershed.ui, never another part's pages.
"""
