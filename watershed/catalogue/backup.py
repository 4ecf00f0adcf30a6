"""Part backup: watershed backup / restore, and the download of all data on the geometry page."""

ENTRIES: dict[str, dict[str, str]] = {
    # permissions
    "action.backup": {"zh": "导出全部数据", "en": "export all data"},
    "action.restore": {"zh": "恢复全部数据", "en": "restore all data"},
    # refusals
    "backup.bad_suffix": {
        "zh": "{file} 不是备份文件：备份只能是以下后缀之一：{suffixes}。",
        "en": "{file} is not a backup file: a backup ends in one of {suffixes}.",
    },
    "backup.no_file": {
        "zh": "找不到文件 {file}：请检查路径和文件名。",
        "en": "there is no file {file}: check the path and the name.",
    },
    "backup.unreadable": {
        "zh": "无法读取 {file}（{reason}）：文件已损坏或不完整。请重新导出一份备份，或换用另一份备份。",
        "en": "cannot read {file} ({reason}): the file is damaged or incomplete. Export the backup again, or use another copy.",
    },
    "backup.not_backup": {
        "zh": "{file} 不是本程序导出的全部数据备份（缺少 _about 说明表）：请用 watershed backup 或页面上的“导出全部数据”生成的文件。",
        "en": "{file} is not a full backup written by this program (it has no _about sheet): use a file made by `watershed backup` or the 'export all data' download.",
    },
    "backup.other_revision": {
        "zh": "{file} 来自数据库结构版本 {revision}，本程序是版本 {head}：请用与该备份同版本的程序把它恢复到空数据库，运行 watershed init 升级到 {head}，再重新导出备份。",
        "en": "{file} comes from schema revision {revision}; this program is at {head}: restore it with the program version that wrote it into an empty database, run `watershed init` to migrate it to {head}, then export the backup again.",
    },
    "backup.not_migrated": {
        "zh": "目标数据库还没有升级到结构版本 {head}：请先对它运行 watershed init，再恢复。",
        "en": "the target database is not at schema revision {head}: run `watershed init` on it first, then restore.",
    },
    "backup.not_empty": {
        "zh": "目标数据库不是空的（表 {table} 已有数据）：恢复只能写入空数据库。请用 watershed init --database-url <新数据库> 新建一个空数据库，再恢复到那里。",
        "en": "the target database is not empty (table {table} has rows): a restore goes only into an empty database. Create one with `watershed init --database-url <new database>` and restore into it.",
    },
    "backup.unknown_sheet": {
        "zh": "{file} 里有本程序不认识的表“{sheet}”：备份来自别的版本或被改动过，请用原始备份文件。",
        "en": "{file} holds a sheet '{sheet}' this program does not know: the backup comes from another version or was edited; use the original file.",
    },
    "backup.missing_sheet": {
        "zh": "{file} 缺少表“{sheet}”：文件不完整或被改动过，请用原始备份文件。",
        "en": "{file} has no sheet '{sheet}': the file is incomplete or was edited; use the original backup.",
    },
    "backup.bad_columns": {
        "zh": "表 {table} 的列不对（缺少：{missing}；多出：{extra}）：备份被改动过，请用原始备份文件。",
        "en": "the columns of {table} are wrong (missing: {missing}; extra: {extra}): the backup was edited; use the original file.",
    },
    "backup.row_count": {
        "zh": "表 {table} 有 {found} 行，备份说明写的是 {expected} 行：文件被截断或改动过，请用原始备份文件。",
        "en": "{table} has {found} rows where the backup says {expected}: the file was cut short or edited; use the original backup.",
    },
    "backup.bad_value": {
        "zh": "表 {table} 第 {row} 行“{column}”的值不对（{reason}）：备份被改动过，请用原始备份文件。",
        "en": "the value of '{column}' in row {row} of {table} is wrong ({reason}): the backup was edited; use the original file.",
    },
    "backup.refused": {
        "zh": "数据库拒绝了 {file} 中表 {table} 的数据（{reason}），什么也没有写入：备份被改动过，请用原始备份文件。",
        "en": "the database refused the rows of {table} in {file} ({reason}); nothing was written: the backup was edited; use the original file.",
    },
    # `watershed backup`, `watershed restore`
    "cli.backup_written": {
        "zh": "已把 {tables} 张表共 {rows} 行导出到 {file}。照片不在备份里（备份只记文件名和哈希值）：请另行复制照片文件夹 {photos}。",
        "en": "wrote {tables} tables, {rows} rows in all, to {file}. Photos are not in the backup (it holds their file names and hashes): copy the photo folder {photos} separately.",
    },
    "cli.restored": {
        "zh": "已从 {file} 恢复 {tables} 张表共 {rows} 行。照片请另行复制到照片文件夹 {photos}。",
        "en": "restored {tables} tables, {rows} rows in all, from {file}. Copy the photos into the photo folder {photos} separately.",
    },
    # the download (watershed.ui.widgets_backup, on the 渠道与划段 page)
    "staff.backup.title": {"zh": "导出全部数据", "en": "Export all data"},
    "staff.backup.caption": {
        "zh": "全部数据的备份：Excel 工作簿每张表一页，GeoPackage 每张表一个图层（精确存档）。照片不在其中，请另行复制照片文件夹。恢复只能用命令 `watershed restore` 写入空数据库。",
        "en": "A backup of all data: an Excel workbook with one sheet per table, a GeoPackage with one layer per table (the exact archive). Photos are not in it: copy the photo folder separately. Restoring is done with `watershed restore`, into an empty database.",
    },
    "staff.backup.xlsx": {"zh": "下载全部数据（Excel）", "en": "Download all data (Excel)"},
    "staff.backup.gpkg": {"zh": "下载全部数据（GeoPackage）", "en": "Download all data (GeoPackage)"},
}
