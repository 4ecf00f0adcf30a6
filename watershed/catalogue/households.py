"""Catalogue entries for the households area: key -> {"zh": ..., "en": ...}.

Messages about one row take `file` and `row` (the spreadsheet row number, the header being
row 1); `column` is the column's title as written in the file.
"""

_ROW_ZH = "文件“{file}”第 {row} 行"
_ROW_EN = 'File "{file}", row {row}'

ENTRIES: dict[str, dict[str, str]] = {
    # --- the file itself -----------------------------------------------------------------
    "households.file_missing": {
        "zh": "找不到农户名册文件“{file}”。请检查文件名和所在文件夹是否正确。",
        "en": 'Household file "{file}" does not exist. Check the file name and its folder.',
    },
    "households.not_a_file": {
        "zh": "“{file}”是文件夹，不是文件。请选择农户名册的 .xlsx 或 .csv 文件。",
        "en": '"{file}" is a folder, not a file. Choose the .xlsx or .csv household file.',
    },
    "households.format_unsupported": {
        "zh": "无法读取文件“{file}”：农户名册只支持 .xlsx 和 .csv。请在 Excel 中“另存为” .xlsx 或“CSV UTF-8”。",
        "en": 'File "{file}" cannot be read: the household register must be .xlsx or .csv. '
        'In Excel, use "Save As" .xlsx or "CSV UTF-8".',
    },
    "households.file_empty": {
        "zh": "文件“{file}”是空的。请在第 1 行填写列标题，从第 2 行起每行填写一户。",
        "en": 'File "{file}" is empty. Put the column titles in row 1 and one household per '
        "row from row 2.",
    },
    "households.not_text": {
        "zh": "文件“{file}”不是文本表格（CSV），或者编码无法识别。请在 Excel 中“另存为”“CSV UTF-8”或 .xlsx。",
        "en": 'File "{file}" is not a text table (CSV) or its encoding is not recognised. '
        'In Excel, use "Save As" "CSV UTF-8" or .xlsx.',
    },
    "households.not_xlsx": {
        "zh": "文件“{file}”不是有效的 Excel .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）。"
        "请用 Excel 打开原表后重新“另存为” .xlsx。",
        "en": 'File "{file}" is not a valid Excel .xlsx file (it may be damaged, or another '
        'kind of file renamed). Open the original in Excel and "Save As" .xlsx again.',
    },
    "households.no_rows": {
        "zh": "文件“{file}”只有表头，没有农户数据。请从第 2 行起每行填写一户。",
        "en": 'File "{file}" has a header but no households. Add one household per row from '
        "row 2.",
    },
    "households.missing_columns": {
        "zh": "文件“{file}”缺少必需的列：{columns}。请在第 1 行添加这些列标题"
        "（可用的列标题，“|”表示任选其一：{accepted}）。",
        "en": 'File "{file}" lacks the required columns: {columns}. Add these titles to row 1 '
        '(accepted titles, "|" separating alternatives: {accepted}).',
    },
    "households.duplicate_column": {
        "zh": "文件“{file}”的列“{first}”和“{second}”表示同一项（{column}）。请删除其中一列或为它改名。",
        "en": 'File "{file}" has columns "{first}" and "{second}" that mean the same ({column}). '
        "Delete or rename one of them.",
    },
    # --- one row ----------------------------------------------------------------------
    "households.row_too_long": {
        "zh": _ROW_ZH + "有 {cells} 个单元格，多于表头的 {columns} 列。"
        "请检查该行是否多了逗号（含逗号的内容须用英文双引号括起来）。",
        "en": _ROW_EN + " has {cells} cells, more than the {columns} columns of the header. "
        "Check it for a stray comma (a value containing a comma must be in double quotes).",
    },
    "households.blank": {
        "zh": _ROW_ZH + "的“{column}”为空。请填写后重新导入。",
        "en": _ROW_EN + ': "{column}" is blank. Fill it in and import again.',
    },
    "households.code_whitespace": {
        "zh": _ROW_ZH + "的户编号“{code}”中含有空格。请删去空格，或改用“-”连接。",
        "en": _ROW_EN + ': household code "{code}" contains a space. Remove it or use "-" '
        "instead.",
    },
    "households.code_duplicate": {
        "zh": _ROW_ZH + "的户编号“{code}”与第 {first} 行重复。请给每户一个不同的编号。",
        "en": _ROW_EN + ': household code "{code}" is also used in row {first}. Give every '
        "household its own code.",
    },
    "households.members_not_whole": {
        "zh": _ROW_ZH + "的“{column}”为“{value}”，不是整数。请填写 1 到 30 之间的整数。",
        "en": _ROW_EN + ': "{column}" is "{value}", not a whole number. Enter a whole number '
        "from 1 to 30.",
    },
    "households.members_range": {
        "zh": _ROW_ZH + "的“{column}”为“{value}”，不在 1 到 30 之间。请核对该户的人口数。",
        "en": _ROW_EN + ': "{column}" is "{value}", outside 1 to 30. Check the number of '
        "people in the household.",
    },
    "households.coordinate_half": {
        "zh": _ROW_ZH + "只填了“{present}”，没有填“{missing}”。经纬度要么都填，要么都不填。",
        "en": _ROW_EN + ' has "{present}" but no "{missing}". Give both longitude and '
        "latitude, or neither.",
    },
    "households.coordinate_not_number": {
        "zh": _ROW_ZH + "的“{column}”为“{value}”，不是数字。请用十进制度数填写，例如 112.08 和 30.37。",
        "en": _ROW_EN + ': "{column}" is "{value}", not a number. Use decimal degrees, e.g. '
        "112.08 and 30.37.",
    },
    "households.longitude_range": {
        "zh": _ROW_ZH + "的经度“{value}”（列“{column}”）超出 -180 到 180 的范围。请检查是否填错或把经纬度填反了。",
        "en": _ROW_EN + ': longitude "{value}" (column "{column}") is outside -180 to 180. '
        "Check it, and that longitude and latitude are not swapped.",
    },
    "households.latitude_range": {
        "zh": _ROW_ZH + "的纬度“{value}”（列“{column}”）超出 -90 到 90 的范围。请检查是否填错或把经纬度填反了。",
        "en": _ROW_EN + ': latitude "{value}" (column "{column}") is outside -90 to 90. '
        "Check it, and that longitude and latitude are not swapped.",
    },
    "households.phone_characters": {
        "zh": _ROW_ZH + "的电话“{value}”（列“{column}”）含有数字、空格、“-”、“+”以外的字符。请只填写号码本身。",
        "en": _ROW_EN + ': phone "{value}" (column "{column}") contains characters other than '
        'digits, spaces, "-" and "+". Enter the number only.',
    },
    "households.phone_length": {
        "zh": _ROW_ZH + "的电话“{value}”（列“{column}”）有 {digits} 位数字，不像电话号码（应为 7 到 15 位）。请核对。",
        "en": _ROW_EN + ': phone "{value}" (column "{column}") has {digits} digits, which is '
        "not a phone number (7 to 15 digits). Check it.",
    },
}
