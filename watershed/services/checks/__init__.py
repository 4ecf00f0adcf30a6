"""Custodians' checks (巡查), overdue custodians, and the progress map's figures of upkeep and check
freshness.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
