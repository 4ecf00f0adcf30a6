"""Part common: errors, numbers, the app's shell, map legends, shared table headers, the CLI."""

# Refusals of a number a person gave (watershed.services.common.numbers). Each refusal says the
# field, the value as given and the range; `_above` is for ranges whose lowest value is itself
# refused (an amount above 0). The names of the fields (field.*) are with the part that asks.
_RANGE = {"zh": "在 {low} 至 {high} 之间", "en": "{low} to {high}"}
_ABOVE = {"zh": "大于 {low} 且不超过 {high}", "en": "above {low} and at most {high}"}


def _refusals(reason: str, zh: str, en: str) -> dict[str, dict[str, str]]:
    return {
        f"number.{reason}": {"zh": zh.format(range=_RANGE["zh"]), "en": en.format(range=_RANGE["en"])},
        f"number.{reason}_above": {"zh": zh.format(range=_ABOVE["zh"]),
                                   "en": en.format(range=_ABOVE["en"])},
    }


# The names of the map's colourings (watershed.ui.map_view.COLOURINGS), one name each on every page.
COLOURINGS = {
    "custody": {"zh": "包保情况", "en": "Custody: kept or open"},
    "freshness": {"zh": "巡查时效", "en": "Days since the last check"},
    "water": {"zh": "活水/死水", "en": "Live or dead water"},
    "peer": {"zh": "群众评分（最近一轮）", "en": "Peer score (latest round)"},
    "dredging": {"zh": "清淤进度", "en": "Dredging status"},
}

