"""Part checks (巡查): the five aims, checks and their photos, the checks page, the progress map."""

ENTRIES: dict[str, dict[str, str]] = {
    # permissions
    "action.check": {"zh": "提交巡查", "en": "submit a check"},
    "action.view_checks": {"zh": "查看巡查记录", "en": "view checks"},
    "action.my_segments": {"zh": "查看本户包保河段", "en": "see the segments of a household"},
    "action.export_checks": {"zh": "导出巡查记录", "en": "export checks"},
    "action.view_progress": {"zh": "查看攻坚进度", "en": "view the progress of the campaign"},
    # The five aims of every check, with a short question for the phone form. (Rating asks the
    # same five; the problem loop uses the categories below.)
    "check.dimension.flow": {"zh": "河畅", "en": "Flowing"},
    "check.dimension.water": {"zh": "水清", "en": "Clear water"},
    "check.dimension.banks": {"zh": "岸绿", "en": "Green banks"},
    "check.dimension.scenery": {"zh": "景美", "en": "Clean scenery"},
    "check.dimension.harmony": {"zh": "人和", "en": "Harmony"},
    "check.question.flow": {"zh": "水流通畅，没有堵塞？", "en": "Does the water flow, with nothing blocking it?"},
    "check.question.water": {"zh": "水面干净，没有垃圾和污水？", "en": "Is the water clean, without rubbish or sewage?"},
    "check.question.banks": {"zh": "岸坡完好、有绿植？", "en": "Are the banks whole and green?"},
    "check.question.scenery": {"zh": "沿岸整洁美观？", "en": "Is the waterside tidy and pleasant?"},
    "check.question.harmony": {"zh": "没有侵占、乱捕和纠纷？", "en": "No encroachment, illegal fishing or quarrels?"},
    # answers, categories of problem, where the photos were taken
    "check.answer.good": {"zh": "正常", "en": "Good"},
    "check.answer.problem": {"zh": "有问题", "en": "Problem"},
    "check.category.blockage": {"zh": "堵塞", "en": "Blockage"},
    "check.category.rubbish": {"zh": "漂浮垃圾", "en": "Floating rubbish"},
    "check.category.bank_collapse": {"zh": "岸坡坍塌", "en": "Bank collapse"},
    "check.category.sewage": {"zh": "排污口", "en": "Sewage outfall"},
    "check.category.illegal_use": {"zh": "违规捕捞或侵占", "en": "Illegal fishing or occupation"},
    "check.category.other": {"zh": "其他", "en": "Other"},
    "check.category.silt": {"zh": "淤积", "en": "Silt"},
    "check.on_site.yes": {"zh": "现场拍摄", "en": "Photographed on site"},
    "check.on_site.no": {"zh": "照片不在现场", "en": "Photos not taken on site"},
    "check.on_site.unknown": {"zh": "照片无定位", "en": "No photo position"},
    "check.photo_reused": {"zh": "重复使用的照片", "en": "Photo used before"},
    "check.submitted": {"zh": "已提交河段 {segment} 的巡查，谢谢！", "en": "Check of segment {segment} submitted. Thank you!"},
    # Refusals.
    "check.not_your_segment": {
        "zh": "河段 {segment} 不由您家包保，不能提交它的巡查：请选择您家包保的河段；如包保有变动，请联系街道工作人员。",
        "en": "segment {segment} is not in your household's custody, so you cannot check it: choose one of your own segments, or ask the street office if your custody has changed.",
    },
    "check.no_household": {
        "zh": "账号 {who} 没有关联住户：请街道工作人员为该账号登记户编号。",
        "en": "the account {who} belongs to no household: ask the street office to link it to its household.",
    },
    "check.unknown_dimension": {
        "zh": "巡查项“{dimension}”不存在：只能是 flow、water、banks、scenery、harmony（河畅、水清、岸绿、景美、人和）。",
        "en": "there is no check item '{dimension}': use flow, water, banks, scenery or harmony.",
    },
    "check.missing_answer": {
        "zh": "“{dimension}”还没有选择：请选“正常”或“有问题”。",
        "en": "'{dimension}' has no answer: choose Good or Problem.",
    },
    "check.bad_answer": {
        "zh": "“{dimension}”的回答“{answer}”无效：只能选“正常”（good）或“有问题”（problem）。",
        "en": "'{answer}' is not an answer for '{dimension}': choose Good (good) or Problem (problem).",
    },
    "check.no_category": {
        "zh": "“{dimension}”选了“有问题”，但没有说明是什么问题：请选择问题类别。",
        "en": "'{dimension}' is marked Problem without saying what: choose a category of problem.",
    },
    "check.bad_category": {
        "zh": "“{dimension}”的问题类别“{category}”不存在：请从 堵塞、漂浮垃圾、岸坡坍塌、排污口、违规捕捞或侵占、其他、淤积 中选择。",
        "en": "there is no problem category '{category}' (for '{dimension}'): choose blockage, rubbish, bank_collapse, sewage, illegal_use, other or silt.",
    },
    "check.note_too_long": {
        "zh": "备注有 {length} 个字，超过 {maximum} 字的上限：请删短一些。",
        "en": "the note has {length} characters, more than the {maximum} allowed: shorten it.",
    },
    "check.too_many_photos": {
        "zh": "一次巡查附了 {count} 张照片，最多 {maximum} 张：请去掉几张。",
        "en": "{count} photos are attached, at most {maximum} are allowed per check: remove some.",
    },
    "check.in_future": {
        "zh": "巡查时间 {at} 晚于现在：请检查手机或电脑的日期和时间。",
        "en": "the check time {at} is in the future: check the date and time of the phone or computer.",
    },
    "check.bad_limit": {
        "zh": "条数上限 {limit} 不合适：请给出大于 0 的整数。",
        "en": "a limit of {limit} rows will not do: give a whole number above 0.",
    },
    "check.bad_dates": {
        "zh": "开始日期 {start} 晚于结束日期 {end}：请调换或改正日期。",
        "en": "the start date {start} is after the end date {end}: swap or correct them.",
    },
    # The quantities a person gives, as the refusals name them (services.common.numbers: `field`).
    "field.interval_days": {"zh": "巡查间隔（天）", "en": "Check interval (days)"},
    # Column headers of the spreadsheet of checks.
    "check.column.at": {"zh": "巡查时间（北京时间）", "en": "Checked at (Beijing)"},
    "check.column.segment": {"zh": "河段", "en": "Segment"},
    "check.column.channel": {"zh": "渠道", "en": "Channel"},
    "check.column.village": {"zh": "村（社区）", "en": "Village"},
    "check.column.household": {"zh": "包保户编号", "en": "Household"},
    "check.column.head_name": {"zh": "户主", "en": "Head of household"},
    "check.column.recorded_by": {"zh": "提交人", "en": "Recorded by"},
    "check.column.on_site": {"zh": "现场核验", "en": "On site"},
    "check.column.photos": {"zh": "照片数", "en": "Photos"},
    "check.column.reused_photos": {"zh": "重复照片数", "en": "Reused photos"},
    "check.column.note": {"zh": "备注", "en": "Note"},
    "check.sheet": {"zh": "巡查记录", "en": "checks"},
    # The custodian's pages (我的河段, 提交巡查, 我的记录): short words, read on a phone.
    "ui.page.my_segments": {"zh": "我的河段", "en": "My segments"},
    "ui.page.submit_check": {"zh": "提交巡查", "en": "Submit a check"},
    "ui.page.my_history": {"zh": "我的记录", "en": "My checks"},
    "ui.custodian.time": {
        "zh": "{year}年{month}月{day}日 {hour:02d}:{minute:02d}",
        "en": "{year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}",
    },
    "ui.custodian.no_segments": {
        "zh": "您家目前没有包保的河段。如有疑问，请联系街道工作人员。",
        "en": "Your household keeps no segment at present. Ask the street office if this is wrong.",
    },
    # 我的河段: one card per segment.
    "ui.custodian.segment_title": {"zh": "{code}　{channel}", "en": "{code}  {channel}"},
    "ui.custodian.role.primary": {"zh": "包保户", "en": "Custodian"},
    "ui.custodian.role.deputy": {"zh": "协管户", "en": "Deputy custodian"},
    "ui.custodian.length_role": {"zh": "长约 {metres:,} 米 · 您家是{role}",
                                 "en": "About {metres:,} m long · your household: {role}"},
    "ui.custodian.last_check": {"zh": "上次巡查：{date}", "en": "Last checked: {date}"},
    "ui.custodian.never_checked": {"zh": "从未巡查", "en": "never checked"},
    "ui.custodian.next_due": {"zh": "下次巡查：{date} 前", "en": "Next check due by {date}"},
    "ui.custodian.overdue": {"zh": "已超期，请尽快巡查（应在 {date} 前）",
                             "en": "Overdue: please check it soon (was due by {date})"},
    "ui.custodian.check_this": {"zh": "巡查这一段", "en": "Check this segment"},
    # 提交巡查.
    "ui.custodian.draft_restored": {
        "zh": "已恢复刷新前填写的内容；照片需要重新选择。",
        "en": "What you had filled in before the reload is back; choose the photos again.",
    },
    "ui.custodian.how_to": {
        "zh": "每一项点“正常”或“有问题”，再点最下面的“提交巡查”。",
        "en": "Tap Good or Problem for each item, then tap Submit the check at the bottom.",
    },
    "ui.custodian.segment": {"zh": "巡查哪一段？", "en": "Which segment?"},
    "ui.custodian.question": {"zh": "{dimension}：{question}", "en": "{dimension}: {question}"},
    "ui.custodian.answer.good": {"zh": "✓ 正常", "en": "✓ Good"},
    "ui.custodian.answer.problem": {"zh": "✗ 有问题", "en": "✗ Problem"},
    "ui.custodian.category": {"zh": "是什么问题？", "en": "What is the problem?"},
    "ui.custodian.use_camera": {"zh": "用相机拍照", "en": "Take a photo with the camera"},
    "ui.custodian.camera": {"zh": "拍照", "en": "Photo"},
    "ui.custodian.photos": {"zh": "从手机相册选照片（可选多张，每张不超过 {mb} MB）",
                            "en": "Photos from the phone (several allowed, up to {mb} MB each)"},
    "ui.custodian.note": {"zh": "备注（可不填）", "en": "Note (optional)"},
    "ui.custodian.submit": {"zh": "提交巡查", "en": "Submit the check"},
    "ui.custodian.photo_reused": {
        "zh": "有照片以前已经用过：请每次在现场拍新的照片。",
        "en": "A photo was used before: please take a new photo on site each time.",
    },
    # 我的记录.
    "ui.custodian.history_intro": {"zh": "最近 {count} 次巡查，时间为北京时间。",
                                   "en": "The latest {count} checks, in Beijing time."},
    "ui.custodian.no_checks": {"zh": "还没有巡查记录。", "en": "No checks yet."},
    "ui.custodian.check_title": {"zh": "{time}　{segment}", "en": "{time}  {segment}"},
    "ui.custodian.all_good": {"zh": "✓ 正常：{dimensions}", "en": "✓ Good: {dimensions}"},
    "ui.custodian.problem": {"zh": "✗ {dimension}：{category}", "en": "✗ {dimension}: {category}"},
    "ui.custodian.no_photo_file": {"zh": "照片 {file} 找不到了", "en": "Photo {file} is missing"},
    # the staff's 巡查记录 page
    "staff.page.checks": {"zh": "巡查记录", "en": "Checks"},
    "staff.filter.segment": {"zh": "河段编号", "en": "Segment code"},
    "staff.filter.from": {"zh": "起始日期", "en": "From"},
    "staff.filter.to": {"zh": "截止日期", "en": "To"},
    "staff.filter.only_problems": {"zh": "只看有问题", "en": "Only problems"},
    "staff.checks.overdue_title": {"zh": "逾期未巡查的包保户", "en": "Custodians overdue for a check"},
    "staff.checks.interval": {"zh": "巡查间隔（天）", "en": "Check every (days)"},
    "staff.checks.overdue_count": {
        "zh": "{count} 个河段超过 {days} 天未巡查。",
        "en": "{count} segments have gone unchecked for more than {days} days.",
    },
    "staff.checks.overdue_village": {
        "zh": "{village}：{count} 个河段超过 {days} 天未巡查（按上面选的村筛选）。",
        "en": "{village}: {count} segments have gone unchecked for more than {days} days (the village chosen above).",
    },
    # the leadership's 进度地图: its figures (the colourings' names are map.colouring.*)
    "leader.page.progress_map": {"zh": "进度地图", "en": "Progress map"},
    "leader.title": {"zh": "包保与巡查进度", "en": "Custody and check progress"},
    "leader.kept": {"zh": "已包保", "en": "Kept"},
    "leader.kept_help": {
        "zh": "有在任主包保户的河段占全部河段的比例：{kept:,} / {segments:,} 段。",
        "en": "Share of segments with a current primary custodian: {kept:,} of {segments:,}.",
    },
    "leader.checked_recently": {"zh": "{days} 天内已巡查", "en": "Checked within {days} days"},
    "leader.checked_help": {
        "zh": "{days} 天内至少巡查过一次的河段占全部河段的比例：{checked:,} / {segments:,} 段（截至 {today}）。",
        "en": "Share of segments checked at least once in the last {days} days: {checked:,} of {segments:,} (as of {today}).",
    },
    "leader.never_checked": {"zh": "从未巡查", "en": "Never checked"},
    "leader.segment_count": {"zh": "{count:,} 段", "en": "{count:,} segments"},
    "leader.ponds": {"zh": "鱼塘", "en": "Ponds"},
    "leader.no_ponds": {"zh": "没有鱼塘数据。", "en": "No ponds recorded."},
    "leader.pond.other": {"zh": "状态：{status}", "en": "Status: {status}"},
    "leader.freshness_chart": {"zh": "河段巡查时效", "en": "Segments by days since the last check"},
    "leader.chart.bin": {"zh": "巡查时效", "en": "Last check"},
    "leader.chart.count": {"zh": "河段数", "en": "Segments"},
}
