"""Catalogue entries for the custodian pages (我的河段, 提交巡查, 我的记录): short words, read on a phone.

The answers, categories, on-site labels and refusals of a check are in catalogue/checks.py.
"""

ENTRIES: dict[str, dict[str, str]] = {
    "ui.page.my_segments": {"zh": "我的河段", "en": "My segments"},
    "ui.page.submit_check": {"zh": "提交巡查", "en": "Submit a check"},
    "ui.page.my_history": {"zh": "我的记录", "en": "My checks"},
    "ui.custodian.date": {"zh": "{year}年{month}月{day}日", "en": "{year}-{month:02d}-{day:02d}"},
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
}
