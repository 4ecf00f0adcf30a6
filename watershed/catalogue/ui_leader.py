"""Catalogue entries for the leader pages."""

ENTRIES: dict[str, dict[str, str]] = {}
