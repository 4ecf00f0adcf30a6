"""Pages of the evaluation part: rating others' segments, my scores, evaluation rounds and the red/black board.

Imports services and watershed.ui, never another part's pages.
"""
