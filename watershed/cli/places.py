"""`watershed init` (the schema) and `watershed stats` (the basin at a glance)."""

import json

from watershed.cli.common import command, database, safe_url, say
from watershed.services.backup import backup
from watershed.services.places import stats
from watershed.store.migrate import head_revision


def cmd_init(args) -> None:
    db = database(args, migrate=True)
    say("cli.initialised", revision=head_revision(), url=safe_url(db.url))
    say("cli.secret_at", file=backup.ensure_secret())


def cmd_stats(args) -> None:
    figures = stats.basin_stats(database(args))
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    if figures["synthetic"]:
        say("cli.synthetic_label")
    for key, value in figures.items():
        print(f"{key}: {value}")


def add_commands(commands, common) -> None:
    command(commands, common, "init", cmd_init,
            "create the schema or migrate it to the newest revision")
    sta = command(commands, common, "stats", cmd_stats, "figures of the basin")
    sta.add_argument("--json", action="store_true", help="one JSON object on stdout")
