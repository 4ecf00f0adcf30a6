"""`watershed backup` (every table to one .xlsx or .gpkg file) and `watershed restore` (such a
file back into an empty database)."""

from watershed import config
from watershed.cli.common import database, say
from watershed.services.backup import backup
from watershed.services.common.actors import command_line_actor

PHOTOS = ("Photos are files in the photo folder ($WATERSHED_PHOTO_DIR), not rows: the backup "
          "holds their file names and SHA-256 hashes; copy the photo folder separately.")



def cmd_backup(args) -> None:
    counts = backup.export_all(database(args), command_line_actor(), args.path)
    say("cli.backup_written", tables=len(counts), rows=sum(counts.values()), file=args.path,
         photos=config.photo_dir())


def cmd_restore(args) -> None:
    counts = backup.import_all(database(args), command_line_actor(), args.path)
    say("cli.restored", tables=len(counts), rows=sum(counts.values()), file=args.path,
         photos=config.photo_dir())


def add_commands(commands, common) -> None:
    """Add `backup` and `restore` to the parser's commands (see cli_rounds.add_commands)."""

    described = "write every table to PATH.xlsx (one sheet per table) or PATH.gpkg (one layer " \
                "per table, the exact archive). " + PHOTOS
    save = commands.add_parser("backup", parents=[common], help="write all data to .xlsx or .gpkg",
                               description=described)
    save.set_defaults(handler=cmd_backup)
    save.add_argument("path", metavar="PATH.xlsx|PATH.gpkg",
                      help="the file to write (replaced if it exists)")
    described = "read a backup made by `watershed backup` into an EMPTY database at the same " \
                "schema revision (make one with `watershed init --database-url URL`); all or " \
                "nothing. " + PHOTOS
    load = commands.add_parser("restore", parents=[common], description=described,
                               help="restore a backup into an empty database")
    load.set_defaults(handler=cmd_restore)
    load.add_argument("path", metavar="PATH", help="a .xlsx or .gpkg file written by `watershed backup`")
