"""Pages of the places part: The dashboards (staff, leadership, residents) and the household register."""
