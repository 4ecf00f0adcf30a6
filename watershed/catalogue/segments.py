"""Catalogue entries for the segments area: key -> {"zh": ..., "en": ...}."""

ENTRIES: dict[str, dict[str, str]] = {}
