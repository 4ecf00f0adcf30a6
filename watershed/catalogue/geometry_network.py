"""Part geometry: the network check (`watershed network check`, the 渠道与划段 page)."""

ENTRIES: dict[str, dict[str, str]] = {
    "action.network_check": {"zh": "检查水网", "en": "check the channel network"},
    "action.network_orient": {"zh": "按水源调整渠道方向", "en": "orient the channels from the sources"},
    "action.channel_reverse": {"zh": "调转渠道方向", "en": "reverse a channel"},
    "action.network_join": {"zh": "接上未接的端点", "en": "join ends that miss their line"},
    "field.snap_metres": {"zh": "连接容差（米）", "en": "Join tolerance (m)"},
    "field.near_metres": {"zh": "近距未接的查找范围（米）", "en": "Near-miss distance (m)"},
    "network.summary": {
        "zh": "水网检查：{channels} 条渠道，共 {km:,.1f} 公里，{sources} 个水源；端点相距 {snap:g} 米以内视为相接。",
        "en": "Network check: {channels} channels, {km:,.1f} km, {sources} sources; ends within {snap:g} m are joined.",
    },
    "network.all_clear": {
        "zh": "未发现问题：水从水源能流到每一段渠道。",
        "en": "Nothing found: water reaches every channel from the sources.",
    },
    "network.no_sources": {
        "zh": "还没有水源：请先导入水源点（watershed import sources 文件），否则所有渠道都算“水到不了”。",
        "en": "There are no sources yet: import them (watershed import sources FILE); until then every channel counts as unreached.",
    },
    # The name of each kind of finding, in the summary line and as the headings of the lists.
    "network.kind.reversed": {"zh": "疑似画反", "en": "Drawn against the flow?"},
    "network.kind.near_misses": {"zh": "近距未接", "en": "Near misses"},
    "network.kind.crossings": {"zh": "相交无节点", "en": "Crossings without a junction"},
    "network.kind.unreached": {"zh": "水到不了", "en": "Unreached"},
    "network.kind.dangles": {"zh": "悬空端点", "en": "Dangling ends"},
    "network.kind.short": {"zh": "过短渠道", "en": "Very short channels"},
    "network.kind.overlaps": {"zh": "重叠或重复", "en": "Overlaps and duplicates"},
    "network.kind.rings": {"zh": "环路", "en": "Rings"},
    "network.count": {"zh": "{kind} {count}", "en": "{kind}: {count}"},
    "network.end.start": {"zh": "起点", "en": "start"},
    "network.end.end": {"zh": "终点", "en": "end"},
    # One line per finding. `segments` lists the custody segments it touches (may be empty
    # before the channels are cut).
    "network.item.fed_from_below": {
        "zh": "{channel}：水只能从它的下游一端进来，很可能画反了（可用 watershed channel reverse {code} 调转）。河段：{segments}",
        "en": "{channel}: water can only reach it from its downstream end; it is probably drawn against the flow (watershed channel reverse {code}). Segments: {segments}",
    },
    "network.item.head_on": {
        "zh": "{channel} 与 {other} 的下游端顶头相接、水无处可去：其中一条可能画反了。河段：{segments}",
        "en": "{channel} and {other} meet head-on at their downstream ends and the water has nowhere to go: one of them is probably drawn against the flow. Segments: {segments}",
    },
    "network.item.near_miss": {
        "zh": "{channel} 的{end}距 {other} {distance_m} 米，没有接上（容差 {snap:g} 米）。河段：{segments}",
        "en": "{channel}'s {end} is {distance_m} m from {other} and not joined (tolerance {snap:g} m). Segments: {segments}",
    },
    "network.item.crossing": {
        "zh": "{channels} 相交但没有共用节点，没有连通（可能是渡槽或涵洞；若确应相通，请在 GIS 中加节点）。河段：{segments}",
        "en": "{channels} cross without a shared vertex and are not joined (perhaps an aqueduct or a culvert; if they do meet, add a vertex in your GIS). Segments: {segments}",
    },
    "network.item.unreached": {
        "zh": "{channel} 从 {start:.0%} 到 {end:.0%} 处，水源的水到不了。河段：{segments}",
        "en": "{channel} from {start:.0%} to {end:.0%} of its length: no source's water reaches it. Segments: {segments}",
    },
    "network.item.dangle": {
        "zh": "{channel} 的{end}没有接到其他渠道。",
        "en": "{channel}'s {end} joins no other channel.",
    },
    "network.item.short": {
        "zh": "{channel} 只有 {length_m:,.1f} 米长。河段：{segments}",
        "en": "{channel} is only {length_m:,.1f} m long. Segments: {segments}",
    },
    "network.item.overlap": {
        "zh": "{channels} 重叠 {length_m:,.1f} 米（可能重复画了）。河段：{segments}",
        "en": "{channels} overlap for {length_m:,.1f} m (drawn twice?). Segments: {segments}",
    },
    "network.item.ring": {
        "zh": "{channels} 首尾相连成环，水在其中循环。河段：{segments}",
        "en": "{channels} form a ring: the water goes round. Segments: {segments}",
    },
    # `watershed network orient` and `watershed channel reverse`
    "network.oriented": {
        "zh": "已调转 {count} 条渠道的方向：{channels}。水源能流到的渠道长度由 {before:,.1f} 公里变为 {after:,.1f} 公里（只看方向和连通，鱼塘阻断不在其内；活水公里数见 watershed flow）。要撤销，对这些渠道再运行 watershed channel reverse。",
        "en": "Turned {count} channels round: {channels}. Water from the sources now reaches {after:,.1f} km of channel, {before:,.1f} km before (direction and connection only, ponds not counted; live water is in watershed flow). To undo, run watershed channel reverse on them.",
    },
    "network.would_orient": {
        "zh": "（试运行，未改动）将调转 {count} 条渠道的方向：{channels}。水源能流到的渠道长度将由 {before:,.1f} 公里变为 {after:,.1f} 公里（只看方向和连通，鱼塘阻断不在其内）。",
        "en": "(Dry run, nothing changed) Would turn {count} channels round: {channels}. Water from the sources would reach {after:,.1f} km of channel, {before:,.1f} km now (direction and connection only, ponds not counted).",
    },
    "network.undecided": {
        "zh": "无法自动判断 {channel}：{why}",
        "en": "Cannot decide {channel}: {why}",
    },
    "network.undecided.fed_from_below": {
        "zh": "水只能从下游端进入，但也可能是起点没接上、从中间进水或缺一个水源（调转后仍有一段水到不了，或起点附近有没接上的渠道）。",
        "en": "water reaches it only from below, but its start may just miss its line, it may be fed from its middle, or a source may be missing (turned round part of it would still be dry, or its start misses a line nearby).",
    },
    "network.undecided.head_on": {
        "zh": "与另一条渠道的下游端顶头相接，不知道是哪一条画反了。",
        "en": "it meets another line head-on at their downstream ends; either may be the one drawn the wrong way.",
    },
    "network.reversed": {
        "zh": "已调转渠道 {code} 的方向（连同其河段）；再运行一次即可撤销。",
        "en": "Channel {code} (and its segments) now runs the other way; run it again to undo.",
    },
    "network.joined": {
        "zh": "已把 {count} 个端点接到相邻渠道上（记入操作日志；用 watershed network join --undo 撤销）：",
        "en": "Moved {count} ends onto the channel they missed (in the audit log; watershed network join --undo takes it back):",
    },
    "network.would_join": {
        "zh": "（试运行，未改动）将把 {count} 个端点接到相邻渠道上：",
        "en": "(Dry run, nothing changed) Would move {count} ends onto the channel they miss:",
    },
    "network.join_line": {
        "zh": "{channel} 的{end}移动 {distance_m} 米，接到 {other} 上",
        "en": "{channel}'s {end} moves {distance_m} m onto {other}",
    },
    "network.recut": {
        "zh": "渠道 {code} 已经划段：要让水在新接点流过，请重新划段（watershed segment --channel {code} --force）。",
        "en": "Channel {code} is already cut: for water to pass at the new junction, cut it again (watershed segment --channel {code} --force).",
    },
    "network.unjoined": {
        "zh": "已把最近一次接上的 {count} 个端点放回原处。",
        "en": "Put back the {count} ends the latest join moved.",
    },
    "network.nothing_to_undo": {
        "zh": "没有可以撤销的接点：最近一次 join 已经撤销过，或者从未运行过。",
        "en": "There is no join to undo: the latest was undone already, or none was made.",
    },
    # the 渠道与划段 page
    "staff.geometry.check_title": {"zh": "检查水网", "en": "Check the network"},
    "staff.geometry.check_help": {
        "zh": "划段之前先查一查：有没有画反的渠道、没接上的端点、水源到不了的渠段。检查只读不改。",
        "en": "Before cutting, look for channels drawn against the flow, ends that miss, stretches no source reaches. The check changes nothing.",
    },
    "staff.geometry.check": {"zh": "检查", "en": "Check"},
    "staff.geometry.check_file": {"zh": "先检查，不保存", "en": "Check first, save nothing"},
    "staff.geometry.checked_file": {
        "zh": "以下是导入“{file}”之后水网的样子；尚未导入任何数据。",
        "en": 'The network as it would be with "{file}" imported; nothing has been imported yet.',
    },
    "staff.geometry.water_kind": {"zh": "这些面是", "en": "These polygons are"},
    "staff.geometry.water_kind_help": {
        "zh": "只有鱼塘会阻断水流，而且只阻断它压住的渠道。水库、湖泊、河面会列在登记表里，但不算阻水。",
        "en": "Only a pond blocks the water, and only of a channel it crosses. Reservoirs, lakes and river surfaces are listed in the register but never block.",
    },
    "staff.geometry.merge_by_name": {"zh": "同名渠道的分段首尾相接的，合并成一条", "en": "Merge pieces of one named channel that join end to end"},
    "staff.geometry.merge_by_name_help": {
        "zh": "OpenStreetMap 等数据常把一条河在桥、闸处断成多段；不合并的话每段都成一条渠道。",
        "en": "OpenStreetMap and similar data split a river at every bridge or sluice; unmerged, each piece becomes a channel.",
    },
    "staff.geometry.explode": {"zh": "多段线拆成多条渠道", "en": "Split multi-part lines into channels"},
    "staff.geometry.explode_help": {
        "zh": "裁剪过的数据里，一条河可能由互不相连的几段组成；勾选后每段导入为一条渠道，名称后加 (1)、(2)。",
        "en": "In clipped data a river may be several parts that do not join; ticked, each part becomes a channel named (1), (2).",
    },
    "staff.geometry.ignore_codes": {"zh": "忽略文件里的编号，自动编号", "en": "Ignore the file's codes and number the channels"},
    "staff.geometry.ignore_codes_help": {
        "zh": "文件里的 code 字段不是渠道编号时（例如 OpenStreetMap 的 code 标签）勾选。",
        "en": "Tick when the file's code field is not the channel's code (e.g. OpenStreetMap's code tag).",
    },
    "staff.geometry.dangles": {
        "zh": "另有悬空端点 {count} 个（渠首和出口本来就是悬空的；命令 `watershed network check --json` 可列出全部）。",
        "en": "Also {count} dangling ends (heads and outlets always are; `watershed network check --json` lists them).",
    },
    "network.none": {"zh": "无", "en": "none"},
    "network.segment_run": {"zh": "{first} 至 {last}，共 {count} 段", "en": "{first} to {last}, {count} in all"},
    "network.dangles_hidden": {
        "zh": "悬空端点 {count} 个（渠首和出口本来就是悬空的；完整清单见 --json）。",
        "en": "{count} dangling ends (heads and outlets always are; --json lists them).",
    },
}
