"""Problems from discovery to evaluation (发现 → 甄别 → 交办 → 办理 → 督办 → 评价), and their figures.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
