"""Reading geometry and household files: formats, encodings, coordinate systems, checks.

Imports the domain, geopandas, pyogrio, shapely and pyproj; never services, the database, maps or
pages.
"""
