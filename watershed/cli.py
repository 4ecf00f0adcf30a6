"""The `watershed` command: the same work as the app, scriptable.

Every refusal is one line `error: <message>` on stderr and exit status 2; nothing is written.
"""

import argparse
import getpass
import json
import sys
import unicodedata
from datetime import date
from typing import NoReturn

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from watershed import cli_campaign, cli_ledgers, cli_rounds, cli_water, config
from watershed import cli_signboards
from watershed import cli_problems
from watershed import cli_backup
from watershed.catalogue import text
from watershed.errors import InputError, WatershedError
from watershed.services.accounts import users as accounts
from watershed.services.custody import custody
from watershed.demo import load as demo
from watershed.services.geometry import exporting
from watershed.services.geometry import imports
from watershed.services.geometry import segmenting
from watershed.services.places import stats
from watershed.services.common.actors import ROLES, command_line_actor
from watershed.store.database import open_database
from watershed.store.migrate import current_revision, head_revision, upgrade

LAYER_KINDS = ("channels", "ponds", "sources", "boundary")


def _say(key: str, **params) -> None:
    print(text(key, **params))


def _day(value: str) -> date:
    try:  # full-width digits and dashes, as a Chinese input method types them, are the same date
        return date.fromisoformat(unicodedata.normalize("NFKC", value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-01") from None


class Parser(argparse.ArgumentParser):
    """argparse, refusing as every other refusal does: one line `error: …` and exit status 2
    (argparse's own way prints the usage first). Subcommands are made of this class too."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _database(args, migrate: bool = False):
    db = open_database(config.database_url(args.database_url))
    if migrate:
        upgrade(db)
    elif current_revision(db) != head_revision():
        raise WatershedError("cli.not_initialised", url=_safe_url(db.url))
    return db


def cmd_init(args) -> None:
    db = _database(args, migrate=True)
    _say("cli.initialised", revision=head_revision(), url=_safe_url(db.url))


def cmd_demo(args) -> None:
    db = _database(args, migrate=True)
    report = demo.load_demo(db, command_line_actor(), only_if_empty=args.if_empty)
    if report.loaded:
        _say("demo.loaded", **stats.basin_stats(db))
    elif demo.is_demo(db):
        _say("demo.already")
    else:
        _say("demo.skipped")


def cmd_import(args) -> None:
    db = _database(args)
    actor = command_line_actor()
    if args.kind == "households":
        report = imports.import_households(db, actor, args.path)
        _say("cli.imported_households", file=args.path, count=report.count)
        return
    report = imports.import_layer(db, actor, args.kind, args.path, layer=args.layer, crs=args.crs,
                                  gcj02=args.gcj02, name_field=args.name_field)
    for warning in report.warnings:
        print(text("cli.warning", message=str(warning)), file=sys.stderr)
    _say("cli.imported", file=args.path, count=report.count, kind=args.kind, crs=report.source_crs)


def cmd_segment(args) -> None:
    report = segmenting.segment_channels(_database(args), command_line_actor(), target_m=args.length,
                                         channel_code=args.channel, force=args.force)
    _say("cli.segmented", channels=len(report.channels_cut), created=report.segments_created,
         retired=report.segments_retired, ended=report.custodies_ended,
         unchanged=report.channels_unchanged)


def cmd_assign(args) -> None:
    db, actor = _database(args), command_line_actor()
    if args.auto:
        if args.segment or args.household:
            raise InputError("cli.auto_with_codes")
        report = custody.auto_assign(db, actor, max_metres_per_household=args.max_metres_per_household)
        _say("cli.auto_assigned", assigned=report.assigned, metres=report.assigned_m,
             other=len(report.other_village), open=len(report.unassigned))
        for segment, household in report.other_village:
            _say("cli.other_village", segment=segment, household=household)
        for segment, reason in report.unassigned:
            _say("cli.still_open", segment=segment, reason=text(reason))
        if report.households_without_home:
            _say("cli.no_home", count=report.households_without_home)
        return
    if not (args.segment and args.household):
        raise InputError("cli.assign_needs_codes")
    role = "deputy" if args.deputy else "primary"
    kept = custody.assign(db, actor, args.segment, args.household, role=role, start=args.start)
    _say("cli.assigned_one", segment=args.segment, household=args.household, role=role,
         start=kept.start_date.isoformat())


def cmd_unassign(args) -> None:
    ended = custody.end_custody(_database(args), command_line_actor(), args.segment,
                                role="deputy" if args.deputy else "primary", end=args.end,
                                reason=args.reason)
    _say("cli.unassigned_one", segment=args.segment, end=ended.end_date.isoformat())


def cmd_custody(args) -> None:
    lines = custody.custody_history(_database(args), args.segment)
    if not lines:
        _say("cli.history_empty", segment=args.segment)
    for line in lines:
        end = line.end_date.isoformat() if line.end_date else text("cli.history_now")
        _say("cli.history_line", start=line.start_date.isoformat(), end=end,
             household=line.household_code, name=line.head_name, role=line.role,
             reason=line.end_reason)


def cmd_export(args) -> None:
    counts = exporting.export(_database(args), args.path, layer=args.layer)
    _say("cli.exported", file=args.path, layers=", ".join(f"{k} {v}" for k, v in counts.items()))


def cmd_stats(args) -> None:
    figures = stats.basin_stats(_database(args))
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    if figures["synthetic"]:
        _say("cli.synthetic_label")
    for key, value in figures.items():
        print(f"{key}: {value}")


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(text("cli.password_prompt"))
    if getpass.getpass(text("cli.password_again")) != first:
        raise InputError("cli.password_mismatch")
    return first


def cmd_users_add(args) -> None:
    user = accounts.add_user(_database(args), command_line_actor(), args.name, args.role,
                             _password(args), args.household)
    _say("cli.user_added", username=user.username, role=user.role)


def build_parser() -> argparse.ArgumentParser:
    url_help = f"SQLAlchemy URL; default $WATERSHED_DATABASE_URL or {config.DEFAULT_DATABASE_URL}"
    # Accepted before or after the command; SUPPRESS keeps the later one from erasing the first.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=url_help)
    parser = Parser(
        prog="watershed",
        description="Segment custody, checks and dredging for the canals and ponds of a basin.",
    )
    parser.add_argument("--database-url", metavar="URL", help=url_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, handler, help_text):
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    command("init", cmd_init, "create the schema or migrate it to the newest revision")
    dem = command("demo", cmd_demo, "load the synthetic Taihu Port demo basin (does nothing if loaded)")
    dem.add_argument("--if-empty", action="store_true",
                     help="load only into an empty database; leave one with other data alone")

    imp = command("import", cmd_import, "import channels, ponds, sources, the boundary or households")
    imp.add_argument("kind", choices=LAYER_KINDS + ("households",))
    imp.add_argument("path", help="GeoJSON, GeoPackage, zipped Shapefile or KML; CSV/XLSX for households")
    imp.add_argument("--layer", help="layer to read from a GeoPackage or KML with several")
    imp.add_argument("--crs", help="CRS of the coordinates, e.g. EPSG:4546 (overrides the file's)")
    imp.add_argument("--gcj02", action="store_true", help="coordinates were digitised on Gaode/AMap (GCJ-02)")
    imp.add_argument("--name-field", help="attribute holding the feature's name")

    seg = command("segment", cmd_segment, "cut channels into custody segments")
    seg.add_argument("--length", default=segmenting.DEFAULT_TARGET_M, metavar="METRES",
                     help="target segment length in metres (default 200)")
    seg.add_argument("--channel", metavar="CODE", help="cut only this channel")
    seg.add_argument("--force", action="store_true",
                     help="re-cut channels whose segments are in custody, ending those custodies")

    asg = command("assign", cmd_assign, "make a household the custodian of a segment, or --auto")
    asg.add_argument("segment", nargs="?", help="segment code, e.g. GZQ-007")
    asg.add_argument("household", nargs="?", help="household code")
    asg.add_argument("--deputy", action="store_true", help="assign the deputy, not the primary")
    asg.add_argument("--start", type=_day, metavar="YYYY-MM-DD", help="first day (default today)")
    asg.add_argument("--auto", action="store_true", help="propose and apply custody for all open segments")
    asg.add_argument("--max-metres-per-household", metavar="M",
                     help="with --auto: most metres one household keeps (default unlimited)")

    una = command("unassign", cmd_unassign, "end the custody of a segment (kept in its history)")
    una.add_argument("segment")
    una.add_argument("--deputy", action="store_true", help="end the deputy's custody")
    una.add_argument("--end", type=_day, metavar="YYYY-MM-DD", help="last day (default today)")
    una.add_argument("--reason", default="", help="why it ends")

    his = command("custody", cmd_custody, "show the custody history of a segment")
    his.add_argument("segment")

    exp = command("export", cmd_export, "write .gpkg, .geojson or .xlsx (by suffix)")
    exp.add_argument("path")
    exp.add_argument("--layer", choices=exporting.LAYERS)

    sta = command("stats", cmd_stats, "figures of the basin")
    sta.add_argument("--json", action="store_true", help="one JSON object on stdout")

    users = commands.add_parser("users", help="user accounts")
    users_commands = users.add_subparsers(dest="users_command", required=True, metavar="COMMAND")
    add = users_commands.add_parser("add", parents=[common], help="create an account")
    add.set_defaults(handler=cmd_users_add)
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--household", metavar="CODE", help="household of a custodian or resident")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    cli_rounds.add_commands(commands, common, _day, _database)
    cli_water.add_commands(commands, common, _day, _database)
    cli_campaign.add_commands(commands, common, _day, _database)
    cli_problems.add_commands(commands, common, _day, _database)
    cli_ledgers.add_commands(commands, common, _day, _database)
    cli_signboards.add_commands(commands, common, _day, _database)
    cli_backup.add_commands(commands, common, _day, _database)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except WatershedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        url = _safe_url(config.database_url(args.database_url))
        print(f"error: {text('cli.cannot_connect', url=url, reason=reason)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
