"""Integer Rial parsing and the largest-remainder split among makers."""

from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.text.money import (
    AmountError,
    parse_amount,
    split_amount,
)
from marketplace.text.persian import format_money, format_number


@pytest.mark.parametrize(
    ("text", "unit", "rials"),
    [
        ("1250000", "rial", 1_250_000),
        ("1,250,000", "rial", 1_250_000),
        ("۱٬۲۵۰٬۰۰۰", "rial", 1_250_000),
        ("۱،۲۵۰،۰۰۰", "rial", 1_250_000),  # Persian comma key
        ("1 250 000", "rial", 1_250_000),
        ("١٢٣", "rial", 123),
        ("  ۱۲۵۰۰۰ ریال ", "rial", 125_000),
        ("125000ریال", "rial", 125_000),
        ("125,000 Rials", "rial", 125_000),
        ("۱٬۲۵۰٬۰۰۰ تومان", "toman", 12_500_000),
        ("1250000 Toman", "toman", 12_500_000),
        ("125", "toman", 1250),
        ("007", "rial", 7),
        (500, "rial", 500),
        (500, "toman", 5000),
    ],
)
def test_parse_amount_accepts(text, unit, rials):
    assert parse_amount(text, unit=unit) == rials


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("ریال", "empty"),
        ("abc", "not_a_number"),
        ("12a", "not_a_number"),
        ("+5", "not_a_number"),
        ("1_000", "not_a_number"),
        ("１２", "not_a_number"),  # fullwidth digits are not accepted silently
        ("-5", "negative"),
        ("−۵", "negative"),
        ("۵-", "negative"),  # minus typed after the digits in RTL
        (-5, "negative"),
        ("12.5", "fraction"),
        ("12/5", "fraction"),
        ("۱۲٫۵", "fraction"),
        ("12.000", "fraction"),  # ambiguous, so refused rather than guessed
        ("12,50", "grouping"),
        ("1,25,000", "grouping"),
        ("1250,000", "grouping"),
        ("0", "zero"),
        ("۰", "zero"),
        (0, "zero"),
        ("10000000000000001", "too_large"),
        ("9" * 5000, "too_large"),
        ("125 تومان", "wrong_unit"),
    ],
)
def test_parse_amount_refuses_with_a_reason(text, code):
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert info.value.code == code
    assert str(info.value.message)  # a lazy string that renders outside a request


def test_parse_amount_messages_differ_per_case():
    messages = set()
    for text in ("", "x", "-1", "1.5", "0", "10000000000000001", "12,5"):
        with pytest.raises(AmountError) as info:
            parse_amount(text)
        messages.add(str(info.value.message))
    assert len(messages) == 7


def test_parse_amount_options():
    assert parse_amount("0", allow_zero=True) == 0
    assert parse_amount("100", max_rials=100) == 100
    with pytest.raises(AmountError) as info:
        parse_amount("11", unit="toman", max_rials=100)
    assert info.value.code == "too_large"
    message = str(info.value.message)  # the limit, in the field's unit and reader's digits
    assert "10" in message or "۱۰" in message
    with pytest.raises(AmountError) as info:
        parse_amount("5 ریال", unit="toman")
    assert info.value.code == "wrong_unit"
    with pytest.raises(ValueError, match="unit"):
        parse_amount("5", unit="dollar")


@pytest.mark.parametrize("bad", [12.0, True, False])
def test_parse_amount_refuses_float_and_bool(bad):
    with pytest.raises(TypeError):
        parse_amount(bad)


@given(st.integers(1, 10**15))
def test_parse_amount_round_trips_formatted_numbers(n):
    for text in (str(n), f"{n:,}", format_number(n, "fa"), format_number(n, "en")):
        assert parse_amount(text) == n


@given(st.integers(1, 10**14))
def test_parse_amount_round_trips_shown_prices(toman):
    rials = toman * 10
    assert parse_amount(format_money(rials, "fa"), unit="toman") == rials
    assert parse_amount(format_money(rials, "en"), unit="toman") == rials


def test_split_amount_examples():
    # Whole Toman (multiples of 10 Rials) split in whole Toman.
    assert split_amount(1000, [33, 33, 34]) == [330, 330, 340]
    assert split_amount(100, [1, 1, 1]) == [40, 30, 30]  # tie: earlier index first
    assert split_amount(10, [1, 1]) == [10, 0]
    assert split_amount(0, [50, 50]) == [0, 0]
    assert split_amount(990, [25, 25, 25, 25]) == [250, 250, 250, 240]
    # Odd Rials (old entries) split in whole Rials.
    assert split_amount(2, [1, 1, 1]) == [1, 1, 0]
    assert split_amount(1, [1, 1]) == [1, 0]
    assert split_amount(1_000_001, [100]) == [1_000_001]
    assert split_amount(7, [1, 2, 4]) == [1, 2, 4]
    assert split_amount(99, [25, 25, 25, 25]) == [25, 25, 25, 24]
    assert split_amount(5, [1, 3]) == [1, 4]  # remainders 1/4 vs 3/4: larger wins


@pytest.mark.parametrize(
    ("total", "weights", "error"),
    [
        (-1, [100], ValueError),
        (10, [], ValueError),
        (10, [0, 100], ValueError),
        (10, [-5, 105], ValueError),
        (10, [50.0, 50], ValueError),
        (10, [True, 1], ValueError),
        (10.0, [100], TypeError),
        (True, [100], TypeError),
    ],
)
def test_split_amount_refuses(total, weights, error):
    with pytest.raises(error):
        split_amount(total, weights)


def _check_split(total, weights):
    parts = split_amount(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts) == total
    assert all(isinstance(p, int) and p >= 0 for p in parts)
    whole = sum(weights)
    unit = 10 if total % 10 == 0 else 1  # whole Toman when the total is
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - Fraction(total * w, whole)) < unit
        assert part % unit == 0
    assert split_amount(total, list(weights)) == parts  # deterministic


@given(st.integers(0, 10**12), st.lists(st.integers(1, 10**6), min_size=1, max_size=5))
def test_split_amount_properties_any_weights(total, weights):
    _check_split(total, weights)


@st.composite
def percent_shares(draw):
    """1..5 positive integer percentages that sum to 100."""
    n = draw(st.integers(1, 5))
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 100]
    return [b - a for a, b in pairwise(bounds)]


@given(st.integers(0, 10**12), percent_shares())
def test_split_amount_properties_percent_shares(total, shares):
    assert sum(shares) == 100
    _check_split(total, shares)
