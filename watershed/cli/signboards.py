"""`watershed signboards` and `watershed village supervisor`: print segment signboards (河段包保
公示牌) and name the staff member supervising a village on them."""

from watershed.catalogue import text
from watershed.cli.common import database, say
from watershed.services.common.actors import command_line_actor
from watershed.services.signboards.html import save_signboards
from watershed.services.signboards.signboards import set_supervisor



def cmd_signboards(args) -> None:
    count = save_signboards(database(args), command_line_actor(), args.path,
                            village=args.village, segment=args.segment)
    say("cli.signboards_written", file=args.path, count=count)


def cmd_supervisor(args) -> None:
    contact = set_supervisor(database(args), command_line_actor(), args.village, args.username,
                             name=args.name, phone=args.phone)
    say("cli.supervisor_set", village=args.village, name=contact.name,
         phone=contact.phone or text("signboard.no_phone"))


def add_commands(commands, common) -> None:
    """Add `signboards` and `village supervisor` (see cli_rounds.add_commands)."""

    boards = commands.add_parser(
        "signboards", parents=[common],
        help="write segment signboards to print (HTML, an A4 page per segment, with a QR code)")
    boards.set_defaults(handler=cmd_signboards)
    boards.add_argument("path", metavar="PATH.html")
    boards.add_argument("--village", metavar="NAME", help="only this village's segments")
    boards.add_argument("--segment", metavar="CODE", help="only this segment")

    village = commands.add_parser("village", help="villages (村、社区)")
    sub = village.add_subparsers(dest="village_command", required=True, metavar="COMMAND")
    supervisor = sub.add_parser("supervisor", parents=[common],
                                help="name the staff account supervising a village's segments")
    supervisor.set_defaults(handler=cmd_supervisor)
    supervisor.add_argument("village", metavar="VILLAGE")
    supervisor.add_argument("username", metavar="USERNAME", help="an active staff account")
    supervisor.add_argument("--name", help="the name shown on the signboards")
    supervisor.add_argument("--phone", help="the office phone shown on the signboards")
