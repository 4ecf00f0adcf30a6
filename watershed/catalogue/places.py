"""Part places: the basin and the demo basin, households and their register, the dashboards."""


# Messages about one row of the household register take `file` and `row` (the spreadsheet row
# number, the header being row 1); `column` is the column's title as written in the file.
_ROW_ZH = "文件“{file}”第 {row} 行"
_ROW_EN = 'File "{file}", row {row}'

ENTRIES: dict[str, dict[str, str]] = {
    # no basin yet (services.places.basins, for every part; the map view and the dashboards)
    "basin.none": {
        "zh": "数据库里还没有流域：请先导入渠道（`watershed import channels 文件`）或加载演示数据（`watershed demo`）。",
        "en": "the database holds no basin yet: import channels (`watershed import channels PATH`) or load the demo (`watershed demo`).",
    },
    "ui.no_basin": {
        "zh": "还没有流域数据：运行 `watershed demo` 加载演示数据，或用 `watershed import` 导入渠道。",
        "en": "No basin yet: run `watershed demo` for the demo data, or import channels with `watershed import`.",
    },
    # the synthetic demo basin (watershed demo, watershed.demo) and its label
    "ui.synthetic_banner": {
        "zh": "这是合成演示数据，并非真实测绘：渠道、鱼塘、住户和姓名都是程序生成的。",
        "en": "This is synthetic demo data, not a survey: channels, ponds, households and names are generated.",
    },
    "cli.synthetic_label": {"zh": "合成演示数据", "en": "synthetic demo data"},
    "demo.basin_name": {"zh": "太湖港流域（梅槐片区）· 合成演示数据", "en": "Taihu Port basin (Meihuai area) · synthetic demo data"},
    "demo.left_open_reason": {"zh": "户主外出务工，待重新分配（演示）", "en": "head of household away for work; to be reassigned (demo)"},
    "demo.merged_reason": {"zh": "调整：并入相邻河段的包保户（演示）", "en": "merged into the custody of the neighbouring segment (demo)"},
    "demo.not_empty": {
        "zh": "数据库里已有其他数据（流域、渠道、住户或账号），演示数据只能装入空数据库：请换一个数据库（--database-url），或删除 data/watershed.db 后重试。",
        "en": "the database already holds other data (a basin, channels, households or accounts); the demo loads only into an empty one: use another --database-url, or remove data/watershed.db and try again.",
    },
    "demo.loaded": {
        "zh": "已加载合成演示流域：{channels} 条渠道共 {channel_length_km} 公里，{segments} 个河段（{segments_with_custodian} 个已包保），{ponds} 口鱼塘，{households} 户。演示账号：staff、custodian、resident、leader，密码 demo1234。",
        "en": "Loaded the synthetic demo basin: {channels} channels, {channel_length_km} km, {segments} segments ({segments_with_custodian} in custody), {ponds} ponds, {households} households. Demo accounts: staff, custodian, resident, leader, password demo1234.",
    },
    "demo.already": {"zh": "演示流域已在数据库中，未作任何改动。", "en": "The demo basin is already loaded; nothing changed."},
    "demo.skipped": {"zh": "数据库里已有数据，未加载演示流域。", "en": "The database already holds data; the demo basin was not loaded."},
    # the registers (services.places.registers)
    "action.view_registers": {"zh": "查看河段和住户登记", "en": "view the segment and household registers"},
    # the residents' dashboard (工作台)
    "ui.page.dashboard": {"zh": "工作台", "en": "Dashboard"},
    "ui.channels": {"zh": "渠道总长", "en": "Channels"},
    "ui.km": {"zh": "{value:,.1f} 公里", "en": "{value:,.1f} km"},
    "ui.segments": {"zh": "河段数", "en": "Segments"},
    "ui.in_custody": {"zh": "已包保河段", "en": "In custody"},
    "ui.households": {"zh": "住户数", "en": "Households"},
    # the staff's dashboard (工作台)
    "staff.page.dashboard": {"zh": "工作台", "en": "Dashboard"},
    "staff.figure.segments": {"zh": "河段数", "en": "Segments"},
    "staff.figure.km": {"zh": "河段总长（公里）", "en": "Length (km)"},
    "staff.figure.in_custody": {"zh": "已包保", "en": "In custody"},
    "staff.figure.due": {"zh": "7 天内到期", "en": "Due in 7 days"},
    "staff.figure.due_help": {
        "zh": "有人包保、还没逾期、下次巡查日在今天到 6 天后之间的河段（按北京时间，周期 {days} 天）。已逾期的另计在“逾期未巡查”。",
        "en": "Kept segments not yet late whose next check falls due today or in the 6 days after (Beijing time, every {days} days). Late ones are counted under Overdue.",
    },
    "staff.figure.overdue": {"zh": "逾期未巡查", "en": "Overdue"},
    "staff.figure.overdue_help": {
        "zh": "有人包保、但超过 {days} 天没有巡查记录的河段（从未巡查的，从包保开始日算起）。",
        "en": "Kept segments with no check for more than {days} days (never checked: counted from the start of the custody).",
    },
    "staff.figure.problems": {"zh": "近 30 天上报问题", "en": "Problems reported (30 days)"},
    "staff.dashboard.show_list": {"zh": "查看清单", "en": "Show the list of"},
    "staff.dashboard.only_list": {"zh": "地图只显示清单中的河段", "en": "Show only the listed segments on the map"},
    "staff.list.open": {"zh": "未包保的河段", "en": "segments nobody keeps"},
    "staff.list.due": {"zh": "7 天内到期的河段（未逾期）", "en": "segments due within 7 days (not yet late)"},
    "staff.list.overdue": {"zh": "逾期未巡查的河段", "en": "segments overdue for a check"},
    "staff.list.problems": {"zh": "近 30 天发现问题的巡查", "en": "checks that reported a problem (30 days)"},
    # today's work (services.places.today), on the staff's, custodian's and resident's first page
    "action.today.office": {"zh": "查看街道今日待办", "en": "see the street office's work of today"},
    "action.today.household": {"zh": "查看等自家办的事", "en": "see what waits for my household"},
    "today.title": {"zh": "今日待办", "en": "Today's work"},
    "today.staff_help": {
        "zh": "按轻重缓急排列：先是逾期的问题（逾期越久越靠前），再是等街道甄别、交办、督办的问题，已完工待验收的清淤，巡查逾期的包保户（按村），最后是无人包保的河段。点一行打开全部，点下面的一项直接打开这一项。",
        "en": "Most urgent first: overdue problems (the longest overdue first), problems waiting to be screened, assigned or supervised, dredging works done and waiting for acceptance, custodians late with their checks (by village), then segments nobody keeps. A row opens them all, an item under it opens that item.",
    },
    "today.nothing": {"zh": "今天没有待办的事。", "en": "Nothing waits today."},
    "today.more": {"zh": "还有 {count} 项，点上面一行查看全部", "en": "{count} more: open the row above for all"},
    "today.overdue_3": {"zh": "逾期 {days} 天及以上、已报街道办的问题：{count} 件",
                        "en": "Problems {days} or more days overdue, up to the street office: {count}"},
    "today.overdue_2": {"zh": "逾期 {days}–{until} 天、已报村民小组长的问题：{count} 件",
                        "en": "Problems {days}–{until} days overdue, with the group leader: {count}"},
    "today.overdue_1": {"zh": "逾期 {days}–{until} 天、已提醒责任人的问题：{count} 件",
                        "en": "Problems {days}–{until} days overdue, responsible reminded: {count}"},
    "today.screen": {"zh": "新上报、待甄别的问题：{count} 件", "en": "New problems to screen: {count}"},
    "today.assign": {"zh": "已甄别、待交办的问题：{count} 件", "en": "Screened problems to assign: {count}"},
    "today.supervise": {"zh": "已办理、待督办的问题：{count} 件", "en": "Handled problems to supervise: {count}"},
    "today.works": {"zh": "已完工、待验收的清淤河段：{count} 段",
                    "en": "Dredging done, waiting for acceptance: {count} segments"},
    "today.custodians": {"zh": "巡查逾期的包保户：{count} 户，分布在 {villages} 个村（社区）",
                         "en": "Custodians late with their checks: {count} households in {villages} villages"},
    "today.open": {"zh": "无人包保的河段：{count} 段", "en": "Segments nobody keeps: {count}"},
    "today.no_village": {"zh": "未划入村（社区）", "en": "no village"},
    "today.item.problem_late": {"zh": "#{id} {segment} {category} · 逾期 {days} 天",
                                "en": "#{id} {segment} {category} · {days} days overdue"},
    "today.item.problem_waiting": {"zh": "#{id} {segment} {category} · 已等 {days} 天",
                                   "en": "#{id} {segment} {category} · waiting {days} days"},
    "today.item.work": {"zh": "{code} · {village}", "en": "{code} · {village}"},
    "today.item.village": {"zh": "{village}：{households} 户（{segments} 段）",
                           "en": "{village}: {households} households ({segments} segments)"},
    "today.item.segment": {"zh": "{code} · {village}", "en": "{code} · {village}"},
    "today.item.check": {"zh": "{code} {channel} · 应在{date}前巡查", "en": "{code} {channel} · due by {date}"},
    "today.mine_title": {"zh": "等您办的事", "en": "Waiting for you"},
    "today.mine_nothing": {"zh": "现在没有等您办的事。", "en": "Nothing is waiting for you now."},
    "today.handle": {"zh": "处理交给您家的问题（{count} 件）", "en": "Handle the problems assigned to you ({count})"},
    "today.checks": {"zh": "去巡查：{count} 段河段该巡查了", "en": "Check your segments: {count} due"},
    "today.rate_problems": {"zh": "给问题的处理结果打分（{count} 件）",
                            "en": "Rate how problems were resolved ({count})"},
    "today.rate": {"zh": "评一评：这一轮还有 {count} 段待评（{end}截止）",
                   "en": "Rate segments: {count} left in this round (until {end})"},
    # the 住户登记 page
    "staff.page.households": {"zh": "住户登记", "en": "Household register"},
    "staff.sheet.households": {"zh": "住户", "en": "Households"},
    "staff.households.search": {"zh": "查找住户", "en": "Find households"},
    "staff.households.search_hint": {"zh": "户编号、户主姓名或电话的一部分", "en": "part of a code, a head's name or a phone number"},
    "staff.households.import_title": {"zh": "导入户籍表", "en": "Import a household register"},
    "staff.households.import_help": {
        "zh": "CSV 或 XLSX，第一行为表头：户编号、户主、村民小组、村/社区、人口为必填，电话、经度、纬度可选。",
        "en": "CSV or XLSX, headers in the first row: code, head_name, group, village and members are required; phone, lon and lat are optional.",
    },
    "staff.households.file": {"zh": "户籍表文件（CSV 或 XLSX，不超过 {limit} MB）",
                              "en": "Register file (CSV or XLSX, up to {limit} MB)"},
    "staff.households.encoding": {"zh": "CSV 编码（可选，如 GBK、Big5）", "en": "CSV encoding (optional, e.g. GBK, Big5)"},
    "staff.households.encoding_help": {
        "zh": "留空则自动识别（UTF-8、GBK、Big5、Shift-JIS）。下面的姓名若是乱码，请在这里填写正确的编码。",
        "en": "Empty means detected (UTF-8, GBK, Big5, Shift-JIS). If the names below are garbled, give the right encoding here.",
    },
    "staff.households.allow_far": {"zh": "允许远离流域的住户坐标", "en": "Allow positions far from the basin"},
    "staff.households.allow_far_help": {
        "zh": "不勾选时，经纬度在中国范围之外、或离本流域已有数据超过 50 公里的住户会被拒绝。",
        "en": "Unticked, households placed outside China or more than 50 km from the basin's data are refused.",
    },
    "staff.households.read_as": {
        "zh": "按 {encoding} 编码读取；前几位户主：{names}。姓名若是乱码，请在上面填写正确的编码。",
        "en": "Read as {encoding}; the first heads: {names}. If the names are garbled, give the right encoding above.",
    },
    "staff.households.preview": {
        "zh": "文件可以导入：共 {rows} 户，下面是前 {shown} 行。",
        "en": "The file can be imported: {rows} households; the first {shown} rows are below.",
    },
    "staff.households.refused": {
        "zh": "{file} 有 {count} 处问题，未导入任何数据：请改正下列各处后重新上传。",
        "en": "{file} has {count} problems; nothing was imported: put right each one below and upload it again.",
    },
    "staff.households.import": {"zh": "导入这 {count} 户", "en": "Import these {count} households"},
    "staff.households.imported": {"zh": "已从 {file} 导入 {count} 户。", "en": "{count} households imported from {file}."},
    # `watershed import households`
    "cli.imported_households": {"zh": "已从 {file} 导入 {count} 户。", "en": "Imported {count} households from {file}."},
    "cli.households_read_as": {
        "zh": "按 {encoding} 编码读取；前几位户主：{names}。",
        "en": "Read as {encoding}; the first heads: {names}.",
    },
    "import.household_outside_china": {
        "zh": "{file}：户 {code} 的经纬度 {sample} 在中国范围（{box}）之外：是否填反或填了 0？"
        "如确实在那里，请加 --allow-far 导入。",
        "en": "{file}: household {code} is placed at {sample}, outside China ({box}): are "
        "longitude and latitude swapped, or zero? If it really is there, import with "
        "--allow-far.",
    },
    "import.household_far_allowed": {
        "zh": "{file}：按 --allow-far 导入了 {count} 户在中国范围之外或远离本流域数据的住户（第一户：{first}，位于 {sample}）。",
        "en": "{file}: {count} households placed outside China or far from the basin's data "
        "were imported as --allow-far asks (the first: {first}, at {sample}).",
    },
    "import.household_far": {
        "zh": "{file}：户 {code} 的经纬度 {sample} 离本流域已有数据的范围 {km} 公里（超过 {limit:g} 公里）。"
        "请核对坐标；如确属本流域，请加 --allow-far 导入。",
        "en": "{file}: household {code} is placed at {sample}, {km} km from the extent of the "
        "basin's data (more than {limit:g} km). Check the position; if it does belong to the "
        "basin, import with --allow-far.",
    },
    "import.households_exist": {
        "zh": "{file}：有 {count} 个户编号已登记（{codes}），本次未导入任何数据：请删去这些行或改用新户编号后重试。",
        "en": "{file}: {count} household codes are already registered ({codes}); nothing was imported: remove those rows or give them new codes and try again.",
    },
    # The household register file: the file itself (watershed.geo.tables; for the dredging
    # progress file, services.campaign.works_import re-words them as works_import.*)
    "households.file_missing": {
        "zh": "找不到农户名册文件“{file}”。请检查文件名和所在文件夹是否正确。",
        "en": 'Household file "{file}" does not exist. Check the file name and its folder.',
    },
    "households.not_a_file": {
        "zh": "“{file}”是文件夹，不是文件。请选择农户名册的 .xlsx 或 .csv 文件。",
        "en": '"{file}" is a folder, not a file. Choose the .xlsx or .csv household file.',
    },
    "households.format_unsupported": {
        "zh": "无法读取文件“{file}”：农户名册只支持 .xlsx 和 .csv。请在 Excel 中“另存为” .xlsx 或“CSV UTF-8”。",
        "en": 'File "{file}" cannot be read: the household register must be .xlsx or .csv. '
        'In Excel, use "Save As" .xlsx or "CSV UTF-8".',
    },
    "households.file_empty": {
        "zh": "文件“{file}”是空的。请在第 1 行填写列标题，从第 2 行起每行填写一户。",
        "en": 'File "{file}" is empty. Put the column titles in row 1 and one household per '
        "row from row 2.",
    },
    "households.not_text": {
        "zh": "文件“{file}”不是文本表格（CSV），或者编码无法识别。请在 Excel 中“另存为”“CSV UTF-8”或 .xlsx。",
        "en": 'File "{file}" is not a text table (CSV) or its encoding is not recognised. '
        'In Excel, use "Save As" "CSV UTF-8" or .xlsx.',
    },
    "households.not_xlsx": {
        "zh": "文件“{file}”不是有效的 Excel .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）。"
        "请用 Excel 打开原表后重新“另存为” .xlsx。",
        "en": 'File "{file}" is not a valid Excel .xlsx file (it may be damaged, or another '
        'kind of file renamed). Open the original in Excel and "Save As" .xlsx again.',
    },
    "households.no_rows": {
        "zh": "文件“{file}”只有表头，没有农户数据。请从第 2 行起每行填写一户。",
        "en": 'File "{file}" has a header but no households. Add one household per row from '
        "row 2.",
    },
    "households.missing_columns": {
        "zh": "文件“{file}”缺少必需的列：{columns}。请在第 1 行添加这些列标题"
        "（可用的列标题，“|”表示任选其一：{accepted}）。",
        "en": 'File "{file}" lacks the required columns: {columns}. Add these titles to row 1 '
        '(accepted titles, "|" separating alternatives: {accepted}).',
    },
    "households.duplicate_column": {
        "zh": "文件“{file}”的列“{first}”和“{second}”表示同一项（{column}）。请删除其中一列或为它改名。",
        "en": 'File "{file}" has columns "{first}" and "{second}" that mean the same ({column}). '
        "Delete or rename one of them.",
    },
    # Any imported table (watershed.geo.tables: the register, the dredging progress file), held
    # to watershed.geo.limits before and while its rows are read
    "table.file_too_large": {
        "zh": "文件“{file}”有 {size}，超过导入上限 {limit}，未读取。请分成几个文件导入（上限可由管理员用 "
        "WATERSHED_IMPORT_MAX_MB 调高）。",
        "en": 'File "{file}" is {size}, more than the {limit} an import takes; it was not read. '
        "Split it into several files (an administrator can raise the limit with "
        "WATERSHED_IMPORT_MAX_MB).",
    },
    "table.unpacked_too_large": {
        "zh": "文件“{file}”解压后有 {size}，超过上限 {limit}，未读取：表格里可能有大量空行或格式。"
        "请在 Excel 中删去数据下方的空行后重新保存，或另存为 CSV。",
        "en": 'File "{file}" unpacks to {size}, more than {limit}; it was not read: the sheet '
        "may hold masses of empty or formatted rows. Delete the rows below the data in Excel "
        "and save again, or save it as CSV.",
    },
    "table.too_many_members": {
        "zh": "文件“{file}”内部有 {count} 个部件，超过上限 {limit}，不像 Excel 保存的表格。请用 Excel 重新另存为 .xlsx。",
        "en": 'File "{file}" holds {count} parts, more than {limit}: it is not a sheet as '
        'Excel saves one. Open it in Excel and "Save As" .xlsx again.',
    },
    "table.too_many_rows": {
        "zh": "文件“{file}”的行数（{count}）超过一次导入的上限 {limit} 行。请删去数据下方的空行，或分成几个文件导入"
        "（上限可由管理员用 WATERSHED_IMPORT_MAX_ROWS 调高）。",
        "en": 'File "{file}" has more rows ({count}) than the {limit} one import takes. '
        "Delete empty rows below the data or split the file (an administrator can raise the "
        "limit with WATERSHED_IMPORT_MAX_ROWS).",
    },
    "table.too_many_columns": {
        "zh": "文件“{file}”有 {count} 列，超过上限 {limit} 列。请只保留需要的列（见列标题说明）。",
        "en": 'File "{file}" has {count} columns, more than {limit}. Keep only the columns '
        "needed (see the accepted titles).",
    },
    "table.too_many_cells": {
        "zh": "文件“{file}”的单元格数（行数乘以列数，{count}）超过上限 {limit}。请删去不需要的列，或分成几个文件导入。",
        "en": 'File "{file}" has more cells (rows times columns, {count}) than the {limit} one '
        "import takes. Delete the columns not needed, or split the file.",
    },
    "table.cell_too_long": {
        "zh": "文件“{file}”第 {row} 行有超过 {limit} 个字符的单元格。CSV 中这通常是少了一个英文双引号，"
        "后面的行都被并进了一格：请检查该行的引号；若确是长文本，请删短。",
        "en": 'File "{file}", row {row}: a cell is longer than {limit} characters. In a CSV '
        "this is mostly an unclosed double quote swallowing the rows below: check that row's "
        "quotes; a text really that long must be shortened.",
    },
    "table.encoding_unknown": {
        "zh": "无法识别编码“{encoding}”（文件“{file}”）。常用的有：{known}。",
        "en": 'Encoding "{encoding}" (for file "{file}") is not known. The usual ones are: '
        "{known}.",
    },
    "table.encoding_mismatch": {
        "zh": "文件“{file}”不是 {encoding} 编码。请改用正确的编码，或不指定编码让系统自动识别。",
        "en": 'File "{file}" is not in {encoding}. Give the right encoding, or none to have it '
        "detected.",
    },
    # The household register file: one row (watershed.geo.households)
    "households.row_too_long": {
        "zh": _ROW_ZH + "有 {cells} 个单元格，多于表头的 {columns} 列。"
        "请检查该行是否多了逗号（含逗号的内容须用英文双引号括起来）。",
        "en": _ROW_EN + " has {cells} cells, more than the {columns} columns of the header. "
        "Check it for a stray comma (a value containing a comma must be in double quotes).",
    },
    "households.blank": {
        "zh": _ROW_ZH + "的“{column}”为空。请填写后重新导入。",
        "en": _ROW_EN + ': "{column}" is blank. Fill it in and import again.',
    },
    "households.code_whitespace": {
        "zh": _ROW_ZH + "的户编号“{code}”中含有空格。请删去空格，或改用“-”连接。",
        "en": _ROW_EN + ': household code "{code}" contains a space. Remove it or use "-" '
        "instead.",
    },
    "households.code_duplicate": {
        "zh": _ROW_ZH + "的户编号“{code}”与第 {first} 行重复。请给每户一个不同的编号。",
        "en": _ROW_EN + ': household code "{code}" is also used in row {first}. Give every '
        "household its own code.",
    },
    "households.members_not_whole": {
        "zh": _ROW_ZH + "的“{column}”为“{value}”，不是整数。请填写 1 到 30 之间的整数。",
        "en": _ROW_EN + ': "{column}" is "{value}", not a whole number. Enter a whole number '
        "from 1 to 30.",
    },
    "households.members_range": {
        "zh": _ROW_ZH + "的“{column}”为“{value}”，不在 1 到 30 之间。请核对该户的人口数。",
        "en": _ROW_EN + ': "{column}" is "{value}", outside 1 to 30. Check the number of '
        "people in the household.",
    },
    "households.coordinate_half": {
        "zh": _ROW_ZH + "只填了“{present}”，没有填“{missing}”。经纬度要么都填，要么都不填。",
        "en": _ROW_EN + ' has "{present}" but no "{missing}". Give both longitude and '
        "latitude, or neither.",
    },
    "households.coordinate_not_number": {
        "zh": _ROW_ZH + "的“{column}”为“{value}”，不是数字。请用十进制度数填写，例如 112.08 和 30.37。",
        "en": _ROW_EN + ': "{column}" is "{value}", not a number. Use decimal degrees, e.g. '
        "112.08 and 30.37.",
    },
    "households.longitude_range": {
        "zh": _ROW_ZH + "的经度“{value}”（列“{column}”）超出 -180 到 180 的范围。请检查是否填错或把经纬度填反了。",
        "en": _ROW_EN + ': longitude "{value}" (column "{column}") is outside -180 to 180. '
        "Check it, and that longitude and latitude are not swapped.",
    },
    "households.latitude_range": {
        "zh": _ROW_ZH + "的纬度“{value}”（列“{column}”）超出 -90 到 90 的范围。请检查是否填错或把经纬度填反了。",
        "en": _ROW_EN + ': latitude "{value}" (column "{column}") is outside -90 to 90. '
        "Check it, and that longitude and latitude are not swapped.",
    },
    "households.phone_characters": {
        "zh": _ROW_ZH + "的电话“{value}”（列“{column}”）含有数字、空格、“-”、“+”以外的字符。请只填写号码本身。",
        "en": _ROW_EN + ': phone "{value}" (column "{column}") contains characters other than '
        'digits, spaces, "-" and "+". Enter the number only.',
    },
    "households.phone_length": {
        "zh": _ROW_ZH + "的电话“{value}”（列“{column}”）有 {digits} 位数字，不像电话号码（应为 7 到 15 位）。请核对。",
        "en": _ROW_EN + ': phone "{value}" (column "{column}") has {digits} digits, which is '
        "not a phone number (7 to 15 digits). Check it.",
    },
}
