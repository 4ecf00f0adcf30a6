"""Use cases: one function per thing a user does, one folder per part (common holds what they
share). Pages and the CLI call these, nothing deeper. Services import geo, maps, domain, store and
evaluation, never pages, the command line or the demo. A part uses another part only through its
public modules; a module named `_x.py` is the inside of its part.
"""
