"""The map layer: folium maps whose payload stays bounded, with every piece of user text escaped
and Leaflet served by the app itself.

Imports folium, branca, shapely, pyproj, coordTransform and the domain; never streamlit or the
database. The data comes from watershed.services.geometry.mapdata; the page hands layers to st_folium.
"""
