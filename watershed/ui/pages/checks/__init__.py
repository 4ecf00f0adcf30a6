"""Pages of the checks part: a custodian's segments with their due dates, submitting a check, a
custodian's history, the staff's checks, the progress map.

Imports services and watershed.ui, never another part's pages.
"""
