"""Catalogue entries for the maps: legend labels and map messages."""

ENTRIES: dict[str, dict[str, str]] = {
    "map.state.kept": {"zh": "已包保", "en": "kept"},
    "map.state.open": {"zh": "未包保", "en": "open"},
    "map.fresh.week": {"zh": "7 天内巡查", "en": "checked within 7 days"},
    "map.fresh.fortnight": {"zh": "8–14 天前巡查", "en": "8–14 days ago"},
    "map.fresh.month": {"zh": "15–30 天前巡查", "en": "15–30 days ago"},
    "map.fresh.stale": {"zh": "超过 30 天或从未巡查", "en": "over 30 days ago or never"},
    "map.zoom_in": {
        "zh": "此范围内河段太多，只显示了前 {limit} 段：请放大地图查看全部。",
        "en": "Too many segments in this view; only the first {limit} are drawn: zoom in to see them all.",
    },
}
