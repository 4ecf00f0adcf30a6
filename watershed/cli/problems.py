"""`watershed problems list|escalate`: the problem queue and the daily escalation from a script
(e.g. cron: `0 7 * * * watershed problems escalate`)."""

import json

from watershed.catalogue import text
from watershed.cli.common import database, day
from watershed.domain.problems import ALL_STAGES
from watershed.services.common.actors import command_line_actor
from watershed.services.problems.figures import escalation_phrase, problem_queue
from watershed.services.problems.problems import escalate_overdue

# The keys of each object of `watershed problems list --json`, in this order.
LIST_KEYS = ("id", "segment", "village", "category", "duty", "stage", "found", "reporter",
             "assignee", "deadline", "days_overdue", "level", "escalated_to", "stars",
             "merged_into")
LIST_JSON_HELP = (
    "one JSON array on stdout, newest first; each problem an object with the keys "
    + ", ".join(LIST_KEYS) + " (dates YYYY-MM-DD or null; stage and category as codes; "
    "escalated_to responsible|group_leader|street_office or empty)")


def _escalation(line) -> str:
    if not line.level:
        return "—"
    return escalation_phrase(line.level, line.escalated_to, line.escalated_whom)


def _json(line) -> dict:
    return {"id": line.id, "segment": line.segment_code, "village": line.village,
            "category": line.category, "duty": line.duty, "stage": line.stage,
            "found": line.found_on.isoformat(), "reporter": line.reporter,
            "assignee": line.assignee,
            "deadline": line.deadline.isoformat() if line.deadline else None,
            "days_overdue": line.days_overdue, "level": line.level,
            "escalated_to": line.escalated_to, "stars": line.stars,
            "merged_into": line.merged_into}


def cmd_problems_list(args) -> None:
    lines = problem_queue(database(args), command_line_actor(), stage=args.stage,
                          overdue=args.overdue)
    if args.json:
        print(json.dumps([_json(line) for line in lines], ensure_ascii=False))
        return
    if not lines:
        print(text("cli.problems_none"))
    for line in lines:
        overdue = text("cli.problems_overdue", days=line.days_overdue,
                       escalation=_escalation(line)) if line.days_overdue else ""
        print(text("cli.problems_line", id=line.id, segment=line.segment_code,
                   category=text(f"check.category.{line.category}"),
                   stage=text(f"problem.stage.{line.stage}"), found=line.found_on.isoformat(),
                   assignee=line.assignee or "—",
                   deadline=line.deadline.isoformat() if line.deadline else "—", overdue=overdue))


def cmd_problems_escalate(args) -> None:
    done = escalate_overdue(database(args), command_line_actor())
    for step in done:
        print(text("cli.problems_escalated", id=step.problem_id, segment=step.segment_code,
                   days=step.days_overdue, level=step.level,
                   to=text(f"problem.target.{step.to}", whom=step.whom or "—")))
    print(text("cli.problems_escalated_count", count=len(done)))


def add_commands(commands, common) -> None:
    """Add `problems` to the parser's commands (see cli_rounds.add_commands)."""

    loop = commands.add_parser("problems", help="problems from discovery to evaluation (发现→评价)")
    sub = loop.add_subparsers(dest="problems_command", required=True, metavar="COMMAND")
    listing = sub.add_parser("list", parents=[common], help="the problem queue, newest first")
    listing.set_defaults(handler=cmd_problems_list)
    listing.add_argument("--stage", choices=ALL_STAGES, help="only problems at this stage")
    listing.add_argument("--overdue", action="store_true",
                         help="only assigned problems past their deadline")
    listing.add_argument("--json", action="store_true", help=LIST_JSON_HELP)
    escalate = sub.add_parser(
        "escalate", parents=[common],
        help="record the new escalation level of every overdue problem (1 day late: the "
             "responsible; 4: the group leader; 8: the street office); safe to run daily")
    escalate.set_defaults(handler=cmd_problems_escalate)
