"""Catalogue entries for the maps: legend labels and map messages."""

ENTRIES: dict[str, dict[str, str]] = {
    "map.state.kept": {"zh": "已包保", "en": "kept"},
    "map.state.open": {"zh": "未包保", "en": "open"},
    "map.fresh.week": {"zh": "7 天内巡查", "en": "checked within 7 days"},
    "map.fresh.fortnight": {"zh": "8–14 天前巡查", "en": "8–14 days ago"},
    "map.fresh.month": {"zh": "15–30 天前巡查", "en": "15–30 days ago"},
    "map.fresh.stale": {"zh": "超过 30 天或从未巡查", "en": "over 30 days ago or never"},
    "map.water.live": {"zh": "活水", "en": "live water"},
    "map.water.dead": {"zh": "死水（被鱼塘阻断）", "en": "dead water (cut off by ponds)"},
    "map.water.revived": {"zh": "清退所选鱼塘后会变活水", "en": "would come alive if the chosen ponds were cleared"},
    "map.peer.excellent": {"zh": "4.5 分以上", "en": "4.5 and above"},
    "map.peer.good": {"zh": "4.0–4.5 分", "en": "4.0–4.5"},
    "map.peer.fair": {"zh": "3.0–4.0 分", "en": "3.0–4.0"},
    "map.peer.poor": {"zh": "2.0–3.0 分", "en": "2.0–3.0"},
    "map.peer.bad": {"zh": "2.0 分以下", "en": "below 2.0"},
    "map.peer.none": {"zh": "评价人数不足或未参评", "en": "too few ratings, or not rated"},
    "map.zoom_in": {
        "zh": "此范围内河段太多，只显示了前 {limit} 段：请放大地图查看全部。",
        "en": "Too many segments in this view; only the first {limit} are drawn: zoom in to see them all.",
    },
}
