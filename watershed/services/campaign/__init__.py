"""The dredging campaign (百日攻坚): works and progress entries, acceptance, figures and the weekly
report; ponds and live water.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
