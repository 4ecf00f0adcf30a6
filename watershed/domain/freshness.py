"""How fresh a segment's last check is: the bins the map colours and the leadership counts."""

# The last day each bin covers; a check older than the last, or none at all, is stale.
FRESHNESS_DAYS = (7, 14, 30)
# "Checked recently" in the figures is the first bin, the weekly interval of a check.
RECENT_DAYS = FRESHNESS_DAYS[0]
