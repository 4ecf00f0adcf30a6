"""The contribution ledger (投工投劳) and the collective benefit ledger (全体居民受益).

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
