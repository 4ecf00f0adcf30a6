"""Part geometry: channel and pond files, importing and exporting them, cutting segments."""

# Messages about one feature take `file`, `number` (1-based position in the file) and `feature`
# (the feature's own code and name from the file, or "#<number>" when it has neither).
_FEATURE_ZH = "文件“{file}”第 {number} 个要素（{feature}）"
_FEATURE_EN = 'File "{file}", feature {number} ({feature})'

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
    "import.what.apart": {"zh": "不与渠道相交的鱼塘", "en": "ponds touching no channel"},
    "import.what.near_miss": {"zh": "近距未接的渠道端点（见 watershed network check）",
                              "en": "channel ends near but not joined (see watershed network check)"},
    # A geometry file (watershed.geo): the file itself
    "geo.file_missing": {
        "zh": "找不到文件“{file}”。请检查文件名和所在文件夹是否正确。",
        "en": 'File "{file}" does not exist. Check the file name and its folder.',
    },
    "geo.not_a_file": {
        "zh": "“{file}”是文件夹，不是文件。请选择其中的数据文件（Shapefile 可直接选 .shp，或打包成 .zip）。",
        "en": '"{file}" is a folder, not a file. Choose the data file inside it '
        "(for a Shapefile, its .shp or a .zip of its parts).",
    },
    "geo.format_unsupported": {
        "zh": "无法读取文件“{file}”的格式。请另存为以下格式之一：{formats}"
        "（Shapefile 请把 .shp、.shx、.dbf、.prj 一起打包成 .zip）。",
        "en": 'File "{file}" is not in a format that can be read. Save it as one of {formats} '
        "(for a Shapefile, zip its .shp, .shx, .dbf and .prj together).",
    },
    "geo.file_empty": {
        "zh": "文件“{file}”是空的（0 字节）。请重新导出或重新复制该文件。",
        "en": 'File "{file}" is empty (0 bytes). Export or copy it again.',
    },
    "geo.file_unreadable": {
        "zh": "文件“{file}”无法按 {format} 格式读取：文件已损坏、不完整，或并非该格式。"
        "请在 GIS 软件中重新导出后再导入。",
        "en": 'File "{file}" cannot be read as {format}: it is damaged, incomplete or not that '
        "format. Export it again from your GIS software and import the new file.",
    },
    "geo.no_features": {
        "zh": "文件“{file}”（图层“{layer}”）中没有任何要素。请确认选对了文件，或用 --layer 选择其他图层。",
        "en": 'File "{file}" (layer "{layer}") has no features. Check that this is the right '
        "file, or choose another layer with --layer.",
    },
    "geo.no_layers": {
        "zh": "文件“{file}”中没有带几何图形的图层。请导出包含点、线或面的图层。",
        "en": 'File "{file}" has no layer with geometry. Export a layer of points, lines or '
        "polygons.",
    },
    "geo.layer_ambiguous": {
        "zh": "文件“{file}”包含多个图层：{layers}。请用 --layer 指定要导入的图层。",
        "en": 'File "{file}" has several layers: {layers}. Choose one with --layer.',
    },
    "geo.layer_unknown": {
        "zh": "文件“{file}”中没有名为“{layer}”的图层。现有图层：{layers}；请用 --layer 指定其中之一。",
        "en": 'File "{file}" has no layer named "{layer}". Its layers are: {layers}; '
        "give one of them with --layer.",
    },
    "geo.zip_without_shapefile": {
        "zh": "压缩包“{file}”里没有 .shp 文件。请把 Shapefile 的 .shp、.shx、.dbf、.prj 文件一起打包成 .zip。",
        "en": 'Zip file "{file}" contains no .shp file. Zip the .shp, .shx, .dbf and .prj '
        "of the Shapefile together.",
    },
    "geo.zip_encrypted": {
        "zh": "压缩包“{file}”设置了密码，无法读取。请去掉密码后重新打包。",
        "en": 'Zip file "{file}" is password-protected. Zip it again without a password.',
    },
    "geo.shapefile_part_missing": {
        "zh": "“{file}”缺少 Shapefile 的组成文件“{part}”。Shapefile 需要 .shp、.shx、.dbf"
        "（最好还有 .prj）放在一起，请补齐后重新导入（压缩包请一起打包）。",
        "en": '"{file}" lacks the Shapefile part "{part}". A Shapefile needs its .shp, .shx '
        "and .dbf (and preferably .prj) together; add the missing part (inside the zip, if "
        "zipped) and import again.",
    },
    "geo.encoding_mismatch": {
        "zh": "“{file}”的 .cpg 文件声明属性表编码为 {encoding}，但属性表内容并非此编码。"
        "请删除 .cpg 文件（系统会自动识别 GBK 和 UTF-8），或在其中写入正确的编码。",
        "en": 'The .cpg of "{file}" says the attribute table is in {encoding}, but its text '
        "is not. Delete the .cpg (GBK and UTF-8 are then detected) or write the right "
        "encoding in it.",
    },
    "geo.name_field_missing": {
        "zh": "文件“{file}”中没有名为“{field}”的字段。现有字段：{fields}；请用 --name-field 指定其中之一。",
        "en": 'File "{file}" has no field named "{field}". Its fields are: {fields}; '
        "name one of them with --name-field.",
    },
    # A geometry file: coordinate reference systems
    "geo.crs_unknown": {
        "zh": "无法识别坐标系“{crs}”（文件“{file}”）。请用 --crs 填写 EPSG 代码，例如 "
        "--crs EPSG:4546（CGCS2000 3 度带高斯-克吕格，中央经线 111°E）或 --crs EPSG:4490。",
        "en": 'Coordinate reference system "{crs}" (for file "{file}") is not recognised. '
        "Give an EPSG code with --crs, e.g. --crs EPSG:4546 (CGCS2000 3-degree "
        "Gauss-Kruger, CM 111°E) or --crs EPSG:4490.",
    },
    "geo.crs_unsupported": {
        "zh": "文件“{file}”的坐标系“{crs}”既不是经纬度坐标系，也不是平面投影坐标系，无法换算。"
        "请用 --crs 指定数据实际使用的坐标系，例如 --crs EPSG:4546。",
        "en": 'The coordinate reference system "{crs}" of file "{file}" is neither '
        "longitude/latitude nor a map projection, so it cannot be converted. Give the CRS "
        "the data is really in with --crs, e.g. --crs EPSG:4546.",
    },
    "geo.crs_missing": {
        "zh": "文件“{file}”没有坐标系信息（缺少 .prj 或坐标系定义），而其坐标（如 {sample}）不是经纬度。"
        "请用 --crs 指定数据的坐标系，例如 --crs EPSG:4546。",
        "en": 'File "{file}" does not say its coordinate reference system (no .prj or CRS '
        "definition), and its coordinates (e.g. {sample}) are not longitude/latitude. "
        "Give the CRS with --crs, e.g. --crs EPSG:4546.",
    },
    "geo.crs_missing_gauss_kruger": {
        "zh": "文件“{file}”没有坐标系信息（缺少 .prj 或坐标系定义），其坐标（如 {sample}）"
        "看起来是高斯-克吕格投影的米制坐标。请用 --crs 指定坐标系，例如 --crs {suggestion}（{crs_name}）。",
        "en": 'File "{file}" does not say its coordinate reference system (no .prj or CRS '
        "definition); its coordinates (e.g. {sample}) look like Gauss-Kruger metres. "
        "Give the CRS with --crs, e.g. --crs {suggestion} ({crs_name}).",
    },
    "geo.crs_not_degrees": {
        "zh": "文件“{file}”按坐标系 {crs} 应为经纬度，但其坐标（如 {sample}）不是经纬度度数。"
        "请用 --crs 指定数据实际使用的坐标系，例如 --crs EPSG:4546。",
        "en": 'File "{file}" should be in longitude/latitude by its CRS {crs}, but its '
        "coordinates (e.g. {sample}) are not degrees. Give the CRS the data is really in "
        "with --crs, e.g. --crs EPSG:4546.",
    },
    "geo.crs_not_degrees_gauss_kruger": {
        "zh": "文件“{file}”按坐标系 {crs} 应为经纬度，但其坐标（如 {sample}）看起来是高斯-克吕格投影的米制坐标。"
        "请用 --crs 指定实际坐标系，例如 --crs {suggestion}（{crs_name}）。",
        "en": 'File "{file}" should be in longitude/latitude by its CRS {crs}, but its '
        "coordinates (e.g. {sample}) look like Gauss-Kruger metres. Give the CRS the data "
        "is really in with --crs, e.g. --crs {suggestion} ({crs_name}).",
    },
    "geo.crs_projected_but_degrees": {
        "zh": "文件“{file}”的坐标系 {crs} 是平面投影，但其坐标（如 {sample}）看起来是经纬度。"
        "如果数据实际是经纬度，请加 --crs EPSG:4490（或 EPSG:4326）。",
        "en": 'File "{file}" is in the projected CRS {crs}, but its coordinates (e.g. '
        "{sample}) look like longitude/latitude. If they are, add --crs EPSG:4490 "
        "(or EPSG:4326).",
    },
    "geo.crs_assumed_wgs84": {
        "zh": "文件“{file}”没有坐标系信息，但坐标看起来是经纬度，已按 WGS84（EPSG:4326）读取。"
        "如不正确，请用 --crs 指定坐标系。",
        "en": 'File "{file}" does not say its coordinate reference system; its coordinates '
        "look like degrees and were read as WGS 84 (EPSG:4326). If that is wrong, give the "
        "CRS with --crs.",
    },
    "geo.gcj02_needs_degrees": {
        "zh": "--gcj02 只适用于经纬度坐标，但文件“{file}”的坐标系 {crs} 是平面投影。"
        "请去掉 --gcj02，或先把数据导出为高德经纬度坐标再导入。",
        "en": '--gcj02 applies only to longitude/latitude, but file "{file}" is in the '
        "projected CRS {crs}. Leave out --gcj02, or export the data as Gaode "
        "longitude/latitude first.",
    },
    # A geometry file: one feature
    "geo.geometry_missing": {
        "zh": _FEATURE_ZH + "没有几何图形。请在 GIS 软件中补画或删除该要素。",
        "en": _FEATURE_EN + " has no geometry. Draw it or delete the feature in your GIS "
        "software.",
    },
    "geo.geometry_empty": {
        "zh": _FEATURE_ZH + "的几何图形是空的（没有任何坐标点）。请在 GIS 软件中重画或删除该要素。",
        "en": _FEATURE_EN + " has an empty geometry (no coordinates). Redraw or delete the "
        "feature in your GIS software.",
    },
    "geo.geometry_damaged": {
        "zh": _FEATURE_ZH + "的几何图形已损坏，无法读取（例如只有一个点的线，或没有闭合的面）。"
        "请在 GIS 软件中修复或重画后重新导出。",
        "en": _FEATURE_EN + " has a damaged geometry that cannot be read (e.g. a line with one "
        "point or a ring that does not close). Repair or redraw it and export again.",
    },
    "geo.channel_not_line": {
        "zh": _FEATURE_ZH + "是 {found}，而渠道必须是线（LineString）。请确认选对了渠道图层，或把渠道画成线。",
        "en": _FEATURE_EN + " is a {found}, but a channel must be a line (LineString). Check "
        "that this is the channels layer, or draw the channel as a line.",
    },
    "geo.pond_not_polygon": {
        "zh": _FEATURE_ZH + "是 {found}，而鱼塘必须是面（Polygon）。请确认选对了鱼塘图层，或把鱼塘画成面。",
        "en": _FEATURE_EN + " is a {found}, but a pond must be a polygon (Polygon). Check "
        "that this is the ponds layer, or draw the pond as a polygon.",
    },
    "geo.source_not_point": {
        "zh": _FEATURE_ZH + "是 {found}，而水源必须是点（Point）。请确认选对了水源图层，或把水源画成一个点。",
        "en": _FEATURE_EN + " is a {found}, but a source must be a point (Point). Check that "
        "this is the sources layer, or draw the source as one point.",
    },
    "geo.boundary_not_polygon": {
        "zh": _FEATURE_ZH + "是 {found}，而流域边界必须是面（Polygon）。请确认选对了边界图层，或把边界画成面。",
        "en": _FEATURE_EN + " is a {found}, but a boundary must be a polygon (Polygon). "
        "Check that this is the boundary layer, or draw the boundary as a polygon.",
    },
    "geo.channel_multipart": {
        "zh": _FEATURE_ZH + "由 {parts} 段线组成，这些线首尾不相连或方向不一致，无法合并成一条渠道。"
        "请加 --explode 把每段导入为一条渠道（名称后加 (1)、(2)…），或按从上游到下游的方向把它们连成一条线。",
        "en": _FEATURE_EN + " has {parts} parts that do not join end to start into one line. "
        "Add --explode to import each part as a channel of its own (named with (1), (2), …), "
        "or join them into one line drawn from upstream to downstream.",
    },
    "geo.channel_too_short": {
        "zh": _FEATURE_ZH + "的线长度为零（少于两个不同的点）。请重画该渠道或删除该要素。",
        "en": _FEATURE_EN + " is a line of zero length (fewer than two distinct points). "
        "Redraw the channel or delete the feature.",
    },
    "geo.out_of_range": {
        "zh": _FEATURE_ZH + "换算成经纬度后坐标为 {sample}，超出经度 ±180°、纬度 ±90° 的范围或不是数字。"
        "请检查该要素的坐标，或用 --crs 指定正确的坐标系。",
        "en": _FEATURE_EN + " lies at {sample} in longitude/latitude, which is beyond "
        "±180°/±90° or not a number. Check its coordinates, or give the right CRS with "
        "--crs.",
    },
    "geo.code_blank": {
        "zh": _FEATURE_ZH + "的编号（字段“{field}”）为空。请为每个要素填写不重复的编号；"
        "如该字段并非渠道编号（例如 OpenStreetMap 的 code 标签），请加 --ignore-codes 自动生成编号。",
        "en": _FEATURE_EN + ' has a blank code (field "{field}"). Give every feature its own '
        "code; if this field is not your code (an OpenStreetMap code tag, say), add "
        "--ignore-codes to have codes generated.",
    },
    "geo.code_whitespace": {
        "zh": _FEATURE_ZH + "的编号“{code}”中含有空格。请删去编号中的空格，或改用“-”连接。",
        "en": _FEATURE_EN + ' has the code "{code}", which contains a space. Remove the '
        'space from the code or use "-" instead.',
    },
    "geo.code_duplicate": {
        "zh": _FEATURE_ZH + "的编号“{code}”与第 {first} 个要素重复。请给每个要素一个不同的编号；"
        "如该字段并非渠道编号（例如 OpenStreetMap 的 code 标签），请加 --ignore-codes 自动生成编号。",
        "en": _FEATURE_EN + ' has the code "{code}", which feature {first} has too. Give '
        "every feature its own code; if this field is not your code (an OpenStreetMap code "
        "tag, say), add --ignore-codes to have codes generated.",
    },
    "geo.names_blank": {
        "zh": "文件“{file}”的 {count} 个要素都没有名称（查找的字段：{fields}），只能按编号识别。"
        "如名称在其他字段中，请用 --name-field 指定。",
        "en": 'None of the {count} features of file "{file}" has a name (fields looked in: '
        "{fields}); they are known by code only. If the names are in another field, give it "
        "with --name-field.",
    },
    "geo.code_prefix_bad": {
        "zh": "编号前缀“{prefix}”不可用：前缀不能为空、不能含空格、不能以数字结尾，且最多 {longest} 个字符。"
        "请改用如 --code-prefix GZQ 的前缀。",
        "en": 'The code prefix "{prefix}" cannot be used: it must not be blank, hold a space or '
        "end in a digit, and has at most {longest} characters. Give one like --code-prefix GZQ.",
    },
    "geo.repaired": {
        "zh": _FEATURE_ZH + "的几何图形无效（问题位置约在 {where}），已自动修复。请在地图上核对该要素的形状。",
        "en": _FEATURE_EN + " had an invalid geometry (near {where}) and was repaired "
        "automatically. Check its shape on the map.",
    },
    "geo.repair_unusable": {
        "zh": _FEATURE_ZH + "的面无效（例如面积为零，或边界重叠），自动修复后已不成面。请在 GIS 软件中重画该要素。",
        "en": _FEATURE_EN + " is an invalid polygon (e.g. of zero area) that does not remain "
        "a polygon when repaired. Redraw the feature in your GIS software.",
    },
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
        "zh": "文件（GeoJSON、GeoPackage、压缩的 Shapefile 或 KML，不超过 200 MB）",
        "en": "File (GeoJSON, GeoPackage, zipped Shapefile or KML; up to 200 MB)",
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
}
