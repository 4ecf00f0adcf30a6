"""Catalogue entries for the pages."""

ENTRIES: dict[str, dict[str, str]] = {
    "ui.app_title": {"zh": "河渠共治 · 分段包保", "en": "Watershed · segment custody"},
    "ui.language": {"zh": "语言", "en": "Language"},
    "ui.no_basin": {
        "zh": "还没有流域数据：运行 watershed demo 加载演示数据，或用 watershed import 导入渠道。",
        "en": "No basin yet: run watershed demo for the demo data, or import channels with watershed import.",
    },
    "ui.synthetic_banner": {
        "zh": "这是合成演示数据，并非真实测绘：渠道、鱼塘、住户和姓名都是程序生成的。",
        "en": "This is synthetic demo data, not a survey: channels, ponds, households and names are generated.",
    },
    "ui.channels": {"zh": "渠道总长", "en": "Channels"},
    "ui.km": {"zh": "{value:,.1f} 公里", "en": "{value:,.1f} km"},
    "ui.segments": {"zh": "河段数", "en": "Segments"},
    "ui.in_custody": {"zh": "已包保河段", "en": "In custody"},
    "ui.households": {"zh": "住户数", "en": "Households"},
    "ui.username": {"zh": "用户名", "en": "User name"},
    "ui.password": {"zh": "密码", "en": "Password"},
    "ui.log_in": {"zh": "登录", "en": "Log in"},
    "ui.log_out": {"zh": "退出登录", "en": "Log out"},
    "ui.signed_in_as": {"zh": "当前用户：{name}（{role}）", "en": "Signed in as {name} ({role})"},
    "ui.demo_accounts": {
        "zh": "演示账号：staff（街道工作人员）、custodian（包保户）、resident（群众）、leader（领导），密码均为 {password}。",
        "en": "Demo accounts: staff, custodian, resident, leader; the password of each is {password}.",
    },
    "ui.role.staff": {"zh": "街道工作人员", "en": "street-office staff"},
    "ui.role.custodian": {"zh": "包保户", "en": "custodian"},
    "ui.role.resident": {"zh": "群众", "en": "resident"},
    "ui.role.leader": {"zh": "领导", "en": "leadership"},
    "ui.page.dashboard": {"zh": "工作台", "en": "Dashboard"},
    "ui.upload_button": {"zh": "选择文件", "en": "Choose files"},
    "ui.log_in_with_provider": {"zh": "用单位账号登录", "en": "Sign in with the office account"},
    "ui.or_password": {"zh": "或者用本系统的用户名和密码登录：", "en": "Or sign in with a user name and password of this app:"},
    "ui.leave_provider": {"zh": "退出单位账号", "en": "Sign out of the office account"},
}
