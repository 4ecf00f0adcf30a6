"""`watershed round open|close|list` and `watershed board`: peer evaluation from a script."""

from watershed.catalogue import text
from watershed.cli.common import database, day, record_id, say
from watershed.services.evaluation import board as boards
from watershed.services.evaluation import rounds
from watershed.services.evaluation.board_files import board_xlsx, save_board_html
from watershed.services.common.actors import command_line_actor



def _score(value: float | None) -> str:
    return text("cli.board_unranked") if value is None else f"{value:.1f}"


def cmd_round_open(args) -> None:
    evaluation = rounds.open_round(database(args), command_line_actor(), args.name,
                                   start=args.start, end=args.end, offers=args.offers,
                                   radius_m=args.radius)
    line = next(r for r in rounds.list_rounds(database(args), command_line_actor())
                if r.id == evaluation.id)
    say("cli.round_opened", id=line.id, name=line.name, start=line.start_date.isoformat(),
         end=line.end_date.isoformat(), segments=line.segments, households=line.households)


def cmd_round_close(args) -> None:
    rounds.close_round(database(args), command_line_actor(), args.round)
    line = next(r for r in rounds.list_rounds(database(args), command_line_actor())
                if r.id == args.round)
    say("cli.round_closed", id=line.id, name=line.name, ratings=line.ratings,
         ranked=line.ranked, segments=line.segments)


def cmd_round_list(args) -> None:
    lines = rounds.list_rounds(database(args), command_line_actor())
    if not lines:
        say("cli.round_none")
    for line in lines:
        say("cli.round_line", id=line.id, name=line.name, start=line.start_date.isoformat(),
             end=line.end_date.isoformat(), status=text(f"cli.round_status.{line.status}"),
             ratings=line.ratings, raters=line.raters, households=line.households)


def cmd_board(args) -> None:
    shown = boards.board(database(args), command_line_actor(), args.round, size=args.size)
    say("cli.board_title", name=shown.round_name, start=shown.start_date.isoformat(),
         end=shown.end_date.isoformat())
    for village in shown.villages:
        say("cli.board_village", village=village.village, ranked=village.ranked)
        for key, lines in (("cli.board_red", village.red), ("cli.board_black", village.black)):
            say(key)
            for line in lines:
                say("cli.board_line", rank=line.rank, segment=line.segment_code,
                     name=line.custodian_name, score=_score(line.score),
                     low=_score(line.ci_low), high=_score(line.ci_high), n=line.n_ratings)
        if village.not_enough:
            say("cli.board_not_enough", count=len(village.not_enough),
                 segments=", ".join(line.segment_code for line in village.not_enough))
    if args.xlsx:
        board_xlsx(shown, args.xlsx)
        say("cli.board_written", file=args.xlsx)
    if args.html:
        save_board_html(shown, args.html)
        say("cli.board_written", file=args.html)


def add_commands(commands, common) -> None:
    """Add `round` and `board` to the parser's commands; handlers get the parsed args and
    `database`, the CLI's way of opening the database (checked to be migrated)."""

    evaluation = commands.add_parser("round", help="peer evaluation rounds (群众评群众)")
    sub = evaluation.add_subparsers(dest="round_command", required=True, metavar="COMMAND")
    opening = sub.add_parser("open", parents=[common], help="open a round (default: this month)")
    opening.set_defaults(handler=cmd_round_open)
    opening.add_argument("--name", help="default: the month, e.g. 2026年11月")
    opening.add_argument("--start", type=day, metavar="YYYY-MM-DD", help="default: the 1st")
    opening.add_argument("--end", type=day, metavar="YYYY-MM-DD", help="default: the month's end")
    opening.add_argument("--offers", default=5, metavar="N",
                         help="segments offered to each household (default 5)")
    opening.add_argument("--radius", metavar="METRES",
                         help="offer segments within this distance of a home (default: own village)")
    closing = sub.add_parser("close", parents=[common], help="close a round and compute its scores")
    closing.set_defaults(handler=cmd_round_close)
    closing.add_argument("round", type=record_id("field.round_id"), metavar="ID")
    listing = sub.add_parser("list", parents=[common], help="list the rounds")
    listing.set_defaults(handler=cmd_round_list)

    shown = commands.add_parser("board", parents=[common],
                                help="the red/black board of a closed round, village by village")
    shown.set_defaults(handler=cmd_board)
    shown.add_argument("round", type=record_id("field.round_id"), metavar="ID")
    shown.add_argument("--size", default=5, metavar="N", help="best and worst N (default 5)")
    shown.add_argument("--xlsx", metavar="PATH", help="also write the board as a spreadsheet")
    shown.add_argument("--html", metavar="PATH", help="also write it as a page to print on A4")

