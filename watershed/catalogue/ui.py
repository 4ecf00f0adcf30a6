"""Catalogue entries for the ui area: key -> {"zh": ..., "en": ...}."""

ENTRIES: dict[str, dict[str, str]] = {}
