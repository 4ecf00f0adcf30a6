"""Catalogue entries for the households area: key -> {"zh": ..., "en": ...}."""

ENTRIES: dict[str, dict[str, str]] = {}
