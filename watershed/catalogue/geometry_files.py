"""Part geometry: a channel, pond, source or boundary file as watershed.geo reads it: the file
itself (its size, zip, encoding), its coordinate system and each feature's shape."""

# Messages about one feature take `file`, `number` (1-based position in the file) and `feature`
# (the feature's own code and name from the file, or "#<number>" when it has neither).
_FEATURE_ZH = "文件“{file}”第 {number} 个要素（{feature}）"
_FEATURE_EN = 'File "{file}", feature {number} ({feature})'

ENTRIES: dict[str, dict[str, str]] = {
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
        "zh": "“{file}”的 .cpg 文件声明属性表编码为 {encoding}，但属性表内容并非此编码（看起来是 {suggested}）。"
        "请加 --encoding {suggested} 导入，或删除 .cpg 文件（系统会自动识别），或在其中写入正确的编码。",
        "en": 'The .cpg of "{file}" says the attribute table is in {encoding}, but its text '
        "is not (it looks like {suggested}). Import with --encoding {suggested}, delete the "
        ".cpg (the encoding is then detected) or write the right encoding in it.",
    },
    "geo.encoding_doubtful": {
        "zh": "“{file}”的 .cpg 文件声明属性表编码为 {encoding}，但按此读出的名称像乱码（“{declared_text}”）；"
        "按 {suggested} 读出则是“{suggested_text}”。请加 --encoding {suggested} 导入（若 {encoding} 确实无误，"
        "加 --encoding {encoding}），或改正 .cpg 文件。",
        "en": 'The .cpg of "{file}" says the attribute table is in {encoding}, but the names '
        'read that way look garbled ("{declared_text}"); read as {suggested} they are '
        '"{suggested_text}". Import with --encoding {suggested} (or --encoding {encoding} if '
        "that is right after all), or correct the .cpg.",
    },
    "geo.encoding_option_mismatch": {
        "zh": "“{file}”的属性表不是 --encoding 指定的 {encoding} 编码（看起来是 {suggested}）。"
        "请改用 --encoding {suggested}，或去掉 --encoding 让系统自动识别。",
        "en": 'The attribute table of "{file}" is not in {encoding}, as --encoding says (it '
        "looks like {suggested}). Use --encoding {suggested}, or leave --encoding out to have "
        "it detected.",
    },
    "geo.encoding_unknown": {
        "zh": "无法识别编码“{encoding}”（文件“{file}”）。常用的有：{known}。",
        "en": 'Encoding "{encoding}" (for file "{file}") is not known. The usual ones are: '
        "{known}.",
    },
    "geo.encoding_undetected": {
        "zh": "无法识别“{file}”属性表的文字编码（不是 {known} 中的任何一种）。请用 --encoding 指定，"
        "或在 GIS 软件中另存为 UTF-8。",
        "en": 'The text encoding of the attribute table of "{file}" is not recognised (it is '
        "none of {known}). Name it with --encoding, or save it as UTF-8 from your GIS "
        "software.",
    },
    "geo.encoding_detected": {
        "zh": "“{file}”的属性表按 {encoding} 编码读取（例如“{example}”）。如果名称不对，请用 --encoding 指定正确的编码后重新导入。",
        "en": 'The attribute table of "{file}" was read as {encoding} (e.g. "{example}"). If '
        "the names are wrong, import it again with the right --encoding.",
    },
    "geo.encoding_not_shapefile": {
        "zh": "--encoding 只用于 Shapefile 的属性表和 CSV 户籍表；{format} 文件“{file}”按标准总是 UTF-8，请去掉 --encoding。",
        "en": '--encoding is for a Shapefile\'s attribute table and a CSV register only; '
        '{format} file "{file}" is always UTF-8 by its standard: leave --encoding out.',
    },
    # A geometry file: its size (watershed.geo.limits), checked before it is read
    "geo.file_too_large": {
        "zh": "文件“{file}”有 {size}，超过导入上限 {limit}。请只导出本流域范围内的图层，或分成几个文件导入"
        "（上限可由管理员用 WATERSHED_IMPORT_MAX_MB 调高）。",
        "en": 'File "{file}" is {size}, more than the {limit} an import takes. Export only the '
        "basin's area, or split it into several files (an administrator can raise the limit "
        "with WATERSHED_IMPORT_MAX_MB).",
    },
    "geo.unpacked_too_large": {
        "zh": "“{file}”中的 Shapefile 解压后有 {size}，超过上限 {limit}，未解压。请只导出本流域范围内的图层。",
        "en": 'The Shapefile in "{file}" unpacks to {size}, more than the {limit} an import '
        "takes; nothing was unpacked. Export only the basin's area.",
    },
    "geo.zip_too_many_members": {
        "zh": "压缩包“{file}”里有 {count} 个文件，超过上限 {limit}。请只把 Shapefile 的各组成文件打包。",
        "en": 'Zip file "{file}" holds {count} files, more than {limit}. Zip only the parts '
        "of the Shapefile.",
    },
    "geo.too_many_features": {
        "zh": "文件“{file}”有 {count} 个要素，超过一次导入的上限 {limit}。请只导出本流域范围内的要素，或分批导入。",
        "en": 'File "{file}" has {count} features, more than the {limit} one import takes. '
        "Export only the basin's features, or import them in parts.",
    },
    "geo.too_many_vertices": {
        "zh": "文件“{file}”共有 {count} 个节点，超过一次导入的上限 {limit}。请在 GIS 软件中简化线条"
        "（如按 1 米容差），或只导出本流域范围内的要素。",
        "en": 'File "{file}" has {count} vertices in all, more than the {limit} one import '
        "takes. Simplify the lines in your GIS software (e.g. to 1 m) or export only the "
        "basin's features.",
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
    "geo.feature_too_many_vertices": {
        "zh": _FEATURE_ZH + "有 {count} 个节点，超过单个要素的上限 {limit}。请在 GIS 软件中简化或拆分该要素。",
        "en": _FEATURE_EN + " has {count} vertices, more than the {limit} one feature may "
        "have. Simplify or split it in your GIS software.",
    },
    "geo.line_not_simple": {
        "zh": _FEATURE_ZH + "与自身相交或重叠（例如双击多画了一段、同一段描了两遍）。已导入，请在 GIS 软件中检查。",
        "en": _FEATURE_EN + " crosses or runs over itself (a double click, a stretch traced "
        "twice?). It was imported; check it in your GIS software.",
    },
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
}
