"""Part backup: watershed backup / restore / audit verify, and the download of all data on the
geometry page."""

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
    # the signature and the manifest (watershed.services.backup._signing)
    "backup.bad_secret": {
        "zh": "本机的签名密钥文件 {file} 无法读取或内容不对：请恢复原来的密钥文件（或设置 WATERSHED_SECRET_FILE 指向它）；若确实丢失，删掉它，下次备份会生成新的，但旧备份只能用 --accept-unsigned 恢复。",
        "en": "the installation's secret {file} cannot be read or is not a secret: put the original file back (or point WATERSHED_SECRET_FILE at it); if it is truly lost, remove it and the next backup makes a new one, but older backups then restore only with --accept-unsigned.",
    },
    "backup.unsigned": {
        "zh": "{file} 没有签名的清单（_manifest）：它不是本版本程序导出的完整备份，或清单被删掉了。请用原始备份文件；确需恢复时，由工作人员在命令行加 --accept-unsigned 并核对列出的差异。",
        "en": "{file} has no signed manifest (_manifest): it was not written whole by this version, or the manifest was removed. Use the original backup; if it must be restored, staff can add --accept-unsigned on the command line and check the differences it lists.",
    },
    "backup.other_installation": {
        "zh": "{file} 是另一套安装（{theirs}）签名的，不是本机（{ours}）：若确认来源可信，由工作人员在命令行用 watershed restore --accept-unsigned 恢复（会先列出差异，并记入审计日志）。",
        "en": "{file} was signed by another installation ({theirs}), not this one ({ours}): if you trust where it came from, staff can restore it with `watershed restore --accept-unsigned` (it lists the differences first and the audit log records it).",
    },
    "backup.bad_signature": {
        "zh": "{file} 的签名对不上：说明表 _about 或清单 _manifest 被改动过，什么也没有写入。请用原始备份文件。",
        "en": "the signature of {file} does not check: its _about or its _manifest was changed; nothing was written. Use the original backup.",
    },
    "backup.row_changed": {
        "zh": "表 {table} 中主键为 {key} 的行（第 {row} 行）与签名清单不符：备份被改动过，什么也没有写入。请用原始备份文件。",
        "en": "the row of {table} with key {key} (row {row}) does not match the signed manifest: the backup was edited; nothing was written. Use the original backup.",
    },
    "backup.row_changed_resaved": {
        "zh": "表 {table} 中主键为 {key} 的行（第 {row} 行）与签名清单不符：备份写出后被改动过（这个工作簿后来被 {program} 重新保存过），什么也没有写入。请恢复 watershed backup 导出的原文件，或 .gpkg 备份。",
        "en": "the row of {table} with key {key} (row {row}) does not match the signed manifest: it was changed after the backup was written (the workbook was saved again by {program}); nothing was written. Restore the file as `watershed backup` wrote it, or the .gpkg backup.",
    },
    "backup.row_added": {
        "zh": "表 {table} 中主键为 {key} 的行（第 {row} 行）不在签名清单里：这一行是后加的或被改了编号，什么也没有写入。请用原始备份文件。",
        "en": "the row of {table} with key {key} (row {row}) is not in the signed manifest: it was added or renumbered; nothing was written. Use the original backup.",
    },
    "backup.row_missing": {
        "zh": "签名清单里表 {table} 主键为 {key} 的行在文件里找不到：这一行被删掉或改了编号，什么也没有写入。请用原始备份文件。",
        "en": "the signed manifest lists a row of {table} with key {key} that the file does not hold: it was deleted or renumbered; nothing was written. Use the original backup.",
    },
    # the audit chain (watershed.services.common.audit; `watershed audit verify`)
    "audit.unchained": {
        "zh": "审计日志第 {row} 行没有哈希：它不是由本程序写入的（例如用数据库客户端插入）。上一行是 {previous}。",
        "en": "audit row {row} has no hash: it was not written by this program (e.g. inserted with a database client). The row before it is {previous}.",
    },
    "audit.first_missing": {
        "zh": "审计日志从第 {row} 行开始，但这一行记的前一行哈希不是链的起点：它之前的行被删掉了。",
        "en": "the audit log starts at row {row}, whose link does not point at the start of the chain: the rows before it were deleted.",
    },
    "audit.link_broken": {
        "zh": "审计日志第 {row} 行记的前一行哈希与第 {previous} 行对不上：两行之间有行被删掉，或第 {previous} 行连同其哈希被改写过。",
        "en": "audit row {row} does not link to row {previous}: a row between them was deleted, or row {previous} was rewritten together with its hash.",
    },
    "audit.row_changed": {
        "zh": "审计日志第 {row} 行的内容与它的哈希不符：写入之后被改动过（上一行是 {previous}）。",
        "en": "the content of audit row {row} does not match its hash: it was changed after it was written (the row before it is {previous}).",
    },
    "audit.cut_short": {
        "zh": "审计日志止于第 {row} 行，但链头记录的最新一行是 {head}：末尾的行被删掉了。",
        "en": "the audit log ends at row {row}, but the chain's head says the newest row is {head}: rows at the end were deleted.",
    },
    "audit.no_head": {
        "zh": "审计日志有行（最新为第 {row} 行），但链头（audit_chain）不见了：它被删掉了。",
        "en": "the audit log has rows (the newest is {row}) but the chain's head (audit_chain) is gone: it was deleted.",
    },
    # `watershed backup`, `watershed restore`, `watershed audit verify`
    "cli.backup_written": {
        "zh": "已把 {tables} 张表共 {rows} 行导出到 {file}。照片不在备份里（备份只记文件名和哈希值）：请另行复制照片文件夹 {photos}。",
        "en": "wrote {tables} tables, {rows} rows in all, to {file}. Photos are not in the backup (it holds their file names and hashes): copy the photo folder {photos} separately.",
    },
    "cli.backup_accounts": {
        "zh": "账户的密码哈希没有写入备份（需要时加 --with-accounts）：从它恢复后，请用 watershed users password 用户名 重新设置密码。",
        "en": "the accounts' password hashes were left out (add --with-accounts to include them): after restoring this file, set passwords again with `watershed users password NAME`.",
    },
    "cli.backup_with_accounts": {
        "zh": "备份里有全部账户的密码哈希和电话号码：请像保管密码一样保管这个文件。",
        "en": "the backup holds every account's password hash and the phone numbers: keep the file as you would keep passwords.",
    },
    "cli.chain_broken": {
        "zh": "警告：审计日志的哈希链已断：{problem} 备份照样写入并记下了这一点；请查明原因（watershed audit verify）。",
        "en": "warning: the audit log's hash chain is broken: {problem} The backup was written anyway and records this; find out why (`watershed audit verify`).",
    },
    "cli.restore_difference": {
        "zh": "与签名清单不符：{difference}",
        "en": "differs from the signed manifest: {difference}",
    },
    "cli.restored_unsigned": {
        "zh": "以上 {count} 处差异已按 --accept-unsigned 接受，并记入审计日志。",
        "en": "the {count} differences above were accepted (--accept-unsigned) and recorded in the audit log.",
    },
    "cli.restored_without_passwords": {
        "zh": "这个备份不含密码哈希：恢复出的账户还不能登录，请用 watershed users password 用户名 为需要的账户设置密码。",
        "en": "this backup holds no password hashes: the restored accounts cannot log in until you set passwords with `watershed users password NAME`.",
    },
    "cli.audit_intact": {
        "zh": "审计日志完好：{rows} 行，哈希链无断点；最新一行 {head_id}，哈希 {head_hash}。",
        "en": "audit log intact: {rows} rows, the hash chain unbroken; newest row {head_id}, hash {head_hash}.",
    },
    "cli.audit_broken": {
        "zh": "审计日志的哈希链断了：{problem}",
        "en": "the audit log's hash chain is broken: {problem}",
    },
    "cli.secret_at": {
        "zh": "本机签名备份用的密钥在 {file}：请保管好它（仅本人可读），不要放进数据库备份；换机器时连同数据库一起搬。",
        "en": "the installation's secret, which signs backups, is {file}: keep it (readable by its owner only) and out of the backups; move it along with the database.",
    },
    "cli.restored": {
        "zh": "已从 {file} 恢复 {tables} 张表共 {rows} 行。照片请另行复制到照片文件夹 {photos}。",
        "en": "restored {tables} tables, {rows} rows in all, from {file}. Copy the photos into the photo folder {photos} separately.",
    },
    # the download (watershed.ui.widgets_backup, on the 渠道与划段 page)
    "staff.backup.title": {"zh": "导出全部数据", "en": "Export all data"},
    "staff.backup.caption": {
        "zh": "全部数据的备份：Excel 工作簿每张表一页，GeoPackage 每张表一个图层（精确存档），都用本机密钥签名，改动过的文件不能恢复。账户密码不在其中，但有姓名和电话，请妥善保管。照片不在其中，请另行复制照片文件夹。恢复只能用命令 `watershed restore` 写入空数据库。",
        "en": "A backup of all data: an Excel workbook with one sheet per table, a GeoPackage with one layer per table (the exact archive), both signed with this installation's secret: an edited file will not restore. Passwords are not in it, but names and phone numbers are: keep it private. Photos are not in it: copy the photo folder separately. Restoring is done with `watershed restore`, into an empty database.",
    },
    "staff.backup.xlsx": {"zh": "下载全部数据（Excel）", "en": "Download all data (Excel)"},
    "staff.backup.gpkg": {"zh": "下载全部数据（GeoPackage）", "en": "Download all data (GeoPackage)"},
}
