"""`watershed backup` (every table to one signed .xlsx or .gpkg file), `watershed restore` (such
a file back into an empty database) and `watershed audit verify` (the audit log's hash chain)."""

import json
import sys

from watershed import config
from watershed.cli.common import database, say
from watershed.catalogue import text
from watershed.errors import WatershedError
from watershed.services.backup import backup
from watershed.services.common import audit
from watershed.services.common.actors import command_line_actor

PHOTOS = ("Photos are files in the photo folder ($WATERSHED_PHOTO_DIR), not rows: the backup "
          "holds their file names and SHA-256 hashes; copy the photo folder separately.")
SIGNED = ("The file is signed with the installation's secret ($WATERSHED_SECRET_FILE, default "
          "<data dir>/watershed.secret); a restore refuses it if anything in it was changed.")


def cmd_backup(args) -> None:
    written = backup.export_all(database(args), command_line_actor(), args.path,
                                with_accounts=args.with_accounts)
    say("cli.backup_written", tables=len(written.counts), rows=sum(written.counts.values()),
        file=args.path, photos=config.photo_dir())
    say("cli.backup_with_accounts" if args.with_accounts else "cli.backup_accounts")
    if not written.chain.intact:
        print(text("cli.chain_broken", problem=written.chain.message()), file=sys.stderr)


def _show(differences) -> None:
    for difference in differences:
        say("cli.restore_difference", difference=str(difference))


def cmd_restore(args) -> None:
    restored = backup.import_all(database(args), command_line_actor(), args.path,
                                 accept_unsigned=args.accept_unsigned, shown=_show)
    if args.accept_unsigned:
        say("cli.restored_unsigned", count=restored.differing)
    say("cli.restored", tables=len(restored.counts), rows=sum(restored.counts.values()),
        file=args.path, photos=config.photo_dir())
    if not restored.with_accounts:
        say("cli.restored_without_passwords")
    if not restored.chain.intact:
        print(text("cli.chain_broken", problem=restored.chain.message()), file=sys.stderr)


def cmd_audit_verify(args) -> None:
    """Exit status 0 when the chain is whole; else one `error:` line and 2, as every refusal
    (with --json the report is printed on stdout first)."""
    report = audit.verify(database(args))
    if args.json:
        print(json.dumps({**report.as_dict(), "message": report.message()}, ensure_ascii=False))
    if not report.intact:
        raise WatershedError("cli.audit_broken", problem=report.message())
    if not args.json:
        say("cli.audit_intact", rows=report.rows, head_id=report.head_id or "—",
            head_hash=report.head_hash or "—")


def add_commands(commands, common) -> None:
    """Add `backup`, `restore` and `audit verify` to the parser's commands."""

    described = "write every table to PATH.xlsx (one sheet per table) or PATH.gpkg (one layer " \
                "per table, the exact archive), with a manifest of every row's hash. " + SIGNED \
                + " Accounts' password hashes are left out unless --with-accounts. " + PHOTOS
    save = commands.add_parser("backup", parents=[common], help="write all data to .xlsx or .gpkg",
                               description=described)
    save.set_defaults(handler=cmd_backup)
    save.add_argument("path", metavar="PATH.xlsx|PATH.gpkg",
                      help="the file to write (replaced if it exists)")
    save.add_argument("--with-accounts", action="store_true",
                      help="include the accounts' password hashes (keep the file like passwords)")
    described = "read a backup made by `watershed backup` into an EMPTY database at the same " \
                "schema revision (make one with `watershed init --database-url URL`); all or " \
                "nothing. " + SIGNED + " " + PHOTOS
    load = commands.add_parser("restore", parents=[common], description=described,
                               help="restore a backup into an empty database")
    load.set_defaults(handler=cmd_restore)
    load.add_argument("path", metavar="PATH", help="a .xlsx or .gpkg file written by `watershed backup`")
    load.add_argument("--accept-unsigned", action="store_true",
                      help="restore a file this installation did not sign (another installation's, "
                           "or one without a manifest): lists what differs, then restores; audited")
    described = "the audit log, where every write leaves a row, chained by hashes"
    log = commands.add_parser("audit", help=described, description=described)
    log_commands = log.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    verify = log_commands.add_parser(
        "verify", parents=[common], help="walk the hash chain and report the first broken link",
        description="walk the audit log's hash chain and report the first row deleted, changed or "
                    "added around the program; exit status 2 if the chain is broken")
    verify.set_defaults(handler=cmd_audit_verify)
    verify.add_argument("--json", action="store_true", help="one JSON object on stdout")
