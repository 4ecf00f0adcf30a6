"""Segment signboards (公示牌) to print, and the public page their QR codes open.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
