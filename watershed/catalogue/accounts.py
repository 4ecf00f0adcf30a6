"""Part accounts: user accounts, logging in and unlocking, the login page, `watershed users`."""

ENTRIES: dict[str, dict[str, str]] = {
    # user accounts
    "action.manage_users": {"zh": "管理用户账号", "en": "manage user accounts"},
    "account.bad_username": {
        "zh": "用户名“{username}”不可用：只能用 3–60 个英文字母、数字或 _ . - @ +（可以是电子邮箱），请换一个。",
        "en": "the user name '{username}' cannot be used: use 3-60 letters, digits or _ . - @ + only (an e-mail address will do).",
    },
    "account.wrong_old_password": {
        "zh": "原密码不对：请输入现在用的密码；忘记了请找街道办工作人员重设。",
        "en": "the current password is wrong: type the one you use now; if you forgot it, ask the street office to set a new one.",
    },
    "account.bad_role": {
        "zh": "角色“{role}”不存在：请从 {roles} 中选一个。",
        "en": "there is no role '{role}': choose one of {roles}.",
    },
    "account.short_password": {
        "zh": "密码太短：至少需要 {minimum} 个字符，请重新设置。",
        "en": "the password is too short: use at least {minimum} characters.",
    },
    "account.one_character_password": {
        "zh": "密码不能全是同一个字符（比如 8 个空格或 11111111）：请换一个别人猜不到的密码。",
        "en": "the password cannot be one character over and over (eight spaces, 11111111): choose one nobody could guess.",
    },
    "account.common_password": {
        "zh": "这个密码太常见（或与用户名相同），别人一猜就中：请换一个，比如几个词连在一起。",
        "en": "this password is too common (or the same as the user name), so it is the first a guesser tries: choose another, for example a few words run together.",
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
    # logging in and unlocking accounts
    "action.unlock_user": {"zh": "解锁用户账号", "en": "unlock user accounts"},
    "auth.failed": {
        "zh": "用户名或密码不对：请检查后再试。在同一台手机或电脑上连续输错 {attempts} 次后要等一会儿"
              "才能再试，再错等得更久；忘记密码请找街道办工作人员。",
        "en": "the user name or password is wrong: check them and try again. After {attempts} wrong "
              "tries in a row on one phone or computer you must wait a while, longer after each "
              "further one; if you forgot your password, ask the street office.",
    },
    "auth.wait": {
        "zh": "在这台手机或电脑上密码连续输错太多次：请 {minutes} 分钟后再试，或请街道办工作人员解锁。"
              "在别的手机或电脑上登录不受影响。",
        "en": "too many wrong passwords in a row on this phone or computer: try again in {minutes} "
              "minutes, or ask the street office to unlock it. Logging in elsewhere is not "
              "affected.",
    },
    "auth.inactive": {
        "zh": "这个账号已停用：如需继续使用，请联系街道办工作人员。",
        "en": "this account has been switched off: ask the street office if you need it again.",
    },
    "auth.no_user": {
        "zh": "没有用户名为 {username} 的账号：请检查用户名。",
        "en": "there is no account named {username}: check the name.",
    },
    "auth.not_registered": {
        "zh": "单位账号 {identity} 已通过验证，但本系统里还没有这个用户：请街道办工作人员运行 "
              "watershed users add {identity} --role 角色 添加后再登录。",
        "en": "the account {identity} was verified, but it has no user here yet: ask the street "
              "office to run watershed users add {identity} --role ROLE, then sign in again.",
    },
    # the login page
    "ui.log_in": {"zh": "登录", "en": "Log in"},
    "ui.username": {"zh": "用户名", "en": "User name"},
    "ui.password": {"zh": "密码", "en": "Password"},
    "ui.demo_accounts": {
        "zh": "演示账号：staff（街道工作人员）、custodian（包保户）、resident（群众）、leader（领导），密码均为 {password}。",
        "en": "Demo accounts: staff, custodian, resident, leader; the password of each is {password}.",
    },
    "ui.log_in_with_provider": {"zh": "用单位账号登录", "en": "Sign in with the office account"},
    "ui.or_password": {"zh": "或者用本系统的用户名和密码登录：", "en": "Or sign in with a user name and password of this app:"},
    "ui.leave_provider": {"zh": "退出单位账号", "en": "Sign out of the office account"},
    # `watershed users add`
    "cli.user_added": {"zh": "已创建账号 {username}（{role}）。", "en": "Created the account {username} ({role})."},
    "cli.password_changed": {"zh": "已为 {username} 设置新密码，已退出其 {ended} 个登录。", "en": "Set a new password for {username}; {ended} of its logins ended."},
    "cli.user_unlocked": {"zh": "已清除 {username} 的输错记录（{waiting} 处正在等待），现在可以登录。", "en": "Cleared the wrong-password counts of {username} ({waiting} places were waiting); it can log in now."},
    "cli.password_prompt": {"zh": "密码：", "en": "Password: "},
    "cli.password_again": {"zh": "再输一次密码：", "en": "Password again: "},
    "cli.password_mismatch": {"zh": "两次输入的密码不一致：请重新运行命令。", "en": "the two passwords differ: run the command again."},
}
