"""Entities and rules of the basin: segmenting, assignment, the water network, checks' due dates,
rating rounds, dredging days, ledgers' arithmetic, the numbers people type. No I/O, no storage, no
pages: it imports only the standard library, numpy, shapely, pyproj, networkx and itself, never
another watershed layer.
"""
