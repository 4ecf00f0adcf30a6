"""Pages of the problems part: the problem queue and reporting a problem.

Imports services and watershed.ui, never another part's pages.
"""
