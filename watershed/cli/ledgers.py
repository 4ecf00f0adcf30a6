"""`watershed contribution add|withdraw|board` and `watershed benefit income|distribute|status`:
the contribution ledger (投工投劳) and the collective benefit ledger from a script."""

import json

from watershed.catalogue import text
from watershed.cli.common import database, day, record_id, say
from watershed.domain import ledgers as rules
from watershed.services.ledgers import benefit
from watershed.services.ledgers import contributions
from watershed.services.places import villages as places
from watershed.services.common.actors import command_line_actor

STATUS_KEYS = ("income_yuan", "distributed_yuan", "retained_yuan", "undistributed_yuan",
               "incomes", "distributions", "reconciles")
STATUS_JSON_HELP = (
    "one JSON object on stdout with the keys income_yuan (all income recorded), "
    "distributed_yuan (the sum of every household's share), retained_yuan (kept for upkeep), "
    "undistributed_yuan (income not yet distributed) — numbers with two decimals —, incomes and "
    "distributions (counts) and reconciles (true when income = distributed + retained + "
    "undistributed and every distribution adds up)")



def _dashed(names) -> list[str]:
    return [name.replace("_", "-") for name in names]


def _undashed(name: str) -> str:
    return name.replace("-", "_")


def _amount_text(kind: str, amount: float) -> str:
    return f"{amount:g}" if kind in rules.QUANTITY_KINDS else f"{amount:,.2f}"


def cmd_add(args) -> None:
    entry = contributions.record_contribution(
        database(args), command_line_actor(), args.household, args.kind, args.amount,
        day=args.date, machine=args.machine or "", description=args.description or "",
        segment_code=args.segment, campaign_id=args.campaign, note=args.note or "")
    amount = entry.quantity if entry.quantity is not None else entry.value_fen / 100
    say("cli.contribution_added", id=entry.id, household=args.household,
         kind=text(f"ledger.kind.{entry.kind}"), amount=_amount_text(entry.kind, amount),
         unit=text(f"ledger.unit.{entry.kind}"), day=entry.day.isoformat())


def cmd_withdraw(args) -> None:
    entry = contributions.withdraw_contribution(database(args), command_line_actor(), args.id,
                                                args.reason)
    say("cli.contribution_withdrawn", id=entry.id, reason=entry.withdrawn_reason)


def cmd_board(args) -> None:
    db, actor = database(args), command_line_actor()
    for village in [args.village] if args.village else places.villages(db):
        board = contributions.honour_board(db, actor, village)
        say("cli.honour_village", village=village)
        for kind, lines in board.kinds.items():
            say("cli.honour_kind", kind=text(f"ledger.kind.{kind}"),
                 unit=text(f"ledger.unit.{kind}"), count=len(lines))
            for line in lines:
                say("cli.honour_line", rank=line.rank, code=line.household_code,
                     name=line.head_name, group=line.group,
                     total=_amount_text(kind, line.total))


def cmd_income(args) -> None:
    income = benefit.record_income(database(args), command_line_actor(), args.amount,
                                   _undashed(args.source), pond_code=args.pond, day=args.date,
                                   description=args.note or "")
    say("cli.income_added", id=income.id, amount=rules.yuan(income.amount_fen),
         source=text(f"ledger.source.{income.source}"), day=income.day.isoformat())


def cmd_distribute(args) -> None:
    made = benefit.distribute(database(args), command_line_actor(), _undashed(args.rule),
                              retain_yuan=args.retain, retain_percent=args.retain_percent,
                              day=args.date, note=args.note or "")
    say("cli.distributed", id=made.id, day=made.day.isoformat(),
         income=rules.yuan(made.income_fen), distributed=rules.yuan(made.distributed_fen),
         retained=rules.yuan(made.retained_fen), households=made.households,
         persons=made.persons, rule=text(f"ledger.rule.{made.rule}"))


