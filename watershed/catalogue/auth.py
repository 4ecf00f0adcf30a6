"""Catalogue entries for logging in and unlocking accounts."""

ENTRIES: dict[str, dict[str, str]] = {
    "action.unlock_user": {"zh": "解锁用户账号", "en": "unlock user accounts"},
    "auth.failed": {
        "zh": "用户名或密码不对：请检查后再试。连续输错 {attempts} 次，账号会锁定 {minutes} 分钟；"
              "忘记密码请找街道办工作人员。",
        "en": "the user name or password is wrong: check them and try again. After {attempts} wrong "
              "tries in a row the account is locked for {minutes} minutes; if you forgot your "
              "password, ask the street office.",
    },
    "auth.locked": {
        "zh": "密码连续输错次数太多，账号已暂时锁定：请 {minutes} 分钟后再试，或请街道办工作人员解锁。",
        "en": "too many wrong passwords in a row, so this account is locked for now: try again in "
              "{minutes} minutes, or ask the street office to unlock it.",
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
}
