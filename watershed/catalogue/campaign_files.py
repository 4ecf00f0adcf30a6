"""Part campaign, its files: the dredging progress file it imports, the weekly report it writes."""

# Messages about one row of an imported file take `file` and `row` (the spreadsheet row number,
# the header being row 1); `column` is the column's title as written in the file.
_ROW_ZH = "文件“{file}”第 {row} 行"
_ROW_EN = 'File "{file}", row {row}'

ENTRIES: dict[str, dict[str, str]] = {
    # `watershed works import`
    "cli.campaign_imported": {"zh": "已从 {file} 录入 {count} 条清淤进度。",
                              "en": "Recorded {count} progress entries from {file}."},
    # The progress file: the file itself (services.campaign.works_import).
    "works_import.file_missing": {
        "zh": "找不到清淤进度文件“{file}”。请检查文件名和所在文件夹是否正确。",
        "en": 'Progress file "{file}" does not exist. Check the file name and its folder.',
    },
    "works_import.not_a_file": {
        "zh": "“{file}”是文件夹，不是文件。请选择清淤进度的 .xlsx 或 .csv 文件。",
        "en": '"{file}" is a folder, not a file. Choose the .xlsx or .csv progress file.',
    },
    "works_import.format_unsupported": {
        "zh": "无法读取文件“{file}”：清淤进度只支持 .xlsx 和 .csv。请在 Excel 中“另存为” .xlsx 或“CSV UTF-8”。",
        "en": 'File "{file}" cannot be read: progress must be in .xlsx or .csv. In Excel, use '
              '"Save As" .xlsx or "CSV UTF-8".',
    },
    "works_import.file_empty": {
        "zh": "文件“{file}”是空的。请在第 1 行填写列标题（河段、日期、清淤方量），从第 2 行起每行填写一条进度。",
        "en": 'File "{file}" is empty. Put the column titles (segment, date, m3) in row 1 and '
              "one progress entry per row from row 2.",
    },
    "works_import.not_text": {
        "zh": "文件“{file}”不是文本表格（CSV），或者编码无法识别。请在 Excel 中“另存为”“CSV UTF-8”或 .xlsx。",
        "en": 'File "{file}" is not a text table (CSV) or its encoding is not recognised. '
              'In Excel, use "Save As" "CSV UTF-8" or .xlsx.',
    },
    "works_import.not_xlsx": {
        "zh": "文件“{file}”不是有效的 Excel .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）。请用 Excel 打开原表后重新“另存为” .xlsx。",
        "en": 'File "{file}" is not a valid Excel .xlsx file (it may be damaged, or another '
              'kind of file renamed). Open the original in Excel and "Save As" .xlsx again.',
    },
    "works_import.no_rows": {
        "zh": "文件“{file}”只有表头，没有进度记录。请从第 2 行起每行填写一条。",
        "en": 'File "{file}" has a header but no progress entries. Add one per row from row 2.',
    },
    "works_import.missing_columns": {
        "zh": "文件“{file}”缺少必需的列：{columns}。请在第 1 行添加这些列标题（可用的列标题，“|”表示任选其一：{accepted}）。",
        "en": 'File "{file}" lacks the required columns: {columns}. Add these titles to row 1 '
              '(accepted titles, "|" separating alternatives: {accepted}).',
    },
    "works_import.duplicate_column": {
        "zh": "文件“{file}”的列“{first}”和“{second}”表示同一项（{column}）。请删除其中一列或为它改名。",
        "en": 'File "{file}" has columns "{first}" and "{second}" that mean the same ({column}). '
              "Delete or rename one of them.",
    },
    # The progress file: one row.
    "works_import.row_too_long": {
        "zh": _ROW_ZH + "有 {cells} 个单元格，多于表头的 {columns} 列。请检查该行是否多了逗号（含逗号的内容须用英文双引号括起来）。",
        "en": _ROW_EN + " has {cells} cells, more than the {columns} columns of the header. "
              "Check it for a stray comma (a value containing a comma must be in double quotes).",
    },
    "works_import.blank": {
        "zh": _ROW_ZH + "的“{column}”为空。请填写后重新导入。",
        "en": _ROW_EN + ': "{column}" is blank. Fill it in and import again.',
    },
    "works_import.bad_date": {
        "zh": _ROW_ZH + "的日期“{value}”无法识别。请写成 年-月-日，如 2026-11-03（也可写 2026/11/3 或 2026年11月3日）。",
        "en": _ROW_EN + ': the date "{value}" cannot be read. Write it as YYYY-MM-DD, e.g. '
              "2026-11-03 (2026/11/3 and 2026年11月3日 also do).",
    },
    "works_import.bad_state": {
        "zh": _ROW_ZH + "的状态“{value}”不存在。请填其中之一：{choices}（不填即为进行中）。",
        "en": _ROW_EN + ': there is no state "{value}". Use one of {choices} (blank means '
              "progress).",
    },
    "works_import.row": {"zh": _ROW_ZH + "：{problem}", "en": _ROW_EN + ": {problem}"},
    # The weekly report (services.campaign.weekly_report).
    "report.bad_week": {
        "zh": "周次“{week}”无法识别：请写成 年-W周，如 2026-W47（ISO 周，周一为第一天）。",
        "en": "the week '{week}' cannot be read: write it as YYYY-Www, e.g. 2026-W47 (an ISO "
              "week, beginning on Monday).",
    },
    "report.future_week": {
        "zh": "{week} 从 {monday} 开始，还没有到：请选择本周或以前的周。",
        "en": "{week} begins on {monday}, which has not come yet: choose this week or an earlier one.",
    },
    "report.before_campaign": {
        "zh": "{week} 在 {sunday} 就结束了，早于「{name}」的开始日 {start}：请选择行动开始以后的周。",
        "en": "{week} ends on {sunday}, before '{name}' began on {start}: choose a week since then.",
    },
    "report.title": {"zh": "{name} · 清淤周报 {week}", "en": "{name} · weekly dredging report {week}"},
    "report.subtitle": {
        "zh": "{monday} 至 {sunday} · {progress} · 数据截至 {as_of}",
        "en": "{monday} to {sunday} · {progress} · figures as of {as_of}",
    },
    "report.list_separator": {"zh": "、", "en": ", "},
    "report.count": {"zh": "{label} {count}", "en": "{label} {count}"},
    "report.forecast_none": {
        "zh": "近 14 天没有清淤记录，无法预计完工日（按期完成有风险）",
        "en": "no silt removed in the last 14 days: no forecast can be made (at risk of being late)",
    },
    "report.forecast_late": {
        "zh": "按近 14 天进度，预计 {date} 完工，晚于截止日 {end}：滞后",
        "en": "at the rate of the last 14 days, done on {date}, after the last day {end}: late",
    },
    "report.forecast_on_time": {
        "zh": "按近 14 天进度，预计 {date} 完工，不晚于截止日 {end}：按期",
        "en": "at the rate of the last 14 days, done on {date}, by the last day {end}: on time",
    },
    "report.label.campaign": {"zh": "行动", "en": "Campaign"},
    "report.label.dates": {"zh": "时间", "en": "Dates"},
    "report.dates": {"zh": "{start} 至 {end}，{progress}", "en": "{start} to {end}, {progress}"},
    "report.label.km": {"zh": "完工长度", "en": "Length done"},
    "report.km": {"zh": "已完工 {done} 公里（已验收 {accepted} 公里），共 {total} 公里，完成 {share}",
                  "en": "{done} km done ({accepted} km accepted) of {total} km, {share}"},
    "report.label.m3": {"zh": "清淤方量", "en": "Silt removed"},
    "report.m3": {"zh": "已清 {removed} 立方米，计划 {planned} 立方米，完成 {share}",
                  "en": "{removed} of {planned} m³, {share}"},
    "report.label.bank": {"zh": "护岸", "en": "Bank reinforced"},
    "report.bank": {"zh": "{done} 米，计划 {planned} 米", "en": "{done} of {planned} m"},
    "report.label.segments": {"zh": "河段", "en": "Segments"},
    "report.label.forecast": {"zh": "预计完工", "en": "Forecast"},
    "report.label.week_m3": {"zh": "本周清淤", "en": "This week"},
    "report.week_m3": {"zh": "{m3} 立方米，护岸 {bank} 米（{entries} 条进度记录）",
                       "en": "{m3} m³ of silt, {bank} m of bank ({entries} progress entries)"},
    "report.label.week_done": {"zh": "本周完工", "en": "Done this week"},
    "report.label.week_accepted": {"zh": "本周验收", "en": "Accepted this week"},
    "report.week_segments": {"zh": "{codes}（共 {count} 段，{km} 公里）",
                             "en": "{codes} ({count} in all, {km} km)"},
    "report.week_segments_none": {"zh": "无", "en": "none"},
    "report.label.water": {"zh": "活水 / 死水（当前）", "en": "Live / dead water (now)"},
    "report.water": {"zh": "活水 {live} 公里，死水 {dead} 公里", "en": "{live} km live, {dead} km dead"},
    "report.label.ponds": {"zh": "鱼塘（当前）", "en": "Ponds (now)"},
    "report.no_village": {"zh": "未划入村（社区）", "en": "No village"},
    "report.burndown": {"zh": "剩余淤积（立方米）", "en": "Silt remaining (m³)"},
    "report.map": {"zh": "各河段清淤状态（周末）", "en": "Dredging status of the segments (week's end)"},
    "report.no_segments": {"zh": "没有河段", "en": "no segments"},
    "report.legend.remaining": {"zh": "剩余", "en": "remaining"},
    "report.legend.ideal": {"zh": "计划线", "en": "ideal"},
    "report.legend.forecast": {"zh": "预计", "en": "forecast"},
    "report.legend.week": {"zh": "本周", "en": "this week"},
    "report.legend.outside": {"zh": "不在行动内", "en": "not in it"},
    "report.by_village": {"zh": "各村（社区）进度", "en": "By village"},
    "report.note": {
        "zh": "河段状态与方量按周日（本周未完则按今天）的填报记录计算；活水、死水和鱼塘为 {made} 的现状。",
        "en": "Segment statuses and volumes are as recorded up to the Sunday (or today, for the "
              "week under way); live and dead water and the ponds are as they were on {made}.",
    },
    "report.column.village": {"zh": "村（社区）", "en": "Village"},
    "report.column.channel": {"zh": "渠道", "en": "Channel"},
    "report.column.segments": {"zh": "河段数", "en": "Segments"},
    "report.column.km": {"zh": "长度（公里）", "en": "km"},
    "report.column.done_km": {"zh": "完工（公里）", "en": "Done km"},
    "report.column.accepted_km": {"zh": "验收（公里）", "en": "Accepted km"},
    "report.column.planned_m3": {"zh": "计划（立方米）", "en": "Planned m³"},
    "report.column.removed_m3": {"zh": "已清（立方米）", "en": "Removed m³"},
    "report.column.removed_share": {"zh": "完成比例", "en": "Share removed"},
    "report.column.week_m3": {"zh": "本周（立方米）", "en": "This week m³"},
    "report.entry.segment": {"zh": "河段", "en": "Segment"},
    "report.entry.date": {"zh": "日期", "en": "Date"},
    "report.entry.m3": {"zh": "清淤方量", "en": "m³"},
    "report.entry.bank_m": {"zh": "护岸米数", "en": "Bank m"},
    "report.entry.state": {"zh": "状态", "en": "State"},
    "report.entry.note": {"zh": "备注", "en": "Note"},
    "report.entry.who": {"zh": "填报人", "en": "Recorded by"},
    # `watershed report`
    "cli.campaign_report_written": {
        "zh": "已将 {week}（{monday} 至 {sunday}）的周报写入 {file}。",
        "en": "Wrote the report of {week} ({monday} to {sunday}) to {file}.",
    },
    # the weekly report on the 清淤进度 page
    "ui.campaign.report_title": {"zh": "周报", "en": "Weekly report"},
    "ui.campaign.report_week": {"zh": "哪一周", "en": "Week"},
    "ui.campaign.report_week_label": {"zh": "{week}（{start} 至 {end}）", "en": "{week} ({start} to {end})"},
    "ui.campaign.report_html": {"zh": "下载打印版（A4）", "en": "Download the printable page (A4)"},
    "ui.campaign.report_xlsx": {"zh": "下载表格（Excel）", "en": "Download the spreadsheet (Excel)"},
    "ui.campaign.report_hint": {
        "zh": "打印版用浏览器打开后点“打印”，一页 A4：数字、地图、燃尽图和各村进度。命令行：`watershed report --week 2026-W47 周报.html`",
        "en": "Open the printable page in a browser and print it: one A4 page with the figures, map, burndown and villages. From the command line: `watershed report --week 2026-W47 report.html`",
    },
}
