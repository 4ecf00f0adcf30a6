"""Part geometry: channel and pond files, importing and exporting them, cutting segments."""

ENTRIES: dict[str, dict[str, str]] = {
    # importing (services.geometry.imports)
    "action.import": {"zh": "导入数据", "en": "import data"},
    "import.codes_exist": {
        "zh": "{file}：有 {count} 个编号已在数据库中（{codes}），本次未导入任何数据：请删去这些要素或改用新编号后重试，或加 --ignore-codes 接着已有编号自动生成。",
        "en": "{file}: {count} codes are already in the database ({codes}); nothing was imported: remove those features or give them new codes and try again, or add --ignore-codes to generate codes following the stored ones.",
    },
    # What an import finds suspicious against the channels stored by then: warned, not refused.
    "import.water_kind_for_ponds": {
        "zh": "--kind 只用于鱼塘图层（watershed import ponds），说明这些面是鱼塘、水库、湖泊还是河面；{kind} 没有这个选项。",
        "en": "--kind is for the ponds layer only (watershed import ponds), to say whether the polygons are ponds, reservoirs, lakes or river surfaces; {kind} has no such option.",
    },
    "import.pond_large": {
        "zh": "{file}：鱼塘 {pond} 面积 {km2} 平方公里，超过 1 平方公里：这是湖泊还是水库？只有鱼塘会阻水。若不是鱼塘，请用 --kind lake|reservoir|river 导入这类水面，或改正这一处：watershed pond {code} --kind lake|reservoir|river。",
        "en": "{file}: pond {pond} covers {km2} km², over 1 km²: is this a lake or a reservoir? Only ponds block. If it is not a pond, import such water with --kind lake|reservoir|river, or correct this one: watershed pond {code} --kind lake|reservoir|river.",
    },
    "import.pond_off_channels": {
        "zh": "{file}：鱼塘 {pond} 与已导入的渠道都不相交，不阻断任何渠道（之后再导入渠道时，活水计算会按新的渠道重新判断）。",
        "en": "{file}: pond {pond} touches none of the channels stored now, so it blocks nothing (channels imported later are taken into account by the live-water figures).",
    },
    "import.ponds_before_channels": {
        "zh": "{file}：还没有导入渠道，无法判断这 {count} 口鱼塘是否截断渠道；活水计算只把与渠道相交的鱼塘算作阻水。",
        "en": "{file}: no channels are stored yet, so whether these {count} ponds cut a channel cannot be told now; live water counts as blocking only the ponds that cross a channel.",
    },
    "import.near_miss": {
        "zh": "{file}：渠道 {channel} 的{end}距渠道 {other} {distance_m} 米，没有接上（超过 {snap:g} 米的接合容差）：请在 GIS 中检查，确应相通就接上；详见 watershed network check。",
        "en": "{file}: channel {channel}'s {end} is {distance_m} m from channel {other} and not joined (beyond the {snap:g} m join tolerance): check them in your GIS and join them if they do meet; see watershed network check.",
    },
    "import.more_warnings": {
        "zh": "{file}：另有 {count} 处{what}，未逐条列出。",
        "en": "{file}: {count} more {what}, not listed one by one.",
    },
    "import.what.large": {"zh": "超过 1 平方公里的鱼塘", "en": "ponds over 1 km²"},
    "import.what.not_simple": {"zh": "与自身相交或重叠的渠道", "en": "channels crossing or running over themselves"},
    # Where things are (watershed.geo.location)
    "import.outside_china": {
        "zh": "{file}：{feature} 有坐标点位于 {sample}，在中国范围（{box}）之外：坐标可能是另一坐标系（见 --crs）、"
        "经纬度填反或为 0。如确实在那里，请加 --allow-far 导入。",
        "en": "{file}: {feature} has a point at {sample}, outside China ({box}): the "
        "coordinates may be in another CRS (see --crs), swapped or zero. If it really is "
        "there, import with --allow-far.",
    },
    "import.far": {
        "zh": "{file}：{feature} 有坐标点位于 {sample}，离本流域已有数据的范围 {km} 公里（超过 {limit:g} 公里）："
        "是另一个地方的文件，还是坐标系不对（见 --crs、--gcj02）？如确属本流域，请加 --allow-far 导入。",
        "en": "{file}: {feature} has a point at {sample}, {km} km from the extent of the "
        "basin's data (more than {limit:g} km): is this another place's file, or the wrong CRS "
        "(see --crs, --gcj02)? If it does belong to the basin, import with --allow-far.",
    },
    "import.far_allowed": {
        "zh": "{file}：按 --allow-far 导入了 {count} 个在中国范围之外或远离本流域数据的要素（第一个：{first}，位于 {sample}）。",
        "en": "{file}: {count} features outside China or far from the basin's data were "
        "imported as --allow-far asks (the first: {first}, at {sample}).",
    },
    "import.what.apart": {"zh": "不与渠道相交的鱼塘", "en": "ponds touching no channel"},
    "import.what.near_miss": {"zh": "近距未接的渠道端点（见 watershed network check）",
                              "en": "channel ends near but not joined (see watershed network check)"},
    # cutting channels into segments (services.geometry.segmenting)
    "action.segment": {"zh": "划分河段", "en": "cut channels into segments"},
    "segment.no_channel": {
        "zh": "没有编号为 {code} 的渠道：请用 watershed stats 或导出的渠道表核对编号。",
        "en": "there is no channel with the code {code}: check the code against the exported channel list.",
    },
    "segment.in_custody": {
        "zh": "{channels} 条渠道（{codes}）的 {segments} 个河段仍有包保户，未重新划分：如确需重划，请加 --force，这些包保将被终止并留有记录。",
        "en": "{segments} segments of {channels} channels ({codes}) are in custody; nothing was re-cut: add --force to re-cut them, which ends those custodies with a record.",
    },
    "segment.recut_reason": {"zh": "渠道重新划段", "en": "channel re-cut into new segments"},
    # The quantities a person gives, as the refusals name them (services.common.numbers: `field`).
    "field.segment_length": {"zh": "目标段长（米）", "en": "Target segment length (m)"},
    # exporting (services.geometry.exporting)
    "export.bad_layer": {
        "zh": "没有名为 {layer} 的图层：请从 {layers} 中选择（--layer）。",
        "en": "there is no layer {layer}: choose --layer from {layers}.",
    },
    "export.one_layer": {
        "zh": "{file} 只能容纳一个图层：请用 --layer 指定（{layers}）。",
        "en": "{file} holds one layer only: name it with --layer ({layers}).",
    },
    # `watershed import`, `watershed segment`, `watershed export`
    "cli.imported": {"zh": "已从 {file} 导入 {count} 条{kind}记录（坐标系 {crs}）。", "en": "Imported {count} {kind} from {file} (CRS {crs})."},
    "import.kind.channels": {"zh": "渠道", "en": "channels"},
    "import.kind.ponds": {"zh": "水面", "en": "water bodies"},
    "import.kind.sources": {"zh": "水源", "en": "sources"},
    "import.kind.boundary": {"zh": "边界", "en": "boundary"},
    "cli.name_fields": {"zh": "名称取自字段：{fields}。", "en": "Names taken from the field(s) {fields}."},
    "cli.exploded": {
        "zh": "拆分多段线：{lines} 条线拆成 {channels} 条渠道。",
        "en": "Split multi-part lines: {lines} line(s) became {channels} channels.",
    },
    "cli.merged": {
        "zh": "按名称合并：{pieces} 段合并成 {channels} 条渠道。",
        "en": "Merged by name: {pieces} pieces became {channels} channel(s).",
    },
    "cli.warning": {"zh": "注意：{message}", "en": "warning: {message}"},
    "cli.segmented": {
        "zh": "已划分 {channels} 条渠道，新建 {created} 个河段，停用旧河段 {retired} 个，终止包保 {ended} 条；{unchanged} 条渠道无需改动。",
        "en": "Cut {channels} channels into {created} new segments; retired {retired} old segments and ended {ended} custodies; {unchanged} channels unchanged.",
    },
    "cli.exported": {"zh": "已导出到 {file}：{layers}。", "en": "Exported to {file}: {layers}."},
    # the 渠道与划段 page, and the cut drawn before it is saved (watershed.ui.widgets.plan_map)
    "staff.page.geometry": {"zh": "渠道与划段", "en": "Channels and segmenting"},
    "staff.geometry.import_title": {"zh": "导入渠道或鱼塘", "en": "Import channels or ponds"},
    "staff.geometry.kind": {"zh": "图层", "en": "Layer"},
    "staff.geometry.kind.channels": {"zh": "渠道", "en": "channels"},
    "staff.geometry.kind.ponds": {"zh": "鱼塘", "en": "ponds"},
    "staff.geometry.file": {
        "zh": "文件（GeoJSON、GeoPackage、压缩的 Shapefile 或 KML，不超过 {limit} MB）",
        "en": "File (GeoJSON, GeoPackage, zipped Shapefile or KML; up to {limit} MB)",
    },
    "staff.geometry.allow_far": {"zh": "允许远离流域的要素", "en": "Allow features far from the basin"},
    "staff.geometry.allow_far_help": {
        "zh": "不勾选时，中国范围之外、或离本流域已有数据超过 50 公里的要素会被拒绝（多半是坐标系不对或拿错了文件）。",
        "en": "Unticked, features outside China or more than 50 km from the basin's data are refused (mostly a wrong CRS or another place's file).",
    },
    "staff.geometry.encoding": {"zh": "属性表编码（可选，如 GBK）", "en": "Attribute encoding (optional, e.g. GBK)"},
    "staff.geometry.encoding_help": {
        "zh": "Shapefile 的名称显示为乱码时填写；留空则按 .cpg 文件或自动识别。",
        "en": "For a Shapefile whose names come out garbled; empty means the .cpg, or detection.",
    },

    "staff.geometry.crs": {"zh": "坐标系（可选，如 EPSG:4546）", "en": "Coordinate system (optional, e.g. EPSG:4546)"},
    "staff.geometry.crs_help": {
        "zh": "文件自带坐标系时留空。没有坐标系且坐标不是经纬度的文件，需要在这里填写，例如 CGCS2000 高斯-克吕格 111°E 带为 EPSG:4546。",
        "en": "Leave empty when the file names its own. A file without one whose coordinates are not degrees needs it here, e.g. EPSG:4546 for CGCS2000 Gauss-Krüger at 111°E.",
    },
    "staff.geometry.gcj02": {"zh": "数据是在高德地图上描绘的（GCJ-02）", "en": "Drawn on Gaode/AMap (GCJ-02)"},
    "staff.geometry.gcj02_help": {
        "zh": "高德坐标在这里偏移约 600 米；勾选后导入时换算为 WGS84。",
        "en": "Gaode coordinates are offset by about 600 m here; ticked, they are converted to WGS84 on import.",
    },
    "staff.geometry.import": {"zh": "导入", "en": "Import"},
    "staff.geometry.imported": {"zh": "已从 {file} 导入 {count} 个{kind}要素。", "en": "{count} {kind} imported from {file}."},
    "staff.geometry.cut_title": {"zh": "划分河段", "en": "Cut the channels into segments"},
    "staff.geometry.target": {"zh": "目标段长（米）", "en": "Target length (m)"},
    "staff.geometry.plan": {"zh": "预览划分结果", "en": "Show the cut"},
    "staff.geometry.planned": {
        "zh": "按 {target:,.0f} 米划分：{count} 个河段，共 {km:,.1f} 公里。尚未保存，请在地图上查看。",
        "en": "Cut at {target:,.0f} m: {count} segments, {km:,.1f} km in all. Not saved yet: look at it on the map.",
    },
    "staff.geometry.force": {"zh": "已有包保的渠道也重新划分", "en": "Re-cut channels whose segments are in custody"},
    "staff.geometry.force_help": {
        "zh": "不勾选时，河段已有包保户的渠道不会被重新划分，保存会被拒绝。勾选后这些包保会被终止（记录保留），新河段需要重新分配包保户。",
        "en": "Unticked, channels with segments in custody are not re-cut and saving is refused. Ticked, those custodies end (their records are kept) and the new segments need custodians again.",
    },
    "staff.geometry.save": {"zh": "保存划分结果", "en": "Save the segments"},
    "staff.geometry.saved": {
        "zh": "已保存：新建 {created} 个河段，停用旧河段 {retired} 个，终止包保 {ended} 个，{unchanged} 条渠道未变。",
        "en": "Saved: {created} segments created, {retired} old ones retired, {ended} custodies ended, {unchanged} channels unchanged.",
    },
    "staff.plan.first_drawn": {
        "zh": "共 {count} 个河段，地图只画出前 {limit} 个。",
        "en": "{count} segments; the map draws the first {limit}.",
    },
    "staff.plan.label": {"zh": "{code} · {length:,.0f} 米", "en": "{code} · {length:,.0f} m"},
    # the map zoomed out over more segments than it draws (services.geometry.mapdata)
    "map.overview": {
        "zh": "概览：此范围内共 {total:,} 段，按网格每格只画最长的一段（{shown:,} 段）。放大地图即可看到每一段。",
        "en": "An overview: of the {total:,} segments in this view, the longest in each cell of a grid are drawn ({shown:,}). Zoom in to see every segment.",
    },
}
