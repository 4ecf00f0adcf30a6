"""Part signboards: segment signboards (公示牌), village supervisors, a segment's public page."""

ENTRIES: dict[str, dict[str, str]] = {
    # permissions and refusals
    "action.print_signboards": {"zh": "打印河段公示牌", "en": "print segment signboards"},
    "action.set_supervisor": {"zh": "指定村（社区）的监督人", "en": "name a village's supervisor"},
    # printing needs an address phones reach (WATERSHED_PUBLIC_URL)
    "signboard.private_url": {
        "zh": "公示牌上的二维码将指向 {url}，居民在河边用手机扫码打不开这个地址（本机或内网地址），所以没有生成公示牌。请把系统的对外地址设为居民手机能打开的网址：启动前设置环境变量 `WATERSHED_PUBLIC_URL`（例如 `https://hz.example.gov.cn`），再打印。",
        "en": "The signboards' QR codes would point at {url}, which a resident's phone by the canal cannot open (this computer or an office network), so no signboards were made. Set the address phones reach: the environment variable `WATERSHED_PUBLIC_URL` (e.g. `https://hz.example.gov.cn`) before starting, then print.",
    },
    "signboard.no_village": {
        "zh": "没有名为 {village} 的村（社区）：请从这些中选择：{villages}。",
        "en": "there is no village named {village}: choose one of {villages}.",
    },
    "signboard.none": {
        "zh": "所选范围内没有在用的河段（村：{village}；河段：{segment}）：请换一个村或河段编号。",
        "en": "no segment in service matches (village: {village}; segment: {segment}): choose "
              "another village or segment code.",
    },
    "signboard.no_user": {
        "zh": "没有用户名为 {username} 的账号：请先用 watershed users add 创建街道工作人员账号。",
        "en": "there is no account named {username}: create the staff account first with "
              "watershed users add.",
    },
    "signboard.not_staff": {
        "zh": "{username} 不是在用的街道工作人员账号：监督人须是街道工作人员，请换一个账号。",
        "en": "{username} is not an active staff account: a supervisor must be street-office "
              "staff; choose another account.",
    },
    "signboard.needs_name": {
        "zh": "账号 {username} 还没有公示用的姓名：请同时填写姓名（命令行用 --name）。",
        "en": "the account {username} has no name to show on the signboards yet: give the name "
              "too (--name on the command line).",
    },
    "signboard.long_name": {
        "zh": "姓名有 {length} 个字，最多 {limit} 个：请缩短。",
        "en": "the name is {length} characters long, at most {limit}: shorten it.",
    },
    "signboard.long_phone": {
        "zh": "电话有 {length} 个字符，最多 {limit} 个：请只填一个办公电话。",
        "en": "the phone is {length} characters long, at most {limit}: give one office number.",
    },
    # the printed board
    "signboard.title": {"zh": "河段包保公示牌", "en": "Segment custody signboard"},
    "signboard.file_title": {
        "zh": "河段包保公示牌 {villages}（{count} 块）",
        "en": "Segment custody signboards, {villages} ({count})",
    },
    "signboard.label.village": {"zh": "所在村（社区）", "en": "Village"},
    "signboard.label.length": {"zh": "河段长度", "en": "Length"},
    "signboard.label.custodian": {"zh": "包保户（户主）", "en": "Custodian (head of household)"},
    "signboard.label.custodian_phone": {"zh": "包保户电话", "en": "Custodian's phone"},
    "signboard.label.deputy": {"zh": "副包保户", "en": "Deputy custodian"},
    "signboard.label.supervisor": {"zh": "街道监督人", "en": "Street-office supervisor"},
    "signboard.label.supervisor_phone": {"zh": "监督电话", "en": "Supervisor's office phone"},
    "signboard.label.interval": {"zh": "巡查要求", "en": "Checks"},
    "signboard.length": {"zh": "{metres:,.0f} 米", "en": "{metres:,.0f} m"},
    "signboard.name_phone": {"zh": "{name}　{phone}", "en": "{name}, {phone}"},
    "signboard.interval": {
        "zh": "每 {days} 天至少巡查一次（河畅、水清、岸绿、景美、人和）",
        "en": "at least once every {days} days (flowing, clear, green banks, clean, harmony)",
    },
    "signboard.nobody": {"zh": "暂无包保户（待落实）", "en": "nobody yet (to be assigned)"},
    "signboard.no_phone": {"zh": "未登记", "en": "not recorded"},
    "signboard.no_village_name": {"zh": "未划入村（社区）", "en": "outside every village"},
    "signboard.no_supervisor": {"zh": "待指定", "en": "to be named"},
    "signboard.map": {"zh": "河段 {code} 位置图", "en": "Map of segment {code}"},
    "signboard.north": {"zh": "北", "en": "N"},
    "signboard.scan": {
        "zh": "扫码查看本河段的最近巡查日期和群众评分，无需登录。",
        "en": "Scan to see this segment's last check and its peer score; no login needed.",
    },
    "signboard.duty": {
        "zh": "发现堵塞、垃圾、塌岸、排污等问题，请联系包保户或监督人。",
        "en": "Blockage, rubbish, a collapsed bank or sewage? Call the custodian or the supervisor.",
    },
    "signboard.made": {"zh": "制牌日期：{date}", "en": "Printed {date}"},
    # the public page (reached from the QR code, without login)
    "public.title": {"zh": "河段公示", "en": "Segment notice"},
    "public.no_code": {
        "zh": "请扫描河段公示牌上的二维码打开本页。",
        "en": "Open this page by scanning the QR code on a segment's signboard.",
    },
    "public.unknown": {
        "zh": "打不开河段 {code} 的公示页：没有这个编号的在用河段，或链接不完整。请重新扫描公示牌上的二维码；河段重新划分后，旧公示牌的二维码不再有效。",
        "en": "The public page of segment {code} cannot be opened: no segment in service has that "
              "code, or the address is incomplete. Scan the QR code on the signboard again; after "
              "a channel is re-cut, the QR codes of the old signboards no longer work.",
    },
    "public.no_token": {
        "zh": "这个地址缺少公示牌二维码里的校验码，打不开河段 {code} 的公示页：请直接扫描公示牌上的二维码。如果公示牌是 2026年12月 以前印的，请告诉街道办重新打印。",
        "en": "This address lacks the check letters that the signboard's QR code carries, so the "
              "public page of segment {code} cannot open: scan the QR code on the signboard. If "
              "the signboard was printed before December 2026, tell the street office to print "
              "it again.",
    },
    "public.too_fast": {
        "zh": "打开得太频繁了：请 {seconds} 秒后再试。",
        "en": "Too many pages opened in a short time: try again in {seconds} seconds.",
    },
    "public.label.last_check": {"zh": "最近巡查", "en": "Last check"},
    "public.label.score": {"zh": "群众评分", "en": "Peer score"},
    "public.never_checked": {"zh": "暂无巡查记录", "en": "no check recorded yet"},
    "public.score": {"zh": "{score:.1f} 分（满分 5 分）", "en": "{score:.1f} of 5"},
    "public.no_score": {"zh": "暂无评分", "en": "no score yet"},
    "public.log_in_hint": {
        "zh": "包保户和工作人员请从登录页进入。",
        "en": "Custodians and staff: use the login page.",
    },
    # the staff page and the command line
    "ui.signboards.title": {"zh": "河段公示牌", "en": "Signboards"},
    "ui.signboards.pick_village": {"zh": "村（社区）", "en": "Village"},
    "ui.signboards.summary": {
        "zh": "{segments} 个在用河段；监督人：{supervisor}",
        "en": "{segments} segments in service; supervisor: {supervisor}",
    },
    "ui.signboards.download": {"zh": "下载本村公示牌（HTML，A4 每段一页）",
                               "en": "Download the village's signboards (HTML, an A4 page each)"},
    "ui.signboards.print_hint": {
        "zh": "用浏览器打开下载的文件并打印（A4 纵向）；二维码指向 {base}。",
        "en": "Open the downloaded file in a browser and print it (A4 portrait); the QR codes "
              "point to {base}.",
    },
    "ui.signboards.set_heading": {"zh": "指定监督人", "en": "Name the supervisor"},
    "ui.signboards.account": {"zh": "街道工作人员账号", "en": "Staff account"},
    "ui.signboards.name": {"zh": "公示姓名", "en": "Name on the signboards"},
    "ui.signboards.phone": {"zh": "办公电话", "en": "Office phone"},
    "ui.signboards.save": {"zh": "保存监督人", "en": "Save the supervisor"},
    "ui.signboards.saved": {"zh": "已指定 {village} 的监督人：{name}。",
                            "en": "{name} now supervises {village}."},
    "ui.signboards.villages": {"zh": "各村（社区）监督人", "en": "Supervisors of the villages"},
    "staff.column.signboard_segments": {"zh": "在用河段数", "en": "Segments in service"},
    "staff.column.supervisor_account": {"zh": "监督人账号", "en": "Supervisor's account"},
    "staff.column.supervisor_name": {"zh": "监督人", "en": "Supervisor"},
    "cli.signboards_written": {"zh": "已写出 {file}：{count} 块公示牌（每块一页 A4）。",
                               "en": "wrote {file}: {count} signboards (an A4 page each)."},
    "cli.supervisor_set": {"zh": "{village} 的监督人：{name}（{phone}）。",
                           "en": "{village} is supervised by {name} ({phone})."},
}
