"""Catalogue entries for user accounts."""

ENTRIES: dict[str, dict[str, str]] = {
    "action.manage_users": {"zh": "管理用户账号", "en": "manage user accounts"},
    "account.bad_username": {
        "zh": "用户名“{username}”不可用：只能用 3–60 个英文字母、数字或 _ . - @ +（可以是电子邮箱），请换一个。",
        "en": "the user name '{username}' cannot be used: use 3-60 letters, digits or _ . - @ + only (an e-mail address will do).",
    },
    "account.bad_role": {
        "zh": "角色“{role}”不存在：请从 {roles} 中选一个。",
        "en": "there is no role '{role}': choose one of {roles}.",
    },
    "account.short_password": {
        "zh": "密码太短：至少需要 {minimum} 个字符，请重新设置。",
        "en": "the password is too short: use at least {minimum} characters.",
    },
    "account.no_household": {
        "zh": "户编号 {code} 不在户籍登记中：请先导入该户（watershed import households），或检查编号。",
        "en": "no household has the code {code}: import it first (watershed import households) or check the code.",
    },
    "account.needs_household": {
        "zh": "{role} 账号必须属于一户：请用 --household 指定户编号。",
        "en": "a {role} account must belong to a household: name it with --household CODE.",
    },
    "account.exists": {
        "zh": "用户名 {username} 已经存在：请换一个用户名。",
        "en": "the user name {username} is taken: choose another.",
    },
    "basin.none": {
        "zh": "数据库里还没有流域：请先导入渠道（watershed import channels 文件）或加载演示数据（watershed demo）。",
        "en": "the database holds no basin yet: import channels (watershed import channels PATH) or load the demo (watershed demo).",
    },
}
