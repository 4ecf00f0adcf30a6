"""The basin, its villages and households: registers, the dashboard's figures, the basin at a glance."""
