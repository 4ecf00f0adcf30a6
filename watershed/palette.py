"""The colours of the maps and of the printed pages, in one place: the app's maps (folium) and
the weekly report's drawing (SVG) must agree with each other and with their legends."""

DARK_GREEN, GREEN, AMBER, ORANGE, RED = "#006837", "#1a9641", "#e6b000", "#f07c00", "#d7191c"
GREY = "#969696"
PALE = "#d9d9d9"  # what a colouring does not cover (e.g. a segment outside the campaign)
BLUE = "#2171b5"
VIOLET = "#7b3294"  # a line drawn against the flow: unlike any status colour

# The dredging status of a segment (watershed.domain.dredging.STATUSES).
DREDGING = {"not_started": GREY, "in_progress": AMBER, "done": BLUE, "accepted": GREEN}

# The stage of a problem (watershed.domain.problems.STAGES): red when just found, green when done.
PROBLEM = {"found": RED, "screened": ORANGE, "assigned": AMBER, "handled": BLUE,
           "supervised": GREEN, "evaluated": DARK_GREEN}
