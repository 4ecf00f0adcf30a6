"""Refusals of a number a person gave (watershed.services.common.numbers), and the names of the fields
they name. Each refusal says the field, the value as given and the range; `_above` is for ranges
whose lowest value is itself refused (an amount above 0)."""

_RANGE = {"zh": "在 {low} 至 {high} 之间", "en": "{low} to {high}"}
_ABOVE = {"zh": "大于 {low} 且不超过 {high}", "en": "above {low} and at most {high}"}


def _refusals(reason: str, zh: str, en: str) -> dict[str, dict[str, str]]:
    return {
        f"number.{reason}": {"zh": zh.format(range=_RANGE["zh"]), "en": en.format(range=_RANGE["en"])},
        f"number.{reason}_above": {"zh": zh.format(range=_ABOVE["zh"]),
                                   "en": en.format(range=_ABOVE["en"])},
    }


ENTRIES: dict[str, dict[str, str]] = {
    **_refusals("empty", "{{field}}未填写：请填一个数（{range}）。",
                "{{field}} is empty: give a number {range}."),
    **_refusals("not_a_number", "{{field}}「{{value}}」不是数：请填一个数（{range}），如 1,234.5 或 １２.５。",
                "{{field}} '{{value}}' is not a number: give one {range}, like 1,234.5."),
    **_refusals("out_of_range", "{{field}}「{{value}}」超出范围：应{range}。",
                "{{field}} '{{value}}' is out of range: it must be {range}."),
    **_refusals("not_whole", "{{field}}「{{value}}」须为整数（{range}）。",
                "{{field}} '{{value}}' must be a whole number {range}."),
    **_refusals("too_many_decimals",
                "{{field}}「{{value}}」小数位太多：最多 {{decimals}} 位（{range}）。",
                "{{field}} '{{value}}' has too many decimals: at most {{decimals}}, {range}."),
}

# The quantities a person gives, as the refusals name them (services.numbers: `field`).
ENTRIES.update({
    "field.amount_labour": {"zh": "投工（人·天）", "en": "Labour (person-days)"},
    "field.amount_machine": {"zh": "机械（台时）", "en": "Machine work (machine-hours)"},
    "field.amount_materials": {"zh": "材料价值（元）", "en": "Materials (value in yuan)"},
    "field.amount_money": {"zh": "捐资金额（元）", "en": "Money (yuan)"},
    "field.income_yuan": {"zh": "收益金额（元）", "en": "Income (yuan)"},
    "field.retain_yuan": {"zh": "集体留存（元）", "en": "Retained for upkeep (yuan)"},
    "field.retain_percent": {"zh": "集体留存比例（%）", "en": "Retained for upkeep (percent)"},
    "field.compensation_yuan": {"zh": "补偿金额（元）", "en": "Compensation (yuan)"},
    "field.campaign_days": {"zh": "行动天数", "en": "Campaign length (days)"},
    "field.m3_per_metre": {"zh": "每米清淤量（立方米）", "en": "Silt per metre (m³)"},
    "field.bank_share": {"zh": "每米护岸（米）", "en": "Bank per metre of segment (m)"},
    "field.planned_m3": {"zh": "计划清淤方量（立方米）", "en": "Planned silt (m³)"},
    "field.planned_bank_m": {"zh": "计划护岸（米）", "en": "Planned bank (m)"},
    "field.m3": {"zh": "清淤方量（立方米）", "en": "Silt removed (m³)"},
    "field.bank_m": {"zh": "护岸加固（米）", "en": "Bank reinforced (m)"},
    "field.segment_length": {"zh": "目标段长（米）", "en": "Target segment length (m)"},
    "field.max_metres": {"zh": "每户最多包保长度（米）", "en": "Most metres per household"},
    "field.interval_days": {"zh": "巡查间隔（天）", "en": "Check interval (days)"},
    "field.offers": {"zh": "每户分派评议段数", "en": "Segments offered per household"},
    "field.radius_m": {"zh": "评比范围（米）", "en": "Radius (m)"},
    "field.board_size": {"zh": "红黑榜名额（前后各几名）", "en": "Board size (best and worst N)"},
    "field.stars": {"zh": "评价星数", "en": "Stars"},
    "field.contribution_id": {"zh": "投工投劳记录编号", "en": "Contribution entry number"},
    "field.campaign_id": {"zh": "攻坚行动编号", "en": "Campaign number"},
    "field.round_id": {"zh": "评议轮次编号", "en": "Round number"},
    "field.problem_id": {"zh": "问题编号", "en": "Problem number"},
})
