"""Channels, ponds, sources and the boundary read from files; channels cut into custody segments;
what a map draws; exports.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
