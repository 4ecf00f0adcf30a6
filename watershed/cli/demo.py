"""`watershed demo`: the synthetic Taihu Port demo basin (the one module of the command line
that may import watershed.demo)."""

from watershed.cli.common import command, database, say
from watershed.demo import load as demo
from watershed.services.common.actors import command_line_actor
from watershed.services.places import stats
from watershed.services.places.basins import is_demo


def cmd_demo(args) -> None:
    db = database(args, migrate=True)
    report = demo.load_demo(db, command_line_actor(), only_if_empty=args.if_empty)
    if report.loaded:
        say("demo.loaded", **stats.basin_stats(db))
    elif is_demo(db):
        say("demo.already")
    else:
        say("demo.skipped")


def add_commands(commands, common) -> None:
    dem = command(commands, common, "demo", cmd_demo,
                  "load the synthetic Taihu Port demo basin (does nothing if loaded)")
    dem.add_argument("--if-empty", action="store_true",
                     help="load only into an empty database; leave one with other data alone")
