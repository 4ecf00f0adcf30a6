"""Catalogue entries for custodian checks (巡查) and their photos."""

ENTRIES: dict[str, dict[str, str]] = {
    "action.check": {"zh": "提交巡查", "en": "submit a check"},
    "action.view_checks": {"zh": "查看巡查记录", "en": "view checks"},
    "action.my_segments": {"zh": "查看本户包保河段", "en": "see the segments of a household"},
    "action.export_checks": {"zh": "导出巡查记录", "en": "export checks"},
    # The five aims of every check, with a short question for the phone form.
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
    "photo.too_large": {
        "zh": "照片 {file} 有 {size_mb} MB，超过 {limit_mb} MB 的上限：请换一张较小的照片，或用手机相机的标准画质重拍。",
        "en": "the photo {file} is {size_mb} MB, more than the {limit_mb} MB allowed: choose a smaller photo or retake it at the camera's standard quality.",
    },
    "photo.not_image": {
        "zh": "文件 {file} 不是可用的照片：只能上传 JPEG 或 PNG 格式的照片（苹果手机请在相机设置中选“兼容性最佳”）。",
        "en": "the file {file} is not a usable photo: it must be a JPEG or PNG photo (on an iPhone, set the camera format to Most Compatible).",
    },
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
}
