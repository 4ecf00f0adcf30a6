"""The `watershed` command: the same work as the app, scriptable. Each part of the product adds
its commands from its own module here (cli/<part>.py, sharing only cli/common.py); this module
only builds the parser and runs what was asked. The command line imports services (and, for
`watershed demo` only, the demo), never the pages; nothing imports it.

Every refusal is one line `error: <message>` on stderr and exit status 2; nothing is written.
"""

import argparse
import sys
from functools import cache

from sqlalchemy.exc import OperationalError

from watershed import config
from watershed.catalogue import text
from watershed.cli import (accounts, backup, campaign, custody, demo, evaluation, geometry,
                           ledgers, places, problems, signboards, water)
from watershed.cli.common import Parser, safe_url
from watershed.errors import WatershedError

PARTS = (places, demo, geometry, custody, accounts, evaluation, water, campaign, problems, ledgers,
         signboards, backup)


# Built once a process: a process that runs many commands (a script calling main, the tests)
# spent 10-30 ms a command rebuilding some 200 options and their help. Parsing leaves it as it was.
@cache
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
    for part in PARTS:
        part.add_commands(commands, common)
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
        url = safe_url(config.database_url(args.database_url))
        print(f"error: {text('cli.cannot_connect', url=url, reason=reason)}", file=sys.stderr)
        return 2
    return 0
