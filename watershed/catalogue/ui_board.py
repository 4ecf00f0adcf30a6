"""Pages of the red/black board and of evaluation rounds (staff)."""

ENTRIES: dict[str, dict[str, str]] = {
    # 红黑榜: the page, the spreadsheet and the printable page.
    "ui.board.title": {"zh": "红黑榜", "en": "Red and black board"},
    "ui.board.no_round": {"zh": "还没有结束的评比，红黑榜要等第一轮评比结束后才出。",
                          "en": "No evaluation round has closed yet; the board comes out when the first one closes."},
    "ui.board.pick_round": {"zh": "评比轮次", "en": "Evaluation round"},
    "ui.board.round_line": {"zh": "{name}（{start} 至 {end}）", "en": "{name} ({start} to {end})"},
    "ui.board.file_title": {"zh": "{name} 红黑榜（{start} 至 {end}）",
                            "en": "{name} red and black board ({start} to {end})"},
    "ui.board.closed_on": {"zh": "评比结束于 {date}。", "en": "The round closed on {date}."},
    "ui.board.red": {"zh": "红榜", "en": "Red list"},
    "ui.board.black": {"zh": "黑榜", "en": "Black list"},
    "ui.board.not_enough": {"zh": "评价人数不足", "en": "Not enough ratings"},
    "ui.board.red_heading": {"zh": ":red[**红榜**]　得分最高的河段",
                             "en": ":red[**Red list**]: the best-kept segments"},
    "ui.board.black_heading": {"zh": ":gray-background[**黑榜**]　得分最低的河段",
                               "en": ":gray-background[**Black list**]: the worst-kept segments"},
    "ui.board.red_meaning": {"zh": "得分最高的河段", "en": "the best-kept segments"},
    "ui.board.black_meaning": {"zh": "得分最低的河段", "en": "the worst-kept segments"},
    "ui.board.not_enough_heading": {
        "zh": "**评价人数不足**：少于 {minimum} 户评价，不排名",
        "en": "**Not enough ratings**: fewer than {minimum} households rated these, so they are not ranked"},
    "ui.board.not_enough_meaning": {"zh": "少于 {minimum} 户评价，不排名",
                                    "en": "fewer than {minimum} households rated these; not ranked"},
    "ui.board.list_heading": {"zh": "{list}　{meaning}", "en": "{list}: {meaning}"},
    "ui.board.none_listed": {"zh": "（没有）", "en": "(none)"},
    "ui.board.ranked": {"zh": "本村（社区）有 {ranked} 段参加排名。",
                        "en": "{ranked} segments of this village are ranked."},
    "ui.board.no_village": {"zh": "未划入村（社区）", "en": "No village"},
    "ui.board.how_scored_title": {"zh": "得分是怎么算的", "en": "How the score is made"},
    "ui.board.how_scored": {
        "zh": "每户从河畅、水清、岸绿、景美、人和五个方面，给分派到的河段打 1 到 5 颗星，五项的平均就是这一户打的分。"
              "一段河的得分把所有打分户的分合起来算：平时打分偏松的户，分数往下调一点，偏严的往上调一点；"
              "打分总跟大家差得远的户，分量轻一些；评价的户越少，得分越靠近全部河段的平均。"
              "区间是有九成把握的范围，评价的户越多、意见越一致，区间越窄。"
              "少于 {minimum} 户评价的河段不排名。红榜是本村（社区）得分最高的 {size} 段，黑榜是得分最低的 {size} 段。",
        "en": "Each household gives the segments it was given 1 to 5 stars on five aims: flowing channels, "
              "clear water, green banks, a clean landscape and harmony; the mean of the five is that "
              "household's rating. A segment's score puts all its ratings together: a household that usually "
              "rates generously counts a little lower, a strict one a little higher; a household whose ratings "
              "often stray far from everyone else's counts less; with few ratings the score stays closer to the "
              "average of all segments. The interval is the range the score lies in with 90% confidence: the "
              "more households rate and the more they agree, the narrower it is. Segments rated by fewer than "
              "{minimum} households are not ranked. The red list is the village's {size} best-scored "
              "segments, the black list its {size} worst."},
    "ui.board.interval": {"zh": "{low:.1f}–{high:.1f}", "en": "{low:.1f}–{high:.1f}"},
    "ui.board.download_xlsx": {"zh": "下载表格（Excel）", "en": "Download as a spreadsheet"},
    "ui.board.download_html": {"zh": "下载打印版（A4）", "en": "Download the printable page (A4)"},
    "ui.board.print_hint": {"zh": "打印版用浏览器打开，再点“打印”即可贴到村务公开栏。",
                            "en": "Open the printable page in a browser and print it for the village notice board."},
    "ui.board.sheet": {"zh": "红黑榜", "en": "Board"},
    "ui.board.html_lang": {"zh": "zh-CN", "en": "en"},
    "ui.board.column.village": {"zh": "村（社区）", "en": "Village"},
    "ui.board.column.list": {"zh": "榜单", "en": "List"},
    "ui.board.column.rank": {"zh": "名次", "en": "Rank"},
    "ui.board.column.segment": {"zh": "河段", "en": "Segment"},
    "ui.board.column.channel": {"zh": "渠道", "en": "Channel"},
    "ui.board.column.custodian_code": {"zh": "包保户编号", "en": "Custodian code"},
    "ui.board.column.custodian_name": {"zh": "包保户", "en": "Custodian"},
    "ui.board.column.score": {"zh": "得分", "en": "Score"},
    "ui.board.column.interval": {"zh": "90% 区间", "en": "90% interval"},
    "ui.board.column.ratings": {"zh": "评价户数", "en": "Ratings"},
    # 评比轮次 (staff).
    "ui.rounds.title": {"zh": "评比轮次", "en": "Evaluation rounds"},
    "ui.rounds.list_title": {"zh": "全部轮次", "en": "All rounds"},
    "ui.rounds.none": {"zh": "还没有评比轮次。", "en": "There are no evaluation rounds yet."},
    "ui.rounds.status.open": {"zh": "进行中", "en": "open"},
    "ui.rounds.status.closed": {"zh": "已结束", "en": "closed"},
    "ui.rounds.open_title": {"zh": "开启新一轮评比", "en": "Open a new round"},
    "ui.rounds.default_name": {"zh": "{year}年{month}月", "en": "{year}-{month:02d}"},
    "ui.rounds.name": {"zh": "名称", "en": "Name"},
    "ui.rounds.start": {"zh": "开始日期", "en": "Start date"},
    "ui.rounds.end": {"zh": "结束日期", "en": "End date"},
    "ui.rounds.offers": {"zh": "每户分派几段来评", "en": "Segments given to each household"},
    "ui.rounds.radius": {"zh": "评比范围（米，可不填）", "en": "Radius in metres (optional)"},
    "ui.rounds.radius_help": {
        "zh": "不填：每户只评本村（社区）的河段。填了：每户评离家这么多米以内的河段（家的位置没登记的户仍评本村）。",
        "en": "Empty: each household rates segments of its own village. Filled in: segments within this "
              "distance of its home (a household whose home is not recorded still rates its own village)."},
    "ui.rounds.villages": {"zh": "参评的村（社区）", "en": "Villages whose segments are rated"},
    "ui.rounds.villages_help": {"zh": "默认全部。", "en": "All of them unless you choose otherwise."},
    "ui.rounds.open_button": {"zh": "开启评比", "en": "Open the round"},
    "ui.rounds.opened": {"zh": "评比“{name}”已开启。", "en": "The round '{name}' is open."},
    "ui.rounds.one_open": {"zh": "评比“{name}”正在进行：结束它之后才能开启新的一轮。",
                           "en": "The round '{name}' is open: close it before opening another."},
    "ui.rounds.close_title": {"zh": "结束评比“{name}”", "en": "Close the round '{name}'"},
    "ui.rounds.close_explain": {
        "zh": "结束后系统算出每段河的得分，出红黑榜；之后不能再打分，结果也不能再改。",
        "en": "Closing computes every segment's score and publishes the board; after that nobody can rate "
              "and the results never change."},
    "ui.rounds.confirm": {"zh": "确认结束，结束后结果不能再改", "en": "Yes, close it; the results cannot change afterwards"},
    "ui.rounds.close_button": {"zh": "结束评比", "en": "Close the round"},
    "ui.rounds.closed": {"zh": "评比“{name}”已结束，红黑榜已经出来了。",
                         "en": "The round '{name}' is closed and its board is out."},
    "ui.rounds.review_title": {"zh": "可疑评分核查", "en": "Ratings to review"},
    "ui.rounds.review_round": {"zh": "已结束的轮次", "en": "Closed round"},
    "ui.rounds.review_explain": {
        "zh": "下面列出的只是值得去了解一下的理由，不是作弊的证据。这些评分都没有被删掉，仍然算在得分里"
              "（算得分时本来就会把偏松的打分往下调，把总跟大家差得远的户的分量减轻）。",
        "en": "These are reasons to look into, not proof of cheating. None of these ratings was dropped: they "
              "all count in the scores (which already correct for generous raters and give erratic ones less weight)."},
    "ui.rounds.review_none": {"zh": "这一轮没有可疑评分。", "en": "No ratings to review in this round."},
    "ui.rounds.no_closed": {"zh": "还没有结束的评比。", "en": "No round has closed yet."},
    # Column headers of the tables (watershed.ui.widgets.table).
    "staff.column.round_name": {"zh": "名称", "en": "Round"},
    "staff.column.round_start": {"zh": "开始", "en": "Start"},
    "staff.column.round_end": {"zh": "结束", "en": "End"},
    "staff.column.round_status": {"zh": "状态", "en": "Status"},
    "staff.column.round_segments": {"zh": "参评河段", "en": "Segments"},
    "staff.column.round_households": {"zh": "分派到的户", "en": "Households offered"},
    "staff.column.round_ratings": {"zh": "评价次数", "en": "Ratings"},
    "staff.column.round_raters": {"zh": "已评价的户", "en": "Households that rated"},
    "staff.column.round_ranked": {"zh": "评价人数够的河段", "en": "Segments with enough ratings"},
    "staff.column.board_rank": {"zh": "名次", "en": "Rank"},
    "staff.column.board_custodian": {"zh": "包保户", "en": "Custodian"},
    "staff.column.board_score": {"zh": "得分", "en": "Score"},
    "staff.column.board_interval": {"zh": "90% 区间", "en": "90% interval"},
    "staff.column.board_ratings": {"zh": "评价户数", "en": "Ratings"},
    "staff.column.review_reason": {"zh": "理由", "en": "Reason"},
    "staff.column.review_a_code": {"zh": "甲户编号", "en": "Household A"},
    "staff.column.review_a_name": {"zh": "甲户户主", "en": "A's head"},
    "staff.column.review_b_code": {"zh": "乙户编号", "en": "Household B"},
    "staff.column.review_b_name": {"zh": "乙户户主", "en": "B's head"},
    "staff.column.review_a_gave_b": {"zh": "甲给乙的河段平均打分", "en": "Mean score A gave B's segments"},
}