ENTRIES: dict[str, dict[str, str]] = {
    # every error
    "error.and_more": {"zh": "（另有 {count} 处问题）", "en": " (and {count} more problems)"},
    "error.permission": {
        "zh": "{who} 无权{action}。",
        "en": "{who} may not {action}.",
    },
    "error.unexpected": {
        "zh": "出了一个意外的错误，这次操作没有完成。请刷新页面再试；如果再次出现，请告诉街道办，并说明出错的时间：{at}。",
        "en": "Something unexpected went wrong and this was not done. Reload the page and try again; if it happens again, tell the street office the time it happened: {at}.",
    },
    # text with a NUL character (watershed.services.common.typed_text), named by its argument's
    # field.* label where there is one; the labels of the text fields many services share
    "error.nul_in_text": {
        "zh": "「{field}」中有一个空字符（\\x00，多半是从别的程序复制过来的），无法保存：请删去它，或重新输入这段文字。",
        "en": "{field} contains a NUL character (\\x00, usually pasted in from another program), which cannot be stored: remove it or type the text again.",
    },
    "error.nul_in_text_unnamed": {
        "zh": "有一段文字中有空字符（\\x00），无法保存：请检查文件或表单中的名称和备注，删去看不见的字符后再试。",
        "en": "a text contains a NUL character (\\x00), which cannot be stored: look for invisible characters in the names and notes of the file or form and try again.",
    },
    "field.note": {"zh": "备注", "en": "The note"},
    "field.comment": {"zh": "评语", "en": "The comment"},
    "field.reason": {"zh": "原因", "en": "The reason"},
    "field.name": {"zh": "名称", "en": "The name"},
    "field.description": {"zh": "说明", "en": "The description"},
    "field.machine": {"zh": "机械名称", "en": "The machine"},
    "field.owner": {"zh": "塘主", "en": "The owner"},
    "field.assignee": {"zh": "责任人", "en": "The person responsible"},
    "field.team_name": {"zh": "施工队名称", "en": "The team's name"},
    "field.segment_code": {"zh": "河段编号", "en": "The segment code"},
    "field.household_code": {"zh": "农户编号", "en": "The household code"},
    "field.username": {"zh": "用户名", "en": "The user name"},
    "field.display_name": {"zh": "显示名称", "en": "The display name"},
    "field.password": {"zh": "密码", "en": "The password"},
    "field.photos": {"zh": "照片文件名", "en": "A photo's file name"},
    # a write another request got in before (watershed.services.common.clashes): by the table
    # whose constraint refused it, else in general; and a database too busy to wait for
    "clash.any": {
        "zh": "刚才有人同时修改了同一条记录，您的操作没有保存：请刷新页面，看清现在的情况后再试。",
        "en": "someone else changed the same record at the same moment, so this was not saved: reload the page, see what is recorded now, and try again.",
    },
    "clash.custodies": {
        "zh": "刚才有人同时为这个河段安排了包保户，您的操作没有保存：请刷新页面查看现在由谁包保。",
        "en": "someone else gave this segment a custodian at the same moment, so this was not saved: reload the page to see who keeps it now.",
    },
    "clash.ratings": {
        "zh": "您对这个河段的评价刚刚已从另一个窗口提交，这次没有保存：请刷新页面，需要的话再修改。",
        "en": "your rating of this segment was just sent from another window, so this one was not saved: reload the page and change it there if needed.",
    },
    "clash.acceptances": {
        "zh": "这个河段刚刚已被别人验收，这次验收没有保存：请刷新页面查看。",
        "en": "someone else accepted this segment's work at the same moment, so this acceptance was not saved: reload the page to see it.",
    },
    "clash.round_results": {
        "zh": "这一轮评议刚刚已被别人结束，这次操作没有保存：请刷新页面查看结果。",
        "en": "someone else closed this round at the same moment, so this was not saved: reload the page to see its results.",
    },
    "clash.users": {
        "zh": "刚才有人同时建了同名的账号，这个账号没有建成：请刷新页面查看，或换一个用户名。",
        "en": "someone else created an account of this name at the same moment, so this one was not created: reload the page, or choose another name.",
    },
    "clash.busy": {
        "zh": "数据库正忙于别人同时提交的修改，这次操作没有保存：请稍等片刻再试。",
        "en": "the database was busy with changes others sent at the same moment, so this was not saved: wait a moment and try again.",
    },
    # refusals of a number (see _refusals above)
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
    # refusals several parts raise: a segment code (custody, campaign, rounds, signboards) and a
    # photo (watershed.services.common.photos)
    "segment.unknown": {
        "zh": "没有编号为 {code} 的在用河段：请核对河段编号（如 GZQ-007）。",
        "en": "no segment in service has the code {code}: check the code (e.g. GZQ-007).",
    },
    "photo.too_large": {
        "zh": "照片 {file} 有 {size_mb} MB，超过 {limit_mb} MB 的上限：请换一张较小的照片，或用手机相机的标准画质重拍。",
        "en": "the photo {file} is {size_mb} MB, more than the {limit_mb} MB allowed: choose a smaller photo or retake it at the camera's standard quality.",
    },
    "photo.not_image": {
        "zh": "文件 {file} 不是可用的照片：只能上传 JPEG 或 PNG 格式的照片（苹果手机请在相机设置中选“兼容性最佳”）。",
        "en": "the file {file} is not a usable photo: it must be a JPEG or PNG photo (on an iPhone, set the camera format to Most Compatible).",
    },
    # the app's shell (watershed.ui.main, watershed.ui.style): title, language, who is signed in,
    # the upload button, the base map
    "ui.app_title": {"zh": "河渠共治 · 分段包保", "en": "Watershed · segment custody"},
    "ui.language": {"zh": "语言", "en": "Language"},
    "ui.signed_in_as": {"zh": "当前用户：{name}（{role}）", "en": "Signed in as {name} ({role})"},
    "ui.log_out": {"zh": "退出登录", "en": "Log out"},
    "ui.not_for_role": {
        "zh": "这个页面不对{role}开放：请从左侧菜单选择您能用的页面，或回到首页。",
        "en": "This page is not open to {role}: choose one of your pages in the menu, or go home.",
    },
    "ui.go_home": {"zh": "回到首页", "en": "Go home"},
    "ui.menu": {"zh": "菜单", "en": "Menu"},
    "ui.not_found.title": {"zh": "没有这个页面", "en": "No such page"},
    "ui.not_found.body": {
        "zh": "您打开的地址没有对应的页面（可能输错了），已为您打开首页。",
        "en": "The address you opened has no page (perhaps a typing slip); here is the home page.",
    },
    "ui.role.staff": {"zh": "街道工作人员", "en": "street-office staff"},
    "ui.role.custodian": {"zh": "包保户", "en": "custodian"},
    "ui.role.resident": {"zh": "群众", "en": "resident"},
    "ui.role.leader": {"zh": "领导", "en": "leadership"},
    "ui.upload_button": {"zh": "选择文件", "en": "Choose files"},
    # what Streamlit would say in English (watershed.ui.widgets.choice, watershed.ui.style): an
    # empty choice, a choice with nothing to choose from, the camera's buttons and its request
    "ui.choose": {"zh": "请选择", "en": "Choose"},
    "ui.nothing_to_choose": {"zh": "没有可选的项", "en": "Nothing to choose"},
    "ui.camera.take": {"zh": "拍照", "en": "Take a photo"},
    "ui.camera.clear": {"zh": "清除照片", "en": "Clear the photo"},
    "ui.camera.allow": {"zh": "请允许本网页使用相机：点浏览器地址栏旁的提示或设置，选“允许”。",
                        "en": "Allow this page to use the camera: tap the prompt or the settings beside the address bar and choose Allow."},
    # who made a record, when it was the `watershed` command (watershed.services.common.actors)
    "actor.command_line": {"zh": "命令行", "en": "command line"},
    "basemap.label": {"zh": "底图", "en": "Base map"},
    "basemap.osm": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
    "basemap.tianditu": {"zh": "天地图", "en": "Tianditu (天地图)"},
    "basemap.gaode": {"zh": "高德 (GCJ-02 偏移已校正)", "en": "Gaode (高德, GCJ-02 offset corrected)"},
    "basemap.none": {"zh": "无底图", "en": "No base map"},
    # a date as an office writes it (watershed.ui.text.day, the printable board) and the language
    # of every printable page (watershed.services.common.printable)
    "ui.custodian.date": {"zh": "{year}年{month}月{day}日", "en": "{year}-{month:02d}-{day:02d}"},
    "ui.board.html_lang": {"zh": "zh-CN", "en": "en"},
    # the map legends (watershed.maps), shared by the colourings of several parts' pages,
    # and the map view's message (watershed.ui.map_view)
    "map.colouring": {"zh": "地图着色", "en": "Colour the map by"},
    **{f"map.colouring.{name}": entry for name, entry in COLOURINGS.items()},
    "map.state.kept": {"zh": "已包保", "en": "kept"},
    "map.state.open": {"zh": "未包保", "en": "open"},
    "map.fresh.week": {"zh": "7 天内巡查", "en": "checked within 7 days"},
    "map.fresh.fortnight": {"zh": "8–14 天前巡查", "en": "8–14 days ago"},
    "map.fresh.month": {"zh": "15–30 天前巡查", "en": "15–30 days ago"},
    "map.fresh.stale": {"zh": "超过 30 天或从未巡查", "en": "over 30 days ago or never"},
    "map.water.live": {"zh": "活水", "en": "live water"},
    "map.water.dead": {"zh": "死水（被鱼塘阻断）", "en": "dead water (cut off by ponds)"},
    "map.water.dead_reversed": {"zh": "死水（渠道疑似画反）", "en": "dead water (a line drawn against the flow)"},
    "map.water.dead_gap": {"zh": "死水（端点没接上）", "en": "dead water (an end that misses its line)"},
    "map.water.dead_no_source": {"zh": "死水（水源到不了）", "en": "dead water (no source reaches it)"},
    "map.water.revived": {"zh": "清退所选鱼塘后会变活水", "en": "would come alive if the chosen ponds were cleared"},
    "map.peer.excellent": {"zh": "4.5 分以上", "en": "4.5 and above"},
    "map.peer.good": {"zh": "4.0–4.5 分", "en": "4.0–4.5"},
    "map.peer.fair": {"zh": "3.0–4.0 分", "en": "3.0–4.0"},
    "map.peer.poor": {"zh": "2.0–3.0 分", "en": "2.0–3.0"},
    "map.peer.bad": {"zh": "2.0 分以下", "en": "below 2.0"},
    "map.peer.none": {"zh": "评价人数不足或未参评", "en": "too few ratings, or not rated"},
    "map.dredging.not_started": {"zh": "未开工", "en": "not started"},
    "map.dredging.in_progress": {"zh": "施工中", "en": "in progress"},
    "map.dredging.done": {"zh": "已完工", "en": "done"},
    "map.dredging.accepted": {"zh": "已验收", "en": "accepted"},
    "map.dredging.outside": {"zh": "不在本次清淤范围", "en": "not in the campaign"},
    # the one legend of a map (watershed.maps.legend), its ponds and sources, and the switch
    # that hides the problems (watershed.ui.pages.checks.progress_map)
    "map.legend": {"zh": "图例", "en": "Legend"},
    "map.legend.ponds": {"zh": "鱼塘（按状态）", "en": "Ponds by status"},
    "map.pond.other_water": {"zh": "水库、湖泊、河面（不阻水）", "en": "reservoir, lake or river (never blocks)"},
    "map.pond.unknown": {"zh": "状态不明", "en": "status unknown"},
    "map.source": {"zh": "水源", "en": "water source"},
    "map.locate": {"zh": "到我所在的位置", "en": "Go to where I am"},
    "map.problems.show": {"zh": "在地图上显示问题", "en": "Show the problems on the map"},
    # words of the staff pages that several parts' pages share: a filter's "all", the village
    # filter, the progress bar of an import or a cut
    "staff.any": {"zh": "全部", "en": "All"},
    "staff.filter.village": {"zh": "村/社区", "en": "Village"},
    "staff.progress.importing": {"zh": "正在导入…", "en": "Importing…"},
    "staff.progress.cutting": {"zh": "正在划分河段…", "en": "Cutting the channels…"},
    "staff.progress.saving": {"zh": "正在保存河段…", "en": "Saving the segments…"},
    "staff.progress.done": {"zh": "完成", "en": "Done"},
    # Column headers shared by the tables of several parts (watershed.ui.widgets.table:
    # staff.column.<name>); a part's own columns are with the part.
    "staff.column.code": {"zh": "编号", "en": "Code"},
    "staff.column.channel": {"zh": "渠道", "en": "Channel"},
    "staff.column.channel_name": {"zh": "渠道", "en": "Channel"},
    "staff.column.village": {"zh": "村/社区", "en": "Village"},
    "staff.column.group": {"zh": "村民小组", "en": "Group"},
    "staff.column.length_m": {"zh": "长度（米）", "en": "Length (m)"},
    "staff.column.custodian_code": {"zh": "包保户编号", "en": "Custodian"},
    "staff.column.custodian_name": {"zh": "户主", "en": "Head"},
    "staff.column.since": {"zh": "包保起始", "en": "Since"},
    "staff.column.head_name": {"zh": "户主", "en": "Head"},
    "staff.column.phone": {"zh": "电话", "en": "Phone"},
    "staff.column.members": {"zh": "人口", "en": "Members"},
    "staff.column.segments": {"zh": "包保河段数", "en": "Segments kept"},
    "staff.column.lon": {"zh": "经度", "en": "Longitude"},
    "staff.column.lat": {"zh": "纬度", "en": "Latitude"},
    "staff.column.household_code": {"zh": "户编号", "en": "Household"},
    "staff.column.role": {"zh": "角色", "en": "Role"},
    "staff.column.start_date": {"zh": "开始", "en": "Start"},
    "staff.column.end_date": {"zh": "终止", "en": "End"},
    "staff.column.end_reason": {"zh": "终止原因", "en": "Reason for ending"},
    "staff.column.segment_code": {"zh": "河段", "en": "Segment"},
    "staff.column.at": {"zh": "时间（北京时间）", "en": "Time (Beijing)"},
    "staff.column.user_name": {"zh": "记录人", "en": "Recorded by"},
    "staff.column.problems": {"zh": "问题", "en": "Problems"},
    "staff.column.photos": {"zh": "照片", "en": "Photos"},
    "staff.column.note": {"zh": "备注", "en": "Note"},
    "staff.column.last_check": {"zh": "上次巡查", "en": "Last check"},
    "staff.column.days_since_check": {"zh": "距上次巡查（天）", "en": "Days since check"},
    "staff.column.due": {"zh": "应巡查日期", "en": "Due"},
    "staff.column.problem": {"zh": "问题", "en": "Problem"},
    # a long table a page at a time (watershed.ui.widgets.paged_table), and the whole of it as a spreadsheet
    "ui.paging.position": {"zh": "第 {page:,} / {pages:,} 页，共 {total:,} 条",
                           "en": "Page {page:,} of {pages:,}, {total:,} rows"},
    "ui.paging.none": {"zh": "没有符合条件的记录。", "en": "Nothing matches."},
    "ui.paging.previous": {"zh": "上一页", "en": "Previous page"},
    "ui.paging.next": {"zh": "下一页", "en": "Next page"},
    "ui.paging.page": {"zh": "页码", "en": "Page"},
    "ui.paging.clamped": {
        "zh": "没有第 {asked:,} 页（共 {pages:,} 页），显示的是第 {page:,} 页。",
        "en": "There is no page {asked:,} (there are {pages:,}): this is page {page:,}.",
    },
    "ui.paging.download": {"zh": "下载全部 {total:,} 条（Excel 表格）",
                           "en": "Download all {total:,} rows (Excel)"},
    "export.too_many_rows": {
        "zh": "超过 {rows:,} 行，一张 Excel 表放不下：请缩小筛选范围后再下载。",
        "en": "more than {rows:,} rows do not fit in one Excel sheet: narrow the filters and download again.",
    },
    # the command line as a whole: the database (`watershed init`), and the files commands write
    "cli.not_initialised": {
        "zh": "数据库 {url} 尚未初始化或版本过旧：请先运行 watershed init。",
        "en": "the database {url} is not initialised or is out of date: run watershed init first.",
    },
    "cli.cannot_connect": {
        "zh": "无法连接数据库 {url}：{reason}。请检查 --database-url 或 WATERSHED_DATABASE_URL。",
        "en": "cannot connect to the database {url}: {reason}. Check --database-url or WATERSHED_DATABASE_URL.",
    },
    "cli.initialised": {"zh": "数据库已是最新版本 {revision}（{url}）。", "en": "The database is at revision {revision} ({url})."},
    "export.bad_suffix": {
        "zh": "无法导出到 {file}：请用以下后缀之一：{suffixes}。",
        "en": "cannot export to {file}: use one of the suffixes {suffixes}.",
    },
    "export.is_folder": {
        "zh": "{file} 是一个文件夹：请给出文件名，如 segments.gpkg。",
        "en": "{file} is a folder: give a file name such as segments.gpkg.",
    },
}
