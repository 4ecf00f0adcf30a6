"""The whole database to one file and back (.gpkg or .xlsx), all or nothing.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
