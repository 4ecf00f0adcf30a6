"""Pages of the geometry part: uploading geometry and seeing the cut before it is saved.

Imports services and watershed.ui, never another part's pages.
"""
