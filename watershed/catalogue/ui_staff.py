"""Catalogue entries for the staff pages."""

ENTRIES: dict[str, dict[str, str]] = {}
