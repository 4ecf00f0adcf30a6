"""Catalogue entries for the cli area: key -> {"zh": ..., "en": ...}."""

ENTRIES: dict[str, dict[str, str]] = {}
