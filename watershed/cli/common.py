"""What every part of the command line shares: one-line refusals, how a day and a record number
are typed, opening the database, printing a catalogue sentence.

Quantities are not read here: they go to the services as typed, and the services read them
(watershed.services.common.numbers). A refusal reads as the service's would."""

import argparse
import unicodedata
from datetime import date
from typing import NoReturn

from sqlalchemy.engine import make_url

from watershed import config
from watershed.catalogue import text
from watershed.errors import InputError, WatershedError
from watershed.services.common.numbers import RECORD_ID, whole
from watershed.store.database import open_database
from watershed.store.migrate import current_revision, head_revision, upgrade


class Parser(argparse.ArgumentParser):
    """argparse, refusing as every other refusal does: one line `error: …` and exit status 2
    (argparse's own way prints the usage first). Subcommands are made of this class too."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def say(key: str, **params) -> None:
    print(text(key, **params))


def day(value: str) -> date:
    try:  # full-width digits and dashes, as a Chinese input method types them, are the same date
        return date.fromisoformat(unicodedata.normalize("NFKC", value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-01") from None


def record_id(field: str):
    """The number of a stored record, e.g. `record_id("field.round_id")`."""

    def read(typed: str) -> int:
        try:
            return whole(typed, field, RECORD_ID)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def database(args, migrate: bool = False):
    """The database the command names (or the configured one), refused unless migrated."""
    db = open_database(config.database_url(args.database_url))
    if migrate:
        upgrade(db)
    elif current_revision(db) != head_revision():
        raise WatershedError("cli.not_initialised", url=safe_url(db.url))
    return db


def command(commands, common, name: str, handler, help_text: str) -> argparse.ArgumentParser:
    """A command `name` that runs `handler(args)` and takes --database-url before or after it."""
    sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    return sub
