"""The rules of the two ledgers: contributions (投工投劳) and the collective benefit (全体居民受益).

Contributions
- Four kinds, each counted in one unit: labour in person-days (人·天, tenths allowed), machine
  work in machine-hours (台时, tenths, with the machine named), materials by their value in 元
  (with a description) and money in 元. Money is kept in fen (integer cents), never in floats.
- An amount is within AMOUNT[kind]: above 0 and no more than one entry should hold (a bigger
  gift is recorded as several entries, which staff will then look at twice), in tenths of a
  person-day or machine-hour, or in fen. The day is not in the future.
- An entry is never edited; a wrong one is withdrawn with a reason, stays in the ledger and no
  longer counts.
- The honour board (光荣榜) lists, village by village and kind by kind, the households that
  contributed, largest first. Households with the same total share a rank and the next rank
  skips (1, 1, 3). Nobody who gave nothing is listed: it honours, it does not shame.

Collective benefit
- Income comes from collective assets (a pond leased by the collective, fishing rights, other);
  amounts in 元 within INCOME, with at most two decimals, stored in fen.
- A distribution takes every income not yet distributed up to its day, keeps a retained amount
  for upkeep (0 ≤ retained ≤ total; given in 元, or as a percentage rounded half up) and splits
  the rest over every household registered by the end of its day (the basin keeps no move-outs)
  by a rule: per household (weight 1 each) or per person (weight = members, recorded with the
  share).
  An income is taken by one distribution only; the day is not in the future. The split is exact
  in fen by the largest-remainder method: each gets floor(amount × weight / total weight); the
  fen left over go one each to the largest remainders, equal remainders by the order of the
  household codes. So the shares always sum to the amount, and two households of equal weight
  differ by at most 1 fen.
- Totals always reconcile: for each distribution income = distributed + retained (and the shares
  sum to distributed); for the ledger, all income = all shares + all retained + not distributed.
- Income is never edited or withdrawn here: a wrong income is not yet provided for (see the
  issue's report); everything written is in the audit log.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from watershed.domain.numbers import Limits

KINDS = ("labour", "machine", "materials", "money")
# The kinds measured as a quantity (person-days, machine-hours); the others are money, in fen.
QUANTITY_KINDS = ("labour", "machine")
# One entry's amount, in the kind's unit: tenths of a person-day or machine-hour, fen of 元.
AMOUNT = {"labour": Limits(0, 100, 1, above_low=True), "machine": Limits(0, 500, 1, above_low=True),
          "materials": Limits(0, 1_000_000, 2, above_low=True),
          "money": Limits(0, 1_000_000, 2, above_low=True)}
INCOME = Limits(0, 100_000_000, 2, above_low=True)  # 元, one income
RETAINED = Limits(0, 100_000_000, 2)  # 元 kept for upkeep (and never more than the income)
RETAINED_PERCENT = Limits(0, 100, 2)  # or kept as a percentage of the income
SOURCES = ("pond_lease", "fishing_rights", "other")
RULES = ("per_household", "per_person")


def to_fen(yuan: Decimal) -> int:
    """元 read with at most two decimals (watershed.domain.numbers.read) as fen."""
    return int(yuan.scaleb(2))


def yuan(fen: int) -> str:
    """Fen as 元 with two decimals and thousands separators: 1,234.56."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def split(amount: int, weights: dict[str, int]) -> dict[str, int]:
    """`amount` fen over the keys by weight, exactly (largest remainder; ties by key order).

    Keys of weight 0 get 0. The total weight must be above 0 unless the amount is 0."""
    if amount < 0 or any(weight < 0 for weight in weights.values()):
        raise ValueError("amount and weights must not be negative")
    total = sum(weights.values())
    if total == 0:
        if amount:
            raise ValueError("no weight to split over")
        return dict.fromkeys(weights, 0)
    shares, remainders = {}, []
    for key in sorted(weights):
        whole, rest = divmod(amount * weights[key], total)
        shares[key] = whole
        remainders.append((-rest, key))
    left = amount - sum(shares.values())
    for _, key in sorted(remainders)[:left]:
        shares[key] += 1
    return shares


def weight(rule: str, members: int) -> int:
    return 1 if rule == "per_household" else members


def retained_from_percent(total: int, percent: Decimal) -> int:
    """The fen kept for upkeep when `percent` (0..100) of `total` is retained, half up."""
    return int((Decimal(total) * percent / 100).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class Ranked:
    rank: int
    key: str
    total: float


def rank(totals: dict[str, float]) -> list[Ranked]:
    """Positive totals, largest first; equal totals share a rank, the next one skips (1, 1, 3).
    Equal totals are listed by key."""
    ordered = sorted(((-total, key) for key, total in totals.items() if total > 0))
    lines, previous, current = [], None, 0
    for index, (negative, key) in enumerate(ordered, start=1):
        if negative != previous:
            current, previous = index, negative
        lines.append(Ranked(current, key, -negative))
    return lines
