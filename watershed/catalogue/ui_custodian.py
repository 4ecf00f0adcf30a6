"""Catalogue entries for the custodian pages."""

ENTRIES: dict[str, dict[str, str]] = {}
