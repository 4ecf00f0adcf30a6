"""Pages of the ledgers part: the contribution ledger and the collective benefit.

Imports services and watershed.ui, never another part's pages.
"""
