"""`watershed campaign create|status`, `watershed works import` and `watershed report`: the
dredging campaign (百日攻坚) from a script."""

import json

from watershed.catalogue import text
from watershed.cli.common import database, day, say
from watershed.domain import dredging
from watershed.services.campaign import campaign
from watershed.services.campaign import weekly_report
from watershed.services.common.actors import command_line_actor
from watershed.services.campaign.figures import campaign_figures, progress_phrase
from watershed.services.campaign.works_import import import_progress

# The keys of `watershed campaign status --json`, in this order.
STATUS_KEYS = ("campaign", "start", "end", "days", "as_of", "day", "phase", "length_km", "done_km",
               "accepted_km", "planned_m3", "removed_m3", "planned_bank_m", "bank_m", "statuses",
               "forecast", "late")
STATUS_JSON_HELP = (
    "one JSON object on stdout with the keys campaign (name), start, end, as_of, forecast "
    "(YYYY-MM-DD; forecast null without recent work), days, day (day N of the campaign on "
    "as_of: 1 on the start, below 1 before it, above days after it), phase (before, running or "
    "after), length_km, done_km (done or accepted), accepted_km, planned_m3, removed_m3, "
    "planned_bank_m, bank_m, statuses ({not_started, in_progress, done, accepted}: segments) "
    "and late (true while silt remains and the forecast falls after the end, or there is none)")



def cmd_campaign_create(args) -> None:
    db, actor = database(args), command_line_actor()
    created = campaign.create_campaign(db, actor, args.name, start=args.start, days=args.days,
                                       m3_per_metre=args.m3_per_metre,
                                       bank_share=args.bank_share,
                                       channel_codes=args.channel or None, team=args.team)
    figures = campaign_figures(db, actor, created.start_date, campaign_id=created.id)
    say("cli.campaign_created", id=created.id, name=created.name,
         start=figures.start_date.isoformat(), end=figures.end_date.isoformat(),
         days=figures.days, segments=len(figures.works), km=figures.length_km,
         m3=f"{figures.planned_m3:,.0f}")


def status_json(figures) -> dict:
    """The figures under STATUS_KEYS."""
    return {"campaign": figures.name, "start": figures.start_date.isoformat(),
            "end": figures.end_date.isoformat(), "days": figures.days,
            "as_of": figures.as_of.isoformat(), "day": figures.day, "phase": figures.phase,
            "length_km": figures.length_km, "done_km": figures.done_km,
            "accepted_km": figures.accepted_km, "planned_m3": figures.planned_m3,
            "removed_m3": figures.removed_m3, "planned_bank_m": figures.planned_bank_m,
            "bank_m": figures.bank_m, "statuses": dict(figures.statuses),
            "forecast": figures.forecast.isoformat() if figures.forecast else None,
            "late": figures.late}


def cmd_campaign_status(args) -> None:
    figures = campaign_figures(database(args), command_line_actor(), args.date)
    if args.json:
        print(json.dumps(status_json(figures), ensure_ascii=False))
        return
    share = lambda part, whole: f"{part / whole:.0%}" if whole else "—"  # noqa: E731
    say("cli.campaign_day", name=figures.name, progress=progress_phrase(figures),
         start=figures.start_date.isoformat(), end=figures.end_date.isoformat(),
         as_of=figures.as_of.isoformat())
    say("cli.campaign_km", done=figures.done_km, accepted=figures.accepted_km,
         total=figures.length_km, share=share(figures.done_km, figures.length_km))
    say("cli.campaign_m3", removed=f"{figures.removed_m3:,.0f}",
         planned=f"{figures.planned_m3:,.0f}", share=share(figures.removed_m3, figures.planned_m3),
         bank=f"{figures.bank_m:,.0f}", planned_bank=f"{figures.planned_bank_m:,.0f}")
    say("cli.campaign_segments", statuses=text("cli.campaign_separator").join(
        text("cli.campaign_status_count", label=text(f"dredging.status.{status}"), count=count)
        for status, count in figures.statuses.items()))
    if figures.forecast is None:
        say("cli.campaign_no_forecast")
    else:
        say("cli.campaign_forecast_late" if figures.late else "cli.campaign_forecast_on_time",
             forecast=figures.forecast.isoformat(), end=figures.end_date.isoformat())


