"""The basin, its villages and households: registers, the dashboard's figures, the basin at a glance.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
