"""`watershed flow` (live and dead water, and what clearing ponds would change) and
`watershed pond` (a pond's status, owner, agreement and compensation)."""

import json

from watershed.catalogue import text
from watershed.cli.common import database, day, say
from watershed.domain import ponds as pond_rules
from watershed.services.campaign import flow
from watershed.services.campaign import ponds
from watershed.services.common.actors import command_line_actor


def cmd_flow(args) -> None:
    db = database(args)
    result = flow.water(db, args.remove_pond)
    if args.json:
        print(json.dumps({"live_km": result.live_km, "dead_km": result.dead_km,
                          "segments": result.segments, "causes": result.causes},
                         ensure_ascii=False))
        return
    if args.remove_pond:
        now = flow.water(db)
        say("cli.flow_what_if", ponds=", ".join(args.remove_pond), live=result.live_km,
             dead=result.dead_km, gained=round(result.live_km - now.live_km, 3))
    else:
        say("cli.flow_now", live=result.live_km, dead=result.dead_km,
             ponds=len(result.blocking_ponds))
    if result.dead_km_by_cause:
        say("cli.flow_causes", causes="；".join(
            text(f"flow.cause.{cause.split(':')[0]}", pond=cause.partition(":")[2], km=km)
            for cause, km in result.dead_km_by_cause.items()))


def cmd_pond(args) -> None:
    pond = ponds.update_pond(database(args), command_line_actor(), args.code, status=args.status,
                             owner=args.owner, agreement_date=args.agreement_date,
                             compensation_yuan=args.compensation, kind=args.kind)
    if pond_rules.has_workflow(pond.kind):
        say("cli.pond_updated", code=pond.code, status=text(f"pond.status.{pond.status}"),
            owner=pond.owner or "—")
    else:
        say("cli.water_updated", code=pond.code, kind=text(f"pond.kind.{pond.kind}"),
            owner=pond.owner or "—")


def add_commands(commands, common) -> None:
    """Add `flow` and `pond` to the parser's commands (see cli_rounds.add_commands)."""

    water = commands.add_parser("flow", parents=[common], help="live and dead water (km)")
    water.set_defaults(handler=cmd_flow)
    water.add_argument("--json", action="store_true", help="one JSON object on stdout")
    water.add_argument("--remove-pond", nargs="+", default=[], metavar="CODE",
                       help="as if these ponds were cleared (nothing is changed)")
    pond = commands.add_parser("pond", parents=[common],
                               help="update a pond: status, owner, agreement, compensation, "
                                    "or what the water body is")
    pond.set_defaults(handler=cmd_pond)
    pond.add_argument("code")
    pond.add_argument("--status", choices=pond_rules.STATUSES,
                      help="ponds only: one step along " + " → ".join(pond_rules.STATUSES))
    pond.add_argument("--kind", metavar="|".join(pond_rules.KINDS),
                      help="correct what the water body is (e.g. a lake imported as a pond)")
    pond.add_argument("--owner")
    pond.add_argument("--agreement-date", type=day, metavar="YYYY-MM-DD")
    pond.add_argument("--compensation", metavar="YUAN")
