"""The ledgers' pure rules: exact splits in fen, amounts in 元, ranks with ties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watershed.domain.ledgers import (INCOME, RETAINED_PERCENT, rank, retained_from_percent,
                                      split, to_fen, weight, yuan)
from watershed.domain.numbers import NumberError, read

codes = st.text(alphabet="ABCDEFGH0123456789-", min_size=1, max_size=6)
weights = st.dictionaries(codes, st.integers(min_value=0, max_value=12), min_size=1, max_size=40)
amounts = st.integers(min_value=0, max_value=10**11)


@given(amounts, weights)
def test_the_shares_always_sum_exactly_to_the_amount(amount, weighted):
    if not sum(weighted.values()):
        weighted = {**weighted, "Z": 1}
    shares = split(amount, weighted)
    assert sum(shares.values()) == amount and set(shares) == set(weighted)
    assert all(share >= 0 for share in shares.values())


@given(amounts, weights)
def test_equal_weights_differ_by_at_most_one_fen_and_more_weight_never_gets_less(amount, weighted):
    if not sum(weighted.values()):
        weighted = {**weighted, "Z": 1}
    shares = split(amount, weighted)
    for a in weighted:
        for b in weighted:
            if weighted[a] == weighted[b]:
                assert abs(shares[a] - shares[b]) <= 1
            if weighted[a] > weighted[b]:
                assert shares[a] >= shares[b]
        if weighted[a] == 0:
            assert shares[a] == 0


@given(amounts, weights)
def test_each_share_is_within_one_fen_of_its_exact_part(amount, weighted):
    total = sum(weighted.values()) or 1
    weighted = weighted if sum(weighted.values()) else {**weighted, "Z": 1}
    for key, share in split(amount, weighted).items():
        assert abs(share - amount * weighted[key] / total) < 1


def test_the_left_over_fen_go_by_the_largest_remainder_then_by_code():
    # 100.01 元 over 7 equal households: 1428 fen each and 5 fen left, to the first five codes.
    shares = split(10001, {f"H-{n}": 1 for n in range(7, 0, -1)})
    assert shares == {"H-1": 1429, "H-2": 1429, "H-3": 1429, "H-4": 1429, "H-5": 1429,
                      "H-6": 1428, "H-7": 1428}
    # By person: weights 1, 2 over 10 fen: 3.33 and 6.67 — the larger remainder gets the fen.
    assert split(10, {"A": 1, "B": 2}) == {"A": 3, "B": 7}


def test_a_split_is_the_same_whatever_order_the_households_come_in():
    forward = {f"H-{n:03d}": n % 4 + 1 for n in range(50)}
    backward = dict(reversed(list(forward.items())))
    assert split(123457, forward) == split(123457, backward)


def test_nothing_is_split_over_no_weight_and_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        split(5, {"A": 0})
    with pytest.raises(ValueError):
        split(-1, {"A": 1})
    assert split(0, {"A": 0}) == {"A": 0}


def test_the_rule_gives_one_per_household_or_the_members():
    assert weight("per_household", 5) == 1 and weight("per_person", 5) == 5


@pytest.mark.parametrize("given_, fen", [("100.01", 10001), (100.01, 10001), ("1,000", 100000),
                                         (0.1 + 0.2, 30), ("１２.５", 1250), ("1e3", 100000)])
def test_yuan_become_fen_exactly(given_, fen):
    assert to_fen(read(given_, INCOME)) == fen


@pytest.mark.parametrize("bad", ["1.005", "abc", "", "nan", "inf", 1.005, "0", "-3.5", "1e30"])
def test_an_income_of_more_than_two_decimals_no_number_or_out_of_range_is_refused(bad):
    with pytest.raises(NumberError):
        read(bad, INCOME)


def test_fen_read_as_yuan_with_two_decimals():
    assert yuan(10001) == "100.01" and yuan(123456789) == "1,234,567.89" and yuan(-5) == "-0.05"


@given(st.integers(min_value=0, max_value=10**10),
       st.decimals(min_value=0, max_value=100, places=RETAINED_PERCENT.decimals))
def test_a_retained_percentage_stays_within_the_total(total, percent):
    assert 0 <= retained_from_percent(total, percent) <= total


def test_a_retained_percentage_rounds_half_up():
    assert retained_from_percent(10001, Decimal(50)) == 5001
    assert retained_from_percent(3, Decimal(10)) == 0


def test_equal_totals_share_a_rank_the_next_skips_and_nobody_without_a_contribution_is_listed():
    lines = rank({"H-3": 5.0, "H-1": 2.5, "H-2": 5.0, "H-4": 0.0, "H-5": 1.0})
    assert [(line.rank, line.key) for line in lines] == [(1, "H-2"), (1, "H-3"), (3, "H-1"),
                                                         (4, "H-5")]
