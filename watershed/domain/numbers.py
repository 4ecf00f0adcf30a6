"""Numbers as people type them, and the range each kind of number must lie in.

Rules (one parser for every number a person gives: command options, form fields, table cells):
- Digits may be ASCII or full width (１２３, as Chinese input methods type them); so may the
  point and the sign (１２．５, －３). Surrounding spaces are ignored.
- Thousands separators are a comma (or a full-width ，) between groups of exactly three digits:
  1,000 and 12,345.5 are read; 1,00 and 1,2,3 are refused, since they may be a mistyped decimal.
- Exponents are read (1e3 is 1000) so that a value pasted from a program keeps its meaning;
  what it means must then lie in the range like any other number.
- Refused: an empty value, nan, infinities, hexadecimal (0x10), underscores, fractions where a
  whole number is needed, more decimals than the quantity is kept in (fen, tenths of a day),
  and anything outside the range. A refusal names why (`NumberError.reason`).
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# A sign, digits (grouped by commas in threes, or not) with a fraction, or a bare fraction
# (.5), then an exponent.
_TYPED = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")


class NumberError(ValueError):
    """`reason` is one of: empty, not_a_number, not_whole, too_many_decimals, out_of_range."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """The allowed values of one kind of number: low..high, both included unless `above_low`
    (then low itself is refused: an amount of 0 means nothing was given). `decimals` is how many
    places the quantity is kept in (0: a whole number), so a tiny 1e-9 is refused rather than
    silently kept as nothing."""

    low: float
    high: float
    decimals: int
    above_low: bool = False

    def holds(self, value: Decimal) -> bool:
        low = Decimal(str(self.low))
        return (value > low if self.above_low else value >= low) and value <= Decimal(str(self.high))


def parse(value) -> Decimal:
    """A typed text or a number (int, float, Decimal) as a finite Decimal; NumberError if it is
    none. Floats come from form widgets and are taken at their shortest decimal form (0.1, not
    0.1000000000000000055511151231257827)."""
    if isinstance(value, bool):
        raise NumberError("not_a_number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError("not_a_number")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError("not_a_number")
        return value
    if value is None:
        raise NumberError("empty")
    typed = unicodedata.normalize("NFKC", str(value)).strip().replace("−", "-")
    if not typed:
        raise NumberError("empty")
    if not _TYPED.fullmatch(typed):
        raise NumberError("not_a_number")
    return Decimal(typed.replace(",", ""))  # the pattern admits only what Decimal reads


# A float from a form widget that is this close to a value with the allowed places is that
# value (0.1 + 0.2 arrives as 0.30000000000000004); a typed 1.005 yuan is refused.
FLOAT_SLACK = Decimal("1e-9")


def read(value, limits: Limits) -> Decimal:
    """`value` as a number within `limits`, kept in its places, or NumberError saying why not."""
    number = parse(value)
    if not limits.holds(number):
        raise NumberError("out_of_range")
    kept = number.quantize(Decimal(1).scaleb(-limits.decimals))
    if kept != number and not (isinstance(value, float) and abs(kept - number) < FLOAT_SLACK):
        raise NumberError("not_whole" if limits.decimals == 0 else "too_many_decimals")
    if not limits.holds(kept):  # a float a hair above 0 is 0 once kept in its places
        raise NumberError("out_of_range")
    return kept


def figure(value, decimals: int) -> str:
    """A limit as an office writes it: thousands separated, no trailing zeros (100,000,000;
    0.01)."""
    shown = f"{Decimal(str(value)):,.{decimals}f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown
