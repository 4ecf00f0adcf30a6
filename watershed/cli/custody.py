"""`watershed assign` (one segment, or --auto), `watershed unassign` and `watershed custody`."""

from watershed.catalogue import text
from watershed.cli.common import command, database, day, say
from watershed.errors import InputError
from watershed.services.common.actors import command_line_actor
from watershed.services.custody import custody


def cmd_assign(args) -> None:
    db, actor = database(args), command_line_actor()
    if args.auto:
        if args.segment or args.household:
            raise InputError("cli.auto_with_codes")
        report = custody.auto_assign(
            db, actor, max_metres_per_household=args.max_metres_per_household,
            max_distance_km=args.max_distance_km)
        say("cli.auto_assigned", assigned=report.assigned, metres=report.assigned_m,
             other=len(report.other_village), guessed=report.village_guessed,
             open=len(report.unassigned), far=len(report.too_far), km=report.max_distance_km)
        for segment, household in report.other_village:
            say("cli.other_village", segment=segment, household=household)
        for segment, reason in report.unassigned:
            say("cli.still_open", segment=segment,
                reason=text(reason, **report.reason_params(segment)))
        if report.households_without_home:
            say("cli.no_home", count=report.households_without_home)
        return
    if not (args.segment and args.household):
        raise InputError("cli.assign_needs_codes")
    role = "deputy" if args.deputy else "primary"
    kept = custody.assign(db, actor, args.segment, args.household, role=role, start=args.start)
    say("cli.assigned_one", segment=args.segment, household=args.household, role=role,
         start=kept.start_date.isoformat())


def cmd_unassign(args) -> None:
    ended = custody.end_custody(database(args), command_line_actor(), args.segment,
                                role="deputy" if args.deputy else "primary", end=args.end,
                                reason=args.reason)
    say("cli.unassigned_one", segment=args.segment, end=ended.end_date.isoformat())


def cmd_custody(args) -> None:
    lines = custody.custody_history(database(args), args.segment)
    if not lines:
        say("cli.history_empty", segment=args.segment)
    for line in lines:
        end = line.end_date.isoformat() if line.end_date else text("cli.history_now")
        say("cli.history_line", start=line.start_date.isoformat(), end=end,
             household=line.household_code, name=line.head_name, role=line.role,
             reason=line.end_reason)


def add_commands(commands, common) -> None:
    asg = command(commands, common, "assign", cmd_assign,
                  "make a household the custodian of a segment, or --auto")
    asg.add_argument("segment", nargs="?", help="segment code, e.g. GZQ-007")
    asg.add_argument("household", nargs="?", help="household code")
    asg.add_argument("--deputy", action="store_true", help="assign the deputy, not the primary")
    asg.add_argument("--start", type=day, metavar="YYYY-MM-DD", help="first day (default today)")
    asg.add_argument("--auto", action="store_true", help="propose and apply custody for all open segments")
    asg.add_argument("--max-metres-per-household", metavar="M",
                     help="with --auto: most metres one household keeps (default unlimited)")
    asg.add_argument("--max-distance-km", metavar="KM",
                     help="with --auto: farthest a segment's middle may lie from its custodian's "
                          f"home (default {custody.DEFAULT_MAX_DISTANCE_KM:g}, at most 100)")

    una = command(commands, common, "unassign", cmd_unassign,
                  "end the custody of a segment (kept in its history)")
    una.add_argument("segment")
    una.add_argument("--deputy", action="store_true", help="end the deputy's custody")
    una.add_argument("--end", type=day, metavar="YYYY-MM-DD", help="last day (default today)")
    una.add_argument("--reason", default="", help="why it ends")

    his = command(commands, common, "custody", cmd_custody, "show the custody history of a segment")
    his.add_argument("segment")