def cmd_works_import(args) -> None:
    count = import_progress(database(args), command_line_actor(), args.path)
    say("cli.campaign_imported", count=count, file=args.path)


def cmd_works_set(args) -> None:
    work = campaign.update_work(database(args), command_line_actor(), args.segment,
                                planned_m3=args.planned_m3, planned_bank_m=args.planned_bank_m,
                                team=args.team, team_name=args.team_name)
    say("cli.works_set", segment=args.segment, planned=f"{work.planned_m3:,.1f}",
         bank=f"{work.planned_bank_m:,.1f}", team=text(f"dredging.team.{work.team}"),
         name=work.team_name or "—")


def cmd_report(args) -> None:
    monday, sunday = weekly_report.week_bounds(args.week)
    path = weekly_report.save_report(database(args), command_line_actor(), args.week, args.path)
    say("cli.campaign_report_written", week=weekly_report.week_name(monday),
         monday=monday.isoformat(), sunday=sunday.isoformat(), file=str(path))


def add_commands(commands, common) -> None:
    """Add `campaign`, `works` and `report` to the parser's commands (see
    cli_rounds.add_commands)."""

    drive = commands.add_parser("campaign", help="the dredging campaign (百日攻坚)")
    sub = drive.add_subparsers(dest="campaign_command", required=True, metavar="COMMAND")
    create = sub.add_parser("create", parents=[common],
                            help="create a campaign over every segment in service (or --channel)")
    create.set_defaults(handler=cmd_campaign_create)
    create.add_argument("name", help="e.g. 百日攻坚")
    create.add_argument("--start", type=day, metavar="YYYY-MM-DD", help="first day (default today)")
    create.add_argument("--days", default=dredging.DEFAULT_DAYS, metavar="N",
                        help=f"length in days (default {dredging.DEFAULT_DAYS})")
    create.add_argument("--m3-per-metre", default=dredging.DEFAULT_M3_PER_METRE, metavar="M3",
                        help="planned silt per metre of segment (default 3)")
    create.add_argument("--bank-share", default=0.0, metavar="M",
                        help="planned bank reinforcement per metre of segment, 0-2 (default 0)")
    create.add_argument("--channel", nargs="+", metavar="CODE",
                        help="only the segments of these channels")
    create.add_argument("--team", choices=dredging.TEAMS, default="households",
                        help="who does the work (default households)")
    status = sub.add_parser("status", parents=[common],
                            help="where the campaign stands: km, m³, segments, forecast")
    status.set_defaults(handler=cmd_campaign_status)
    status.add_argument("--date", type=day, metavar="YYYY-MM-DD",
                        help="as it stood at the end of this day (default today)")
    status.add_argument("--json", action="store_true", help=STATUS_JSON_HELP)

    works = commands.add_parser("works", help="dredging progress entries")
    works_sub = works.add_subparsers(dest="works_command", required=True, metavar="COMMAND")
    importing = works_sub.add_parser(
        "import", parents=[common],
        help="record progress entries from a CSV or XLSX: all rows or none")
    importing.set_defaults(handler=cmd_works_import)
    importing.add_argument(
        "path", help="columns segment|河段, date|日期, m3|清淤方量, and optionally bank_m|护岸米数, "
        "state|状态 (progress|done|not_done or 进行中|完工|撤回完工), note|备注")

    setting = works_sub.add_parser("set", parents=[common],
                                   help="change a segment's plan or who does the work")
    setting.set_defaults(handler=cmd_works_set)
    setting.add_argument("segment", help="segment code, e.g. GZQ-007")
    setting.add_argument("--planned-m3", metavar="M3", help="silt to remove")
    setting.add_argument("--planned-bank-m", metavar="M", help="bank to reinforce")
    setting.add_argument("--team", choices=("households", "volunteers", "contractor"))
    setting.add_argument("--team-name", metavar="NAME", help="e.g. the contractor's name")

    report = commands.add_parser("report", parents=[common],
                                 help="the weekly report of the campaign: A4 .html or .xlsx")
    report.set_defaults(handler=cmd_report)
    report.add_argument("--week", required=True, metavar="YYYY-Www",
                        help="an ISO week, e.g. 2026-W47")
    report.add_argument("path", help="a .html page to print on A4, or an .xlsx spreadsheet")
