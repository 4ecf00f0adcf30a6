"""Part custody (包保): assigning households to segments, by hand or automatically."""

ENTRIES: dict[str, dict[str, str]] = {
    # assigning and ending custody (services.custody.custody)
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
    "custody.same_keeper": {
        "zh": "河段 {segment} 现在就由 {household} 包保，无需重新分配：请另选一户。",
        "en": "segment {segment} is already kept by {household}; there is nothing to reassign: choose another household.",
    },
    "custody.none_current": {
        "zh": "河段 {segment} 目前没有 {role} 包保，无需终止。",
        "en": "segment {segment} has no current {role} custodian to end.",
    },
    "custody.end_before_start": {
        "zh": "终止日期 {end} 早于开始日期 {start}：请给出不早于开始日期的日期。",
        "en": "the end date {end} is before the start date {start}: give a date on or after the start.",
    },
    # automatic assignment (watershed.domain.assignment)
    "assign.no_capacity": {
        "zh": "所有住户都已达到包保上限：请提高 --max-metres-per-household 或登记更多住户",
        "en": "every household is at its limit: raise --max-metres-per-household or register more households",
    },
    "assign.longer_than_capacity": {
        "zh": "河段比每户包保上限还长：请提高 --max-metres-per-household 或用更短的段长重新划分",
        "en": "the segment is longer than the limit per household: raise --max-metres-per-household or re-cut with a shorter --length",
    },
    "assign.too_far": {
        "zh": "{limit:g} 公里内没有住户：最近的住户离河段中点 {km:.1f} 公里。请登记附近的住户，或提高 --max-distance-km",
        "en": "no household lives within {limit:g} km: the nearest lives {km:.1f} km from the middle of the segment; register the households near it or raise --max-distance-km",
    },
    # The quantities a person gives, as the refusals name them (services.common.numbers: `field`).
    "field.max_metres": {"zh": "每户最多包保长度（米）", "en": "Most metres per household"},
    "field.max_distance_km": {"zh": "河段离家最远距离（公里）", "en": "Farthest a segment may be from home (km)"},
    # `watershed assign`, `watershed unassign`, `watershed custody`
    "cli.assigned_one": {"zh": "河段 {segment} 自 {start} 起由 {household} 包保（{role}）。", "en": "Segment {segment} is kept by {household} ({role}) from {start}."},
    "cli.unassigned_one": {"zh": "河段 {segment} 的包保已于 {end} 终止。", "en": "The custody of segment {segment} ended on {end}."},
    "cli.auto_assigned": {
        "zh": "自动分配（离家不超过 {km:g} 公里）：{assigned} 个河段共 {metres:.0f} 米已分配包保户，其中 {other} 个分给了外村住户；{guessed} 个河段原不知属于哪个村，按最近的住户推定；{open} 个河段仍未分配，其中 {far} 个因 {km:g} 公里内没有住户。",
        "en": "Auto-assignment (at most {km:g} km from home): {assigned} segments ({metres:.0f} m) now have a custodian, {other} of them from a household of another village; {guessed} segments lay in no known village and were given the village of the nearest home; {open} segments remain open, {far} of them because no household lives within {km:g} km.",
    },
    "cli.other_village": {"zh": "  {segment} → {household}（本村在范围内无余力，分给外村住户）", "en": "  {segment} -> {household} (another village: none of its own within reach had room)"},
    "cli.still_open": {"zh": "  {segment} 未分配：{reason}", "en": "  {segment} left open: {reason}"},
    "cli.no_home": {"zh": "  有 {count} 户没有住址坐标，未参与自动分配：请在户籍表中补上经度、纬度。", "en": "  {count} households have no home point and were not considered: add lon/lat to the register."},
    "cli.history_line": {"zh": "{start} 至 {end}  {household} {name}（{role}）{reason}", "en": "{start} to {end}  {household} {name} ({role}) {reason}"},
    "cli.history_now": {"zh": "今", "en": "now"},
    "cli.history_empty": {"zh": "河段 {segment} 从未有人包保。", "en": "Segment {segment} has never been kept by anyone."},
    "cli.auto_with_codes": {"zh": "--auto 不能与河段编号、户编号同时使用：二选一。", "en": "--auto takes no segment or household code: use one or the other."},
    "cli.assign_needs_codes": {"zh": "请给出河段编号和户编号（如 watershed assign GZQ-007 MH-03-027），或用 --auto。", "en": "give a segment code and a household code (e.g. watershed assign GZQ-007 MH-03-027), or --auto."},
    # the 河段与包保 page
    "staff.page.segments": {"zh": "河段与包保", "en": "Segments and custody"},
    "staff.sheet.segments": {"zh": "河段", "en": "Segments"},
    "staff.filter.channel": {"zh": "渠道", "en": "Channel"},
    "staff.filter.channel_by_village": {"zh": "渠道很多，先选村（社区），再选渠道。",
                                        "en": "There are many channels: choose a village first, then a channel."},
    "staff.filter.group": {"zh": "村民小组", "en": "Villager group"},
    "staff.filter.custodian": {"zh": "包保户（户编号或户主）", "en": "Custodian (code or name)"},
    "staff.filter.only_open": {"zh": "只看未包保", "en": "Only open"},
    "staff.segments.selected": {
        "zh": "选中的河段（在地图上点击，或输入编号）",
        "en": "Selected segment (click it on the map or type its code)",
    },
    "staff.custody.history": {"zh": "河段 {segment} 的包保记录", "en": "Custody of segment {segment}"},
    "staff.custody.assign": {"zh": "分配包保户", "en": "Assign a custodian"},
    "staff.custody.reassign": {"zh": "更换包保户", "en": "Hand over to another household"},
    "staff.custody.find_household": {"zh": "查找住户（户编号、姓名或电话）", "en": "Find a household (code, name or phone)"},
    "staff.custody.household": {"zh": "住户", "en": "Household"},
    "staff.custody.pick_household": {"zh": "先在上面查找，再选择", "en": "Search above, then choose"},
    "staff.custody.start": {"zh": "开始日期", "en": "Start date"},
    "staff.custody.reason": {"zh": "原因", "en": "Reason"},
    "staff.custody.save_assign": {"zh": "确认分配", "en": "Assign"},
    "staff.custody.assigned": {"zh": "河段 {segment} 已由 {household} 包保。", "en": "Segment {segment} is now kept by {household}."},
    "staff.custody.end": {"zh": "终止包保", "en": "End the custody"},
    "staff.custody.end_date": {"zh": "终止日期", "en": "End date"},
    "staff.custody.save_end": {"zh": "确认终止", "en": "End custody"},
    "staff.custody.ended": {"zh": "河段 {segment} 的包保已终止，记录仍保留。", "en": "The custody of segment {segment} has ended; its record is kept."},
    "staff.role.primary": {"zh": "包保户", "en": "custodian"},
    "staff.role.deputy": {"zh": "协管户", "en": "deputy"},
}
