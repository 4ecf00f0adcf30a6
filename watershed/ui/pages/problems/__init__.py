"""Pages of the problems part: The problem queue and reporting a problem."""
