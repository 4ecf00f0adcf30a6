"""Who keeps which segment (分段包保): assigning, reassigning, ending custody, the history,
automatic assignment.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
