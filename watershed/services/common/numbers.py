"""Every number a person gives a service (an option, a form field, a table cell) is read here,
by the rules of watershed.domain.numbers, and refused with one message that names the field and
its range."""

from decimal import Decimal

from watershed.catalogue import Phrase
from watershed.domain.numbers import Limits, NumberError, figure, read
from watershed.errors import InputError

SHOWN_CHARACTERS = 40  # of a refused value quoted back: enough to recognise, not a wall of text
# The number of a stored record (a contribution, a campaign, a round, a problem): the keys are
# INTEGER columns, 32 bits on PostgreSQL, so a bigger number is refused here, not by the driver.
RECORD_ID = Limits(1, 2**31 - 1, 0)


def number(value, field: str, limits: Limits) -> Decimal:
    """`value` read within `limits`; `field` is the catalogue key of what it is (e.g.
    "field.days"). InputError("number.<reason>") names the field, the value and the range."""
    try:
        return read(value, limits)
    except NumberError as error:
        shown = str(value).strip() if value is not None else ""
        if len(shown) > SHOWN_CHARACTERS:
            shown = shown[:SHOWN_CHARACTERS] + "…"
        key = f"number.{error.reason}" + ("_above" if limits.above_low else "")
        raise InputError(key, field=Phrase(field), value=shown,
                         low=figure(limits.low, limits.decimals),
                         high=figure(limits.high, limits.decimals),
                         decimals=limits.decimals) from None


def whole(value, field: str, limits: Limits) -> int:
    return int(number(value, field, limits))


def amount(value, field: str, limits: Limits) -> float:
    return float(number(value, field, limits))


def collect(problems: list[InputError], read, value, field: str, limits: Limits):
    """`read(value, field, limits)` (number, whole or amount) for a service that reports every
    fault of a form at once: a refusal is added to `problems` and None given instead."""
    try:
        return read(value, field, limits)
    except InputError as problem:
        problems.append(problem)
        return None
