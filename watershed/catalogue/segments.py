"""Catalogue entries for cutting channels into segments."""

ENTRIES: dict[str, dict[str, str]] = {
    "action.segment": {"zh": "划分河段", "en": "cut channels into segments"},
    "segment.no_channel": {
        "zh": "没有编号为 {code} 的渠道：请用 watershed stats 或导出的渠道表核对编号。",
        "en": "there is no channel with the code {code}: check the code against the exported channel list.",
    },
    "segment.in_custody": {
        "zh": "{channels} 条渠道（{codes}）的 {segments} 个河段仍有包保户，未重新划分：如确需重划，请加 --force，这些包保将被终止并留有记录。",
        "en": "{segments} segments of {channels} channels ({codes}) are in custody; nothing was re-cut: add --force to re-cut them, which ends those custodies with a record.",
    },
    "segment.unknown": {
        "zh": "没有编号为 {code} 的在用河段：请核对河段编号（如 GZQ-007）。",
        "en": "no segment in service has the code {code}: check the code (e.g. GZQ-007).",
    },
    "segment.recut_reason": {"zh": "渠道重新划段", "en": "channel re-cut into new segments"},
}
