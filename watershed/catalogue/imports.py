"""Catalogue entries for the import services."""

ENTRIES: dict[str, dict[str, str]] = {
    "action.import": {"zh": "导入数据", "en": "import data"},
    "import.codes_exist": {
        "zh": "{file}：有 {count} 个编号已在数据库中（{codes}），本次未导入任何数据：请删去这些要素或改用新编号后重试。",
        "en": "{file}: {count} codes are already in the database ({codes}); nothing was imported: remove those features or give them new codes and try again.",
    },
    "import.households_exist": {
        "zh": "{file}：有 {count} 个户编号已登记（{codes}），本次未导入任何数据：请删去这些行或改用新户编号后重试。",
        "en": "{file}: {count} household codes are already registered ({codes}); nothing was imported: remove those rows or give them new codes and try again.",
    },
}
