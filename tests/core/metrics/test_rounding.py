"""Percentages and averages: half-up to one decimal place, None over zero."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.metrics import average, case_acceptance, percent

HALF_STEP = Fraction(1, 20)  # half of 0.1


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (6, 10, "60.0"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (3, 16, "18.8"),  # 18.75: half-up, not to even (18.8 either way)
        (5, 16, "31.3"),  # 31.25: half-up gives 31.3, half-even would give 31.2
        (1, 2000, "0.1"),  # 0.05
        (0, 7, "0.0"),
        (Decimal("8450.00"), Decimal("16000.00"), "52.8"),
        (Decimal("4650.00"), Decimal("8450.00"), "55.0"),
        (Decimal("2100.00"), Decimal("2000.00"), "105.0"),
    ],
)
def test_percent_rounds_half_up_to_a_tenth(
    numerator: Decimal | int, denominator: Decimal | int, shown: str
) -> None:
    value = percent(numerator, denominator)
    assert value == Decimal(shown)
    assert value is not None and value.as_tuple().exponent == -1


@pytest.mark.parametrize("denominator", [0, Decimal("0"), Decimal("0.00")])
def test_a_rate_over_zero_is_none_never_zero(denominator: Decimal | int) -> None:
    assert percent(0, denominator) is None
    assert percent(5, denominator) is None


@pytest.mark.parametrize(
    ("total", "count", "shown"),
    [(18, 6, "3.0"), (5, 2, "2.5"), (1, 3, "0.3"), (2, 3, "0.7"), (1, 20, "0.1"), (13, 3, "4.3")],
)
def test_average_rounds_half_up_to_a_tenth(total: int, count: int, shown: str) -> None:
    assert average(total, count) == Decimal(shown)


def test_an_average_over_no_case_is_none() -> None:
    assert average(0, 0) is None
    assert average(12, 0) is None


@pytest.mark.parametrize(
    ("presented", "accepted", "shown"),
    [
        ("4500.00", "2100.00", "46.7"),  # the other option, cheaper than the recommended
        ("2500.00", "1300.00", "52.0"),  # part of the case
        ("1000.00", "1000.00", "100.0"),
        ("3000.00", "0.00", "0.0"),  # declined
        ("1000.00", "1200.00", "120.0"),  # a dearer option said yes to
    ],
)
def test_case_acceptance_is_accepted_over_presented_dollars(
    presented: str, accepted: str, shown: str
) -> None:
    assert case_acceptance(Decimal(presented), Decimal(accepted)) == Decimal(shown)


def test_a_case_with_nothing_presented_has_no_acceptance() -> None:
    assert case_acceptance(Decimal("0.00"), Decimal("2100.00")) is None


def _within_half_up(value: Decimal | None, exact: Fraction) -> bool:
    """`value` is `exact` rounded half-up (away from zero) to a tenth."""
    assert value is not None
    shown = Fraction(value)
    if exact >= 0:
        return shown - HALF_STEP <= exact < shown + HALF_STEP
    return shown - HALF_STEP < exact <= shown + HALF_STEP


@given(st.integers(-(10**6), 10**9), st.integers(1, 10**9))
def test_percent_is_the_exact_rate_rounded_half_up(numerator: int, denominator: int) -> None:
    value = percent(numerator, denominator)
    assert _within_half_up(value, Fraction(numerator * 100, denominator))
    assert value is not None and value.as_tuple().exponent == -1


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2, allow_nan=False),
)
def test_percent_of_dollars_is_exact_then_rounded(numerator: Decimal, denominator: Decimal) -> None:
    value = percent(numerator, denominator)
    assert _within_half_up(value, Fraction(numerator) * 100 / Fraction(denominator))
    assert case_acceptance(denominator, numerator) == value


@given(st.integers(0, 10**9), st.integers(1, 10**6))
def test_average_is_the_exact_mean_rounded_half_up(total: int, count: int) -> None:
    assert _within_half_up(average(total, count), Fraction(total, count))


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_a_rate_of_part_of_a_whole_stays_between_0_and_100(part: int, extra: int) -> None:
    value = percent(part, part + extra)
    assert value is not None and Decimal(0) <= value <= Decimal(100)
