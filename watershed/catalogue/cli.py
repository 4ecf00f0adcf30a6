"""Catalogue entries for the cli area: key -> {"zh": ..., "en": ...}."""

ENTRIES: dict[str, dict[str, str]] = {}
ENTRIES.update({
    "export.bad_suffix": {
        "zh": "无法导出到 {file}：请用以下后缀之一：{suffixes}。",
        "en": "cannot export to {file}: use one of the suffixes {suffixes}.",
    },
    "export.bad_layer": {
        "zh": "没有名为 {layer} 的图层：请从 {layers} 中选择（--layer）。",
        "en": "there is no layer {layer}: choose --layer from {layers}.",
    },
    "export.one_layer": {
        "zh": "{file} 只能容纳一个图层：请用 --layer 指定（{layers}）。",
        "en": "{file} holds one layer only: name it with --layer ({layers}).",
    },
    "export.is_folder": {
        "zh": "{file} 是一个文件夹：请给出文件名，如 segments.gpkg。",
        "en": "{file} is a folder: give a file name such as segments.gpkg.",
    },
})
ENTRIES.update({
    "demo.basin_name": {"zh": "太湖港流域（梅槐片区）· 合成演示数据", "en": "Taihu Port basin (Meihuai area) · synthetic demo data"},
    "demo.left_open_reason": {"zh": "户主外出务工，待重新分配（演示）", "en": "head of household away for work; to be reassigned (demo)"},
    "demo.not_empty": {
        "zh": "数据库里已有其他数据，演示数据只能装入空数据库：请换一个数据库（--database-url），或删除 data/watershed.db 后重试。",
        "en": "the database already holds other data; the demo loads only into an empty one: use another --database-url, or remove data/watershed.db and try again.",
    },
    "demo.loaded": {
        "zh": "已加载合成演示流域：{channels} 条渠道共 {channel_length_km} 公里，{segments} 个河段（{segments_with_custodian} 个已包保），{ponds} 口鱼塘，{households} 户。演示账号：staff、custodian、resident、leader，密码 demo1234。",
        "en": "Loaded the synthetic demo basin: {channels} channels, {channel_length_km} km, {segments} segments ({segments_with_custodian} in custody), {ponds} ponds, {households} households. Demo accounts: staff, custodian, resident, leader, password demo1234.",
    },
    "demo.already": {"zh": "演示流域已在数据库中，未作任何改动。", "en": "The demo basin is already loaded; nothing changed."},
    "cli.not_initialised": {
        "zh": "数据库 {url} 尚未初始化或版本过旧：请先运行 watershed init。",
        "en": "the database {url} is not initialised or is out of date: run watershed init first.",
    },
    "cli.cannot_connect": {
        "zh": "无法连接数据库 {url}：{reason}。请检查 --database-url 或 WATERSHED_DATABASE_URL。",
        "en": "cannot connect to the database {url}: {reason}. Check --database-url or WATERSHED_DATABASE_URL.",
    },
    "cli.initialised": {"zh": "数据库已是最新版本 {revision}（{url}）。", "en": "The database is at revision {revision} ({url})."},
    "cli.imported": {"zh": "已从 {file} 导入 {count} 条{kind}记录（坐标系 {crs}）。", "en": "Imported {count} {kind} from {file} (CRS {crs})."},
    "cli.imported_households": {"zh": "已从 {file} 导入 {count} 户。", "en": "Imported {count} households from {file}."},
    "cli.warning": {"zh": "注意：{message}", "en": "warning: {message}"},
    "cli.segmented": {
        "zh": "已划分 {channels} 条渠道，新建 {created} 个河段，停用旧河段 {retired} 个，终止包保 {ended} 条；{unchanged} 条渠道无需改动。",
        "en": "Cut {channels} channels into {created} new segments; retired {retired} old segments and ended {ended} custodies; {unchanged} channels unchanged.",
    },
    "cli.assigned_one": {"zh": "河段 {segment} 自 {start} 起由 {household} 包保（{role}）。", "en": "Segment {segment} is kept by {household} ({role}) from {start}."},
    "cli.unassigned_one": {"zh": "河段 {segment} 的包保已于 {end} 终止。", "en": "The custody of segment {segment} ended on {end}."},
    "cli.auto_assigned": {
        "zh": "自动分配：{assigned} 个河段共 {metres:.0f} 米已分配包保户，其中 {other} 个分给了邻村住户；{open} 个河段仍未分配。",
        "en": "Auto-assignment: {assigned} segments ({metres:.0f} m) now have a custodian, {other} of them from a neighbouring village; {open} segments remain open.",
    },
    "cli.other_village": {"zh": "  {segment} → {household}（本村无余力，分给邻村住户）", "en": "  {segment} -> {household} (no capacity left in its own village)"},
    "cli.still_open": {"zh": "  {segment} 未分配：{reason}", "en": "  {segment} left open: {reason}"},
    "cli.no_home": {"zh": "  有 {count} 户没有住址坐标，未参与自动分配：请在户籍表中补上经度、纬度。", "en": "  {count} households have no home point and were not considered: add lon/lat to the register."},
    "cli.history_line": {"zh": "{start} 至 {end}  {household} {name}（{role}）{reason}", "en": "{start} to {end}  {household} {name} ({role}) {reason}"},
    "cli.history_now": {"zh": "今", "en": "now"},
    "cli.history_empty": {"zh": "河段 {segment} 从未有人包保。", "en": "Segment {segment} has never been kept by anyone."},
    "cli.exported": {"zh": "已导出到 {file}：{layers}。", "en": "Exported to {file}: {layers}."},
    "cli.user_added": {"zh": "已创建账号 {username}（{role}）。", "en": "Created the account {username} ({role})."},
    "cli.password_prompt": {"zh": "密码：", "en": "Password: "},
    "cli.password_again": {"zh": "再输一次密码：", "en": "Password again: "},
    "cli.password_mismatch": {"zh": "两次输入的密码不一致：请重新运行命令。", "en": "the two passwords differ: run the command again."},
    "cli.auto_with_codes": {"zh": "--auto 不能与河段编号、户编号同时使用：二选一。", "en": "--auto takes no segment or household code: use one or the other."},
    "cli.assign_needs_codes": {"zh": "请给出河段编号和户编号（如 watershed assign GZQ-007 MH-03-027），或用 --auto。", "en": "give a segment code and a household code (e.g. watershed assign GZQ-007 MH-03-027), or --auto."},
    "cli.synthetic_label": {"zh": "合成演示数据", "en": "synthetic demo data"},
})
ENTRIES.update({
    "demo.skipped": {"zh": "数据库里已有数据，未加载演示流域。", "en": "The database already holds data; the demo basin was not loaded."},
})
ENTRIES.update({
    "demo.merged_reason": {"zh": "调整：并入相邻河段的包保户（演示）", "en": "merged into the custody of the neighbouring segment (demo)"},
    "cli.round_opened": {
        "zh": "已开启评比 #{id}「{name}」（{start} 至 {end}）：{segments} 个河段，{households} 户分到了要评的河段。",
        "en": "Opened round #{id} '{name}' ({start} to {end}): {segments} segments; {households} households were given segments to rate.",
    },
    "cli.round_closed": {
        "zh": "已结束评比 #{id}「{name}」：{ratings} 条评分，{segments} 个河段中 {ranked} 个评价人数足够、已排名。",
        "en": "Closed round #{id} '{name}': {ratings} ratings; {ranked} of {segments} segments had enough ratings to rank.",
    },
    "cli.round_none": {"zh": "还没有评比轮次。", "en": "There are no evaluation rounds yet."},
    "cli.round_line": {
        "zh": "#{id} {name} {start} 至 {end} {status}：{households} 户参评，{raters} 户已评，共 {ratings} 条评分",
        "en": "#{id} {name} {start} to {end} {status}: {households} households asked, {raters} rated, {ratings} ratings",
    },
    "cli.round_status.open": {"zh": "进行中", "en": "open"},
    "cli.round_status.closed": {"zh": "已结束", "en": "closed"},
    "cli.board_title": {"zh": "红黑榜：{name}（{start} 至 {end}）", "en": "Red/black board: {name} ({start} to {end})"},
    "cli.board_village": {"zh": "== {village}（{ranked} 段已排名）==", "en": "== {village} ({ranked} segments ranked) =="},
    "cli.board_red": {"zh": "红榜（最好）：", "en": "Red list (best):"},
    "cli.board_black": {"zh": "黑榜（最差）：", "en": "Black list (worst):"},
    "cli.board_line": {
        "zh": "  {rank}. {segment} {name} {score} 分（90% 区间 {low}–{high}，{n} 人评）",
        "en": "  {rank}. {segment} {name} {score} (90% interval {low}–{high}, {n} ratings)",
    },
    "cli.board_unranked": {"zh": "—", "en": "—"},
    "cli.board_not_enough": {
        "zh": "  评价人数不足、未排名的 {count} 段：{segments}",
        "en": "  {count} segments with too few ratings, not ranked: {segments}",
    },
    "cli.board_written": {"zh": "已写出 {file}。", "en": "Wrote {file}."},
    "cli.flow_now": {"zh": "活水 {live} 公里，死水 {dead} 公里（{ponds} 口鱼塘仍在阻水）。",
                     "en": "Live water {live} km, dead water {dead} km ({ponds} ponds still block it)."},
    "cli.flow_what_if": {
        "zh": "假如清退 {ponds}：活水 {live} 公里，死水 {dead} 公里（活水比现在多 {gained} 公里）。没有改动任何数据。",
        "en": "If {ponds} were cleared: live water {live} km, dead water {dead} km ({gained} km more live than now). Nothing was changed.",
    },
    "cli.pond_updated": {"zh": "鱼塘 {code}：{status}，塘主 {owner}。", "en": "Pond {code}: {status}, owner {owner}."},
})
