"""`watershed signboards` and `watershed village supervisor`: print segment signboards (河段包保
公示牌) and name the staff member supervising a village on them."""

from watershed.catalogue import text
from watershed.services.common.actors import command_line_actor
from watershed.services.signboards.html import save_signboards
from watershed.services.signboards.signboards import set_supervisor


def _say(key: str, **params) -> None:
    print(text(key, **params))


def cmd_signboards(args, database) -> None:
    count = save_signboards(database(args), command_line_actor(), args.path,
                            village=args.village, segment=args.segment)
    _say("cli.signboards_written", file=args.path, count=count)


def cmd_supervisor(args, database) -> None:
    contact = set_supervisor(database(args), command_line_actor(), args.village, args.username,
                             name=args.name, phone=args.phone)
    _say("cli.supervisor_set", village=args.village, name=contact.name,
         phone=contact.phone or text("signboard.no_phone"))


def add_commands(commands, common, day, database) -> None:
    """Add `signboards` and `village supervisor` (see cli_rounds.add_commands)."""
    def bound(handler):
        return lambda args: handler(args, database)

    boards = commands.add_parser(
        "signboards", parents=[common],
        help="write segment signboards to print (HTML, an A4 page per segment, with a QR code)")
    boards.set_defaults(handler=bound(cmd_signboards))
    boards.add_argument("path", metavar="PATH.html")
    boards.add_argument("--village", metavar="NAME", help="only this village's segments")
    boards.add_argument("--segment", metavar="CODE", help="only this segment")

    village = commands.add_parser("village", help="villages (村、社区)")
    sub = village.add_subparsers(dest="village_command", required=True, metavar="COMMAND")
    supervisor = sub.add_parser("supervisor", parents=[common],
                                help="name the staff account supervising a village's segments")
    supervisor.set_defaults(handler=bound(cmd_supervisor))
    supervisor.add_argument("village", metavar="VILLAGE")
    supervisor.add_argument("username", metavar="USERNAME", help="an active staff account")
    supervisor.add_argument("--name", help="the name shown on the signboards")
    supervisor.add_argument("--phone", help="the office phone shown on the signboards")
