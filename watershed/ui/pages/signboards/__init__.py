"""Pages of the signboards part: Printing signboards, and a segment's public page."""