def cmd_status(args) -> None:
    status = benefit.ledger_status(database(args), command_line_actor())
    if args.json:
        print(json.dumps({
            "income_yuan": status.income_fen / 100, "distributed_yuan": status.distributed_fen / 100,
            "retained_yuan": status.retained_fen / 100,
            "undistributed_yuan": status.undistributed_fen / 100, "incomes": status.incomes,
            "distributions": status.distributions, "reconciles": status.reconciles},
            ensure_ascii=False))
        return
    say("cli.benefit_status", income=rules.yuan(status.income_fen),
         distributed=rules.yuan(status.distributed_fen), retained=rules.yuan(status.retained_fen),
         undistributed=rules.yuan(status.undistributed_fen), incomes=status.incomes,
         distributions=status.distributions)
    say("cli.benefit_reconciles" if status.reconciles else "cli.benefit_does_not_reconcile")


def add_commands(commands, common) -> None:
    """Add `contribution` and `benefit` to the parser's commands (see cli_rounds.add_commands)."""

    ledger = commands.add_parser("contribution", help="the contribution ledger (投工投劳)")
    sub = ledger.add_subparsers(dest="contribution_command", required=True, metavar="COMMAND")
    add = sub.add_parser("add", parents=[common], help="record a household's contribution")
    add.set_defaults(handler=cmd_add)
    add.add_argument("household", help="household code")
    add.add_argument("--kind", required=True, choices=rules.KINDS,
                     help="labour (person-days), machine (machine-hours, name it with "
                          "--machine), materials (value in yuan, say what with --description) "
                          "or money (yuan)")
    add.add_argument("--amount", required=True, metavar="N", help="in the kind's unit")
    add.add_argument("--date", type=day, metavar="YYYY-MM-DD", help="the day (default today)")
    work = add.add_mutually_exclusive_group()
    work.add_argument("--segment", metavar="CODE", help="the segment the work went to")
    work.add_argument("--campaign", type=record_id("field.campaign_id"), metavar="ID",
                      help="the campaign it went to")
    add.add_argument("--machine", metavar="NAME", help="the machine, e.g. 挖掘机")
    add.add_argument("--description", metavar="TEXT", help="what materials, e.g. 石料 5 方")
    add.add_argument("--note", metavar="TEXT")
    withdraw = sub.add_parser("withdraw", parents=[common],
                              help="take a wrong entry out of the totals (it is kept)")
    withdraw.set_defaults(handler=cmd_withdraw)
    withdraw.add_argument("id", type=record_id("field.contribution_id"),
                          help="the entry's number")
    withdraw.add_argument("--reason", required=True, metavar="TEXT")
    board = sub.add_parser("board", parents=[common],
                           help="the honour board: households ranked by kind, village by village")
    board.set_defaults(handler=cmd_board)
    board.add_argument("--village", metavar="NAME", help="only this village")

    shared = commands.add_parser("benefit", help="the collective benefit ledger (全体居民受益)")
    sub = shared.add_subparsers(dest="benefit_command", required=True, metavar="COMMAND")
    income = sub.add_parser("income", parents=[common],
                            help="record income from a collective asset")
    income.set_defaults(handler=cmd_income)
    income.add_argument("--amount", required=True, metavar="YUAN")
    income.add_argument("--source", required=True, choices=_dashed(rules.SOURCES))
    income.add_argument("--pond", metavar="CODE", help="the pond leased, e.g. YT-01")
    income.add_argument("--date", type=day, metavar="YYYY-MM-DD", help="the day (default today)")
    income.add_argument("--note", metavar="TEXT", help="what it is, e.g. 2026年承包费")
    dist = sub.add_parser("distribute", parents=[common],
                          help="share all income not yet distributed among all households")
    dist.set_defaults(handler=cmd_distribute)
    dist.add_argument("--rule", required=True, choices=_dashed(rules.RULES))
    retain = dist.add_mutually_exclusive_group()
    retain.add_argument("--retain", metavar="YUAN",
                        help="kept by the collective for upkeep (default 0)")
    retain.add_argument("--retain-percent", metavar="P",
                        help="kept for upkeep as a percentage of the income, 0-100")
    dist.add_argument("--date", type=day, metavar="YYYY-MM-DD",
                      help="the day; income dated up to it is distributed (default today)")
    dist.add_argument("--note", metavar="TEXT")
    status = sub.add_parser("status", parents=[common],
                            help="the ledger's figures and whether they reconcile")
    status.set_defaults(handler=cmd_status)
    status.add_argument("--json", action="store_true", help=STATUS_JSON_HELP)
