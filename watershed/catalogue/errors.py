"""Catalogue entries shared by all errors."""

ENTRIES: dict[str, dict[str, str]] = {
    "error.and_more": {"zh": "（另有 {count} 处问题）", "en": " (and {count} more problems)"},
    "error.permission": {
        "zh": "{who} 无权{action}。",
        "en": "{who} may not {action}.",
    },
}
