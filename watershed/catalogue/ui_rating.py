"""Pages of peer evaluation: rating, the red/black board, rounds, my scores."""

ENTRIES: dict[str, dict[str, str]] = {
}
