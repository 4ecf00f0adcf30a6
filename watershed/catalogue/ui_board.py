"""Pages of the red/black board and of evaluation rounds (staff)."""

ENTRIES: dict[str, dict[str, str]] = {
}
