"""Peer evaluation (群众评群众): rounds, ratings, scores and the red/black board.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
