"""Pages of the ledgers part: The contribution ledger and the collective benefit."""
