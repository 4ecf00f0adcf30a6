"""The channel network as water sees it: `flow` (which segments carry live water, from the
sources downstream) and `check` (what in a network of channels would keep water from where it
should go). Pure rules like the rest of the domain: imports only numpy, shapely, networkx and
watershed.domain.
"""
