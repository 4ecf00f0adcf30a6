"""Text a person gives a service, checked once for every service before it runs.

A NUL character (\\x00) cannot be stored in a PostgreSQL text column, and the driver refuses it
with an error a person cannot act on; SQLite would keep it, invisibly, in a name or a note. It
comes with text pasted from another program or sent by a script, never from typing, so it is
refused with the field it is in rather than removed: what is stored is then exactly what was
given. Every service's arguments pass here (watershed.services.common.transaction), so no
service has to remember it.
"""

from collections.abc import Iterable, Mapping

from watershed.catalogue import CATALOGUE, Phrase
from watershed.errors import InputError

NUL = "\x00"


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, Mapping):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_holds_nul(item) for item in value)
    return False  # numbers, dates, bytes (a photo's content), actors, paths


def _label(name: str):
    """The catalogue's name of an argument, e.g. field.note -> 备注; else the argument's name."""
    key = f"field.{name}"
    return Phrase(key) if key in CATALOGUE else name


def refuse_nul(names: Iterable[str], args: tuple, kwargs: dict) -> None:
    """InputError naming the first argument whose text holds a NUL character. `names` are the
    service's parameter names after its session, in order, for the positional `args`."""
    given = list(zip(names, args)) + list(kwargs.items())
    for name, value in given:
        if _holds_nul(value):
            raise InputError("error.nul_in_text", field=_label(name))
