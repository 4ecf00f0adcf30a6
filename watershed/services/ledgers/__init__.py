"""The contribution ledger (投工投劳) and the collective benefit ledger (全体居民受益)."""
