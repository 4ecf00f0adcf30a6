"""Catalogue entries for custody (包保)."""

ENTRIES: dict[str, dict[str, str]] = {
    "action.assign": {"zh": "分配包保", "en": "assign custody"},
    "custody.bad_role": {
        "zh": "包保角色“{role}”不存在：只能是 primary（包保户）或 deputy（协管户）。",
        "en": "there is no custody role '{role}': use primary or deputy.",
    },
    "custody.no_household": {
        "zh": "没有户编号为 {code} 的住户：请核对户编号，或先导入户籍表。",
        "en": "no household has the code {code}: check the code or import the register first.",
    },
    "custody.taken": {
        "zh": "河段 {segment} 自 {since} 起由 {household}（{name}）包保：请先终止该包保（watershed unassign {segment}）再分配。",
        "en": "segment {segment} has been kept by {household} ({name}) since {since}: end that custody first (watershed unassign {segment}).",
    },
    "custody.both_roles": {
        "zh": "住户 {household} 已是河段 {segment} 的包保户或协管户，不能兼任：请另选一户。",
        "en": "household {household} already keeps segment {segment}; it cannot hold both roles: choose another household.",
    },
    "custody.none_current": {
        "zh": "河段 {segment} 目前没有 {role} 包保，无需终止。",
        "en": "segment {segment} has no current {role} custodian to end.",
    },
    "custody.end_before_start": {
        "zh": "终止日期 {end} 早于开始日期 {start}：请给出不早于开始日期的日期。",
        "en": "the end date {end} is before the start date {start}: give a date on or after the start.",
    },
    "assign.no_capacity": {
        "zh": "所有住户都已达到包保上限：请提高 --max-metres-per-household 或登记更多住户",
        "en": "every household is at its limit: raise --max-metres-per-household or register more households",
    },
    "assign.longer_than_capacity": {
        "zh": "河段比每户包保上限还长：请提高 --max-metres-per-household 或用更短的段长重新划分",
        "en": "the segment is longer than the limit per household: raise --max-metres-per-household or re-cut with a shorter --length",
    },
}
